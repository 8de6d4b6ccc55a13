"""Monthly partitions: what one is, the months (UTC) a span covers, and what upkeep did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# The partition key of a measurement (a location point, a health record) is when it was
# recorded. Later than this from now is a device clock gone wrong: refused, so that it never
# hides the real last one. Before 1900: refused too (partition names have four-digit years).
FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)


def check_recorded_at(recorded_at: datetime) -> None:
    """The rule a measurement's time obeys beyond its type: from 1900, not in the future."""
    if recorded_at < EARLIEST:
        raise ValueError("recorded_at must not be before 1900")
    if recorded_at > datetime.now(UTC) + FUTURE_TOLERANCE:
        raise ValueError("recorded_at must not be more than a day in the future")


@dataclass(frozen=True, slots=True)
class Partition:
    """One partition of a monthly-partitioned table: its range [lower, upper), or the DEFAULT
    partition (no range), which holds whatever no month covers."""

    table: str
    schema: str
    name: str
    key_column: str
    is_default: bool
    lower: datetime | None
    upper: datetime | None


@dataclass(frozen=True, slots=True)
class Ensured:
    """The partition of one month: created now (with rows moved out of the DEFAULT partition),
    or already there."""

    name: str
    created: bool
    moved_rows: int


def month_of(moment: datetime | date) -> date:
    """The first day of the month (UTC) a moment falls in."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(UTC)
    return date(moment.year, moment.month, 1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from first's to last's, both included (empty when last is earlier)."""
    months = []
    month = month_of(first)
    end = month_of(last)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def partition_name(table: str, month: date) -> str:
    """The name ensure_month_partition() gives a month's partition: locations_2026_01."""
    return f"{table}_{month:%Y_%m}"
