"""`hypernet db maintain`: the upkeep of the monthly-partitioned tables (locations,
health_records, audit_log), safe to run while the service runs, idempotent, and saying what it
did.

For each table, in this order:

1. The coming months: the current month (UTC) and the next `ahead` ones get their partition, so
   rows written now and in the coming weeks go straight to their month.
2. The DEFAULT partition: every month that rows in it fall in (an import of old history, a month
   that upkeep had not created in time) gets its partition, and those rows move into it.
3. Retention: a month whose every row is older than the table's retention is dropped whole
   (the audit log: HYPERNET_AUDIT_RETENTION_DAYS, a year by default; locations and health
   records are kept for ever unless HYPERNET_LOCATION_RETENTION_DAYS or
   HYPERNET_HEALTH_RETENTION_DAYS say otherwise). The DEFAULT partition is never dropped.

Each step is one short transaction under a short lock_timeout. Creating a month takes the
table's SHARE UPDATE EXCLUSIVE lock (reads and writes go on) and its DEFAULT partition's ACCESS
EXCLUSIVE lock for a moment; dropping one takes the table's ACCESS EXCLUSIVE lock for a moment.
A step that cannot get its lock in time changes nothing and is reported; the other steps go on,
and the next run does it. Why a DEFAULT partition rather than none: a write must never fail for
want of a partition (every write appends an audit row), and creating one in the write path
would queue requests behind DDL; instead the rows wait in the DEFAULT partition, which upkeep
empties into their months.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import asyncpg

from hypernet.core.config import Settings
from hypernet.domain.partitions import Ensured, Partition, add_months, month_of, partition_name
from hypernet.mappers.partitions import PartitionMapper

# Months ahead of the current one that always have their partition.
MONTHS_AHEAD = 3
# How long one step waits for a lock the service's statements hold.
LOCK_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class PartitionedTable:
    """One monthly-partitioned table and its retention in days (0: keep every month)."""

    table: str
    retention_days: Callable[[Settings], int]


TABLES: list[PartitionedTable] = [
    PartitionedTable("locations", lambda s: s.location_retention_days),
    PartitionedTable("health_records", lambda s: s.health_retention_days),
    PartitionedTable("audit_log", lambda s: s.audit_retention_days),
]


@dataclass
class MaintainReport:
    # The last month that has its partition ahead of time.
    through: date
    created: list[str] = field(default_factory=list)
    moved_rows: int = 0
    dropped: list[str] = field(default_factory=list)
    # One line each: a step that could not be done (a lock not granted in time).
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        if not (self.created or self.dropped or self.failed):
            return (
                f"partitions: nothing to do (every month through {self.through:%Y-%m} has its "
                "partition, no default partition holds rows, nothing is past retention)"
            )
        parts = [f"{len(self.created)} created", f"{len(self.dropped)} dropped"]
        if self.moved_rows:
            parts.append(f"{_rows(self.moved_rows)} moved out of default partitions")
        if self.failed:
            parts.append(f"{len(self.failed)} could not get their lock (run it again)")
        return "partitions: " + ", ".join(parts)


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


async def _ensure(
    conn: asyncpg.Connection, table: str, month: date, lock_timeout: float
) -> Ensured:
    async with conn.transaction():
        mapper = PartitionMapper(conn)
        await mapper.set_lock_timeout(lock_timeout)
        return await mapper.ensure_month(table, month)


async def _drop(conn: asyncpg.Connection, partition: Partition, lock_timeout: float) -> None:
    async with conn.transaction():
        mapper = PartitionMapper(conn)
        await mapper.set_lock_timeout(lock_timeout)
        await mapper.drop(partition)


def _lock_message(table: str, what: str, lock_timeout: float) -> str:
    return (
        f"{table}: could not {what}: the service's statements held {table} longer than the "
        f"lock timeout ({lock_timeout:g} s); nothing was changed, run `hypernet db maintain` "
        "again"
    )


async def maintain(
    conn: asyncpg.Connection,
    settings: Settings,
    *,
    now: datetime | None = None,
    ahead: int = MONTHS_AHEAD,
    lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    progress: Callable[[str], None] = lambda line: None,
    tables: Sequence[PartitionedTable] = TABLES,
) -> MaintainReport:
    """Create the coming months, empty the DEFAULT partitions into their months, drop months
    past retention; each step its own transaction. `now` is for tests."""
    now = now or datetime.now(UTC)
    current = month_of(now)
    report = MaintainReport(through=add_months(current, ahead))
    for spec in tables:
        table = spec.table
        partitions = await PartitionMapper(conn).partitions_of([table])
        default = next((p for p in partitions if p.is_default), None)
        months = {add_months(current, i) for i in range(ahead + 1)}
        if default is not None:
            # Rows the DEFAULT partition holds belong to no existing month: each of their
            # months is created, and the rows move into it.
            months.update(await PartitionMapper(conn).months_in_default(default))
        existing = {p.name for p in partitions}
        for month in sorted(months):
            name = partition_name(table, month)
            if name in existing:
                continue
            try:
                ensured = await _ensure(conn, table, month, lock_timeout)
            except asyncpg.LockNotAvailableError:
                report.failed.append(_lock_message(table, f"create {name}", lock_timeout))
                progress(report.failed[-1])
                continue
            except (asyncpg.UniqueViolationError, asyncpg.DuplicateTableError):
                # Another `maintain` made this month at the same moment (its check and its
                # CREATE are not one atomic step): the month is there, which is what was asked.
                continue
            if not ensured.created:
                continue
            report.created.append(ensured.name)
            report.moved_rows += ensured.moved_rows
            moved = (
                f", moved {_rows(ensured.moved_rows)} into it from {default.name}"
                if ensured.moved_rows and default is not None
                else ""
            )
            ahead_note = " (ahead)" if month > current else ""
            progress(f"{table}: created {ensured.name}{moved}{ahead_note}")
        days = spec.retention_days(settings)
        if days <= 0:
            continue
        cutoff = now - timedelta(days=days)
        for partition in await PartitionMapper(conn).partitions_of([table]):
            if partition.is_default or partition.upper is None or partition.upper > cutoff:
                continue
            try:
                await _drop(conn, partition, lock_timeout)
            except asyncpg.LockNotAvailableError:
                report.failed.append(_lock_message(table, f"drop {partition.name}", lock_timeout))
                progress(report.failed[-1])
                continue
            except asyncpg.UndefinedTableError:
                continue  # another `maintain` dropped it a moment ago
            report.dropped.append(partition.name)
            progress(
                f"{table}: dropped {partition.name} (every row older than {days} days, "
                f"before {cutoff:%Y-%m-%d})"
            )
    return report
