"""Recurrence expansion restarts a rule shortly before the window instead of walking it from its
start (see hypernet/domain/recurrence.py): on many rules, zones and windows it must answer
exactly what dateutil answers walking from the start. And the write-time checks refuse what
cannot be expanded, quickly."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from hypernet.domain import calendar_events
from hypernet.domain.calendar_events import check_timing
from hypernet.domain.errors import InvalidField
from hypernet.domain.recurrence import (
    RecurrenceError,
    Timing,
    check_rule,
    occurrences,
    series_end,
)
from hypernet.sqlkit.seed import calendar_events as seeded
from hypernet.sqlkit.seed.users import SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, YEAR_US, zipf_counts

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _random_rule(rng: random.Random, all_day: bool, start: datetime) -> str:
    freq = rng.choice(("DAILY", "WEEKLY", "MONTHLY", "YEARLY"))
    parts = [f"FREQ={freq}"]
    if rng.random() < 0.4:
        parts.append(f"INTERVAL={rng.choice((2, 3, 5))}")
    shape = rng.random()
    if freq == "WEEKLY" and shape < 0.6:
        parts.append("BYDAY=" + ",".join(rng.sample(WEEKDAYS, rng.randint(1, 3))))
    elif freq == "MONTHLY" and shape < 0.3:
        parts.append(f"BYDAY={rng.choice(('1', '2', '-1'))}{rng.choice(WEEKDAYS)}")
    elif freq == "MONTHLY" and shape < 0.5:
        parts.append(f"BYMONTHDAY={rng.choice((1, 15, 31, -1))}")
    elif freq == "MONTHLY" and shape < 0.65:
        parts.append("BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
    elif freq == "YEARLY" and shape < 0.3:
        parts.append(f"BYMONTH={rng.randint(1, 12)};BYDAY={rng.choice(('1', '-1'))}SU")
    elif freq == "YEARLY" and shape < 0.4:
        parts.append(f"BYWEEKNO={rng.choice((1, 20, 53))};BYDAY=MO")
    elif freq == "YEARLY" and shape < 0.5:
        parts.append("BYMONTH=2;BYMONTHDAY=29")
    elif freq == "DAILY" and shape < 0.3:
        parts.append("BYDAY=MO,WE,FR")
    if rng.random() < 0.3:
        parts.append(f"WKST={rng.choice(WEEKDAYS)}")
    end = rng.random()
    if end < 0.25:
        parts.append(f"COUNT={rng.randint(1, 80)}")
    elif end < 0.5:
        until = start + timedelta(days=rng.randint(30, 2000))
        parts.append(
            "UNTIL="
            + (
                until.strftime("%Y%m%d")
                if all_day
                else until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            )
        )
    return ";".join(parts)


def _timing(rng: random.Random) -> Timing:
    zone = ZoneInfo(rng.choice(ZONES))
    all_day = rng.random() < 0.25
    day = datetime(2019, 1, 1) + timedelta(days=rng.randint(0, 1500))
    if all_day:
        start = day.replace(tzinfo=zone)
        end = (day + timedelta(days=rng.choice((1, 1, 2, 3)))).replace(tzinfo=zone)
    else:
        start = day.replace(hour=rng.choice((0, 2, 9, 23)), minute=rng.choice((0, 30))).replace(
            tzinfo=zone
        )
        end = start.astimezone(UTC) + timedelta(minutes=rng.choice((0, 30, 60, 90, 60 * 26)))
    while True:
        rule = _random_rule(rng, all_day, start)
        base = Timing(start.astimezone(UTC), end.astimezone(UTC), all_day, zone.key, rule)
        try:
            ends = series_end(base)
        except RecurrenceError:  # an UNTIL before the first occurrence: draw another
            continue
        break
    exdates: tuple[datetime, ...] = ()
    if rng.random() < 0.3:
        firsts = [
            o[0] for o in occurrences(base, base.starts_at, base.starts_at + timedelta(days=400))
        ][:6]
        exdates = tuple(rng.sample(firsts, min(2, len(firsts))))
    return Timing(
        base.starts_at, base.ends_at, all_day, zone.key, rule, exdates, series_ends_at=ends
    )


def _walked(
    t: Timing, window_from: datetime, window_to: datetime
) -> list[tuple[datetime, datetime]]:
    """dateutil's own answer, walking the rule from the event's start."""
    zone = ZoneInfo(t.time_zone)
    local = t.starts_at.astimezone(zone)
    assert t.recurrence is not None
    if t.all_day:
        days = (t.ends_at.astimezone(zone).date() - local.date()).days
        rule = rrulestr(t.recurrence, dtstart=local.replace(tzinfo=None))
    else:
        rule = rrulestr(t.recurrence, dtstart=local)
    skip = {d.astimezone(UTC) for d in t.exdates}
    found = []
    for occurrence in rule:
        if t.all_day:
            start = occurrence.replace(tzinfo=zone)
            end = (occurrence + timedelta(days=days)).replace(tzinfo=zone)
        else:
            start = occurrence
            end = (occurrence.astimezone(UTC) + (t.ends_at - t.starts_at)).astimezone(zone)
        if start >= window_to:
            break
        if start.astimezone(UTC) in skip:
            continue
        if end > window_from or start >= window_from:
            found.append((start, end))
    return found


def test_restarted_expansion_equals_dateutils_walk_from_the_start() -> None:
    rng = random.Random(9)
    checked = 0
    for _ in range(200):
        t = _timing(rng)
        for _ in range(3):
            window_from = datetime(2019, 6, 1, tzinfo=UTC) + timedelta(
                hours=rng.randint(0, 24 * 365 * 6)
            )
            window_to = window_from + timedelta(days=rng.choice((1, 7, 31, 366)))
            expected = _walked(t, window_from, window_to)
            assert list(occurrences(t, window_from, window_to)) == expected, (t, window_from)
            if expected:
                # A page's keyset: the same list from one occurrence on.
                at = rng.randrange(len(expected))
                got = list(occurrences(t, window_from, window_to, not_before=expected[at][0]))
                assert got == expected[at:], (t, window_from)
            checked += len(expected)
    assert checked > 2000


def test_series_end_is_the_end_of_the_last_occurrence_or_none() -> None:
    start = datetime(2026, 3, 20, 8, tzinfo=UTC)
    t = Timing(start, start + timedelta(hours=1), False, "Europe/Berlin", "FREQ=WEEKLY;COUNT=4")
    # The fourth Friday 09:00 Berlin is after the change to summer time: 07:00 UTC.
    assert series_end(t) == datetime(2026, 4, 10, 8, tzinfo=UTC)
    forever = Timing(start, start + timedelta(hours=1), False, "Europe/Berlin", "FREQ=MONTHLY")
    assert series_end(forever) is None


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("FREQ=HOURLY", "FREQ must be"),
        ("FREQ=DAILY;BYHOUR=9,17", "may not use BYHOUR"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20260101T000000Z", "not both"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("INTERVAL=2", "needs FREQ"),
        ("FREQ=YEARLY;BYEASTER=0", "may not use BYEASTER"),
        ("FREQ=WEEKLY\nEXDATE:20260101T000000Z", "one RRULE"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=DAILY;INTERVAL=99999999", "INTERVAL must be"),
        ("FREQ=WEEKLY;COUNT=-1", "COUNT must be"),
    ],
)
def test_the_rule_policy_says_what_is_wrong(rule: str, says: str) -> None:
    with pytest.raises(RecurrenceError, match=says):
        check_rule(rule)


def test_a_rule_no_date_satisfies_is_refused_within_the_budget() -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    t = Timing(start, start, False, "UTC", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    began = time.monotonic()
    with pytest.raises(RecurrenceError, match="takes too long"):
        series_end(t)
    assert time.monotonic() - began < 3


def test_every_seeded_event_is_one_the_api_would_store_as_it_is() -> None:
    """The seeder computes series ends and local midnights its own cheap way; each row must be
    what the API's checks accept and compute (series_ends_at included)."""
    rng = random.Random(3)

    class Context:
        def __init__(self) -> None:
            self.rng = rng

        def new_uuid(self) -> str:
            return "00000000-0000-4000-8000-000000000000"

    users = [
        SeededUser(i, str(i), ANCHOR_US - int(rng.random() * 8 * YEAR_US), 0) for i in range(300)
    ]
    counts = zipf_counts(rng, len(users), 6000)
    columns = dict.fromkeys(seeded._COLUMNS)
    recurring = 0
    for row in seeded._rows(Context(), users, counts):  # type: ignore[arg-type]
        values = dict(zip(columns, row, strict=True))
        moment = seeded._moment
        timing = Timing(
            moment(values["starts_at"]),
            moment(values["ends_at"]),
            values["all_day"],
            values["time_zone"],
            values["recurrence"],
            tuple(moment(d) for d in values["exdates"]),
        )
        ends = check_timing(timing)
        assert (None if ends is None else seeded._us(ends)) == values["series_ends_at"], values
        recurring += values["recurrence"] is not None
    assert 500 < recurring < 1000


def test_a_batch_of_rules_shares_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_events, "BATCH_BUDGET", 0.5)
    start = datetime(2016, 2, 29, 9, tzinfo=UTC)
    # Valid, but slow to walk: a Monday 29 February comes every 28 years or so, day by day.
    slow = Timing(start, start, False, "UTC", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;COUNT=3")
    began = time.monotonic()
    with pytest.raises(InvalidField) as refused:
        calendar_events.check_timings([(slow, f"$[{i}]") for i in range(40)])
    assert refused.value.path.endswith("].recurrence")
    assert time.monotonic() - began < 4
