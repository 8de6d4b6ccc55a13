"""What the server measured for each named query, from pg_stat_statements: `hypernet sql stats`.

Every named query's text carries the tag `/* hypernet:<aggregate>/<name> */` (hypernet/queries.py)
and pg_stat_statements keeps the text of the first execution of each statement, comments
included: the tag names the entry. The embedded server and the test server preload the
extension (hypernet/cluster.py) and hypernet.db.target creates it in the embedded database; on
another server it takes `shared_preload_libraries = 'pg_stat_statements'` (a restart) and
`CREATE EXTENSION pg_stat_statements` in the database: this module says so rather than doing it.

Counts are per database (other databases on the same server are left out), summed over the
roles that ran a statement, and the reset only forgets this database's. pg_stat_statements tells
statements apart by their normalized text without comments: two named queries with exactly the
same statement would share one entry, listed under the name that ran first.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from hypernet.db.queries import query, registry

_INSTALLED = query("catalog/stat_statements_installed")
_STATS = query("catalog/named_query_stats")
_RESET = query("catalog/reset_stat_statements")
# This tool's own statements: not what anyone is tuning.
_OWN = [_INSTALLED.name, _STATS.name, _RESET.name]

NOT_INSTALLED = (
    "pg_stat_statements is not installed in this database: run CREATE EXTENSION "
    "pg_stat_statements in it (the embedded server does at start-up); the server must also "
    "load the library (shared_preload_libraries = 'pg_stat_statements', then a restart)"
)
NOT_LOADED = (
    "the server does not load pg_stat_statements: add it to shared_preload_libraries in "
    "postgresql.conf and restart the server (the embedded server does this itself)"
)


class StatsUnavailable(Exception):
    """pg_stat_statements cannot be read here; the message says what to do."""


@dataclass(frozen=True, slots=True)
class QueryStats:
    name: str
    calls: int
    total_ms: float
    mean_ms: float
    rows: int
    shared_blks_hit: int
    shared_blks_read: int
    # False for a name no file under sql/ has any more (renamed or removed since it ran).
    known: bool

    @property
    def hit_percent(self) -> float | None:
        """The share of shared blocks found in the buffer cache, when it read any."""
        blocks = self.shared_blks_hit + self.shared_blks_read
        return 100 * self.shared_blks_hit / blocks if blocks else None


async def _require(conn: asyncpg.Connection) -> None:
    if not await conn.fetchval(_INSTALLED.sql):
        raise StatsUnavailable(NOT_INSTALLED)


async def named_query_stats(conn: asyncpg.Connection, limit: int | None = None) -> list[QueryStats]:
    """The named queries run in this database, most total execution time first."""
    await _require(conn)
    try:
        rows = await conn.fetch(_STATS.sql, limit, _OWN)
    except asyncpg.ObjectNotInPrerequisiteStateError:
        raise StatsUnavailable(NOT_LOADED) from None
    known = registry()
    return [
        QueryStats(
            r["name"],
            r["calls"],
            r["total_ms"],
            r["mean_ms"] or 0.0,
            r["rows"],
            r["shared_blks_hit"],
            r["shared_blks_read"],
            r["name"] in known,
        )
        for r in rows
    ]


async def reset(conn: asyncpg.Connection) -> None:
    """Forget everything pg_stat_statements counted for this database."""
    await _require(conn)
    try:
        await conn.execute(_RESET.sql)
    except asyncpg.ObjectNotInPrerequisiteStateError:
        raise StatsUnavailable(NOT_LOADED) from None


def render(stats: list[QueryStats]) -> str:
    """A table, one named query a line, most total time first."""
    if not stats:
        return "no named query has run in this database since the statistics were reset"
    width = max(len("named query"), *(len(s.name) for s in stats))
    lines = [
        f"{'named query':<{width}}  {'calls':>9}  {'total ms':>11}  {'mean ms':>9}  "
        f"{'rows':>10}  {'hit %':>6}"
    ]
    for s in stats:
        hit = "-" if s.hit_percent is None else f"{s.hit_percent:.1f}"
        gone = "" if s.known else "  (no such file under sql/ now)"
        lines.append(
            f"{s.name:<{width}}  {s.calls:>9,}  {s.total_ms:>11,.1f}  {s.mean_ms:>9.3f}  "
            f"{s.rows:>10,}  {hit:>6}{gone}"
        )
    lines.append(
        f"\n{len(stats)} named queries, most total execution time first (pg_stat_statements)"
    )
    return "\n".join(lines)
