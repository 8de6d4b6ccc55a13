"""HTTP handlers for /v1/media: parse, validate, call MediaMapper, encode."""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from hypernet.api.http import (
    Route,
    audit_object,
    db,
    if_match,
    json_response,
    no_content,
    path_uuid,
    read_json,
    read_query,
    user_id,
)
from hypernet.api.pagination import by_deleted, by_sort_at, decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.errors import NotFound
from hypernet.domain.media import (
    ImportResult,
    Media,
    MediaCreate,
    MediaImport,
    MediaListQuery,
    MediaPatch,
)
from hypernet.domain.page import Page, PageQuery
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


async def list_trash(request: web.Request) -> web.Response:
    q = read_query(request, PageQuery)
    rows = await MediaMapper(db(request)).list_trash(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, by_deleted))


async def get_media(request: web.Request) -> web.Response:
    media_id = path_uuid(request)
    media = await MediaMapper(db(request)).get(user_id(request), media_id)
    if media is None:
        raise NotFound(media_id)
    return json_response(media, etag=media.updated_at)


async def create_media(request: web.Request) -> web.Response:
    body = await read_json(request, MediaCreate)
    media = await MediaMapper(db(request)).create(user_id(request), body)
    audit_object(request, media.id)
    response = json_response(media, 201, etag=media.updated_at)
    response.headers["Location"] = f"/v1/media/{media.id}"
    return response


async def update_media(request: web.Request) -> web.Response:
    media_id = path_uuid(request)
    expected = if_match(request)
    patch = await read_json(request, MediaPatch)
    media = await MediaMapper(db(request)).update(
        user_id(request), media_id, patch.changes(), expected
    )
    return json_response(media, etag=media.updated_at)


async def delete_media(request: web.Request) -> web.Response:
    media_id = path_uuid(request)
    expected = if_match(request)
    await MediaMapper(db(request)).soft_delete(user_id(request), media_id, expected)
    return no_content()


async def restore_media(request: web.Request) -> web.Response:
    media_id = path_uuid(request)
    media = await MediaMapper(db(request)).restore(user_id(request), media_id)
    return json_response(media, etag=media.updated_at)


async def import_media(request: web.Request) -> web.Response:
    items = await read_json(request, MediaImport)
    result = await MediaMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


_ID = "/v1/media/{id}"
_NOT_FOUND = (400, 401, 404)

# fmt: off
ROUTES = [
    Route("GET", "/v1/media", list_media, "List live media, newest first", "media",
          query=MediaListQuery, response=Page[Media], errors=(400, 401, 422)),
    Route("POST", "/v1/media", create_media, "Store a media item", "media",
          body=MediaCreate, response=Media, status=201, etag=True, errors=(400, 401, 409, 422)),
    Route("GET", "/v1/media/trash", list_trash, "List soft-deleted media", "media",
          query=PageQuery, response=Page[Media], errors=(400, 401, 422)),
    Route("POST", "/v1/media/import", import_media,
          "Import a batch of up to 1,000 items idempotently", "media",
          body=MediaImport, response=ImportResult, errors=(400, 401, 413, 422)),
    Route("GET", _ID, get_media, "Fetch one media item", "media",
          response=Media, etag=True, errors=_NOT_FOUND),
    Route("PATCH", _ID, update_media, "Change fields of a media item", "media",
          body=MediaPatch, response=Media, etag=True, errors=(*_NOT_FOUND, 412, 422)),
    Route("DELETE", _ID, delete_media, "Move a media item to the trash", "media",
          status=204, errors=(*_NOT_FOUND, 412)),
    Route("POST", _ID + "/restore", restore_media, "Restore a media item from the trash",
          "media", response=Media, etag=True, errors=(*_NOT_FOUND, 409)),
]
# fmt: on
