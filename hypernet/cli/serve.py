"""`hypernet serve`: apply pending migrations and serve the API."""

from __future__ import annotations

import argparse
from typing import Any

from hypernet.core.config import Settings


async def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.api.server import serve

    await serve(settings, migrate=not args.no_migrate)
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="apply pending migrations and serve the API")
    p.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    p.set_defaults(func=cmd_serve)
