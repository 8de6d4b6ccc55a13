"""`hypernet seed`: migrations applied, then deterministic synthetic data for every table."""

from __future__ import annotations

import argparse
from typing import Any

from hypernet.cli.common import fail as _fail
from hypernet.cli.common import positive
from hypernet.cli.common import say as _print
from hypernet.core.config import Settings


async def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.migrate import Migrator
    from hypernet.db.pool import connection
    from hypernet.db.target import database_url
    from hypernet.sqlkit.seed import SeedConfig, SeedError, seed_database

    try:
        config = SeedConfig(users=args.users, scale=args.scale, seed=args.seed)
    except SeedError as exc:
        return _fail(str(exc))
    async with database_url(settings) as dsn:
        async with (
            connection(dsn, settings, "hypernet-seed") as conn,
            Migrator(
                conn,
                lock_timeout=settings.lock_timeout,
                wait_timeout=settings.migration_wait_timeout,
                progress=_print,
            ) as m,
        ):
            await m.migrate()
        try:
            report = await seed_database(
                dsn, settings, config, reset=args.reset, rebuild_indexes=not args.keep_indexes
            )
        except SeedError as exc:
            return _fail(str(exc))
    _print(report.summary())
    return 0


def register(sub: Any) -> None:
    """Add `seed` to the `hypernet` command line."""
    from hypernet.sqlkit.seed import DEFAULT_SCALE, DEFAULT_SEED, DEFAULT_USERS

    p = sub.add_parser(
        "seed",
        help="fill the database with deterministic synthetic data (COPY)",
        description="Apply pending migrations, then load synthetic users and everything they "
        "own, the same rows for the same --seed, --users and --scale. Every seeded account's "
        "password is 'hypernet-seed'.",
    )
    p.add_argument(
        "--users",
        type=positive,
        default=DEFAULT_USERS,
        help=f"how many users (default {DEFAULT_USERS})",
    )
    p.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help=f"multiplies the rows per user (default {DEFAULT_SCALE:g}: 100 media each "
        "on average, a few users with thousands)",
    )
    p.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    p.add_argument(
        "--reset",
        action="store_true",
        help="replace the users already there, and everything they own",
    )
    p.add_argument(
        "--keep-indexes",
        action="store_true",
        help="maintain every index row by row during the load instead of dropping the "
        "secondary ones and building them again after it (slower; for comparison)",
    )
    p.set_defaults(func=cmd_seed)
