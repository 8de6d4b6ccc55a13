"""`hypernet db ...`: migrations, the schema snapshot, the purge of trash, partition upkeep."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from hypernet.cli.common import positive
from hypernet.cli.common import say as _print
from hypernet.core.config import Settings


def _migrations_dir(args: argparse.Namespace) -> Path:
    from hypernet.core.config import MIGRATIONS_DIR

    return Path(args.dir) if getattr(args, "dir", None) else MIGRATIONS_DIR


def _load(args: argparse.Namespace) -> list[Any]:
    """The migration files, with a warning for whatever in the folder is not one."""
    from hypernet.db.migrate import load_migrations, stray_files

    folder = _migrations_dir(args)
    # Read the files first: a malformed one fails before any server is started.
    migrations = load_migrations(folder)
    for line in stray_files(folder):
        _print(f"warning: {line}")
    return migrations


async def _with_migrator(
    settings: Settings, args: argparse.Namespace, action: Callable[[Any], Awaitable[int]]
) -> int:
    from hypernet.db.migrate import Migrator
    from hypernet.db.target import connected

    migrations = _load(args)
    async with (
        connected(settings, "hypernet-migrate") as conn,
        Migrator(
            conn,
            migrations,
            lock_timeout=settings.lock_timeout,
            wait_timeout=settings.migration_wait_timeout,
            progress=_print,
        ) as m,
    ):
        return await action(m)


async def _with_history(
    settings: Settings,
    args: argparse.Namespace,
    action: Callable[[Any, list[Any]], Awaitable[int]],
) -> int:
    """Run `action(migrator, applied)` on the history read without the migrators' lock and
    without creating anything: beside a running migration, and as a read-only role."""
    from hypernet.db.migrate import Migrator, read_history
    from hypernet.db.target import connected

    migrations = _load(args)
    async with connected(settings, "hypernet-migrate-status") as conn:
        applied = await read_history(conn)
    return await action(Migrator(conn, migrations), applied)


def _summary(verb: str, count: int, started: float, version: int) -> str:
    noun = "migration" if count == 1 else "migrations"
    elapsed = int((time.monotonic() - started) * 1000)
    return f"{verb} {count} {noun} in {elapsed} ms; the database is at version {version}"


async def _version(m: Any) -> int:
    return max((a.version for a in await m.applied()), default=0)


async def _report(
    m: Any, done: list[Any], started: float, dry_run: bool, *, verb: str, todo: str, idle: str
) -> int:
    """The closing line of a migrate or a rollback: what it did, would do, or that it had
    nothing to do (`idle`, with `{version}` in it)."""
    if not done:
        _print(idle.format(version=await _version(m)))
    elif dry_run:
        _print(f"dry run: {len(done)} {todo}, nothing changed")
    else:
        _print(_summary(verb, len(done), started, await _version(m)))
    return 0


async def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    async def run(m: Any) -> int:
        started = time.monotonic()
        applied = await m.migrate(to=args.to, dry_run=args.dry_run)
        return await _report(
            m,
            applied,
            started,
            args.dry_run,
            verb="applied",
            todo="to apply",
            idle="the database is up to date at version {version}",
        )

    return await _with_migrator(settings, args, run)


async def cmd_rollback(settings: Settings, args: argparse.Namespace) -> int:
    async def run(m: Any) -> int:
        started = time.monotonic()
        steps = None if args.to is not None else args.steps
        if steps is not None and not await m.applied():
            _print("nothing to roll back: no migration is applied")
            return 1
        undone = await m.rollback(steps=steps, to=args.to, dry_run=args.dry_run)
        return await _report(
            m,
            undone,
            started,
            args.dry_run,
            verb="rolled back",
            todo="to roll back",
            idle="nothing to roll back; the database is at version {version}",
        )

    return await _with_migrator(settings, args, run)


async def cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.migrate import version_gaps

    async def run(m: Any, history: list[Any]) -> int:
        applied = {a.version: a for a in history}
        problems = m.verify(history)
        newest = max(applied, default=0)
        for mig in m.migrations:
            a = applied.get(mig.version)
            if a is None and mig.version < newest:
                problems.append(f"{mig.label} is pending below applied version {newest}")
                _print(
                    f"pending  {mig.label}  OUT OF ORDER: older than applied version {newest}; "
                    "migrate refuses it (renumber it after the newest file)"
                )
            elif a is None:
                _print(f"pending  {mig.label}")
            else:
                edited = "  EDITED since applied" if a.checksum != mig.checksum else ""
                _print(
                    f"applied  {mig.label}  {a.applied_at:%Y-%m-%d %H:%M:%S}  "
                    f"{a.execution_ms} ms{edited}"
                )
        for version in sorted(set(applied) - {mig.version for mig in m.migrations}):
            _print(f"missing  {applied[version].label}  (applied, but the file is gone)")
        for gap in version_gaps(m.migrations):
            _print(f"note: {gap}")
        pending = m.pending(list(applied.values()))
        _print(
            f"version {max(applied, default=0)}; {len(applied)} applied, {len(pending)} pending"
            + (f", {len(problems)} problem(s): run `hypernet db verify`" if problems else "")
        )
        return 1 if problems else 0

    return await _with_history(settings, args, run)


async def cmd_verify(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.migrate import version_gaps

    async def run(m: Any, applied: list[Any]) -> int:
        problems = m.verify(applied)
        for p in problems:
            _print(f"error: {p}")
        for gap in version_gaps(m.migrations):
            _print(f"note: {gap}")
        if not problems:
            _print(f"all {len(applied)} applied migrations match their files")
        return 1 if problems else 0

    return await _with_history(settings, args, run)


async def cmd_baseline(settings: Settings, args: argparse.Namespace) -> int:
    async def run(m: Any) -> int:
        chosen = await m.baseline(args.to)
        _print(
            f"recorded {len(chosen)} migration(s) as applied without running them; the "
            f"database is at version {args.to}"
        )
        return 0

    return await _with_migrator(settings, args, run)


async def cmd_dump(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.migrate import MigrationError, Migrator, load_migrations
    from hypernet.db.pool import connection
    from hypernet.db.snapshot import SNAPSHOT_PATH, dump_fresh, dump_schema
    from hypernet.db.target import database_url

    async with database_url(settings) as dsn:
        if not args.live:
            text = await dump_fresh(dsn, settings, _migrations_dir(args))
        else:
            async with connection(dsn, settings, "hypernet-dump") as conn:
                async with Migrator(conn, load_migrations(_migrations_dir(args))) as m:
                    applied = await m.applied()
                    problems = m.verify(applied) + [
                        f"{mig.label} is not applied" for mig in m.pending(applied)
                    ]
                if problems:
                    raise MigrationError(
                        "the database does not match the migration files ("
                        + "; ".join(problems)
                        + "); run `hypernet db migrate`, or dump without --live"
                    )
                text = await dump_schema(conn)
    target = args.output or str(SNAPSHOT_PATH)
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text)  # noqa: ASYNC240 - a small file, once, from a CLI
        _print(f"wrote {target}")
    return 0


async def cmd_new(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.migrate import new_migration

    path = new_migration(
        " ".join(args.description), _migrations_dir(args), transactional=not args.no_transaction
    )
    _print(f"created {path}: write its up part and its down part")
    return 0


async def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from hypernet.db.target import connected
    from hypernet.ops.purge import purge

    async with connected(settings, "hypernet-purge") as conn:
        totals = await purge(
            conn,
            retention=timedelta(days=args.retention_days),
            batch_size=args.batch_size,
            progress=_print,
        )
    _print("purged " + ", ".join(f"{n} {name}" for name, n in totals.items()))
    return 0


async def cmd_maintain(settings: Settings, args: argparse.Namespace) -> int:
    import msgspec

    from hypernet.db.target import connected
    from hypernet.ops.maintain import maintain

    # Moving a large DEFAULT partition's rows into their month may take longer than the
    # service's per-statement limit; the lock timeout is what keeps upkeep from stalling it.
    settings = msgspec.structs.replace(settings, statement_timeout=3600, command_timeout=3600)
    async with connected(settings, "hypernet-maintain") as conn:
        report = await maintain(
            conn, settings, ahead=args.ahead, lock_timeout=args.lock_timeout, progress=_print
        )
    _print(report.summary())
    return 0 if report.ok else 1


async def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from hypernet.cli.common import fail
    from hypernet.db.target import database_url
    from hypernet.ops.backup import BackupError, backup

    archive = Path(args.output or f"hypernet-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump")
    try:
        async with database_url(settings) as dsn:
            await backup(dsn, settings, archive, progress=_print)
    except BackupError as exc:
        return fail(str(exc))
    return 0


async def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    import asyncio

    from hypernet.cli.common import fail
    from hypernet.db.scratch import with_database
    from hypernet.db.target import database_url
    from hypernet.ops.backup import BackupError, check_archive, read_manifest, restore
    from hypernet.ops.backup import verify_restore as verify_against

    archive = Path(args.file)
    try:
        async with database_url(settings) as dsn:
            if args.verify_only:
                manifest = read_manifest(archive)
                await asyncio.to_thread(check_archive, archive, manifest)
                target = with_database(dsn, args.database) if args.database else dsn
                result = await verify_against(target, settings, manifest, progress=_print)
            else:
                result = await restore(dsn, settings, archive, args.database, progress=_print)
    except BackupError as exc:
        return fail(str(exc))
    for problem in result.problems:
        _print(f"DIFFERS: {problem}")
    if not result.ok:
        _print(
            f"the restored database does NOT match the backup: {len(result.problems)} "
            "difference(s) above"
        )
        return 1
    _print(
        f"verified: {result.tables} tables, {result.rows} rows, counts and checksums equal to "
        "the manifest; migration version equal; db verify clean"
    )
    return 0


def _register_backup(dbsub: Any) -> None:
    """`db backup` and `db restore`."""
    p = dbsub.add_parser(
        "backup",
        help="dump the database (pg_dump custom format) with a manifest that proves it",
        description="Write FILE, a pg_dump custom-format archive of the configured database "
        "(DATABASE_URL, or the embedded server), and FILE.manifest.json: server and migration "
        "version, and each table's row count and checksum, read in the very snapshot the dump "
        "holds. Keep both files together. The keyring that decrypts integration secrets is not "
        "in the backup: keep it apart (README, Backups).",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="archive to write (default hypernet-<time>.dump)"
    )
    p.set_defaults(func=cmd_backup)
    p = dbsub.add_parser(
        "restore",
        help="restore a backup into an empty database and prove it equal to its manifest",
        description="Restore FILE (made by `hypernet db backup`, its manifest beside it) into "
        "an empty database on the configured server, created when it does not exist; a "
        "database holding anything is refused. Then verify: every table's row count and "
        "checksum equal to the manifest, the migration version equal, `db verify` clean. Exit "
        "status 1, with each difference named, when anything differs.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--database",
        metavar="NAME",
        help="database to restore into (default: the configured one)",
    )
    p.add_argument(
        "--verify-only",
        action="store_true",
        help="restore nothing: verify an already restored database against the manifest",
    )
    p.set_defaults(func=cmd_restore)


def _version_number(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or a migration number, not {value}")
    return value


def register(subparsers: Any) -> None:
    """Add the `db` command group to the `hypernet` parser."""
    db = subparsers.add_parser("db", help="migrations and the schema snapshot")
    db.add_argument(
        "--dir", metavar="FOLDER", help="migrations folder (default: schema/migrations)"
    )
    dbsub = db.add_subparsers(dest="db_command", required=True)
    p = dbsub.add_parser("migrate", help="apply pending migrations")
    p.add_argument("--to", type=_version_number, metavar="N", help="stop after version N")
    p.add_argument("--dry-run", action="store_true", help="list what would be applied")
    p.set_defaults(func=cmd_migrate)
    p = dbsub.add_parser("rollback", help="undo the most recent migrations")
    how_far = p.add_mutually_exclusive_group()
    how_far.add_argument(
        "--steps", type=positive, default=1, metavar="N", help="how many (default 1)"
    )
    how_far.add_argument(
        "--to", type=_version_number, metavar="N", help="undo every migration above version N"
    )
    p.add_argument("--dry-run", action="store_true", help="list what would be rolled back")
    p.set_defaults(func=cmd_rollback)
    p = dbsub.add_parser(
        "baseline",
        help="record migrations up to N as applied without running them",
        description="For a database whose schema was made another way (restored from "
        "schema/schema.sql, or built by hand to match): record every migration up to version N "
        "as applied, without running any. Refused when the database already has history.",
    )
    p.add_argument("--to", type=_version_number, metavar="N", required=True)
    p.set_defaults(func=cmd_baseline)
    p = dbsub.add_parser("status", help="which migrations are applied, pending or edited")
    p.set_defaults(func=cmd_status)
    p = dbsub.add_parser("verify", help="fail when an applied migration's file was edited")
    p.set_defaults(func=cmd_verify)
    p = dbsub.add_parser("purge", help="hard-delete rows in the trash past the retention period")
    p.add_argument(
        "--retention-days",
        type=float,
        default=30.0,
        help="how long a soft-deleted row is kept (default 30)",
    )
    p.add_argument(
        "--batch-size", type=int, default=1000, help="rows per transaction (default 1000)"
    )
    p.set_defaults(func=cmd_purge)
    p = dbsub.add_parser(
        "maintain",
        help="create the coming months' partitions, drop months past retention",
        description="Upkeep of the monthly-partitioned tables (locations, health_records, "
        "audit_log): create the partitions of the current month and the next ones, move rows "
        "out of each DEFAULT partition into their month, drop months whose every row is past "
        "the table's retention (HYPERNET_AUDIT_RETENTION_DAYS, ...). Safe while the service "
        "runs: each step is a short transaction that gives up on a busy lock (exit status 1: "
        "run it again). A second run right after says there is nothing to do.",
    )
    p.add_argument(
        "--ahead",
        type=int,
        default=3,
        metavar="N",
        help="months after the current one that get their partition now (default 3)",
    )
    p.add_argument(
        "--lock-timeout",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how long a step waits for a lock the service holds (default 2)",
    )
    p.set_defaults(func=cmd_maintain)
    p = dbsub.add_parser("new", help="create the next migration file")
    p.add_argument("description", nargs="+")
    p.add_argument(
        "--no-transaction",
        action="store_true",
        help="run it statement by statement, outside a transaction (CREATE INDEX CONCURRENTLY)",
    )
    p.set_defaults(func=cmd_new)
    p = dbsub.add_parser(
        "dump",
        help="write the normalized schema snapshot schema/schema.sql",
        description="Write the normalized schema snapshot. By default a scratch database on "
        "the same server is migrated from empty and dumped, so the snapshot shows exactly what "
        "the migration files build; --live dumps the database itself.",
    )
    p.add_argument("-o", "--output", help="file to write, or - for standard output")
    p.add_argument("--live", action="store_true", help="dump the database itself (fully migrated)")
    p.set_defaults(func=cmd_dump)
    _register_backup(dbsub)
