"""Seeds calendar events: about 20 per user at scale 1.0 (40,000 for the default 2,000 users), Zipf
over users (the heaviest keep thousands), over the three years before the data's "now" and half
a year after it, each user in one time zone (a few events elsewhere, travelling). Meetings at
whole hours of the working day, an all-day event now and then; about 12% recurring (weekly
mostly, some every other week or on set weekdays, monthly, yearly all-day birthdays, a few
daily), a third of those ending by COUNT or UNTIL, some with exception dates; a few percent
tentative or cancelled, a few in the trash, a third imported from a calendar service.

The series' end is computed by the service's own code (domain/recurrence.series_end), so the
seeded rows are what the API would have stored."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypernet.domain.recurrence import Timing, series_end
from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    PG_EPOCH,
    TRASH_WINDOW_US,
    YEAR_US,
    zipf_counts,
)

EVENTS_PER_USER = 20
HOUR_US = 3_600_000_000
_MICRO = timedelta(microseconds=1)

# (weight, zone)
_ZONES = (
    (30, "Europe/Berlin"),
    (25, "America/New_York"),
    (12, "America/Los_Angeles"),
    (10, "Europe/London"),
    (8, "Asia/Tokyo"),
    (5, "Australia/Sydney"),
    (5, "Asia/Kolkata"),
    (5, "UTC"),
)
_ZONE_TABLE = [zone for weight, zone in _ZONES for _ in range(weight)]
_TITLES = (
    "Team meeting",
    "1:1",
    "Lunch",
    "Dentist",
    "Project review",
    "Call with the bank",
    "Gym",
    "Dinner with friends",
    "Flight",
    "Planning",
    "Interview",
    "Parents' evening",
)
_LOCATIONS = (None, None, None, "Room 4", "Office", "Online", "Café Central", "Home")
# (weight, rule, all-day); a rule with {until} ends a year or so after it starts.
_RULES = (
    (30, "FREQ=WEEKLY", False),
    (10, "FREQ=WEEKLY;INTERVAL=2", False),
    (8, "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL={until}", False),
    (10, "FREQ=WEEKLY;COUNT=10", False),
    (12, "FREQ=MONTHLY", False),
    (6, "FREQ=MONTHLY;BYDAY=1MO", False),
    (6, "FREQ=MONTHLY;COUNT=12", False),
    (10, "FREQ=YEARLY", True),
    (5, "FREQ=DAILY;COUNT=5", False),
    (3, "FREQ=DAILY;UNTIL={until}", False),
)
_RULE_TABLE = [(rule, all_day) for weight, rule, all_day in _RULES for _ in range(weight)]
# Attendee lists as JSON text, most events without any.
_ATTENDEES = (
    "[]",
    "[]",
    "[]",
    '[{"address": "ada@example.com", "response": "accepted"}, '
    '{"address": "alan@example.org", "response": "needs_action"}]',
    '[{"address": "grace@example.com", "response": "accepted"}, '
    '{"address": "edsger@example.net", "response": "declined"}, '
    '{"address": "barbara@example.com", "response": "tentative"}, '
    '{"address": "donald@example.org", "response": "needs_action"}]',
)
_DURATIONS_MIN = (30, 30, 60, 60, 60, 90, 120)
_COLUMNS = (
    "user_id",
    "id",
    "title",
    "description",
    "location",
    "starts_at",
    "ends_at",
    "all_day",
    "time_zone",
    "status",
    "attendees",
    "recurrence",
    "exdates",
    "series_ends_at",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _total(config: SeedConfig) -> int:
    return round(config.users * EVENTS_PER_USER * config.scale)


def _us(moment: datetime) -> int:
    return (moment - PG_EPOCH) // _MICRO


def _moment(us: int) -> datetime:
    return PG_EPOCH + us * _MICRO


# The COUNT rules of _RULES: the last occurrence is the first one moved on by (COUNT - 1)
# periods of local wall-clock time (a month only while the day exists in every month).
_COUNT_STEPS = {
    "FREQ=WEEKLY;COUNT=10": timedelta(weeks=9),
    "FREQ=DAILY;COUNT=5": timedelta(days=4),
}


def _count_end(rule: str, starts_us: int, ends_us: int, all_day: bool, zone: ZoneInfo) -> int:
    """series_ends_at of a seeded COUNT series, as series_end would answer it (a test checks
    that), at a fraction of its cost."""
    start = _moment(starts_us).astimezone(zone)
    step = _COUNT_STEPS.get(rule)
    if step is not None:
        last = start + step  # aware arithmetic in one zone: wall-clock time
    elif rule == "FREQ=MONTHLY;COUNT=12" and start.day <= 28:
        index = start.year * 12 + start.month - 1 + 11
        last = start.replace(year=index // 12, month=index % 12 + 1)
    else:
        timing = Timing(_moment(starts_us), _moment(ends_us), all_day, zone.key, rule)
        found = series_end(timing)
        assert found is not None
        return _us(found)
    return _us(last.astimezone(UTC)) + (ends_us - starts_us)


def _rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    zones = {name: ZoneInfo(name) for name in _ZONE_TABLE}
    n_zones, n_titles, n_rules = len(_ZONE_TABLE), len(_TITLES), len(_RULE_TABLE)
    n_durations, n_locations, n_attendees = len(_DURATIONS_MIN), len(_LOCATIONS), len(_ATTENDEES)
    anchor = ANCHOR_US
    # A timed event starts at a whole hour by its zone's offset of 1 January (within an hour
    # of the working day all year: integers only); an all-day one at the exact local midnight
    # (one datetime conversion per zone and day).
    winter = datetime(2026, 1, 1)
    offsets = {
        name: int(zone.utcoffset(winter).total_seconds()) * 1_000_000  # type: ignore[union-attr]
        for name, zone in zones.items()
    }
    midnights: dict[tuple[str, int], int] = {}

    def midnight(name: str, day: int) -> int:
        found = midnights.get((name, day))
        if found is None:
            local = _moment(day).replace(tzinfo=None).replace(tzinfo=zones[name])
            found = midnights[(name, day)] = _us(local.astimezone(UTC))
        return found

    for user, count in zip(users, counts, strict=True):
        home = _ZONE_TABLE[int(rand() * n_zones)]
        first = max(user.created_at, anchor - 3 * YEAR_US)
        span = anchor + YEAR_US // 2 - first
        imported = 0
        for _ in range(count):
            name = home if rand() < 0.95 else _ZONE_TABLE[int(rand() * n_zones)]
            day = (first + int(rand() * span)) // DAY_US * DAY_US
            recurrence = None
            all_day = rand() < 0.08
            if rand() < 0.12:
                recurrence, all_day = _RULE_TABLE[int(rand() * n_rules)]
            if all_day:
                starts_us = midnight(name, day)
                ends_us = midnight(name, day + (1 + int(rand() * rand() * 3)) * DAY_US)
            else:
                starts_us = day - offsets[name] + (8 + int(rand() * 11)) * HOUR_US
                ends_us = starts_us + _DURATIONS_MIN[int(rand() * n_durations)] * 60_000_000
            exdates: list[int] = []
            ends_at = None
            if recurrence is not None:
                if "{until}" in recurrence:
                    until = starts_us + (200 + int(rand() * 400)) * DAY_US
                    recurrence = recurrence.format(until=_moment(until).strftime("%Y%m%dT%H%M%SZ"))
                    # No occurrence starts after UNTIL (what series_end answers for UNTIL).
                    ends_at = until + (ends_us - starts_us)
                if not all_day and rand() < 0.2:
                    # A week or two the meeting did not happen (at its local time then).
                    start = _moment(starts_us).astimezone(zones[name])
                    for weeks in {1 + int(rand() * 20) for _ in range(1 + int(rand() * 2))}:
                        exdates.append(_us((start + timedelta(weeks=weeks)).astimezone(UTC)))
                    exdates.sort()
                if "COUNT" in recurrence:
                    ends_at = _count_end(recurrence, starts_us, ends_us, all_day, zones[name])
            status = "confirmed"
            roll = rand()
            if roll < 0.04:
                status = "cancelled"
            elif roll < 0.10:
                status = "tentative"
            created = min(anchor, max(user.created_at, starts_us - int(rand() * 60 * DAY_US)))
            deleted = None
            if rand() < 0.02:
                deleted = max(created, anchor - int(rand() * TRASH_WINDOW_US))
            platform = object_id = None
            if rand() < 0.33:
                imported += 1
                platform, object_id = "google_calendar", f"gc-{imported}"
            yield (
                user.id,
                new_uuid(),
                _TITLES[int(rand() * n_titles)],
                "Agenda in the invitation" if rand() < 0.1 else None,
                _LOCATIONS[int(rand() * n_locations)],
                starts_us,
                ends_us,
                all_day,
                name,
                status,
                _ATTENDEES[int(rand() * n_attendees)],
                recurrence,
                exdates,
                ends_at,
                created,
                min(anchor, created + int(rand() * 5 * DAY_US)),
                deleted,
                "{}",
                platform,
                object_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = zipf_counts(ctx.rng, len(users), _total(ctx.config))
    await ctx.copy("calendar_events", _COLUMNS, _rows(ctx, users, counts))


CALENDAR_EVENTS = TableSeed(
    name="calendar_events",
    tables=("calendar_events",),
    load=_load,
    planned_rows=_total,
    after=("users",),
    stream="load_calendar_events",
)
