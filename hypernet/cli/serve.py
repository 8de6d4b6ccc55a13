"""`hypernet serve`: apply pending migrations and serve the API."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hypernet.core.config import Settings


async def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.api.server import serve
    from hypernet.api.workers import WorkersFailed, serve_workers

    if args.workers > 1:
        try:
            await serve_workers(settings, args.workers, migrate=not args.no_migrate)
        except WorkersFailed as exc:
            print(f"hypernet: {exc}", file=sys.stderr)
            return 1
        return 0
    await serve(settings, migrate=not args.no_migrate, reuse_port=args.reuse_port)
    return 0


def _workers(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"expected 1 to 64 workers, not {count}")
    return count


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="apply pending migrations and serve the API")
    p.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    p.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="serve from N processes on one port (SO_REUSEPORT; see the README on when)",
    )
    # What each worker of --workers runs with: one of several processes bound to the port.
    p.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_serve)
