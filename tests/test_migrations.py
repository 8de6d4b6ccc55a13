"""The migration runner against a real PostgreSQL: locking, atomicity, verification, rollbacks."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import msgspec
import pytest

from hypernet.db.migrate import (
    ADVISORY_LOCK_KEY,
    Applied,
    MigrationError,
    MigrationWaitTimeout,
    Migrator,
    load_migrations,
    new_migration,
    parse_migration,
    read_history,
    stray_files,
    version_gaps,
)
from hypernet.db.pool import connect
from hypernet.db.queries import query
from hypernet.db.snapshot import dump_schema
from hypernet.db.sqlscan import split_statements
from tests.conftest import TEST_SETTINGS


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def migration(up: str, down: str = "", header: str = "-- A test migration.\n") -> str:
    return f"{header}-- migrate:up\n{up}\n-- migrate:down\n{down}\n"


TABLE_A = migration("CREATE TABLE a (id int PRIMARY KEY);", "DROP TABLE a;")
TABLE_B = migration("CREATE TABLE b (id int PRIMARY KEY);", "DROP TABLE b;")
TABLE_C = migration("CREATE TABLE c (id int PRIMARY KEY);", "DROP TABLE c;")


@pytest.fixture
async def open_conns(empty_db_dsn: str) -> AsyncIterator[list[asyncpg.Connection]]:
    """Connections to an empty database, closed at the end of the test."""
    conns: list[asyncpg.Connection] = []
    yield conns
    for c in conns:
        await c.close()


@pytest.fixture
async def empty_conn(empty_db_dsn: str, open_conns: list[asyncpg.Connection]) -> asyncpg.Connection:
    c = await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests")
    open_conns.append(c)
    return c


async def versions(conn: asyncpg.Connection, migrations: list | None = None) -> list[int]:
    async with Migrator(conn, migrations if migrations is not None else []) as m:
        return [a.version for a in await m.applied()]


async def tables(conn: asyncpg.Connection) -> set[str]:
    """Names of the tables the schema snapshot shows."""
    dump = await dump_schema(conn)
    return {line.split()[2] for line in dump.splitlines() if line.startswith("CREATE TABLE ")} - {
        "schema_migrations"
    }


# -- the real migrations -----------------------------------------------------------------------


async def test_migrate_rollback_to_zero_and_migrate_again_gives_an_identical_schema(
    empty_conn: asyncpg.Connection,
) -> None:
    async with Migrator(empty_conn) as m:
        applied = await m.migrate()
        assert [mig.version for mig in applied] == [mig.version for mig in m.migrations]
        first = await dump_schema(empty_conn)

        undone = await m.rollback(to=0)
        assert [mig.version for mig in undone] == sorted(
            (mig.version for mig in m.migrations), reverse=True
        )
        assert await m.applied() == []
        assert await tables(empty_conn) == set()

        await m.migrate()
        second = await dump_schema(empty_conn)
    assert second == first


async def test_two_concurrent_migrators_apply_every_migration_once_while_one_waits(
    empty_db_dsn: str, open_conns: list[asyncpg.Connection], tmp_path: Path
) -> None:
    # The connections carry a short lock_timeout, as the service's do: waiting for the other
    # migrator must not be cut short by it, only DDL lock waits are.
    settings = msgspec.structs.replace(TEST_SETTINGS, lock_timeout=0.2)
    slow = write(
        tmp_path,
        {"9001_slow.sql": migration("SELECT pg_sleep(0.6);\nCREATE TABLE slow (id int);")},
    )
    migrations = load_migrations() + load_migrations(slow)
    for _ in range(2):
        open_conns.append(await connect(empty_db_dsn, settings, "hypernet-tests"))

    async def run(conn: asyncpg.Connection) -> tuple[float, float, list[int]]:
        async with Migrator(conn, migrations, lock_timeout=0.2) as m:
            entered = time.monotonic()
            done = [mig.version for mig in await m.migrate()]
            return entered, time.monotonic(), done

    first, second = sorted(await asyncio.gather(*(run(c) for c in open_conns)))
    assert first[2] == [mig.version for mig in migrations]
    assert second[2] == []
    assert second[0] >= first[1], "the second migrator entered before the first had finished"
    assert await versions(open_conns[0]) == [mig.version for mig in migrations]


async def test_a_migrator_waiting_for_the_lock_lets_the_other_build_an_index_concurrently(
    empty_db_dsn: str, open_conns: list[asyncpg.Connection], tmp_path: Path
) -> None:
    # CREATE INDEX CONCURRENTLY waits for every transaction with an older snapshot to end: a
    # migrator that waited for the lock inside a statement would hold one, and the two deadlock.
    folder = write(
        tmp_path,
        {
            "0001_t.sql": migration("CREATE TABLE t (a int);", "DROP TABLE t;"),
            "0002_index.sql": migration(
                "SELECT pg_sleep(0.3);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);",
                "DROP INDEX CONCURRENTLY IF EXISTS t_a_idx;",
                header="-- An index built without blocking writes.\n-- migrate:no-transaction\n",
            ),
        },
    )
    migrations = load_migrations(folder)
    for _ in range(2):
        open_conns.append(await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests"))

    async def run(conn: asyncpg.Connection) -> list[int]:
        async with Migrator(conn, migrations) as m:
            return [mig.version for mig in await m.migrate()]

    async with asyncio.timeout(20):
        done = await asyncio.gather(*(run(c) for c in open_conns))
    assert sorted(done) == [[], [1, 2]]
    assert await versions(open_conns[0]) == [1, 2]


# -- failures ----------------------------------------------------------------------------------


async def test_failing_migration_leaves_previous_version_intact_and_names_file_and_statement(
    empty_db_dsn: str, open_conns: list[asyncpg.Connection], tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        {
            "0001_a.sql": TABLE_A,
            "0002_break.sql": migration(
                "CREATE TABLE b (id int);\n\n-- This one fails.\nINSERT INTO\n  missing_table\n"
                "VALUES (1);",
                "DROP TABLE b;",
            ),
        },
    )
    conn = await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests")
    other = await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests")
    open_conns.extend([conn, other])
    with pytest.raises(MigrationError) as failure:
        async with Migrator(conn, load_migrations(folder)) as m:
            await m.migrate()
    message = str(failure.value)
    # Line 7, column 3 of the file is where PostgreSQL points: the missing table's name.
    assert message.startswith("0002_break.sql:7:3: up statement 2 of 2 failed: UndefinedTableError")
    assert "missing_table" in message
    assert "INSERT INTO" in message and "This one fails" not in message
    assert "rolled back" in message

    assert await versions(conn) == [1]
    assert await tables(conn) == {"a"}
    # The advisory lock went with the failure: another migrator gets in at once.
    async with asyncio.timeout(2):
        assert await versions(other) == [1]


async def test_migration_waiting_for_a_lock_fails_after_lock_timeout_not_forever(
    db_dsn: str, open_conns: list[asyncpg.Connection], tmp_path: Path
) -> None:
    folder = write(
        tmp_path, {"9001_touch_media.sql": migration("ALTER TABLE media ADD COLUMN x int;")}
    )
    migrations = load_migrations() + load_migrations(folder)
    holder = await connect(db_dsn, TEST_SETTINGS, "hypernet-tests")
    conn = await connect(db_dsn, TEST_SETTINGS, "hypernet-tests")
    open_conns.extend([holder, conn])
    before = await versions(conn)
    async with holder.transaction():
        # A long read transaction holds a share lock on media until it ends.
        await holder.fetch(query("media/get_any").sql, uuid.uuid4(), uuid.uuid4())
        started = time.monotonic()
        with pytest.raises(MigrationError) as failure:
            async with Migrator(conn, migrations, lock_timeout=0.3) as m:
                await m.migrate()
        waited = time.monotonic() - started
    assert 0.3 <= waited < 3
    message = str(failure.value)
    assert message.startswith("9001_touch_media.sql:")
    assert "LockNotAvailableError" in message
    assert "longer than lock_timeout (0.3s)" in message
    assert await versions(conn) == before


async def test_failing_migration_rolls_back_its_down_part_too(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        {
            "0001_a.sql": TABLE_A,
            "0002_b.sql": migration(
                "CREATE TABLE b (id int);", "DROP TABLE b;\nDROP TABLE no_such_table;"
            ),
        },
    )
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        await m.migrate()
        with pytest.raises(MigrationError, match=r"0002_b\.sql:\d+: down statement 2 of 2"):
            await m.rollback()
        assert [a.version for a in await m.applied()] == [1, 2]
    assert await tables(empty_conn) == {"a", "b"}


# -- migrations without a transaction -------------------------------------------------------


NO_TX = "-- Indexes built without blocking writes.\n-- migrate:no-transaction\n"


async def test_non_transactional_migration_applies_statement_by_statement(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        {
            "0001_t.sql": migration("CREATE TABLE t (a int, b int);", "DROP TABLE t;"),
            "0002_indexes.sql": migration(
                "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\n"
                "CREATE INDEX CONCURRENTLY t_b_idx ON t (b);",
                "DROP INDEX CONCURRENTLY t_b_idx;\nDROP INDEX CONCURRENTLY t_a_idx;",
                header=NO_TX,
            ),
        },
    )
    migrations = load_migrations(folder)
    assert [m.transactional for m in migrations] == [True, False]
    async with Migrator(empty_conn, migrations) as m:
        await m.migrate()
        dump = await dump_schema(empty_conn)
        assert "CREATE INDEX t_a_idx ON t USING btree (a);" in dump
        assert "CREATE INDEX t_b_idx ON t USING btree (b);" in dump
        await m.rollback()
        assert "t_a_idx" not in await dump_schema(empty_conn)
        assert [a.version for a in await m.applied()] == [1]


async def test_failing_non_transactional_migration_says_what_stayed_applied(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        {
            "0001_t.sql": migration("CREATE TABLE t (a int, b int);", "DROP TABLE t;"),
            "0002_indexes.sql": migration(
                "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\n"
                "CREATE INDEX CONCURRENTLY t_c_idx ON t (c);",
                header=NO_TX,
            ),
        },
    )
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        with pytest.raises(MigrationError) as failure:
            await m.migrate()
        assert [a.version for a in await m.applied()] == [1]
    message = str(failure.value)
    assert "0002_indexes.sql:5: up statement 2 of 2 failed: UndefinedColumnError" in message
    assert "statements 1 to 1 stay done and the migration is not recorded" in message


async def test_create_index_concurrently_in_a_transactional_migration_fails_with_a_hint(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        {
            "0001_t.sql": migration(
                "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY t_a_idx ON t (a);"
            )
        },
    )
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        with pytest.raises(MigrationError, match="mark the file '-- migrate:no-transaction'"):
            await m.migrate()
        assert await m.applied() == []


# -- verification ------------------------------------------------------------------------------


async def test_verify_detects_an_edited_applied_migration_and_migrate_refuses(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        await m.migrate()
    (folder / "0001_a.sql").write_text(TABLE_A.replace("PRIMARY KEY", "PRIMARY KEY, x int"))
    write(folder, {"0003_c.sql": TABLE_C})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        problems = m.verify(await m.applied())
        assert problems == [
            "0001_a.sql was edited after it was applied (checksum differs); "
            "restore the file and put the change in a new migration"
        ]
        with pytest.raises(
            MigrationError, match=re.escape("refusing to migrate: 0001_a.sql was edited")
        ):
            await m.migrate()
        assert [a.version for a in await m.applied()] == [1, 2]


async def test_verify_detects_a_missing_applied_file_and_migrate_refuses(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        await m.migrate()
    (folder / "0002_b.sql").unlink()
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        assert m.verify(await m.applied()) == ["0002_b.sql was applied but its file is missing"]
        with pytest.raises(
            MigrationError, match=re.escape("0002_b.sql was applied but its file is missing")
        ):
            await m.migrate()
        with pytest.raises(
            MigrationError, match=re.escape("cannot roll back 0002_b.sql: its file")
        ):
            await m.rollback()


async def test_line_endings_changed_by_a_checkout_are_not_an_edit(tmp_path: Path) -> None:
    unix = parse_migration(write(tmp_path / "lf", {"0001_a.sql": TABLE_A}) / "0001_a.sql")
    crlf = tmp_path / "crlf" / "0001_a.sql"
    crlf.parent.mkdir()
    crlf.write_bytes(TABLE_A.replace("\n", "\r\n").encode())
    assert parse_migration(crlf).checksum == unix.checksum


async def test_pending_migration_numbered_below_an_applied_one_is_refused(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0003_c.sql": TABLE_C})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        await m.migrate()
    write(folder, {"0002_b.sql": TABLE_B})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        with pytest.raises(MigrationError, match=re.escape("0002_b.sql is pending but version 3")):
            await m.migrate()


# -- --to, --dry-run, rollback --steps -------------------------------------------------------


async def test_migrate_to_stops_at_the_given_version(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B, "0003_c.sql": TABLE_C})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        assert [mig.version for mig in await m.migrate(to=2)] == [1, 2]
        assert [a.version for a in await m.applied()] == [1, 2]
        with pytest.raises(MigrationError, match="there is no migration 0007"):
            await m.migrate(to=7)
        assert [mig.version for mig in await m.migrate()] == [3]
        with pytest.raises(MigrationError, match="past --to 1; use `hypernet db rollback`"):
            await m.migrate(to=1)
    assert await tables(empty_conn) == {"a", "b", "c"}


async def test_dry_runs_list_the_plan_and_change_nothing(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B})
    lines: list[str] = []
    async with Migrator(empty_conn, load_migrations(folder), progress=lines.append) as m:
        assert [mig.version for mig in await m.migrate(dry_run=True)] == [1, 2]
        assert await m.applied() == []
        assert lines == [
            "would apply 0001_a.sql (1 statement)",
            "would apply 0002_b.sql (1 statement)",
        ]
        await m.migrate()
        lines.clear()
        assert [mig.version for mig in await m.rollback(steps=2, dry_run=True)] == [2, 1]
        assert lines == [
            "would roll back 0002_b.sql (1 statement)",
            "would roll back 0001_a.sql (1 statement)",
        ]
        assert [a.version for a in await m.applied()] == [1, 2]
    assert await tables(empty_conn) == {"a", "b"}


async def test_rollback_steps_undoes_the_newest_migrations_first(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B, "0003_c.sql": TABLE_C})
    lines: list[str] = []
    async with Migrator(empty_conn, load_migrations(folder), progress=lines.append) as m:
        await m.migrate()
        assert [line.split(" in ")[0] for line in lines] == [
            "applied 0001_a.sql",
            "applied 0002_b.sql",
            "applied 0003_c.sql",
        ]
        assert all(line.endswith(" ms (1 statement)") for line in lines)
        lines.clear()
        assert [mig.version for mig in await m.rollback(steps=2)] == [3, 2]
        assert [line.split(" in ")[0] for line in lines] == [
            "rolled back 0003_c.sql",
            "rolled back 0002_b.sql",
        ]
        assert [a.version for a in await m.applied()] == [1]
        with pytest.raises(MigrationError, match="--steps must be at least 1"):
            await m.rollback(steps=0)
    assert await tables(empty_conn) == {"a"}


async def test_rollback_refuses_a_migration_without_a_down_part(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": migration("CREATE TABLE a (id int);")})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        await m.migrate()
        with pytest.raises(MigrationError, match=re.escape("0001_a.sql: its down part is empty")):
            await m.rollback()
        assert [a.version for a in await m.applied()] == [1]


async def test_migrator_outside_async_with_refuses_to_work(
    empty_conn: asyncpg.Connection,
) -> None:
    with pytest.raises(MigrationError, match="async with Migrator"):
        await Migrator(empty_conn, []).migrate()


# -- files -------------------------------------------------------------------------------------


def test_new_migration_creates_the_next_numbered_file_with_up_and_down_markers(
    tmp_path: Path,
) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A, "0007_b.sql": TABLE_B, "notes.txt": "x"})
    path = new_migration("Add albums & links!", tmp_path)
    assert path == tmp_path / "0008_add_albums_links.sql"
    assert path.read_text() == (
        "-- Add albums & links!\n-- Why: (explain why this change is needed)\n"
        "-- migrate:up\n\n-- migrate:down\n"
    )
    path = new_migration("index media by hash", tmp_path, transactional=False)
    assert path.name == "0009_index_media_by_hash.sql"
    assert "-- migrate:no-transaction\n-- migrate:up\n" in path.read_text()
    with pytest.raises(MigrationError, match="letters or digits"):
        new_migration("!!!", tmp_path)


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        ("1_a.sql", TABLE_A, "named NNNN_description.sql"),
        ("0001_a.sql", "-- migrate:up\nSELECT 1;\n", "needs one '-- migrate:up' line"),
        ("0001_a.sql", "-- migrate:down\n-- migrate:up\nSELECT 1;\n", "then one"),
        ("0001_a.sql", migration("-- nothing here"), "the up part is empty"),
        (
            "0001_a.sql",
            migration("BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;"),
            "0001_a.sql:3: remove the transaction control statement (BEGIN)",
        ),
        (
            "0001_a.sql",
            migration("-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);"),
            "belongs in the header",
        ),
    ],
)
def test_malformed_migration_files_are_refused_with_a_reason(
    tmp_path: Path, name: str, text: str, error: str
) -> None:
    with pytest.raises(MigrationError, match=re.escape(error)):
        parse_migration(write(tmp_path, {name: text}) / name)


def test_two_files_with_one_version_are_refused(tmp_path: Path) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A, "0001_b.sql": TABLE_B})
    with pytest.raises(MigrationError, match="share version 1"):
        load_migrations(tmp_path)


def test_savepoints_are_allowed_in_a_transactional_migration(tmp_path: Path) -> None:
    text = migration("SAVEPOINT s;\nCREATE TABLE a (id int);\nROLLBACK TO SAVEPOINT s;")
    assert len(parse_migration(write(tmp_path, {"0001_a.sql": text}) / "0001_a.sql").up) == 3


@pytest.mark.parametrize(
    ("script", "statements"),
    [
        ("SELECT 1; SELECT 2;", ["SELECT 1", "SELECT 2"]),
        ("SELECT 'a;b''c;'; SELECT 2", ["SELECT 'a;b''c;'", "SELECT 2"]),
        ("SELECT E'it\\'s; fine'; SELECT 2", ["SELECT E'it\\'s; fine'", "SELECT 2"]),
        ("SELECT e'\\\\'; SELECT 2", ["SELECT e'\\\\'", "SELECT 2"]),
        ("SELECT 'a\\'; SELECT 2", ["SELECT 'a\\'", "SELECT 2"]),
        ('SELECT "we;ird""name" FROM t; SELECT 2', ['SELECT "we;ird""name" FROM t', "SELECT 2"]),
        ("SELECT $$a;b$$; SELECT $f$ $$; $f$", ["SELECT $$a;b$$", "SELECT $f$ $$; $f$"]),
        (
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
            "BEGIN\n  PERFORM 1;\n  RETURN NEW;\nEND;\n$body$;\nSELECT 2",
            [
                "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
                "BEGIN\n  PERFORM 1;\n  RETURN NEW;\nEND;\n$body$",
                "SELECT 2",
            ],
        ),
        ("CREATE TABLE a$b (x int); SELECT 2", ["CREATE TABLE a$b (x int)", "SELECT 2"]),
        (
            "SELECT 1 -- a comment; with a semicolon\n; SELECT 2",
            ["SELECT 1 -- a comment; with a semicolon", "SELECT 2"],
        ),
        (
            "/* a /* nested; */ comment; */ SELECT 1; SELECT 2",
            ["/* a /* nested; */ comment; */ SELECT 1", "SELECT 2"],
        ),
        ("-- only comments;\n/* and; more */ ;", []),
        (
            "CREATE OR REPLACE FUNCTION f(i int) RETURNS int LANGUAGE sql\n"
            "BEGIN ATOMIC\n  SELECT CASE WHEN i > 0 THEN 1 ELSE 2 END;\n  SELECT i;\nEND;\n"
            "SELECT 2",
            [
                "CREATE OR REPLACE FUNCTION f(i int) RETURNS int LANGUAGE sql\n"
                "BEGIN ATOMIC\n  SELECT CASE WHEN i > 0 THEN 1 ELSE 2 END;\n  SELECT i;\nEND",
                "SELECT 2",
            ],
        ),
        (
            "CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b); SELECT 2",
            ["CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b)", "SELECT 2"],
        ),
        ("SELECT begin_date FROM t; SELECT 2", ["SELECT begin_date FROM t", "SELECT 2"]),
    ],
)
def test_statement_splitter_respects_strings_comments_and_bodies(
    script: str, statements: list[str]
) -> None:
    assert [s.sql for s in split_statements(script)] == statements


async def test_splitter_output_runs_on_postgresql(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    # Each piece the splitter cuts must be a statement PostgreSQL accepts on its own.
    up = (
        "CREATE TABLE t (s text);\n"
        "INSERT INTO t VALUES (E'it\\'s; here'), ('a''b;c'), ($q$x;y$q$);\n"
        "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql IMMUTABLE\n"
        "BEGIN ATOMIC\n  SELECT CASE WHEN i > 0 THEN i ELSE 0 END;\nEND;\n"
        "/* a /* nested */ comment; */ CREATE VIEW v AS SELECT f(1) AS one, s FROM t;"
    )
    folder = write(tmp_path, {"0001_all.sql": migration(up)})
    migrations = load_migrations(folder)
    assert len(migrations[0].up) == 4
    async with Migrator(empty_conn, migrations) as m:
        await m.migrate()
    dump = await dump_schema(empty_conn)
    assert "CREATE VIEW v AS" in dump
    assert "CREATE OR REPLACE FUNCTION f(i integer)" in dump


# -- the history cannot be lost or misread ------------------------------------------------------


async def test_a_schema_named_after_the_role_does_not_hide_the_history(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    # PostgreSQL's recommended set-up: a schema named after the role, first on "$user", public.
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        await m.migrate()
    role = await empty_conn.fetchval("SELECT current_user")
    await empty_conn.execute(f'CREATE SCHEMA "{role}"')
    write(folder, {"0003_c.sql": TABLE_C})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        assert [a.version for a in await m.applied()] == [1, 2]
        assert [mig.version for mig in await m.migrate()] == [3]
    assert await read_history(empty_conn) == await _history(empty_conn)
    assert await empty_conn.fetchval(f"SELECT to_regclass('\"{role}\".schema_migrations')") is None


async def test_a_changed_database_search_path_does_not_hide_the_history(
    empty_db_dsn: str, open_conns: list[asyncpg.Connection], tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A})
    first = await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests")
    open_conns.append(first)
    async with Migrator(first, load_migrations(folder)) as m:
        await m.migrate()
    await first.execute("CREATE SCHEMA elsewhere")
    database = await first.fetchval("SELECT current_database()")
    await first.execute(f'ALTER DATABASE "{database}" SET search_path = elsewhere')
    later = await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests")
    open_conns.append(later)
    async with Migrator(later, load_migrations(folder)) as m:
        assert [a.version for a in await m.applied()] == [1]
        assert await m.migrate() == []


async def test_a_tracking_table_of_another_shape_is_refused_not_misread(
    empty_conn: asyncpg.Connection,
) -> None:
    await empty_conn.execute("CREATE TABLE public.schema_migrations (id bigint, done_at date)")
    with pytest.raises(MigrationError, match="is not the table this runner keeps its history in"):
        async with Migrator(empty_conn, []):
            pass
    with pytest.raises(MigrationError, match="expected version integer NOT NULL"):
        await read_history(empty_conn)


# -- every migration starts from the same session ----------------------------------------------


async def test_a_set_in_one_migration_does_not_change_where_or_how_the_next_runs(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        {
            "0001_moves.sql": migration(
                "CREATE SCHEMA other;\nSET search_path = other;\nSET lock_timeout = 0;",
                "DROP SCHEMA other;",
            ),
            "0002_b.sql": migration(
                "CREATE TABLE b (lock_timeout text DEFAULT current_setting('lock_timeout'));\n"
                "INSERT INTO b DEFAULT VALUES;",
                "DROP TABLE b;",
            ),
        },
    )
    async with Migrator(empty_conn, load_migrations(folder), lock_timeout=3) as m:
        await m.migrate()
    assert await empty_conn.fetchval("SELECT to_regclass('public.b')::text") == "b"
    assert await empty_conn.fetchval("SELECT lock_timeout FROM public.b") == "3s"
    assert await versions(empty_conn) == [1, 2]


async def test_a_non_transactional_migration_that_changes_search_path_is_recorded(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        {
            "0001_away.sql": migration(
                "CREATE SCHEMA away;\nSET search_path = away;\nCREATE TABLE t (id int);",
                "DROP SCHEMA away CASCADE;",
                header="-- Moves the search path, outside a transaction.\n"
                "-- migrate:no-transaction\n",
            ),
        },
    )
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        await m.migrate()
        assert [a.version for a in await m.applied()] == [1]
        assert [mig.version for mig in await m.rollback()] == [1]
    assert await versions(empty_conn) == []


# -- files ---------------------------------------------------------------------------------------


def test_sql_above_the_up_marker_is_refused_with_its_line(tmp_path: Path) -> None:
    text = "-- Creates a.\nCREATE TABLE lost (id int);\n-- migrate:up\nSELECT 1;\n-- migrate:down\n"
    with pytest.raises(MigrationError, match=re.escape("0001_a.sql:2: SQL above '-- migrate:up'")):
        parse_migration(write(tmp_path, {"0001_a.sql": text}) / "0001_a.sql")


def test_a_byte_order_mark_does_not_hide_the_first_marker(tmp_path: Path) -> None:
    path = tmp_path / "0001_a.sql"
    path.write_bytes(b"\xef\xbb\xbf" + b"-- migrate:up\nSELECT 1;\n-- migrate:down\n")
    parsed = parse_migration(path)
    assert [s.sql for s in parsed.up] == ["SELECT 1"]
    plain = write(tmp_path / "plain", {"0001_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\n"})
    assert parsed.checksum == parse_migration(plain / "0001_a.sql").checksum


def test_stray_files_and_directories_are_named_and_left_out(tmp_path: Path) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "notes.sql": "-- ideas\nSELECT 1;\n"})
    (folder / "0002_b.sql").mkdir()
    assert [m.label for m in load_migrations(folder)] == ["0001_a.sql"]
    assert stray_files(folder) == [
        "0002_b.sql: a directory, not a migration file; ignored",
        "notes.sql: not named NNNN_description.sql, so not a migration; ignored",
    ]


def test_an_unreadable_migration_file_is_named_as_a_file_problem(tmp_path: Path) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A})
    (folder / "0002_gone.sql").symlink_to(folder / "nowhere.sql")
    with pytest.raises(MigrationError, match=r"0002_gone.sql: cannot read the file: No such file"):
        load_migrations(folder)


def test_gaps_in_version_numbers_are_named(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        {"0001_a.sql": TABLE_A, "0003_b.sql": TABLE_B, "0007_c.sql": TABLE_C},
    )
    assert version_gaps(load_migrations(folder)) == [
        "no migration 0002 between 0001 and 0003",
        "no migration 0004 to 0006 between 0003 and 0007",
    ]


# -- waiting for another migrator, and reading without waiting ----------------------------------


async def test_a_waiting_migrator_says_for_whom_and_gives_up_after_its_bound(
    empty_db_dsn: str, open_conns: list[asyncpg.Connection]
) -> None:
    holder = await connect(empty_db_dsn, TEST_SETTINGS, "the-other-migrator")
    waiter = await connect(empty_db_dsn, TEST_SETTINGS, "hypernet-tests")
    open_conns.extend([holder, waiter])
    await holder.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
    lines: list[str] = []
    started = time.monotonic()
    with pytest.raises(MigrationWaitTimeout) as failure:
        async with Migrator(waiter, [], wait_timeout=0.5, progress=lines.append):
            pass
    assert 0.5 <= time.monotonic() - started < 5
    holder_pid = holder.get_server_pid()
    assert f"backend pid {holder_pid}" in str(failure.value)
    assert "application the-other-migrator" in str(failure.value)
    assert lines and lines[0].startswith(f"waiting for another migrator (backend pid {holder_pid}")
    # Reading the history needs no lock, so it answers while the other migrator works.
    async with asyncio.timeout(5):
        assert await read_history(waiter) == []


async def test_reading_the_history_creates_nothing_and_writes_nothing(
    empty_conn: asyncpg.Connection,
) -> None:
    await empty_conn.execute("SET default_transaction_read_only = on")
    assert await read_history(empty_conn) == []
    assert await empty_conn.fetchval("SELECT to_regclass('public.schema_migrations')") is None


# -- baseline ------------------------------------------------------------------------------------


async def test_baseline_records_versions_without_running_them_and_only_once(
    empty_conn: asyncpg.Connection, tmp_path: Path
) -> None:
    folder = write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B, "0003_c.sql": TABLE_C})
    async with Migrator(empty_conn, load_migrations(folder)) as m:
        assert [mig.version for mig in await m.baseline(2)] == [1, 2]
        assert await tables(empty_conn) == set()  # recorded, not run
        assert [mig.version for mig in await m.migrate()] == [3]
        assert m.verify(await m.applied()) == []
        with pytest.raises(MigrationError, match="only for a database without history"):
            await m.baseline(3)
    assert await tables(empty_conn) == {"c"}


async def _history(conn: asyncpg.Connection) -> list[Applied]:
    async with Migrator(conn, []) as m:
        return await m.applied()
