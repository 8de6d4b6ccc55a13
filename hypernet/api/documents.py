"""HTTP handlers for /v1/documents: parse, validate, call DocumentMapper, encode."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_created, decode_cursor, decode_key, page_of
from hypernet.api.problems import invalid
from hypernet.domain.documents import (
    Document,
    DocumentCreate,
    DocumentImport,
    DocumentListQuery,
    DocumentPatch,
    DocumentSummary,
)
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.mappers.documents import DocumentFilter, DocumentMapper

# The alphabetical list pages by (title, id) of the last document shown.
TitleKey = tuple[str, UUID]


def by_title(document: DocumentSummary) -> tuple[str, UUID]:
    return document.title, document.id


async def list_documents(request: web.Request) -> web.Response:
    q = read_query(request, DocumentListQuery)
    mapper = DocumentMapper(db(request))
    if q.order == "title":
        if q.mime_type is not None:
            raise invalid(
                "mime_type",
                "use with order=created",
                "the alphabetical list takes no mime_type filter",
                where="query",
            )
        key = decode_key(q.cursor, TitleKey)
        rows = await mapper.list_by_title(
            user_id(request), limit=q.limit + 1, after=(None, None) if key is None else key
        )
        return json_response(page_of(rows, q.limit, by_title))
    rows = await mapper.list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        where=DocumentFilter(mime_type=q.mime_type),
    )
    return json_response(page_of(rows, q.limit, by_created))


async def import_documents(request: web.Request) -> web.Response:
    items = await read_json(request, DocumentImport)
    result = await DocumentMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


DOCUMENTS = Lifecycle(
    path="/v1/documents",
    tag="documents",
    noun="document",
    mapper=DocumentMapper,
    item=Document,
    create=DocumentCreate,
    patch=DocumentPatch,
    summaries={
        "create": "Store a document (its file, extracted text, page count, media item)",
        "update": "Change a document (title, file, text, page count, media item, ...)",
    },
    # A media_id or source_integration_id that is not a live object of the caller (404); an
    # import key already held by a live document (409), on create and on restore.
    create_errors=(400, 401, 404, 409, 422),
    update_errors=(*ONE, 412, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/documents", list_documents,
          "List live documents without their text: newest first (optionally of one mime_type), "
          "or alphabetically by title (order=title)", "documents", query=DocumentListQuery,
          response=Page[DocumentSummary], errors=(400, 401, 422)),
    *lifecycle_routes(DOCUMENTS),
    Route("POST", "/v1/documents/import", import_documents,
          "Import a batch of up to 1,000 documents idempotently", "documents",
          body=DocumentImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
