"""Seeds health_records: the users who track their health (one in five), Zipf over them, over the
two years before the data's "now": mostly a watch's heart rate, then daily steps and sleep, a
weekly weight, now and then a blood pressure, glucose, temperature or oxygen reading, rarely a
lab result. Half come from an import (Apple Health, with its ids). Plain floats, fixed texts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.partitions import ensure_months
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US, zipf_counts

# Records per user at scale 1.0, on average over every user (100,000 for the default 2,000).
HEALTH_RECORDS_PER_USER = 50
# One user in this many tracks their health.
TRACKER_EVERY = 5
SPAN_US = 731 * DAY_US
START_US = ANCHOR_US - SPAN_US

# (weight, type, unit, lowest value, range, second value's lowest and range or None, label,
# device)
_Type = tuple[int, str, str, float, float, tuple[float, float] | None, str | None, str]
_TYPES: tuple[_Type, ...] = (
    (60, "heart_rate", "bpm", 52.0, 70.0, None, None, "Apple Watch"),
    (12, "steps", "count", 0.0, 18000.0, None, None, "iPhone"),
    (8, "sleep", "min", 300.0, 240.0, None, None, "Apple Watch"),
    (5, "weight", "kg", 58.0, 35.0, None, None, "Withings Body+"),
    (5, "blood_pressure", "mmHg", 105.0, 40.0, (65.0, 25.0), None, "Omron M7"),
    (4, "oxygen_saturation", "%", 94.0, 6.0, None, None, "Apple Watch"),
    (3, "blood_glucose", "mg/dL", 75.0, 70.0, None, None, "Dexcom G7"),
    (2, "body_temperature", "degC", 36.1, 1.6, None, None, "Withings Thermo"),
    (1, "lab_result", "%", 4.8, 1.4, None, "HbA1c", "Lab report"),
)
_TYPE_TABLE = [t for t in _TYPES for _ in range(t[0])]
_COLUMNS = (
    "user_id",
    "id",
    "record_type",
    "recorded_at",
    "value",
    "value2",
    "unit",
    "label",
    "source_device",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _total(config: SeedConfig) -> int:
    return round(config.users * HEALTH_RECORDS_PER_USER * config.scale)


def _health_rows(
    ctx: SeedContext, trackers: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    new_uuid = ctx.new_uuid
    n_types = len(_TYPE_TABLE)
    for user, count in zip(trackers, counts, strict=True):
        uid = user.id
        times = sorted(START_US + int(rand() * SPAN_US) for _ in range(count))
        imported = 0
        for at in times:
            _, kind, unit, low, spread, second, label, device = _TYPE_TABLE[int(rand() * n_types)]
            value = low + rand() * spread
            if kind == "steps":
                value = float(int(value))
            value2 = None if second is None else second[0] + rand() * second[1]
            created = min(at + 600_000_000, ANCHOR_US)
            deleted = None
            if rand() < 0.005:
                deleted = max(created, ANCHOR_US - int(rand() * TRASH_WINDOW_US))
            platform = source_id = None
            if rand() < 0.5:
                imported += 1
                platform, source_id = "apple_health", f"ah-{imported}"
            yield (
                uid,
                new_uuid(),
                kind,
                at,
                value,
                value2,
                unit,
                label,
                device,
                created,
                created,
                deleted,
                "{}",
                platform,
                source_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    trackers = ctx.rng.sample(users, max(1, len(users) // TRACKER_EVERY))
    counts = zipf_counts(ctx.rng, len(trackers), _total(ctx.config))
    await ensure_months(ctx, "health_records", START_US, ANCHOR_US - 1)
    await ctx.copy("health_records", _COLUMNS, _health_rows(ctx, trackers, counts))


HEALTH_RECORDS = TableSeed(
    name="health_records",
    tables=("health_records",),
    load=_load,
    planned_rows=_total,
    after=("users",),
    stream="load_health_records",
)
