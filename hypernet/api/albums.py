"""HTTP handlers for /v1/albums: parse, validate, call AlbumMapper, encode."""

from __future__ import annotations

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
from hypernet.api.pagination import (
    OrderKey,
    by_created,
    by_deleted,
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


async def list_album_trash(request: web.Request) -> web.Response:
    q = read_query(request, PageQuery)
    rows = await AlbumMapper(db(request)).list_trash(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, by_deleted))


async def get_album(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    album = await AlbumMapper(db(request)).get(user_id(request), album_id)
    if album is None:
        raise NotFound(album_id)
    return json_response(album, etag=album.updated_at)


async def create_album(request: web.Request) -> web.Response:
    body = await read_json(request, AlbumCreate)
    album = await AlbumMapper(db(request)).create(user_id(request), body)
    audit_object(request, album.id)
    response = json_response(album, 201, etag=album.updated_at)
    response.headers["Location"] = f"/v1/albums/{album.id}"
    return response


async def update_album(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    expected = if_match(request)
    patch = await read_json(request, AlbumPatch)
    album = await AlbumMapper(db(request)).update(
        user_id(request), album_id, patch.changes(), expected
    )
    return json_response(album, etag=album.updated_at)


async def delete_album(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    expected = if_match(request)
    await AlbumMapper(db(request)).soft_delete(user_id(request), album_id, expected)
    return no_content()


async def restore_album(request: web.Request) -> web.Response:
    album_id = path_uuid(request)
    album = await AlbumMapper(db(request)).restore(user_id(request), album_id)
    return json_response(album, etag=album.updated_at)


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
_NF = (400, 401, 404)

# fmt: off
ROUTES = [
    Route("GET", "/v1/albums", list_albums, "List live albums, newest first", "albums",
          query=PageQuery, response=Page[Album], errors=(400, 401, 422)),
    Route("POST", "/v1/albums", create_album, "Create an album", "albums",
          body=AlbumCreate, response=Album, status=201, etag=True, errors=(*_NF, 422)),
    Route("GET", "/v1/albums/trash", list_album_trash, "List soft-deleted albums", "albums",
          query=PageQuery, response=Page[Album], errors=(400, 401, 422)),
    Route("GET", _ID, get_album, "Fetch one album", "albums",
          response=Album, etag=True, errors=_NF),
    Route("PATCH", _ID, update_album, "Change an album (name, description, cover, metadata)",
          "albums", body=AlbumPatch, response=Album, etag=True, errors=(*_NF, 412, 422)),
    Route("DELETE", _ID, delete_album, "Move an album to the trash", "albums",
          status=204, errors=(*_NF, 412)),
    Route("POST", _ID + "/restore", restore_album, "Restore an album from the trash", "albums",
          response=Album, etag=True, errors=_NF),
    Route("GET", _ID + "/media", list_album_media, "List an album's media in album order",
          "albums", query=PageQuery, response=Page[Media], errors=(*_NF, 422)),
    Route("POST", _ID + "/media", add_album_media, "Add media to an album (all or nothing)",
          "albums", body=MediaIdList, response=MembershipResult, errors=(*_NF, 422)),
    Route("PUT", _ID + "/media/order", reorder_album_media,
          "Reorder an album: list each of its visible media once, in the new order", "albums",
          body=MediaIdList, status=204, errors=(*_NF, 409, 422)),
    Route("DELETE", _ID + "/media/{media_id}", remove_album_media,
          "Take a media item out of an album", "albums", status=204, errors=_NF),
]
# fmt: on
