"""Calendar events of one user: the stored row, the writes on it, the checks a whole event must
pass (time zone, all-day midnights, the recurrence rule), and its occurrences in a window."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from time import monotonic as time_now
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.errors import InvalidField
from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery
from hypernet.domain.recurrence import (
    EARLIEST,
    LATEST,
    MAX_RECURRING_DURATION,
    PROBE_BUDGET,
    RecurrenceError,
    Timing,
    check_rule,
    normalize_rule,
    occurrences_at,
    series_end,
    time_zone,
)

# Mirror the CHECKs of migration 0018, so a bad value is a 422 with its field's path.
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=1000, pattern=NO_NUL)]
Description = Annotated[str, msgspec.Meta(max_length=20_000, pattern=NO_NUL)]
Location = Annotated[str, msgspec.Meta(min_length=1, max_length=1000, pattern=NO_NUL)]
# The shape of an IANA name; whether the zone exists is checked with zoneinfo.
TimeZoneName = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$",
        examples=["Europe/Berlin"],
    ),
]
Status = Literal["confirmed", "tentative", "cancelled"]
Response = Literal["needs_action", "accepted", "declined", "tentative"]
Address = Annotated[str, msgspec.Meta(min_length=1, max_length=320, pattern=NO_NUL)]
# One RFC 5545 RRULE value (an `RRULE:` prefix is accepted and dropped), e.g.
# FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959Z. Read by python-dateutil.
Rule = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=500,
        pattern=r"^[A-Za-z0-9=;,:+\-]+$",
        examples=["FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"],
    ),
]
Exdates = Annotated[list[AwareDatetime], msgspec.Meta(max_length=1000)]

# How long the recurrence rules of one write (an import of up to 1,000) may take to check.
BATCH_BUDGET = 5.0
# Occurrences: the widest window one request may ask for, and the most one page may hold.
MAX_WINDOW = timedelta(days=366)
OccurrenceLimit = Annotated[int, msgspec.Meta(ge=1, le=1000)]


class CalendarAttendee(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    address: Address
    response: Response = "needs_action"


Attendees = Annotated[list[CalendarAttendee], msgspec.Meta(max_length=500)]


@dataclass(slots=True)
class CalendarEvent:
    id: UUID
    user_id: UUID
    title: str
    description: str | None
    location: str | None
    # The first occurrence; for an all-day event local midnights in time_zone (the first day,
    # and the day after the last).
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    time_zone: str
    status: str
    attendees: list[CalendarAttendee]
    recurrence: str | None
    # The starts of the occurrences the series leaves out.
    exdates: list[datetime]
    # The end of the series' last occurrence; null when it repeats forever (or does not repeat).
    series_ends_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None

    @property
    def timing(self) -> Timing:
        return Timing(
            self.starts_at,
            self.ends_at,
            self.all_day,
            self.time_zone,
            self.recurrence,
            tuple(self.exdates),
            self.series_ends_at,
        )


def _to_the_second(value: datetime) -> datetime:
    # Times are kept to the second: dateutil drops a rule start's fraction of a second.
    return value.replace(microsecond=0)


def _exdates(values: list[datetime]) -> list[datetime]:
    # In the order given, so that an error names the client's index; stored_exdates sorts.
    return [_to_the_second(v) for v in values]


def stored_exdates(values: Sequence[datetime]) -> list[datetime]:
    """Exception dates as stored: a set of instants, in order (aware datetimes compare and hash
    as instants)."""
    return sorted(set(values))


class CalendarEventCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new event (POST /v1/calendar/events, and each item of an import batch). Times are kept
    to the second. An all-day event starts and ends at local midnights of time_zone."""

    title: Title
    description: Description | None = None
    location: Location | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    all_day: bool = False
    time_zone: TimeZoneName = "UTC"
    status: Status = "confirmed"
    attendees: Attendees = msgspec.field(default_factory=list)
    recurrence: Rule | None = None
    exdates: Exdates = msgspec.field(default_factory=list)
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        self.starts_at = _to_the_second(self.starts_at)
        self.ends_at = _to_the_second(self.ends_at)
        self.exdates = _exdates(self.exdates)
        if self.recurrence is not None:
            self.recurrence = normalize_rule(self.recurrence)

    @property
    def timing(self) -> Timing:
        return Timing(
            self.starts_at,
            self.ends_at,
            self.all_day,
            self.time_zone,
            self.recurrence,
            tuple(self.exdates),
        )


class CalendarEventPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/calendar/events/{id}); absent keeps a value, null clears it.
    The changed event is checked whole (ends_at against starts_at, all-day midnights, the rule);
    clearing recurrence clears exdates too."""

    title: Title | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    location: Location | UnsetType | None = UNSET
    starts_at: AwareDatetime | UnsetType = UNSET
    ends_at: AwareDatetime | UnsetType = UNSET
    all_day: bool | UnsetType = UNSET
    time_zone: TimeZoneName | UnsetType = UNSET
    status: Status | UnsetType = UNSET
    attendees: Attendees | UnsetType = UNSET
    recurrence: Rule | UnsetType | None = UNSET
    exdates: Exdates | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET

    def __post_init__(self) -> None:
        if isinstance(self.starts_at, datetime):
            self.starts_at = _to_the_second(self.starts_at)
        if isinstance(self.ends_at, datetime):
            self.ends_at = _to_the_second(self.ends_at)
        if isinstance(self.exdates, list):
            self.exdates = _exdates(self.exdates)
        if isinstance(self.recurrence, str):
            self.recurrence = normalize_rule(self.recurrence)


CalendarEventImport = Annotated[
    list[CalendarEventCreate], msgspec.Meta(min_length=1, max_length=1000)
]


def patched_timing(current: Timing, changes: dict[str, Any]) -> Timing:
    """The timing of an event after a PATCH; clearing the rule clears its exception dates."""
    recurrence = changes.get("recurrence", current.recurrence)
    exdates = changes.get("exdates", None if recurrence is None else current.exdates)
    return Timing(
        changes.get("starts_at", current.starts_at),
        changes.get("ends_at", current.ends_at),
        changes.get("all_day", current.all_day),
        changes.get("time_zone", current.time_zone),
        recurrence,
        tuple(exdates or ()),
    )


def check_timing(t: Timing, path: str = "$", budget: float = PROBE_BUDGET) -> datetime | None:
    """Whether the event's times hold together; InvalidField names the field (under `path`, the
    event's place in the body) that does not. Answers series_ends_at. A rule's probe may take
    up to `budget` seconds: run it off the event loop."""
    try:
        zone = time_zone(t.time_zone)
    except RecurrenceError as exc:
        raise InvalidField(f"{path}.time_zone", str(exc)) from None
    for name, value in (("starts_at", t.starts_at), ("ends_at", t.ends_at)):
        if not EARLIEST <= value < LATEST:
            raise InvalidField(f"{path}.{name}", "must be between the years 100 and 9899")
    if t.ends_at < t.starts_at:
        raise InvalidField(f"{path}.ends_at", "must not be before starts_at")
    if t.all_day:
        for name, value in (("starts_at", t.starts_at), ("ends_at", t.ends_at)):
            if value.astimezone(zone).timetz().replace(tzinfo=None) != time(0):
                raise InvalidField(
                    f"{path}.{name}", f"must be a midnight in {t.time_zone} for an all-day event"
                )
        if t.ends_at == t.starts_at:
            raise InvalidField(f"{path}.ends_at", "must be at least a day after starts_at")
    for i, value in enumerate(t.exdates):
        if not EARLIEST <= value < LATEST:
            raise InvalidField(f"{path}.exdates[{i}]", "must be between the years 100 and 9899")
    if t.recurrence is None:
        if t.exdates:
            raise InvalidField(f"{path}.exdates", "needs a recurrence rule")
        return None
    if t.ends_at - t.starts_at > MAX_RECURRING_DURATION:
        raise InvalidField(
            f"{path}.ends_at", "must be at most 366 days after starts_at for a recurring event"
        )
    try:
        check_rule(t.recurrence)
        return series_end(t, budget)
    except RecurrenceError as exc:
        raise InvalidField(f"{path}.recurrence", str(exc)) from None


def check_timings(items: Sequence[tuple[Timing, str]]) -> list[datetime | None]:
    """check_timing of each (timing, path), the batch's rules sharing BATCH_BUDGET seconds of
    probing: a batch of 1,000 rules no date satisfies costs seconds, not 1,000 of them."""
    deadline = time_now() + BATCH_BUDGET
    ends = []
    for timing, path in items:
        left = deadline - time_now()
        if timing.recurrence is not None and left <= 0:
            raise InvalidField(
                f"{path}.recurrence",
                "the batch's rules took too long to check; send fewer recurring events at once",
            )
        ends.append(check_timing(timing, path, min(PROBE_BUDGET, max(left, 0.0))))
    return ends


class CalendarEventListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/calendar/events: live events by start (a series by its first occurrence), from
    `starts_after` on if given; with `status`, only those in that status."""

    status: Status | None = None
    starts_after: AwareDatetime | None = None


class CalendarOccurrenceQuery(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/calendar/occurrences: the occurrences inside [from, to) (at most 366 days), by
    start then event id; cancelled events only with include_cancelled."""

    from_: AwareDatetime = msgspec.field(name="from")
    to: AwareDatetime
    include_cancelled: bool = False
    limit: OccurrenceLimit = 250
    cursor: str | None = None


class CalendarOccurrence(msgspec.Struct, kw_only=True):
    """One occurrence of an event: its start and end with the offset of the event's time zone
    at that moment, and what a calendar shows of the event (fetch the event for the rest)."""

    event_id: UUID
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    time_zone: str
    title: str
    location: str | None
    status: str
    recurring: bool


@dataclass(frozen=True, slots=True)
class WindowEvent:
    """What the occurrence window reads of one event."""

    id: UUID
    title: str
    location: str | None
    status: str
    timing: Timing


def occurrence_page(
    events: Sequence[WindowEvent],
    window_from: datetime,
    window_to: datetime,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[CalendarOccurrence]:
    """Up to `limit` occurrences of the events inside the window, by (start, event id), after
    the keyset `after`. Each series is expanded lazily and merged, so no series yields more
    than the page needs (and one more to look ahead)."""
    not_before = None if after is None else after[0]
    key = None if after is None else (after[0].astimezone(UTC), after[1])

    def of(event: WindowEvent) -> Iterator[tuple[datetime, UUID, datetime, datetime]]:
        for at, start, end in occurrences_at(event.timing, window_from, window_to, not_before):
            if key is None or (at, event.id) > key:
                yield at, event.id, start, end

    by_id = {e.id: e for e in events}
    merged = heapq.merge(*(of(e) for e in events))
    page = []
    for _, event_id, start, end in itertools.islice(merged, limit):
        e = by_id[event_id]
        page.append(
            CalendarOccurrence(
                event_id=event_id,
                starts_at=start,
                ends_at=end,
                all_day=e.timing.all_day,
                time_zone=e.timing.time_zone,
                title=e.title,
                location=e.location,
                status=e.status,
                recurring=e.timing.recurrence is not None,
            )
        )
    return page
