"""HTTP handler for GET /v1/timeline: parse and check the window and types, call TimelineMapper."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_query, type_list, user_id
from hypernet.api.pagination import decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.page import Page
from hypernet.domain.timeline import TIMELINE_TYPES, TimelineItem, TimelineQuery
from hypernet.mappers.timeline import TimelineMapper


def _by_at(item: TimelineItem) -> tuple[object, ...]:
    return item.at, item.id


async def list_timeline(request: web.Request) -> web.Response:
    q = read_query(request, TimelineQuery)
    if q.from_ is not None and q.to is not None and q.to <= q.from_:
        raise invalid("to", "must be after from", where="query")
    types = type_list(q.types, TIMELINE_TYPES, "timeline") or list(TIMELINE_TYPES)
    rows = await TimelineMapper(db(request)).list_window(
        user_id(request),
        from_at=q.from_,
        to_at=q.to,
        types=types,
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
    )
    return json_response(page_of(rows, q.limit, _by_at))


# fmt: off
ROUTES = [
    Route("GET", "/v1/timeline", list_timeline,
          "Everything that happened in a window, newest first, across types", "timeline",
          query=TimelineQuery, response=Page[TimelineItem], errors=(400, 401, 422)),
]
# fmt: on
