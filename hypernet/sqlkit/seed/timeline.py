"""Seeds the timeline's derived tables (location_stays, health_days): what the triggers of
migration 0039 keep current, computed once from the loaded points and records, since the load
runs with triggers off. Rows come from the database's own functions, not from Python, so they
are exactly what the triggers would have made."""

from __future__ import annotations

from hypernet.db.queries import query
from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed

_REBUILD_STAYS = query("tooling/rebuild_location_stays")
_REBUILD_HEALTH_DAYS = query("tooling/rebuild_health_days")


async def _load(ctx: SeedContext) -> None:
    for rebuild in (_REBUILD_STAYS, _REBUILD_HEALTH_DAYS):
        if ctx.pipeline is not None:
            await ctx.pipeline.execute(rebuild.sql)
        else:
            await ctx.conn.execute(rebuild.sql)


def _planned(config: SeedConfig) -> int:
    return 0


TIMELINE = TableSeed(
    name="timeline",
    tables=("location_stays", "health_days"),
    load=_load,
    planned_rows=_planned,
    after=("locations", "health_records"),
)
