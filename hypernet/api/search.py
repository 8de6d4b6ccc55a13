"""HTTP handler for GET /v1/search: one ranked list of the caller's items of every type with
text that match a query."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_query, type_list, user_id
from hypernet.api.pagination import decode_key, page_of
from hypernet.domain.errors import InvalidCursor
from hypernet.domain.page import Page
from hypernet.domain.search import SEARCHABLE_TYPES, SearchHit, SearchQuery
from hypernet.mappers.search import SearchMapper

# The list pages by (rank, id) of the last hit shown.
SearchKey = tuple[float, UUID]
_MAX_RANK = 3.4e38


def by_rank(hit: SearchHit) -> tuple[float, UUID]:
    return hit.rank, hit.id


async def search(request: web.Request) -> web.Response:
    q = read_query(request, SearchQuery)
    types = type_list(q.types, SEARCHABLE_TYPES, "searchable")
    key = decode_key(q.cursor, SearchKey)
    # A rank is a real (float4): anything past its range was never issued by this service.
    if key is not None and not abs(key[0]) <= _MAX_RANK:
        raise InvalidCursor("cursor is not one this service issued")
    hits = await SearchMapper(db(request)).search(
        user_id(request),
        q.q,
        types=types,
        start=q.from_,
        end=q.to,
        after=(None, None) if key is None else key,
        limit=q.limit + 1,
    )
    return json_response(page_of(hits, q.limit, by_rank))


# fmt: off
ROUTES = [
    Route("GET", "/v1/search", search,
          "Search every type with text: one list, best match first, each hit with a snippet",
          "search", query=SearchQuery, response=Page[SearchHit], errors=(400, 401, 422)),
]
# fmt: on
