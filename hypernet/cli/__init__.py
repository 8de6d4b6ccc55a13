"""The `hypernet` command line: serve the API and manage the database."""

from __future__ import annotations

import argparse
import asyncio
import sys

from hypernet.cli import db, secrets, seed, serve, sql
from hypernet.core.config import ConfigError, load_settings
from hypernet.core.logs import configure_logging

# One module per command group, in the order `hypernet --help` lists them.
COMMAND_GROUPS = (serve, db, secrets, seed, sql)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hypernet", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"hypernet: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    import asyncpg

    from hypernet.db.cluster import ClusterError
    from hypernet.db.queries import QueryFileError

    try:
        # Importing the runner loads every named SQL file: a malformed one stops here.
        from hypernet.db.migrate import MigrationError
    except QueryFileError as exc:
        print(f"hypernet: {exc}", file=sys.stderr)
        return 1

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
        if getattr(exc, "filename", None):
            # A file the command reads or writes, not the network.
            print(f"hypernet: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        else:
            print(f"hypernet: cannot reach the database: {exc}", file=sys.stderr)
        return 1
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        print(f"hypernet: database error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
