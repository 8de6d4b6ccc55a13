"""`hypernet db ...` against the test server through DATABASE_URL: what a user types and reads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hypernet.cli import main
from hypernet.core.config import PROJECT_ROOT
from hypernet.db.migrate import load_migrations, version_gaps
from tests.conftest import Server
from tests.test_migrations import TABLE_A, TABLE_B, TABLE_C, migration, write


class Cli:
    """Runs `hypernet ...` in this process with DATABASE_URL set, capturing what it prints."""

    def __init__(
        self, dsn: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ):
        monkeypatch.setenv("DATABASE_URL", dsn)
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, list[str], str]:
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        # Timings vary from run to run.
        lines = [re.sub(r"\b\d+ ms\b", "N ms", line) for line in out.splitlines()]
        return code, lines, err


@pytest.fixture
def cli(
    empty_db_dsn: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Cli:
    return Cli(empty_db_dsn, monkeypatch, capsys)


def test_db_migrate_status_and_verify_work_on_the_database_in_database_url(cli: Cli) -> None:
    migrations = load_migrations()
    latest = migrations[-1].version
    count = len(migrations)

    code, out, err = cli("db", "migrate")
    assert (code, err) == (0, "")
    assert out == [
        f"applied {m.label} in N ms ({len(m.up)} statement{'' if len(m.up) == 1 else 's'})"
        for m in migrations
    ] + [f"applied {count} migrations in N ms; the database is at version {latest}"]

    code, out, _ = cli("db", "status")
    assert code == 0
    # Unused numbers (0017 was never used) are said, not refused.
    gaps = [f"note: {gap}" for gap in version_gaps(migrations)]
    assert "note: no migration 0017 between 0016 and 0018" in gaps
    assert out[-1] == f"version {latest}; {count} applied, 0 pending"
    assert out[-1 - len(gaps) : -1] == gaps
    listed = out[: -1 - len(gaps)]
    assert [line.split("  ")[:2] for line in listed] == [["applied", m.label] for m in migrations]
    assert all(line.endswith(" N ms") for line in listed)

    assert cli("db", "verify")[:2] == (
        0,
        [*gaps, f"all {count} applied migrations match their files"],
    )
    assert cli("db", "migrate")[1] == [f"the database is up to date at version {latest}"]


def test_db_migrate_to_dry_run_and_rollback_steps(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B, "0003_c.sql": TABLE_C})
    db = ("db", "--dir", str(tmp_path))

    assert cli(*db, "migrate", "--dry-run")[:2] == (
        0,
        [
            "would apply 0001_a.sql (1 statement)",
            "would apply 0002_b.sql (1 statement)",
            "would apply 0003_c.sql (1 statement)",
            "dry run: 3 to apply, nothing changed",
        ],
    )
    assert cli(*db, "status")[1] == [
        "pending  0001_a.sql",
        "pending  0002_b.sql",
        "pending  0003_c.sql",
        "version 0; 0 applied, 3 pending",
    ]
    assert cli(*db, "migrate", "--to", "2")[1] == [
        "applied 0001_a.sql in N ms (1 statement)",
        "applied 0002_b.sql in N ms (1 statement)",
        "applied 2 migrations in N ms; the database is at version 2",
    ]
    assert cli(*db, "status")[1][-2:] == ["pending  0003_c.sql", "version 2; 2 applied, 1 pending"]
    assert cli(*db, "migrate")[1][-1] == "applied 1 migration in N ms; the database is at version 3"

    assert cli(*db, "rollback", "--steps", "2", "--dry-run")[1] == [
        "would roll back 0003_c.sql (1 statement)",
        "would roll back 0002_b.sql (1 statement)",
        "dry run: 2 to roll back, nothing changed",
    ]
    assert cli(*db, "rollback", "--steps", "2")[1] == [
        "rolled back 0003_c.sql in N ms (1 statement)",
        "rolled back 0002_b.sql in N ms (1 statement)",
        "rolled back 2 migrations in N ms; the database is at version 1",
    ]
    assert cli(*db, "rollback")[1][-1] == (
        "rolled back 1 migration in N ms; the database is at version 0"
    )
    # Nothing applied: a rollback that undoes nothing is a failure a script can see.
    assert cli(*db, "rollback")[:2] == (1, ["nothing to roll back: no migration is applied"])
    assert cli(*db, "migrate")[0] == 0
    assert cli(*db, "rollback", "--to", "0")[1][-1] == (
        "rolled back 3 migrations in N ms; the database is at version 0"
    )


def test_db_verify_and_migrate_fail_when_an_applied_migration_was_edited(
    cli: Cli, tmp_path: Path
) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A})
    db = ("db", "--dir", str(tmp_path))
    assert cli(*db, "migrate")[0] == 0
    write(tmp_path, {"0001_a.sql": TABLE_A + "-- an afterthought\n", "0002_b.sql": TABLE_B})

    code, out, _ = cli(*db, "verify")
    assert code == 1
    assert out == [
        "error: 0001_a.sql was edited after it was applied (checksum differs); "
        "restore the file and put the change in a new migration"
    ]
    code, out, err = cli(*db, "migrate")
    assert (code, out) == (1, [])
    assert err.startswith("hypernet: refusing to migrate: 0001_a.sql was edited")
    code, out, _ = cli(*db, "status")
    assert code == 1
    assert out[0].startswith("applied  0001_a.sql") and out[0].endswith("EDITED since applied")
    assert out[-1] == "version 1; 1 applied, 1 pending, 1 problem(s): run `hypernet db verify`"


def test_db_migrate_reports_a_failing_migration_by_file_line_and_statement(
    cli: Cli, tmp_path: Path
) -> None:
    write(
        tmp_path,
        {"0001_a.sql": TABLE_A, "0002_bad.sql": migration("SELECT 1;\nSELECT * FROM nowhere;")},
    )
    code, out, err = cli("db", "--dir", str(tmp_path), "migrate")
    assert code == 1
    assert out == ["applied 0001_a.sql in N ms (1 statement)"]
    assert err.splitlines()[0] == (
        "hypernet: 0002_bad.sql:4:15: up statement 2 of 2 failed: UndefinedTableError: "
        'relation "nowhere" does not exist'
    )
    assert "    SELECT * FROM nowhere" in err.splitlines()
    assert cli("db", "--dir", str(tmp_path), "status")[1][-1] == "version 1; 1 applied, 1 pending"


def test_db_new_creates_the_next_numbered_migration(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A})
    code, out, _ = cli("db", "--dir", str(tmp_path), "new", "add", "albums")
    path = tmp_path / "0002_add_albums.sql"
    assert (code, out) == (0, [f"created {path}: write its up part and its down part"])
    assert "-- migrate:up\n\n-- migrate:down\n" in path.read_text()
    cli("db", "--dir", str(tmp_path), "new", "--no-transaction", "index", "media")
    assert "-- migrate:no-transaction\n" in (tmp_path / "0003_index_media.sql").read_text()


def test_db_dump_writes_what_the_migrations_build_and_live_dumps_the_database(
    pg_server: Server,
    db_dsn: str,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The reference: `--live` on a migrated copy of the template.
    monkeypatch.setenv("DATABASE_URL", db_dsn)
    code, _, _ = cli("db", "dump", "--live", "-o", str(tmp_path / "live.sql"))
    assert code == 0
    live = (tmp_path / "live.sql").read_text()
    assert "CREATE TABLE media (" in live

    # Without --live: a scratch database migrated from empty, wherever DATABASE_URL points, even
    # at an unmigrated database (which stays unmigrated).
    monkeypatch.setenv("DATABASE_URL", pg_server.admin_dsn)
    code, out, _ = cli("db", "dump", "-o", str(tmp_path / "fresh.sql"))
    assert (code, out) == (0, [f"wrote {tmp_path / 'fresh.sql'}"])
    assert (tmp_path / "fresh.sql").read_text() == live


def test_db_dump_live_refuses_a_database_with_pending_migrations(cli: Cli) -> None:
    code, out, err = cli("db", "dump", "--live", "-o", "-")
    assert (code, out) == (1, [])
    assert err.startswith("hypernet: the database does not match the migration files (0001_")
    assert err.rstrip().endswith("run `hypernet db migrate`, or dump without --live")


def test_python_m_hypernet_db_status_runs_as_a_command(db_dsn: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hypernet", "db", "status"],
        env={**os.environ, "DATABASE_URL": db_dsn},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith(" applied, 0 pending")


def test_unreachable_database_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    cli = Cli("postgresql://u:p@127.0.0.1:1/db", monkeypatch, capsys)
    code, out, err = cli("db", "status")
    assert (code, out) == (1, [])
    assert err.startswith("hypernet: cannot reach the database: ")
    assert len(err.splitlines()) == 1


def test_rollback_steps_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["db", "rollback", "--steps", "0"])
    assert exit_.value.code == 2
    assert "--steps: must be at least 1, not 0" in capsys.readouterr().err


def test_db_status_flags_a_pending_file_older_than_the_newest_applied(
    cli: Cli, tmp_path: Path
) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A, "0003_c.sql": TABLE_C})
    db = ("db", "--dir", str(tmp_path))
    assert cli(*db, "migrate")[0] == 0
    write(tmp_path, {"0002_b.sql": TABLE_B})
    code, out, _ = cli(*db, "status")
    assert code == 1
    assert out[1] == (
        "pending  0002_b.sql  OUT OF ORDER: older than applied version 3; migrate refuses it "
        "(renumber it after the newest file)"
    )
    assert out[-1].startswith("version 3; 2 applied, 1 pending, 1 problem(s)")


def test_db_commands_name_stray_files_instead_of_stopping(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A, "notes.sql": "SELECT 1;\n"})
    code, out, _ = cli("db", "--dir", str(tmp_path), "migrate")
    assert code == 0
    assert (
        out[0] == "warning: notes.sql: not named NNNN_description.sql, so not a migration; ignored"
    )
    assert out[-1] == "applied 1 migration in N ms; the database is at version 1"


def test_db_baseline_then_migrate_applies_only_the_newer_files(cli: Cli, tmp_path: Path) -> None:
    write(tmp_path, {"0001_a.sql": TABLE_A, "0002_b.sql": TABLE_B})
    db = ("db", "--dir", str(tmp_path))
    assert cli(*db, "baseline", "--to", "1")[:2] == (
        0,
        [
            "recorded 0001_a.sql as applied (not run)",
            "recorded 1 migration(s) as applied without running them; the database is at version 1",
        ],
    )
    assert cli(*db, "migrate")[1][0] == "applied 0002_b.sql in N ms (1 statement)"


def test_a_file_the_command_cannot_write_is_not_called_a_database_problem(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "schema.sql"
    code, _, err = cli("db", "dump", "-o", str(target))
    assert code == 1
    assert err.strip() == f"hypernet: {target}: No such file or directory"
