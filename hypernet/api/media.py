"""HTTP handlers for /v1/media: parse, validate, call MediaMapper, encode."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from hypernet.api.http import (
    MAX_JSON_DEPTH,
    Route,
    db,
    json_depth_exceeds,
    json_response,
    read_json,
    read_query,
    user_id,
)
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_sort_at, decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.imports import ImportResult
from hypernet.domain.media import Media, MediaCreate, MediaImport, MediaListQuery, MediaPatch
from hypernet.domain.page import Page
from hypernet.mappers.media import MediaFilter, MediaMapper


def _metadata_filter(q: MediaListQuery) -> dict[str, Any] | None:
    if q.metadata is None:
        return None
    if q.media_type is not None or q.taken_after is not None or q.taken_before is not None:
        raise invalid(
            "metadata",
            "use on its own",
            "metadata cannot be combined with media_type, taken_after or taken_before",
        )
    if json_depth_exceeds(q.metadata.encode()):
        raise invalid(
            "metadata",
            f"nested more than {MAX_JSON_DEPTH} levels deep",
            f"metadata nests arrays or objects more than {MAX_JSON_DEPTH} levels deep",
        )
    try:
        value = msgspec.json.decode(q.metadata, type=dict[str, Any])
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise invalid(
            "metadata",
            "not a JSON object",
            'metadata must be a JSON object, e.g. {"camera":"X100V"}',
        ) from None
    return value


async def list_media(request: web.Request) -> web.Response:
    q = read_query(request, MediaListQuery)
    where = MediaFilter(
        media_type=q.media_type,
        taken_after=q.taken_after,
        taken_before=q.taken_before,
        metadata_contains=_metadata_filter(q),
    )
    rows = await MediaMapper(db(request)).list_live(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor), where=where
    )
    return json_response(page_of(rows, q.limit, by_sort_at))


async def import_media(request: web.Request) -> web.Response:
    items = await read_json(request, MediaImport)
    result = await MediaMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


_ID = "/v1/media/{id}"

MEDIA = Lifecycle(
    path="/v1/media",
    tag="media",
    noun="media",
    mapper=MediaMapper,
    item=Media,
    create=MediaCreate,
    patch=MediaPatch,
    summaries={
        "create": "Store a media item",
        "trash": "List soft-deleted media",
        "get": "Fetch one media item",
        "update": "Change fields of a media item",
        "delete": "Move a media item to the trash",
        "restore": "Restore a media item from the trash",
    },
    # A source_integration_id that is not the caller's (404); an import key already live (409).
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
    handler_names={"trash": "list_trash"},
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/media", list_media, "List live media, newest first", "media",
          query=MediaListQuery, response=Page[Media], errors=(400, 401, 422)),
    *lifecycle_routes(MEDIA),
    Route("POST", "/v1/media/import", import_media,
          "Import a batch of up to 1,000 items idempotently", "media",
          body=MediaImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
