"""Recurring calendar events: an RFC 5545 RRULE read by python-dateutil, the time span of a series
(for the database's window index) and the occurrences of a series inside a window.

Every recurrence rule is parsed and expanded by dateutil's rrule; nothing here reads the rule's
meaning. What this module adds around it:

- The service's policy on a rule (`check_rule`): one RRULE (no DTSTART, EXDATE or RDATE lines:
  the start is the event's own, exception dates are a column), repeating at most daily (the time
  of day is the event's; BYHOUR, BYMINUTE, BYSECOND and sub-daily FREQs are refused), COUNT or
  UNTIL but not both, and no BYEASTER (a dateutil extension, not RFC 5545).
- Expansion in the event's time zone: a timed event's rule runs on its local wall-clock start,
  so a weekly 09:00 meeting stays at 09:00 local across a DST change, and each occurrence lasts
  the event's exact duration; an all-day event's rule runs on local dates and each occurrence
  lasts the event's number of local days (23, 24 or 25 hours).
- Cost bounds. dateutil walks a rule period by period from its start, so an old daily series
  would cost a step per day since it began on every read, and a rule no date satisfies
  (BYMONTH=2;BYMONTHDAY=30) walks to the year 9999 (seconds) before it says so. So:
  * at write time the first and, for COUNT, the last occurrence are computed under a CPU budget
    (`within_budget`); a rule that yields nothing, or too little too slowly, is refused;
  * at read time the rule is restarted at a period boundary shortly before the window
    (`_restarted`): a period k * INTERVAL periods after the start's own, with what the rule
    took from its start (the weekday of a WEEKLY rule, the day of a MONTHLY one, the month and
    day of a YEARLY one) written into the rule, so dateutil yields exactly the occurrences of
    the original from that period on. A COUNT rule is read as the same rule UNTIL its last
    occurrence (known from series_ends_at), so it restarts too. tests/test_recurrence.py checks
    the restarted expansion against dateutil's own from the start on many rules. Parsed rules
    are kept in a small LRU cache: a calendar asks for the same windows again.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from hypernet.domain.fields import is_time_zone

T = TypeVar("T")

# How long the write-time probe of one rule may take (CPU-bound Python), in seconds.
PROBE_BUDGET = 1.0
# Bounds on a rule's numbers (RFC 5545 asks only that they be positive): far more than any
# calendar uses, and dateutil's walk stays within its range of dates.
MAX_INTERVAL = 1000
MAX_COUNT = 10_000
_FREQS = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_WEEKDAY_CODES = tuple(_WEEKDAYS)
_ALLOWED_PARTS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYSETPOS",
    "WKST",
}
# The parts that choose days; when a rule gives none, dateutil takes them from the start.
_DAY_PARTS = {"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY"}


# The times a calendar holds: far from the ends of Python's dates (years 1 to 9999), so that
# no conversion to a time zone or step back over a day leaves them.
EARLIEST = datetime(100, 1, 1, tzinfo=UTC)
LATEST = datetime(9900, 1, 1, tzinfo=UTC)
# How long one occurrence of a recurring event may last.
MAX_RECURRING_DURATION = timedelta(days=366)


class RecurrenceError(ValueError):
    """A rule, time zone or time span this service does not accept; the message says why."""


class BudgetExceeded(Exception):
    """A computation ran past its CPU budget (see within_budget)."""


def time_zone(name: str) -> ZoneInfo:
    """The IANA zone of that name (from the system or the tzdata package)."""
    if not is_time_zone(name):
        raise RecurrenceError("is not a known IANA time zone name")
    return ZoneInfo(name)


def normalize_rule(text: str) -> str:
    """The rule as stored: without an `RRULE:` prefix, upper case, no empty parts."""
    body = text.strip().upper().removeprefix("RRULE:")
    return ";".join(part for part in body.split(";") if part)


def _parts(rule_text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in rule_text.split(";"):
        name, sep, value = item.partition("=")
        if not sep:
            raise RecurrenceError(f"is not an RRULE: {item!r} is not NAME=VALUE")
        if name in parts:
            raise RecurrenceError(f"names {name} twice")
        parts[name] = value
    return parts


def within_budget(seconds: float, fn: Callable[[], T]) -> T:
    """fn() in this thread, or BudgetExceeded once it has run `seconds`. dateutil can loop for
    seconds without yielding (a rule no date satisfies), so the check rides on the profiler
    hook, which fires on every Python call and return; it is on only while fn runs."""
    if sys.getprofile() is not None:
        # A profiler or debugger holds the hook (and may not be a callable to put back):
        # those are development sessions, run unguarded.
        return fn()
    deadline = time.monotonic() + seconds
    calls = 0

    def check(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        calls += 1
        if calls & 1023 == 0 and time.monotonic() > deadline:
            sys.setprofile(None)
            raise BudgetExceeded

    sys.setprofile(check)
    try:
        return fn()
    finally:
        sys.setprofile(None)


@dataclass(frozen=True, slots=True)
class Timing:
    """When an event happens: what expansion needs of a stored or proposed event."""

    starts_at: datetime
    ends_at: datetime
    all_day: bool
    time_zone: str
    recurrence: str | None = None
    exdates: tuple[datetime, ...] = ()
    # The end of the last occurrence; None for an unbounded series (and a single event).
    series_ends_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class _Series:
    zone: ZoneInfo
    all_day: bool
    # The rule's start: aware local wall-clock time, or a naive local midnight (all-day).
    dtstart: datetime
    duration: timedelta
    days: int
    parts: dict[str, str]


def _series(t: Timing) -> _Series:
    zone = time_zone(t.time_zone)
    local_start = t.starts_at.astimezone(zone)
    parts = _parts(t.recurrence) if t.recurrence else {}
    if t.all_day:
        days = (t.ends_at.astimezone(zone).date() - local_start.date()).days
        return _Series(
            zone, True, local_start.replace(tzinfo=None), t.ends_at - t.starts_at, days, parts
        )
    return _Series(zone, False, local_start, t.ends_at - t.starts_at, 0, parts)


def _start_of(s: _Series, occurrence: datetime) -> datetime:
    """An occurrence of the rule as an aware start in the event's zone."""
    return occurrence.replace(tzinfo=s.zone) if s.all_day else occurrence


