"""The `hypernet` command line: serve the API and manage the database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from hypernet.config import ConfigError, Settings, load_settings


def _print(line: str) -> None:
    print(line, flush=True)


async def _with_migrator(settings: Settings, action: Callable[[Any], Awaitable[int]]) -> int:
    from hypernet.db import connect
    from hypernet.migrate import Migrator
    from hypernet.runtime import database_url

    async with database_url(settings) as dsn:
        conn = await connect(dsn, settings, "hypernet-migrate")
        try:
            async with Migrator(conn, lock_timeout=settings.lock_timeout, progress=_print) as m:
                return await action(m)
        finally:
            await conn.close()


async def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    async def run(m: Any) -> int:
        applied = await m.migrate(to=args.to, dry_run=args.dry_run)
        if not applied:
            _print("database is up to date")
        return 0

    return await _with_migrator(settings, run)


async def cmd_rollback(settings: Settings, args: argparse.Namespace) -> int:
    async def run(m: Any) -> int:
        undone = await m.rollback(steps=args.steps, dry_run=args.dry_run)
        if not undone:
            _print("nothing to roll back")
        return 0

    return await _with_migrator(settings, run)


async def cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    async def run(m: Any) -> int:
        applied = {a.version: a for a in await m.applied()}
        problems = m.verify(list(applied.values()))
        for mig in m.migrations:
            a = applied.get(mig.version)
            if a is None:
                _print(f"pending  {mig.label}")
            else:
                edited = " (EDITED since applied)" if a.checksum != mig.checksum else ""
                _print(f"applied  {mig.label}  {a.applied_at:%Y-%m-%d %H:%M:%S}{edited}")
        for version in sorted(set(applied) - {mig.version for mig in m.migrations}):
            _print(f"missing  {version:04d}_{applied[version].name}.sql (applied, file gone)")
        return 1 if problems else 0

    return await _with_migrator(settings, run)


async def cmd_verify(settings: Settings, args: argparse.Namespace) -> int:
    async def run(m: Any) -> int:
        problems = m.verify(await m.applied())
        for p in problems:
            _print(f"error: {p}")
        if not problems:
            _print("every applied migration matches its file")
        return 1 if problems else 0

    return await _with_migrator(settings, run)


async def cmd_dump(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db import connect
    from hypernet.runtime import database_url
    from hypernet.schema_dump import SNAPSHOT_PATH, dump_schema

    async with database_url(settings) as dsn:
        conn = await connect(dsn, settings, "hypernet-dump")
        try:
            text = await dump_schema(conn)
        finally:
            await conn.close()
    target = args.output or str(SNAPSHOT_PATH)
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text)  # noqa: ASYNC240 - a small file, once, from a CLI
        _print(f"wrote {target}")
    return 0


async def cmd_new(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.migrate import new_migration

    path = new_migration(" ".join(args.description))
    _print(f"created {path}")
    return 0


async def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.server import serve

    await serve(settings, migrate=not args.no_migrate)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hypernet", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply pending migrations and serve the API")
    serve.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    serve.set_defaults(func=cmd_serve)

    db = sub.add_parser("db", help="migrations and the schema snapshot")
    dbsub = db.add_subparsers(dest="db_command", required=True)
    p = dbsub.add_parser("migrate", help="apply pending migrations")
    p.add_argument("--to", type=int, help="stop after this version")
    p.add_argument("--dry-run", action="store_true", help="list what would be applied")
    p.set_defaults(func=cmd_migrate)
    p = dbsub.add_parser("rollback", help="undo the most recent migrations")
    p.add_argument("--steps", type=int, default=1, help="how many (default 1)")
    p.add_argument("--dry-run", action="store_true", help="list what would be rolled back")
    p.set_defaults(func=cmd_rollback)
    p = dbsub.add_parser("status", help="which migrations are applied, pending or edited")
    p.set_defaults(func=cmd_status)
    p = dbsub.add_parser("verify", help="fail when an applied migration's file was edited")
    p.set_defaults(func=cmd_verify)
    p = dbsub.add_parser("new", help="create the next migration file")
    p.add_argument("description", nargs="+")
    p.set_defaults(func=cmd_new)
    p = dbsub.add_parser("dump", help="write the normalized schema snapshot schema/schema.sql")
    p.add_argument("-o", "--output", help="file to write, or - for standard output")
    p.set_defaults(func=cmd_dump)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"hypernet: configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from hypernet.cluster import ClusterError
    from hypernet.migrate import MigrationError
    from hypernet.queries import QueryFileError

    loop_factory = None
    try:
        import uvloop

        loop_factory = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvloop is optional
        pass
    try:
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            return int(runner.run(args.func(settings, args)))
    except (MigrationError, ClusterError, QueryFileError) as exc:
        print(f"hypernet: {exc}", file=sys.stderr)
        return 1
    except (OSError, ConnectionError) as exc:
        print(f"hypernet: cannot reach the database: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
