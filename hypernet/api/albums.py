"""HTTP handlers for /v1/albums: parse, validate, call AlbumMapper, encode."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import (
    Route,
    db,
    json_response,
    no_content,
    path_uuid,
    read_json,
    read_query,
    user_id,
)
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import (
    OrderKey,
    by_created,
    decode_cursor,
    decode_key,
    page_of,
)
from hypernet.domain.albums import Album, AlbumCreate, AlbumPatch, MediaIdList, MembershipResult
from hypernet.domain.errors import NotFound
from hypernet.domain.media import Media
from hypernet.domain.page import Page, PageQuery
from hypernet.mappers.albums import AlbumMapper


async def list_albums(request: web.Request) -> web.Response:
    q = read_query(request, PageQuery)
    rows = await AlbumMapper(db(request)).list_live(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, by_created))


async def list_album_media(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    q = read_query(request, PageQuery)
    mapper = AlbumMapper(db(request))
    uid = user_id(request)
    rows = await mapper.list_media(
        uid, album_id, limit=q.limit + 1, after=decode_key(q.cursor, OrderKey)
    )
    if not rows and await mapper.get(uid, album_id) is None:
        raise NotFound(album_id)
    # Rows are (position, media): the position is the cursor's key, the media the item.
    page = page_of(rows, q.limit, lambda row: (row[0], row[1].id))
    return json_response(
        Page(items=[media for _, media in page.items], next_cursor=page.next_cursor)
    )


async def add_album_media(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    body = await read_json(request, MediaIdList)
    result = await AlbumMapper(db(request)).add_media(user_id(request), album_id, body.media_ids)
    return json_response(result)


async def remove_album_media(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    media_id = path_uuid(request, "media_id")
    await AlbumMapper(db(request)).remove_media(user_id(request), album_id, media_id)
    return no_content()


async def reorder_album_media(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    body = await read_json(request, MediaIdList)
    await AlbumMapper(db(request)).reorder_media(user_id(request), album_id, body.media_ids)
    return no_content()


_ID = "/v1/albums/{id}"

ALBUMS = Lifecycle(
    path="/v1/albums",
    tag="albums",
    noun="album",
    mapper=AlbumMapper,
    item=Album,
    create=AlbumCreate,
    patch=AlbumPatch,
    summaries={
        "create": "Create an album",
        "update": "Change an album (name, description, cover, metadata)",
        "delete": "Move an album to the trash",
        "restore": "Restore an album from the trash",
    },
    # A cover that is not a live media item of the caller (404).
    create_errors=(*ONE, 422),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/albums", list_albums, "List live albums, newest first", "albums",
          query=PageQuery, response=Page[Album], errors=(400, 401, 422)),
    *lifecycle_routes(ALBUMS),
    Route("GET", _ID + "/media", list_album_media, "List an album's media in album order",
          "albums", query=PageQuery, response=Page[Media], errors=(*ONE, 422)),
    Route("POST", _ID + "/media", add_album_media, "Add media to an album (all or nothing)",
          "albums", body=MediaIdList, response=MembershipResult, errors=(*ONE, 422)),
    Route("PUT", _ID + "/media/order", reorder_album_media,
          "Reorder an album: list each of its visible media once, in the new order", "albums",
          body=MediaIdList, status=204, errors=(*ONE, 409, 422)),
    Route("DELETE", _ID + "/media/{media_id}", remove_album_media,
          "Take a media item out of an album", "albums", status=204, errors=ONE),
]
# fmt: on