def _end_of(s: _Series, occurrence: datetime) -> datetime:
    if s.all_day:
        return (occurrence + timedelta(days=s.days)).replace(tzinfo=s.zone)
    # Exact elapsed time: aware arithmetic in one zone would add wall-clock time.
    return (occurrence.astimezone(UTC) + s.duration).astimezone(s.zone)


def check_rule(rule_text: str) -> None:
    """The service's policy on a rule (see the module's docstring); RecurrenceError says what
    is wrong. The rule itself is read by rrulestr (check_timing)."""
    if "\n" in rule_text or "\r" in rule_text:
        raise RecurrenceError("must be one RRULE, without DTSTART, EXDATE or RDATE lines")
    parts = _parts(rule_text)
    unknown = sorted(set(parts) - _ALLOWED_PARTS)
    if unknown:
        raise RecurrenceError(
            f"may not use {', '.join(unknown)}: an event repeats at most daily, at the time of "
            "day of its start"
        )
    if "FREQ" not in parts:
        raise RecurrenceError("needs FREQ")
    if parts["FREQ"] not in _FREQS:
        raise RecurrenceError("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError("may give COUNT or UNTIL, not both")
    for name, most in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_COUNT)):
        value = parts.get(name)
        if value is not None and not (value.isdigit() and 1 <= int(value) <= most):
            raise RecurrenceError(f"{name} must be a whole number from 1 to {most:,}")


def _rule(s: _Series, rule_text: str) -> rrule:
    try:
        parsed = rrulestr(rule_text, dtstart=s.dtstart)
    except (ValueError, TypeError, OverflowError, IndexError) as exc:
        raise RecurrenceError(f"is not a valid RRULE: {exc}") from None
    if not isinstance(parsed, rrule):
        raise RecurrenceError("must be one RRULE")
    return parsed


