"""`hypernet db backup` and `db restore`: the seeded database goes through a backup and comes
back proven equal to it; a change after the restore is named by its table; a database that
holds anything is not restored into."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hypernet.cli import main
from hypernet.db.migrate import load_migrations
from hypernet.db.pool import connect
from hypernet.ops.backup import BackupError, find_tool, manifest_path
from hypernet.sqlkit.seed import SeedConfig, seed_database
from tests.conftest import TEST_SETTINGS, Server, create_database, drop_database


@dataclass
class RoundTrip:
    archive: Path
    restored: str
    backup_status: int
    restore_status: int
    backup_out: list[str]
    restore_out: list[str]

    @property
    def manifest(self) -> dict[str, object]:
        return json.loads(manifest_path(self.archive).read_text())


def _run(
    capsys: pytest.CaptureFixture[str] | None, dsn: str, *args: str
) -> tuple[int, list[str], str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", dsn)
        if capsys is not None:
            capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr() if capsys is not None else ("", "")
    return code, out.splitlines(), err


@pytest.fixture(scope="module")
async def small_seeded(pg_server: Server, template_db: str) -> AsyncIterator[str]:
    """A small seeded database (every table, 20 users): the plan tests' 1.7 million rows
    would take minutes to dump, restore and checksum again (70 s, 72 s and 40 s measured)."""
    name = f"hn_backup_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    await seed_database(dsn, TEST_SETTINGS, SeedConfig(users=20), progress_stream=None)
    yield dsn
    await drop_database(pg_server, name)


@pytest.fixture(scope="module")
def round_trip(
    small_seeded: str, pg_server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RoundTrip]:
    """The seeded database backed up, then restored into a database of its own, once."""
    archive = tmp_path_factory.mktemp("backup") / "seeded.dump"
    restored = f"hn_restored_{uuid.uuid4().hex[:8]}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", small_seeded)
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            backup_status = main(["db", "backup", "-o", str(archive)])
        backup_out = out.getvalue().splitlines()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            restore_status = main(["db", "restore", str(archive), "--database", restored])
        restore_out = out.getvalue().splitlines()
    yield RoundTrip(archive, restored, backup_status, restore_status, backup_out, restore_out)
    asyncio.run(drop_database(pg_server, restored))


def test_a_seeded_database_comes_back_from_its_backup_proven_equal(
    round_trip: RoundTrip,
) -> None:
    assert round_trip.backup_status == 0, round_trip.backup_out
    assert round_trip.restore_status == 0, round_trip.restore_out
    manifest = round_trip.manifest
    tables = {f"{t['schema']}.{t['table']}": t for t in manifest["tables"]}  # type: ignore[attr-defined]
    # Every seeded table is in it with its rows, and partitions are counted one by one.
    assert tables["public.media"]["rows"] > 0
    assert tables["public.notes"]["rows"] > 0
    assert any(name.startswith("public.locations_") for name in tables)
    assert "public.locations" not in tables
    assert manifest["migration_version"] == load_migrations()[-1].version
    assert manifest["archive"]["bytes"] == round_trip.archive.stat().st_size  # type: ignore[index]
    rows = sum(int(t["rows"]) for t in tables.values())
    # A progress line per table, on the way out and on the way back.
    assert sum(1 for line in round_trip.backup_out if re.search(r"\] public\.media: ", line)) == 1
    assert round_trip.restore_out[-1] == (
        f"verified: {len(tables)} tables, {rows} rows, counts and checksums equal to the "
        "manifest; migration version equal; db verify clean"
    )


async def test_rows_changed_after_the_restore_are_reported_with_their_tables(
    round_trip: RoundTrip, pg_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = f"hn_changed_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, changed, template=round_trip.restored)
    try:
        conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
        try:
            await conn.execute(
                "UPDATE notes SET title = 'not what was backed up' "
                "WHERE id = (SELECT id FROM notes ORDER BY id LIMIT 1)"
            )
            await conn.execute(
                "DELETE FROM refresh_tokens WHERE id = (SELECT id FROM refresh_tokens LIMIT 1)"
            )
        finally:
            await conn.close()
        code, out, _ = await asyncio.to_thread(
            _run,
            capsys,
            pg_server.admin_dsn,
            "db",
            "restore",
            str(round_trip.archive),
            "--database",
            changed,
            "--verify-only",
        )
    finally:
        await drop_database(pg_server, changed)
    assert code == 1
    differs = [line for line in out if line.startswith("DIFFERS:")]
    assert differs == [
        "DIFFERS: table public.notes: the same "
        f"{_rows(round_trip, 'notes')} rows by count, but their contents differ (checksum)",
        f"DIFFERS: table public.refresh_tokens: {_rows(round_trip, 'refresh_tokens') - 1} rows, "
        f"the backup held {_rows(round_trip, 'refresh_tokens')}",
    ]
    assert out[-1] == "the restored database does NOT match the backup: 2 difference(s) above"


def test_restoring_into_a_database_that_holds_tables_is_refused(
    round_trip: RoundTrip, small_seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded_name = small_seeded.rsplit("/", 1)[1]
    code, _, err = _run(
        capsys, small_seeded, "db", "restore", str(round_trip.archive), "--database", seeded_name
    )
    assert code == 1
    assert f"database {seeded_name} is not empty (it holds " in err
    assert "a backup is restored into an empty database only" in err


def test_an_archive_changed_since_the_backup_is_refused_before_anything_is_restored(
    round_trip: RoundTrip, small_seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "cut.dump"
    archive.write_bytes(round_trip.archive.read_bytes()[:-100])
    manifest_path(archive).write_bytes(manifest_path(round_trip.archive).read_bytes())
    name = f"hn_never_{uuid.uuid4().hex[:8]}"
    code, _, err = _run(capsys, small_seeded, "db", "restore", str(archive), "--database", name)
    assert code == 1
    assert "is not the archive its manifest describes" in err


def _rows(round_trip: RoundTrip, table: str) -> int:
    for t in round_trip.manifest["tables"]:  # type: ignore[attr-defined]
        if t["schema"] == "public" and t["table"] == table:
            return int(t["rows"])
    raise AssertionError(f"no {table} in the manifest")


def test_without_a_pg_dump_new_enough_for_the_server_the_backup_says_what_to_install() -> None:
    with pytest.raises(BackupError) as caught:
        find_tool("pg_dump", 99, TEST_SETTINGS)
    message = str(caught.value)
    assert message.startswith("no pg_dump of PostgreSQL 99 or newer on this machine (found: ")
    assert "install the PostgreSQL 99 client programs (postgresql-client-99)" in message


def test_a_dump_that_fails_leaves_no_archive_and_no_manifest(
    small_seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "missing-folder" / "x.dump"
    code, _, err = _run(capsys, small_seeded, "db", "backup", "-o", str(archive))
    assert code == 1
    assert err.startswith("hypernet: pg_dump failed (exit status 1): ")
    assert not archive.parent.exists()
