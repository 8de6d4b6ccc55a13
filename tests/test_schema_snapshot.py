"""The schema snapshot: identical on PostgreSQL 15 and 18, complete, and never stale."""

from __future__ import annotations

import difflib
from pathlib import Path

import asyncpg

from hypernet.db.migrate import Migrator, load_migrations
from hypernet.db.pool import connect
from hypernet.db.snapshot import HEADER, SNAPSHOT_PATH, dump_schema
from tests.conftest import TEST_SETTINGS, Server


async def test_committed_schema_snapshot_is_not_stale(pg_server: Server, template_db: str) -> None:
    conn = await connect(pg_server.dsn(template_db), TEST_SETTINGS, "hypernet-tests")
    try:
        dumped = await dump_schema(conn)
    finally:
        await conn.close()
    committed = SNAPSHOT_PATH.read_text() if SNAPSHOT_PATH.exists() else ""
    if dumped != committed:
        diff = list(
            difflib.unified_diff(
                committed.splitlines(),
                dumped.splitlines(),
                "schema/schema.sql (committed)",
                "schema of the migrated database",
                lineterm="",
            )
        )
        shown = "\n".join(diff[:80]) + ("\n..." if len(diff) > 80 else "")
        raise AssertionError(
            "schema/schema.sql is stale: it does not match what the migrations build. "
            "Run `hypernet db dump` and commit schema/schema.sql.\n" + shown
        )


# Every kind of object the snapshot records, in one test-only migration.
OBJECTS = """\
-- Every kind of object the snapshot shows.
-- migrate:up
CREATE EXTENSION pg_stat_statements;
CREATE SCHEMA extra;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine');
CREATE DOMAIN extra.positive AS integer DEFAULT 1 NOT NULL
    CONSTRAINT positive_above_zero CHECK (VALUE > 0);
CREATE SEQUENCE ticket_seq AS integer START 10 INCREMENT 5 CACHE 2;
CREATE TABLE notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial_no serial,
    title text COLLATE "C" NOT NULL,
    feeling mood,
    owner_id int NOT NULL
) WITH (fillfactor = 90);
CREATE TABLE extra.things (n extra.positive, note_id bigint REFERENCES notes (id));
CREATE INDEX things_note_id_idx ON extra.things (note_id);
CREATE TABLE events (at date NOT NULL, what text, CHECK (what <> '')) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_at_idx ON events (at);
CREATE UNLOGGED TABLE scratch (k text PRIMARY KEY);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_owner ON notes USING (owner_id = current_setting('app.user')::int);
CREATE POLICY notes_insert ON notes AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (owner_id > 0);
CREATE VIEW note_titles AS
    SELECT n.id, upper(n.title) AS title FROM notes n WHERE n.feeling <> 'sad' ORDER BY n.id;
CREATE MATERIALIZED VIEW note_count AS SELECT count(*) AS n FROM notes;
GRANT SELECT ON note_titles TO PUBLIC;
-- migrate:down
"""

EXPECTED = (
    HEADER
    + """
CREATE SCHEMA extra;

CREATE DOMAIN extra.positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_above_zero CHECK ((VALUE > 0));

CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine');

CREATE SEQUENCE notes_serial_no_seq AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 OWNED BY notes.serial_no;

CREATE SEQUENCE ticket_seq AS integer START WITH 10 INCREMENT BY 5 MINVALUE 1 MAXVALUE 2147483647 CACHE 2;

CREATE TABLE extra.things (
    n extra.positive,
    note_id bigint,
    CONSTRAINT things_note_id_fkey FOREIGN KEY (note_id) REFERENCES notes(id)
);

CREATE TABLE events (
    at date NOT NULL,
    what text,
    CONSTRAINT events_what_check CHECK ((what <> ''::text))
) PARTITION BY RANGE (at);

CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

CREATE TABLE notes (
    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    serial_no integer DEFAULT nextval('notes_serial_no_seq'::regclass) NOT NULL,
    title text COLLATE "C" NOT NULL,
    feeling mood,
    owner_id integer NOT NULL,
    CONSTRAINT notes_pkey PRIMARY KEY (id)
) WITH (fillfactor=90);

CREATE TABLE schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    execution_ms integer NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE UNLOGGED TABLE scratch (
    k text NOT NULL,
    CONSTRAINT scratch_pkey PRIMARY KEY (k)
);

CREATE INDEX things_note_id_idx ON extra.things USING btree (note_id);

CREATE INDEX events_at_idx ON ONLY events USING btree (at);

CREATE MATERIALIZED VIEW note_count AS
 SELECT count(*) AS n
   FROM notes;

CREATE VIEW note_titles AS
 SELECT id,
    upper(title) AS title
   FROM notes n
  WHERE feeling <> 'sad'::mood
  ORDER BY id;

ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;

CREATE POLICY notes_insert ON notes AS RESTRICTIVE FOR INSERT TO PUBLIC
    WITH CHECK ((owner_id > 0));

CREATE POLICY notes_owner ON notes AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((owner_id = (current_setting('app.user'::text))::integer));

GRANT SELECT ON TABLE note_titles TO PUBLIC;

-- Applied migrations (public.schema_migrations), oldest first:
-- 0001_objects.sql
"""  # noqa: E501 - lines as PostgreSQL prints them
)


async def test_snapshot_shows_every_kind_of_object_the_same_way_on_every_version(
    empty_db_dsn: str, tmp_path: Path
) -> None:
    # The suite runs on PostgreSQL 15 and 18: one expected text proves the dump is the same on
    # both (15 prints view columns as notes.id where 18 prints id, for one). Extension objects
    # (pg_stat_statements' views) stay out.
    (tmp_path / "0001_objects.sql").write_text(OBJECTS)
    conn = await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests")
    try:
        async with Migrator(conn, load_migrations(tmp_path)) as m:
            await m.migrate()
        assert await dump_schema(conn) == EXPECTED
    finally:
        await conn.close()


async def test_dump_is_the_same_whatever_search_path_the_role_has(
    db_dsn: str, conn: asyncpg.Connection
) -> None:
    expected = await dump_schema(conn)
    other = await asyncpg.connect(db_dsn, server_settings={"search_path": "pg_catalog"})
    try:
        assert await dump_schema(other) == expected
    finally:
        await other.close()


def test_the_snapshot_names_every_applied_migration() -> None:
    # A database restored from schema/schema.sql alone can be baselined at its version.
    text = SNAPSHOT_PATH.read_text()
    listed = text.split("-- Applied migrations (public.schema_migrations), oldest first:\n")[1]
    assert listed.split() == [part for m in load_migrations() for part in ("--", m.label)]