def series_end(t: Timing, budget: float = PROBE_BUDGET) -> datetime | None:
    """The end of the series' last occurrence (None: it repeats forever), for the index on the
    time span; refuses a rule that yields no occurrence, or whose first (or, with COUNT, last)
    occurrence takes dateutil longer than `budget` seconds to find. Call it on a rule check_rule
    accepted; run it off the event loop."""
    if t.recurrence is None:
        return None
    s = _series(t)
    rule = _rule(s, t.recurrence)
    try:
        deadline = time.monotonic() + budget
        first = within_budget(budget, lambda: next(iter(rule), None))
        if first is None:
            raise RecurrenceError("yields no occurrence")
        if "COUNT" in s.parts:
            last = within_budget(deadline - time.monotonic(), lambda: _last(rule))
        elif "UNTIL" in s.parts:
            # No occurrence starts after UNTIL: an upper bound, without walking the series.
            last = _until(s)
        else:
            return None
        # Past the times a calendar holds, the series is as good as unbounded.
        if _start_of(s, last).astimezone(UTC) >= LATEST - MAX_RECURRING_DURATION:
            return None
        return _end_of(s, last).astimezone(UTC)
    except BudgetExceeded:
        raise RecurrenceError(
            "takes too long to expand: it yields no occurrence, or too few too far apart"
        ) from None
    except (ValueError, OverflowError, IndexError) as exc:
        # dateutil walked out of its range of dates, or an ordinal out of range (BYDAY=99MO)
        raise RecurrenceError(f"cannot be expanded: {exc}") from None


def _last(rule: rrule) -> datetime:
    last = None
    for last in rule:  # noqa: B007 - the loop is the walk
        pass
    assert last is not None
    return last


def _until(s: _Series) -> datetime:
    """UNTIL as dateutil reads it (rrulestr parses it with dateutil's parser), in the form the
    rule's start has: aware for a timed event (RFC 5545: UTC), naive local for an all-day one."""
    value = date_parser.parse(s.parts["UNTIL"])
    if s.all_day:
        return value.replace(tzinfo=None)
    return value.astimezone(s.zone)


