"""The load engine of `hypernet seed`: one transaction with triggers off that empties the seeded
tables (with --reset), drops their secondary indexes, runs every TableSeed of seed/tables.py in
order through the COPY pipeline, builds each table's indexes once no later seed writes it, and
then VACUUMs and ANALYZEs. It knows the tables only through their TableSeed declarations."""

from __future__ import annotations

import gc
import random
import sys
import time
from dataclasses import dataclass
from typing import Any, TextIO

import asyncpg
import msgspec

from hypernet.core.config import Settings
from hypernet.db.pool import connection
from hypernet.db.queries import query
from hypernet.sqlkit.seed.context import Progress, SeedConfig, SeedContext, SeedError, TableSeed
from hypernet.sqlkit.seed.pipeline import Pipeline, drop_secondary_indexes, prepare_connection
from hypernet.sqlkit.seed.tables import SEEDED_TABLES, SEEDS
from hypernet.sqlkit.seed.values import stream

_EMPTY_USERS = query("tooling/first_user")
_TRUNCATE = query("tooling/truncate_seeded")
_VACUUM_ANALYZE = query("tooling/vacuum_analyze")
_STATISTICS_TARGET = query("tooling/set_statistics_target")
_SKIP_TRIGGERS = query("tooling/skip_triggers_for_load")
# ANALYZE after the load samples 300 times this many rows: every row of a table of the default
# dataset, so its statistics, and the plans made from them, are the same on every run (a random
# sample made close calls, such as a purge's index scan against a bitmap scan, go either way).
ANALYZE_STATISTICS_TARGET = 1000


@dataclass
class SeedReport:
    counts: dict[str, int]
    load_seconds: float  # everything in the load's transaction, index builds included
    analyze_seconds: float
    indexes_built: int = 0  # secondary indexes dropped for the load and built again in it

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.load_seconds if self.load_seconds > 0 else float("inf")

    def summary(self) -> str:
        tables = ", ".join(f"{name} {n:,}" for name, n in self.counts.items())
        built = f" ({self.indexes_built} indexes rebuilt)" if self.indexes_built else ""
        return (
            f"seeded {self.rows:,} rows ({tables}) in {self.load_seconds:.2f} s: "
            f"{self.rows_per_second:,.0f} rows/s{built}; "
            f"VACUUM ANALYZE {self.analyze_seconds:.2f} s"
        )


def planned_rows(config: SeedConfig, seeds: tuple[TableSeed, ...] = SEEDS) -> int:
    """Rows the seeds will write, for the progress bar."""
    return sum(seed.planned_rows(config) for seed in seeds)


def _complete_after(position: int, seeds: tuple[TableSeed, ...] = SEEDS) -> set[str]:
    """The tables no seed after seeds[position] writes: their indexes can be built now."""
    later = {table for seed in seeds[position + 1 :] for table in seed.tables}
    return set(seeds[position].tables) - later


async def _skip_triggers(conn: asyncpg.Connection) -> None:
    """No trigger fires during the load, foreign-key checks included (see seed/tables.py)."""
    try:
        await conn.fetchval(_SKIP_TRIGGERS.sql)
    except asyncpg.InsufficientPrivilegeError:
        raise SeedError(
            "seeding loads with triggers off (session_replication_role = replica, as pg_restore "
            "does), which needs a superuser or, on PostgreSQL 15 and later, "
            "GRANT SET ON PARAMETER session_replication_role TO <role>"
        ) from None


async def seed(
    conn: asyncpg.Connection,
    config: SeedConfig,
    *,
    reset: bool = False,
    rebuild_indexes: bool = True,
    progress_stream: TextIO | None = sys.stderr,
) -> SeedReport:
    """Fill the database in one transaction (all or nothing), then VACUUM and ANALYZE it.

    `rebuild_indexes`: drop the seeded tables' secondary indexes for the load and build them
    after it (the default, much faster); False maintains them row by row."""
    if await conn.fetchval(_EMPTY_USERS.sql) is not None:
        if not reset:
            raise SeedError("the database already holds users; pass --reset to replace them")
    await prepare_connection(conn)
    progress = Progress(planned_rows(config), progress_stream)
    ctx = SeedContext(conn, config, random.Random(config.seed), progress)
    # The load makes millions of short-lived tuples, which would set off the cyclic garbage
    # collector every few hundred rows, each time walking every row waiting in the pipeline.
    # Rows hold no cycles: the collector is off for the load and back on after.
    collecting = gc.isenabled()
    gc.disable()
    started = time.perf_counter()
    try:
        async with conn.transaction():
            # Triggers off first: the audit log refuses TRUNCATE through a trigger.
            await _skip_triggers(conn)
            if reset:
                for table in SEEDED_TABLES:
                    await conn.execute(_TRUNCATE.with_identifiers(table=table))
            dropped = await drop_secondary_indexes(conn, SEEDED_TABLES) if rebuild_indexes else []
            pipeline = ctx.pipeline = Pipeline(conn, dropped)
            try:
                for position, table_seed in enumerate(SEEDS):
                    # Each seed draws from its own random stream (TableSeed.stream).
                    ctx.rng = stream(config.seed, table_seed.stream_name)
                    ctx.current = table_seed
                    await table_seed.load(ctx)
                    await pipeline.build(_complete_after(position))
                await pipeline.finish()
            except BaseException:
                await pipeline.abandon()
                raise
    finally:
        progress.close()
        if collecting:
            gc.enable()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    previous = await conn.fetchval(_STATISTICS_TARGET.sql, str(ANALYZE_STATISTICS_TARGET))
    try:
        await conn.execute(_VACUUM_ANALYZE.sql)
    finally:
        await conn.fetchval(_STATISTICS_TARGET.sql, previous)
    return SeedReport(dict(ctx.counts), loaded, time.perf_counter() - started, len(dropped))


async def seed_database(
    dsn: str, settings: Settings, config: SeedConfig, **kwargs: Any
) -> SeedReport:
    # A large seed runs long statements (COPY of 100,000 rows, ANALYZE): lift the service's
    # per-statement limits for this one connection.
    settings = msgspec.structs.replace(settings, statement_timeout=3600, command_timeout=3600)
    async with connection(dsn, settings, "hypernet-seed") as conn:
        return await seed(conn, config, **kwargs)
