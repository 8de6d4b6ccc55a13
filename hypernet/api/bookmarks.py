"""HTTP handlers for /v1/bookmarks: parse, validate, call BookmarkMapper, encode."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_created, decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.bookmarks import (
    Bookmark,
    BookmarkCreate,
    BookmarkImport,
    BookmarkListQuery,
    BookmarkPatch,
)
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.mappers.bookmarks import BookmarkFilter, BookmarkMapper


async def list_bookmarks(request: web.Request) -> web.Response:
    q = read_query(request, BookmarkListQuery)
    if q.tag is not None and q.folder is not None:
        raise invalid(
            "folder", "use on its own", "tag and folder cannot be combined", where="query"
        )
    rows = await BookmarkMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        where=BookmarkFilter(tag=q.tag, folder=q.folder),
    )
    return json_response(page_of(rows, q.limit, by_created))


async def import_bookmarks(request: web.Request) -> web.Response:
    items = await read_json(request, BookmarkImport)
    result = await BookmarkMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


BOOKMARKS = Lifecycle(
    path="/v1/bookmarks",
    tag="bookmarks",
    noun="bookmark",
    mapper=BookmarkMapper,
    item=Bookmark,
    create=BookmarkCreate,
    patch=BookmarkPatch,
    summaries={
        "create": "Bookmark an address",
        "update": "Change a bookmark (url, title, tags, folder, saved page, ...)",
    },
    # A web_page_id or source_integration_id that is not a live object of the caller (404); a
    # live bookmark of the same url or import key (409).
    create_errors=(400, 401, 404, 409, 422),
    update_errors=(*ONE, 409, 412, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/bookmarks", list_bookmarks,
          "List live bookmarks, newest first: all, with one tag, or in a folder and its "
          "sub-folders", "bookmarks", query=BookmarkListQuery, response=Page[Bookmark],
          errors=(400, 401, 422)),
    *lifecycle_routes(BOOKMARKS),
    Route("POST", "/v1/bookmarks/import", import_bookmarks,
          "Import a batch of up to 1,000 bookmarks idempotently", "bookmarks",
          body=BookmarkImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
