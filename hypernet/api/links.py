"""HTTP handlers for /v1/links: parse, validate, call LinkMapper, encode."""

from __future__ import annotations

from typing import get_args

from aiohttp import web

from hypernet.api.http import (
    Route,
    audit_object,
    db,
    json_response,
    no_content,
    path_uuid,
    read_json,
    read_query,
    user_id,
)
from hypernet.api.pagination import by_created, decode_cursor, decode_key, page_of
from hypernet.api.problems import ProblemError, invalid
from hypernet.domain.errors import NotFound
from hypernet.domain.links import Link, LinkCreate, LinkListQuery, ObjectLink, ObjectType
from hypernet.domain.page import Page, PageQuery
from hypernet.mappers.links import FromKey, LinkMapper


async def list_links(request: web.Request) -> web.Response:
    q = read_query(request, LinkListQuery)
    if (q.from_ is None) == (q.to is None):
        raise invalid(
            "from",
            "exactly one of from, to",
            "give exactly one of from= or to= (the object whose links to list)",
        )
    mapper = LinkMapper(db(request))
    uid = user_id(request)
    if q.from_ is not None:
        rows = await mapper.list_from(
            uid,
            q.from_,
            link_type=q.link_type,
            limit=q.limit + 1,
            after=decode_key(q.cursor, FromKey),
        )
        page = page_of(
            rows, q.limit, lambda link: (link.link_type, link.sort_order, link.to_object_id)
        )
    else:
        assert q.to is not None
        rows = await mapper.list_to(
            uid, q.to, link_type=q.link_type, limit=q.limit + 1, after=decode_cursor(q.cursor)
        )
        page = page_of(rows, q.limit, by_created)
    return json_response(page)


_OBJECT_TYPES = frozenset(get_args(ObjectType))


async def list_object_links(request: web.Request) -> web.Response:
    object_type = request.match_info["object_type"]
    if object_type not in _OBJECT_TYPES:
        raise ProblemError(
            404,
            f"no object type {object_type[:60]!r}; the types are: "
            + ", ".join(sorted(_OBJECT_TYPES)),
        )
    object_id = path_uuid(request)
    q = read_query(request, PageQuery)
    links = await LinkMapper(db(request)).list_of_object(
        user_id(request),
        object_type,
        object_id,
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
    )
    if links is None:
        raise NotFound(object_id)
    return json_response(page_of(links, q.limit, by_created))


async def get_link(request: web.Request) -> web.Response:
    link_id = path_uuid(request)
    link = await LinkMapper(db(request)).get(user_id(request), link_id)
    if link is None:
        raise NotFound(link_id)
    return json_response(link, etag=link.updated_at)


async def create_link(request: web.Request) -> web.Response:
    body = await read_json(request, LinkCreate)
    link = await LinkMapper(db(request)).create(user_id(request), body)
    audit_object(request, link.id)
    response = json_response(link, 201, etag=link.updated_at)
    response.headers["Location"] = f"/v1/links/{link.id}"
    return response


async def delete_link(request: web.Request) -> web.Response:
    await LinkMapper(db(request)).soft_delete(user_id(request), path_uuid(request))
    return no_content()


# fmt: off
ROUTES = [
    Route("GET", "/v1/links", list_links, "List the links leaving (from=) or reaching (to=) an "
          "object", "links", query=LinkListQuery, response=Page[Link], errors=(400, 401, 422)),
    Route("POST", "/v1/links", create_link, "Link two live objects of the caller", "links",
          body=LinkCreate, response=Link, status=201, etag=True, errors=(400, 401, 404, 409, 422)),
    Route("GET", "/v1/objects/{object_type}/{id}/links", list_object_links, "List an object's "
          "links in both directions, newest first, with the other end's title", "links",
          query=PageQuery, response=Page[ObjectLink], errors=(400, 401, 404, 422)),
    Route("GET", "/v1/links/{id}", get_link, "Fetch one link", "links",
          response=Link, etag=True, errors=(400, 401, 404)),
    Route("DELETE", "/v1/links/{id}", delete_link, "Delete a link (both rows of a symmetric one)",
          "links", status=204, errors=(400, 401, 404)),
]
# fmt: on
