"""Seeds locations: the location history of the few users who keep one (one in twenty), Zipf
over them, so that a handful of heavy users hold most of the points: trips away from home over
the two years before the data's "now", a point every two to five minutes while moving, walking,
cycling or driving, and staying a while where each trip arrives. Rows are plain floats and fixed
texts; a few points are in the trash."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.partitions import ensure_months
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US, YEAR_US, zipf_counts

# Points per user at scale 1.0, on average over every user (300,000 for the default 2,000).
LOCATIONS_PER_USER = 150
# One user in this many keeps a location history.
TRACKER_EVERY = 20
# The history: two years before the anchor (2024-01-01 to 2025-12-31 for the default anchor).
SPAN_US = 731 * DAY_US
START_US = ANCHOR_US - SPAN_US
SECOND_US = 1_000_000

# Home towns (latitude, longitude, altitude in metres) the trips start from.
_HOMES = (
    (52.5200, 13.4050, 34.0),
    (48.8566, 2.3522, 35.0),
    (51.5072, -0.1276, 11.0),
    (40.7128, -74.0060, 10.0),
    (35.6762, 139.6503, 40.0),
    (-33.8688, 151.2093, 58.0),
    (47.3769, 8.5417, 408.0),
    (59.3293, 18.0686, 28.0),
)
# (weight, activity, metres per second)
_ACTIVITIES = (
    (5, "walking", 1.4),
    (2, "cycling", 5.0),
    (4, "in_vehicle", 14.0),
    (1, "running", 3.0),
)
_ACTIVITY_TABLE = [a for a in _ACTIVITIES for _ in range(a[0])]
_METRES_PER_DEGREE = 111_320.0
_COLUMNS = (
    "user_id",
    "id",
    "recorded_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "altitude_m",
    "activity",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _total(config: SeedConfig) -> int:
    return round(config.users * LOCATIONS_PER_USER * config.scale)


def _trip_lengths(rand: Any, count: int) -> list[int]:
    """Points per trip, 10 to 70 (the last trip takes what is left)."""
    lengths = []
    while count > 0:
        n = min(count, 10 + int(rand() * 61))
        lengths.append(n)
        count -= n
    return lengths


def _location_rows(
    ctx: SeedContext, trackers: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    new_uuid = ctx.new_uuid
    n_activities = len(_ACTIVITY_TABLE)
    imported_before = ANCHOR_US - YEAR_US
    for user, count in zip(trackers, counts, strict=True):
        if not count:
            continue
        uid = user.id
        home_lat, home_lon, home_alt = _HOMES[int(rand() * len(_HOMES))]
        home_lat += (rand() - 0.5) * 0.1
        home_lon += (rand() - 0.5) * 0.1
        lengths = _trip_lengths(rand, count)
        # A constant interval within a trip, 2 to 5 minutes: the moving time is known, and the
        # gaps between trips share what is left of the span, so every point fits in it.
        intervals = [(120 + int(rand() * 181)) * SECOND_US for _ in lengths]
        moving = sum(n * step for n, step in zip(lengths, intervals, strict=True))
        if moving > SPAN_US * 0.9:
            # So many points (a large --scale) that they move closer together.
            shrink = SPAN_US * 0.9 / moving
            intervals = [max(SECOND_US, int(step * shrink)) for step in intervals]
            moving = sum(n * step for n, step in zip(lengths, intervals, strict=True))
        weights = [0.2 + rand() for _ in lengths]
        spare = (SPAN_US - moving - SECOND_US) / sum(weights)
        at = START_US
        for n, step, weight in zip(lengths, intervals, weights, strict=True):
            at += int(weight * spare)
            _, activity, speed = _ACTIVITY_TABLE[int(rand() * n_activities)]
            heading = rand() * 2 * math.pi
            metres = speed * step / SECOND_US
            lat = home_lat + (rand() - 0.5) * 0.02
            lon = home_lon + (rand() - 0.5) * 0.02
            d_lat = math.cos(heading) * metres / _METRES_PER_DEGREE
            d_lon = math.sin(heading) * metres / (_METRES_PER_DEGREE * math.cos(math.radians(lat)))
            platform = "google_timeline" if at < imported_before else None
            # The last third of a trip stays where it arrived (a visit: a stay of 6 minutes to
            # nearly two hours, migration 0039), drifting only by the GPS noise below. The same
            # random draws either way, so the rest of the rows are as before.
            arrived = n - n // 3
            for i in range(n):
                if i == arrived:
                    d_lat = d_lon = 0.0
                created = min(at + 300 * SECOND_US, ANCHOR_US)
                deleted = None
                if rand() < 0.005:
                    deleted = max(created, ANCHOR_US - int(rand() * TRASH_WINDOW_US))
                yield (
                    uid,
                    new_uuid(),
                    at,
                    lat,
                    lon,
                    3.0 + rand() * 20.0,
                    home_alt + rand() * 20.0,
                    activity,
                    created,
                    created,
                    deleted,
                    "{}",
                    platform,
                    None,
                )
                lat += d_lat + (rand() - 0.5) * 0.0002
                lon += d_lon + (rand() - 0.5) * 0.0002
                at += step


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    trackers = ctx.rng.sample(users, max(1, len(users) // TRACKER_EVERY))
    counts = zipf_counts(ctx.rng, len(trackers), _total(ctx.config))
    await ensure_months(ctx, "locations", START_US, ANCHOR_US - 1)
    await ctx.copy("locations", _COLUMNS, _location_rows(ctx, trackers, counts))


LOCATIONS = TableSeed(
    name="locations",
    tables=("locations",),
    load=_load,
    planned_rows=_total,
    after=("users",),
    stream="load_locations",
)
