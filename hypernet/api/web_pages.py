"""HTTP handlers for /v1/web/pages: parse, validate, call WebPageMapper, encode."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_created, decode_cursor, page_of
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.domain.web_pages import (
    WebPage,
    WebPageCreate,
    WebPageImport,
    WebPageListQuery,
    WebPagePatch,
)
from hypernet.mappers.web_pages import WebPageMapper


async def list_web_pages(request: web.Request) -> web.Response:
    q = read_query(request, WebPageListQuery)
    rows = await WebPageMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        reading_state=q.reading_state,
    )
    return json_response(page_of(rows, q.limit, by_created))


async def import_web_pages(request: web.Request) -> web.Response:
    items = await read_json(request, WebPageImport)
    result = await WebPageMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


WEB_PAGES = Lifecycle(
    path="/v1/web/pages",
    tag="web_pages",
    noun="web_page",
    mapper=WebPageMapper,
    item=WebPage,
    create=WebPageCreate,
    patch=WebPagePatch,
    summaries={
        "create": "Save a web page to read",
        "trash": "List soft-deleted web pages",
        "get": "Fetch one saved web page",
        "update": "Change fields of a saved web page (reading_state, title, content, ...)",
        "delete": "Move a saved web page to the trash",
        "restore": "Restore a saved web page from the trash",
    },
    # A source_integration_id that is not the caller's (404); a live page with the same
    # canonical_url or import key (409).
    create_errors=(400, 401, 404, 409, 422),
    update_errors=(*ONE, 409, 412, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/web/pages", list_web_pages,
          "List live saved web pages, newest first, optionally in one reading_state",
          "web_pages", query=WebPageListQuery, response=Page[WebPage], errors=(400, 401, 422)),
    *lifecycle_routes(WEB_PAGES),
    Route("POST", "/v1/web/pages/import", import_web_pages,
          "Import a batch of up to 1,000 web pages idempotently", "web_pages",
          body=WebPageImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