def _period_start(s: _Series, freq: int, wanted: date) -> date | None:
    """The first day of the period the restarted rule starts in: the last period boundary,
    k * INTERVAL periods after the start's own period, at least one period before `wanted`;
    None when that is not after the start."""
    interval = int(s.parts.get("INTERVAL", "1"))
    first = s.dtstart.date()
    if freq == DAILY:
        k = (wanted - first).days // interval - 1
        begin = first + timedelta(days=k * interval)
    elif freq == WEEKLY:
        wkst = _WEEKDAYS.get(s.parts.get("WKST", "MO"), 0)
        week = first - timedelta(days=(first.weekday() - wkst) % 7)
        k = (wanted - week).days // 7 // interval - 1
        begin = week + timedelta(weeks=k * interval)
    elif freq == MONTHLY:
        months = (wanted.year - first.year) * 12 + wanted.month - first.month
        k = months // interval - 1
        index = first.year * 12 + first.month - 1 + k * interval
        begin = date(index // 12, index % 12 + 1, 1)
    else:
        k = (wanted.year - first.year) // interval - 1
        begin = date(first.year + k * interval, 1, 1)
    return begin if k > 0 and begin > first else None


def _restarted(s: _Series, t: Timing, wanted: datetime) -> tuple[str, datetime]:
    """The rule and start that yield the same occurrences from shortly before `wanted` (local
    wall-clock, the form of the rule's start) on: see the module's docstring. As rule text, so
    that one rrulestr call (cached) makes the rule."""
    parts = dict(s.parts)
    if "COUNT" in parts and t.series_ends_at is not None:
        # The COUNT-th occurrence is the last: the same rule UNTIL it yields the same dates.
        del parts["COUNT"]
        if s.all_day:
            last = t.series_ends_at.astimezone(s.zone).replace(tzinfo=None)
            parts["UNTIL"] = _rrule_time(last - timedelta(days=s.days))
        else:
            last = (t.series_ends_at - s.duration).astimezone(UTC)
            parts["UNTIL"] = _rrule_time(last) + "Z"
    freq = _FREQS[parts["FREQ"]]
    begin = None if "COUNT" in parts else _period_start(s, freq, wanted.date())
    start = s.dtstart
    if begin is not None:
        start = datetime.combine(begin, s.dtstart.timetz())
        # What the rule took from its original start, said in the rule (RFC 5545 3.3.10:
        # what the rule does not say comes from DTSTART).
        if not _DAY_PARTS & parts.keys():
            if freq == YEARLY:
                parts.setdefault("BYMONTH", str(s.dtstart.month))
                parts["BYMONTHDAY"] = str(s.dtstart.day)
            elif freq == MONTHLY:
                parts["BYMONTHDAY"] = str(s.dtstart.day)
            elif freq == WEEKLY:
                parts["BYDAY"] = _WEEKDAY_CODES[s.dtstart.weekday()]
    return ";".join(f"{name}={value}" for name, value in parts.items()), start


def _rrule_time(at: datetime) -> str:
    """RFC 5545's DATE-TIME form; the year always in four digits (strftime's %Y is not padded
    below the year 1000 on glibc, which dateutil then misreads)."""
    return f"{at.year:04d}{at:%m%dT%H%M%S}"


@functools.lru_cache(maxsize=2048)
def _parsed(rule_text: str, dtstart: datetime) -> rrule:
    """A rule read by dateutil, kept for the next request: the windows a calendar asks for
    repeat (this week, the next one), and reading a rule costs more than a week of it."""
    parsed = rrulestr(rule_text, dtstart=dtstart)
    assert isinstance(parsed, rrule)
    return parsed


def occurrences(
    t: Timing, window_from: datetime, window_to: datetime, not_before: datetime | None = None
) -> Iterator[tuple[datetime, datetime]]:
    """(start, end) of each occurrence inside [window_from, window_to), in order, lazily, in the
    event's zone. Inside means: starts before window_to, and ends after window_from or starts
    at or after it (an occurrence of no duration at window_from is inside). With not_before,
    only those starting at or after it (a page's keyset)."""
    for _, start, end in occurrences_at(t, window_from, window_to, not_before):
        yield start, end


def occurrences_at(
    t: Timing, window_from: datetime, window_to: datetime, not_before: datetime | None = None
) -> Iterator[tuple[datetime, datetime, datetime]]:
    """occurrences(), each with its start as a UTC instant first (the key to merge by)."""
    low = window_from.astimezone(UTC)
    high = window_to.astimezone(UTC)
    # Compared as UTC instants: aware datetimes of one zone compare by wall-clock time.
    floor = None if not_before is None else not_before.astimezone(UTC)
    if t.recurrence is None:
        at, until = t.starts_at.astimezone(UTC), t.ends_at.astimezone(UTC)
        if _inside(at, until, low, high) and (floor is None or at >= floor):
            zone = time_zone(t.time_zone)
            yield at, at.astimezone(zone), until.astimezone(zone)
        return
    s = _series(t)
    # The earliest start wanted: one duration before the window (an occurrence still running
    # at its start is inside), or the keyset; the rule restarts a day before that (or, for an
    # event so long that this is before the year 1, at its own start).
    try:
        earliest = low - s.duration if floor is None else max(low - s.duration, floor)
        wanted = earliest.astimezone(s.zone) - timedelta(days=1)
    except OverflowError:
        wanted = s.dtstart
    try:
        rule = _parsed(*_restarted(s, t, wanted.replace(tzinfo=None) if s.all_day else wanted))
    except (ValueError, OverflowError, IndexError):
        # As in _walk: a stored rule dateutil can no longer restart ends here, never a 500.
        return
    skip = {d.astimezone(UTC) for d in t.exdates}
    for occurrence in _walk(rule):
        start = _start_of(s, occurrence)
        at = start.astimezone(UTC)
        if at >= high:
            return
        if at in skip or (floor is not None and at < floor):
            continue
        end = _end_of(s, occurrence)
        if _inside(at, end.astimezone(UTC), low, high):
            yield at, start, end


def _walk(rule: rrule) -> Iterator[datetime]:
    """The rule's dates; a series that walks out of dateutil's range of dates (year 9999) just
    ends there. The rules stored were checked at write time; this is the last guard."""
    try:
        yield from rule
    except (ValueError, OverflowError, IndexError):
        return


def _inside(start: datetime, end: datetime, window_from: datetime, window_to: datetime) -> bool:
    return start < window_to and (end > window_from or start >= window_from)
