"""Deterministic synthetic data for every table, bulk-loaded with COPY: `hypernet seed`.

The same seed, user count and scale always give the same rows (ids, timestamps, values), so a
plan baseline made on one machine holds on another. The data is shaped to look like a real
installation rather than a uniform grid (skewed per user, spread over years, some in the trash);
each table's module says how.

- engine.py: the load (one transaction, triggers off, secondary indexes dropped and built again
  once their table is loaded, as pg_restore does), its report, `seed()` and `seed_database()`;
- pipeline.py: the COPY pipeline (rows made in Python while the server stores the last ones);
- context.py: what the engine and the table modules agree on (SeedConfig, TableSeed,
  SeedContext, Shared values one seeder leaves for later ones);
- users.py, integrations.py, media.py, albums.py, links.py, audit_log.py, refresh_tokens.py:
  one per table or aggregate, each declaring one TableSeed;
- tables.py: the one ordered list of those declarations;
- partitions.py: the monthly partitions a seeder's rows need (locations, health_records,
  audit_log), made before its COPY by the same upkeep `hypernet db maintain` runs.

A new table is one module declaring its TableSeed (its tables, its loader, its planned row
count, the seeds it comes after) and one line in tables.py; nothing else names it."""

from hypernet.sqlkit.seed.context import (
    DEFAULT_SCALE,
    DEFAULT_SEED,
    DEFAULT_USERS,
    Progress,
    SeedConfig,
    SeedContext,
    SeedError,
    Shared,
    TableSeed,
)
from hypernet.sqlkit.seed.engine import (
    ANALYZE_STATISTICS_TARGET,
    SeedReport,
    planned_rows,
    seed,
    seed_database,
)
from hypernet.sqlkit.seed.integrations import SEED_SECRET_KEYS
from hypernet.sqlkit.seed.pipeline import INDEX_BUILD_MEMORY
from hypernet.sqlkit.seed.tables import SEEDED_TABLES, SEEDS
from hypernet.sqlkit.seed.users import SEED_PASSWORD, SEED_PASSWORD_HASH
from hypernet.sqlkit.seed.values import ANCHOR, MEDIA_PER_USER

__all__ = [
    "ANALYZE_STATISTICS_TARGET",
    "ANCHOR",
    "DEFAULT_SCALE",
    "DEFAULT_SEED",
    "DEFAULT_USERS",
    "INDEX_BUILD_MEMORY",
    "MEDIA_PER_USER",
    "SEEDED_TABLES",
    "SEEDS",
    "SEED_PASSWORD",
    "SEED_PASSWORD_HASH",
    "SEED_SECRET_KEYS",
    "Progress",
    "SeedConfig",
    "SeedContext",
    "SeedError",
    "SeedReport",
    "Shared",
    "TableSeed",
    "planned_rows",
    "seed",
    "seed_database",
]
