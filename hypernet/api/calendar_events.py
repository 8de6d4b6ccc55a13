"""HTTP handlers for /v1/calendar/events and /v1/calendar/occurrences: parse, validate, call
CalendarEventMapper, encode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_cursor, decode_key, page_of
from hypernet.api.problems import invalid
from hypernet.domain.calendar_events import (
    MAX_WINDOW,
    CalendarEvent,
    CalendarEventCreate,
    CalendarEventImport,
    CalendarEventListQuery,
    CalendarEventPatch,
    CalendarOccurrence,
    CalendarOccurrenceQuery,
)
from hypernet.domain.errors import InvalidCursor
from hypernet.domain.fields import AwareDatetime
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.domain.recurrence import EARLIEST, LATEST
from hypernet.mappers.calendar_events import CalendarEventFilter, CalendarEventMapper

_NIL = UUID(int=0)
# The occurrence list pages by (start, event id) of the last occurrence shown.
OccurrenceKey = tuple[AwareDatetime, UUID]


def by_starts_at(event: CalendarEvent) -> tuple[datetime, UUID]:
    return event.starts_at, event.id


def by_occurrence(o: CalendarOccurrence) -> tuple[datetime, UUID]:
    return o.starts_at, o.event_id


async def list_calendar_events(request: web.Request) -> web.Response:
    if "from" in request.query or "to" in request.query:
        raise invalid(
            "from" if "from" in request.query else "to",
            "not a parameter of this list",
            "the occurrences inside a window are at /v1/calendar/occurrences?from=&to=; this "
            "list pages through the events themselves (starts_after= to begin at a time)",
            where="query",
        )
    q = read_query(request, CalendarEventListQuery)
    after = decode_cursor(q.cursor)
    if q.cursor is None and q.starts_after is not None:
        # The first page starts at starts_after: the keyset just before any id at that time.
        after = (q.starts_after, _NIL)
    rows = await CalendarEventMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=after,
        where=CalendarEventFilter(status=q.status),
    )
    return json_response(page_of(rows, q.limit, by_starts_at))


async def list_calendar_occurrences(request: web.Request) -> web.Response:
    q = read_query(request, CalendarOccurrenceQuery)
    for name, value in (("from", q.from_), ("to", q.to)):
        if not EARLIEST <= value <= LATEST:
            raise invalid(name, "must be between the years 100 and 9899", where="query")
    if q.to <= q.from_:
        raise invalid("to", "must be after from", where="query")
    if q.to - q.from_ > MAX_WINDOW:
        raise invalid(
            "to",
            "must be at most 366 days after from",
            "invalid query: a window spans at most 366 days; ask for the next window after it",
            where="query",
        )
    after = decode_key(q.cursor, OccurrenceKey)
    if after is not None and not EARLIEST <= after[0] <= LATEST:
        raise InvalidCursor("cursor is not one this service issued")
    rows = await CalendarEventMapper(db(request)).occurrences(
        user_id(request),
        q.from_,
        q.to,
        limit=q.limit + 1,
        after=after,
        include_cancelled=q.include_cancelled,
    )
    return json_response(page_of(rows, q.limit, by_occurrence))


async def import_calendar_events(request: web.Request) -> web.Response:
    items = await read_json(request, CalendarEventImport)
    result = await CalendarEventMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


CALENDAR_EVENTS = Lifecycle(
    path="/v1/calendar/events",
    tag="calendar",
    noun="calendar_event",
    mapper=CalendarEventMapper,
    item=CalendarEvent,
    create=CalendarEventCreate,
    patch=CalendarEventPatch,
    summaries={
        "create": "Create a calendar event, single or recurring (an RFC 5545 RRULE)",
        "trash": "List soft-deleted calendar events",
        "update": "Change a calendar event (times, rule, exception dates, attendees, ...)",
    },
    # A source_integration_id that is not a live integration of the caller (404); a live event
    # with the same import key (409).
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/calendar/events", list_calendar_events,
          "List live calendar events by start (a series by its first occurrence), all or of "
          "one status", "calendar", query=CalendarEventListQuery, response=Page[CalendarEvent],
          errors=(400, 401, 422)),
    *lifecycle_routes(CALENDAR_EVENTS),
    Route("POST", "/v1/calendar/events/import", import_calendar_events,
          "Import a batch of up to 1,000 calendar events idempotently", "calendar",
          body=CalendarEventImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
    Route("GET", "/v1/calendar/occurrences", list_calendar_occurrences,
          "The occurrences inside a window of at most 366 days, recurring events expanded in "
          "their time zone, by start", "calendar", query=CalendarOccurrenceQuery,
          response=Page[CalendarOccurrence], errors=(400, 401, 422)),
]
# fmt: on
