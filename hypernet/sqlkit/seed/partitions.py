"""The monthly partitions a seeder's rows need, made before its COPY by the same upkeep
`hypernet db maintain` runs (ensure_month_partition, migration 0025)."""

from __future__ import annotations

from datetime import timedelta

from hypernet.domain.partitions import month_of
from hypernet.mappers.partitions import ENSURE_MONTHS_SQL
from hypernet.sqlkit.seed.context import SeedContext
from hypernet.sqlkit.seed.values import PG_EPOCH


async def ensure_months(ctx: SeedContext, table: str, first_us: int, last_us: int) -> None:
    """Make sure every month from the one of first_us to the one of last_us (microseconds since
    2000-01-01 UTC, as rows carry them) has its partition of `table`, in the load's order: the
    statement runs after the rows handed over before it and before those handed over after."""
    first = month_of(PG_EPOCH + timedelta(microseconds=first_us))
    last = month_of(PG_EPOCH + timedelta(microseconds=last_us))
    if ctx.pipeline is not None:
        await ctx.pipeline.execute(ENSURE_MONTHS_SQL, table, first, last)
    else:
        await ctx.conn.execute(ENSURE_MONTHS_SQL, table, first, last)
