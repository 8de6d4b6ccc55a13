"""`hypernet sql index-health`: the migrated schema passes every check, and each check finds the
problem it is for in a database where a test made one."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import asyncpg

from hypernet.core.config import PROJECT_ROOT
from hypernet.db.pool import connect
from hypernet.sqlkit.index_health import (
    Finding,
    Report,
    columns_required_not_null,
    conjuncts,
    inspect,
)
from tests.conftest import TEST_SETTINGS, Server


def _show(report: Report) -> str:
    return "\n".join(f.render() for f in report.findings) or "(none)"


def _about(report: Report, check: str) -> dict[str, Finding]:
    return {f.object: f for f in report.findings if f.check == check}


async def _inspect(dsn: str) -> Report:
    conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
    try:
        return await inspect(conn)
    finally:
        await conn.close()


async def test_the_migrated_schema_has_no_findings(pg_server: Server, template_db: str) -> None:
    report = await _inspect(pg_server.dsn(template_db))
    assert report.ok, "index-health findings on the migrated schema:\n" + _show(report)
    assert report.indexes > 30 and report.foreign_keys >= 10


async def test_an_index_no_query_declares_is_a_finding_naming_it(conn: asyncpg.Connection) -> None:
    await conn.execute("CREATE INDEX media_user_filename_idx ON media (user_id, filename)")
    report = await inspect(conn)
    unused = _about(report, "unused_index")
    assert list(unused) == ["media_user_filename_idx"], _show(report)
    finding = unused["media_user_filename_idx"]
    assert finding.table == "media"
    assert (
        "uses:" in finding.fix and "DROP INDEX CONCURRENTLY media_user_filename_idx" in finding.fix
    )


async def test_a_foreign_key_without_an_index_is_a_finding(conn: asyncpg.Connection) -> None:
    await conn.execute(
        """
        CREATE TABLE sketches (
            user_id uuid NOT NULL REFERENCES users (id),
            id uuid NOT NULL,
            media_id uuid,
            PRIMARY KEY (user_id, id),
            CONSTRAINT sketches_media_fkey FOREIGN KEY (user_id, media_id)
                REFERENCES media (user_id, id)
        )
        """
    )
    # A partial index on other rows does not support the key ...
    await conn.execute(
        "CREATE INDEX sketches_media_partial_idx ON sketches (user_id, media_id) WHERE id IS NULL"
    )
    report = await inspect(conn)
    missing = _about(report, "foreign_key_without_index")
    assert list(missing) == ["sketches_media_fkey"], _show(report)
    assert (
        "CREATE INDEX CONCURRENTLY ON sketches (user_id, media_id)"
        in missing["sketches_media_fkey"].fix
    )
    # ... the primary key (user_id, id) supports sketches.user_id -> users; and a partial index
    # that only leaves out NULL keys supports the other, in either column order.
    await conn.execute("DROP INDEX sketches_media_partial_idx")
    await conn.execute(
        "CREATE INDEX sketches_media_idx ON sketches (media_id, user_id) WHERE media_id IS NOT NULL"
    )
    report = await inspect(conn)
    assert not _about(report, "foreign_key_without_index"), _show(report)
    # The index a foreign key relies on needs no query to declare it.
    assert "sketches_media_idx" not in _about(report, "unused_index"), _show(report)


async def test_a_duplicate_or_covered_index_is_a_finding(conn: asyncpg.Connection) -> None:
    await conn.execute(
        "CREATE INDEX media_live_sort_copy ON media (user_id, sort_at, id) WHERE deleted_at IS NULL"
    )
    await conn.execute(
        "CREATE INDEX media_live_sort_prefix ON media (user_id, sort_at) WHERE deleted_at IS NULL"
    )
    # Same columns, another predicate: not covered.
    await conn.execute("CREATE INDEX media_all_sort_idx ON media (user_id, sort_at)")
    # The primary key is a prefix of this one, but enforces what it cannot: never redundant.
    await conn.execute("CREATE INDEX media_pkey_wider ON media (user_id, id, filename)")
    report = await inspect(conn)
    duplicates = _about(report, "duplicate_index")
    assert list(duplicates) == ["media_live_sort_copy"], _show(report)
    assert "duplicates media_live_user_sort_idx" in duplicates["media_live_sort_copy"].problem
    redundant = _about(report, "redundant_index")
    assert list(redundant) == ["media_live_sort_prefix"], _show(report)
    assert "covered by media_live_user_sort_idx" in redundant["media_live_sort_prefix"].problem


async def test_each_other_check_finds_what_it_is_for(conn: asyncpg.Connection) -> None:
    await conn.execute(
        """
        CREATE TABLE ledgers (id bigint PRIMARY KEY);
        CREATE TABLE entries (
            id integer PRIMARY KEY,
            ledger_id integer NOT NULL REFERENCES ledgers (id),
            booked_at timestamp NOT NULL,
            code text,
            alias text
        );
        CREATE INDEX entries_ledger_idx ON entries (ledger_id);
        CREATE TABLE scratch (n integer);
        CREATE UNIQUE INDEX entries_code_key ON entries (code);
        CREATE UNIQUE INDEX entries_alias_key ON entries (alias) WHERE alias IS NOT NULL;
        ALTER TABLE media ADD CONSTRAINT media_size_bounded CHECK (size < 1e15) NOT VALID;
        CREATE INDEX media_broken_idx ON media (user_id, mime_type);
        UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'media_broken_idx'::regclass;
        """
    )
    report = await inspect(conn)
    found = {(f.check, f.object) for f in report.findings}
    assert found >= {
        ("foreign_key_type_mismatch", "entries_ledger_id_fkey"),
        ("timestamp_without_time_zone", "entries.booked_at"),
        ("table_without_primary_key", "scratch"),
        ("nullable_unique_index", "entries_code_key"),
        ("not_valid_constraint", "media_size_bounded"),
        ("invalid_index", "media_broken_idx"),
    }, _show(report)
    # A unique index whose predicate leaves out the NULLs is fine.
    assert ("nullable_unique_index", "entries_alias_key") not in found, _show(report)
    mismatch = _about(report, "foreign_key_type_mismatch")["entries_ledger_id_fkey"]
    assert "entries.ledger_id is integer but ledgers.id is bigint" in mismatch.problem
    assert (
        "VALIDATE CONSTRAINT media_size_bounded"
        in _about(report, "not_valid_constraint")["media_size_bounded"].fix
    )


async def test_a_header_naming_an_index_that_does_not_exist_is_a_finding(
    conn: asyncpg.Connection,
) -> None:
    await conn.execute("ALTER INDEX links_user_from_idx RENAME TO links_user_from_key_idx")
    report = await inspect(conn)
    missing = _about(report, "declared_index_missing")
    assert "links_user_from_idx" in missing, _show(report)
    assert "media/purge_expired" in missing["links_user_from_idx"].problem
    assert "links_user_from_key_idx" in _about(report, "unused_index")


async def test_cli_index_health_json_exits_non_zero_naming_the_finding(
    db_dsn: str, conn: asyncpg.Connection
) -> None:
    await conn.execute("CREATE INDEX albums_name_idx ON albums (user_id, name)")
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "hypernet", "sql", "index-health", "--json"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": db_dsn},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert [(f["check"], f["object"]) for f in report["findings"]] == [
        ("unused_index", "albums_name_idx")
    ]
    assert report["findings"][0]["fix"]


def test_predicates_are_read_term_by_term() -> None:
    predicate = '((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND ("Odd" IS NOT NULL))'
    assert conjuncts(predicate) == [
        "deleted_at IS NULL",
        "source_platform IS NOT NULL",
        '"Odd" IS NOT NULL',
    ]
    assert columns_required_not_null(predicate) == {"source_platform", "Odd"}
    # Only a top-level AND term says a column is never NULL; an OR does not.
    assert columns_required_not_null("((a IS NOT NULL) OR (b IS NOT NULL))") == set()
    assert columns_required_not_null("(note = 'x AND y IS NOT NULL')") == set()
