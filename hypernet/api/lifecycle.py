"""The routes every soft-deletable aggregate with ETags shares: trash, get, create, PATCH,
delete, restore. One aggregate declares them as data (a Lifecycle row); its module keeps only
what is its own (lists with filters, sub-resources)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from hypernet.api.http import (
    Handler,
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
from hypernet.api.pagination import by_deleted, decode_cursor, page_of
from hypernet.db.pool import Executor
from hypernet.domain.errors import NotFound
from hypernet.domain.page import Page, PageQuery

# A bad id in the path (400), no or a bad token (401), not the caller's or not there (404).
ONE = (400, 401, 404)


@dataclass(frozen=True)
class Lifecycle:
    """One aggregate's standard routes under `path`. The mapper takes an executor and answers
    get, list_trash, create, update, soft_delete and restore as MediaMapper does."""

    path: str
    tag: str
    # Names the handlers, and so the audit actions: `albums.create_album`.
    noun: str
    mapper: Callable[[Executor], Any]
    item: type
    create: type
    patch: type
    # Per verb (trash, get, create, update, delete, restore): the OpenAPI summary, when the
    # default does not say enough.
    summaries: Mapping[str, str] = field(default_factory=dict)
    # Statuses beyond the standard ones: a create that names other objects (404), a restore
    # that collides with a live import key (409), ...
    create_errors: tuple[int, ...] = (400, 401, 422)
    restore_errors: tuple[int, ...] = ONE
    # A PATCH that can collide with a live unique key (409) says so here.
    update_errors: tuple[int, ...] = (*ONE, 412, 422)
    # Per verb: the handler's name where it is not `<verb>_<noun>` (it is the OpenAPI
    # operationId, and the audit action of a write), so that published names stay as they were.
    handler_names: Mapping[str, str] = field(default_factory=dict)

    def summary(self, verb: str, default: str) -> str:
        return self.summaries.get(verb, default)


def _named(spec: Lifecycle, verb: str, handler: Handler, default: str) -> Handler:
    handler.__name__ = handler.__qualname__ = spec.handler_names.get(verb, default)
    return handler


def lifecycle_routes(spec: Lifecycle) -> list[Route]:
    """Route rows for the trash list, create, get, PATCH, DELETE and restore of `spec`; the
    trash list comes before `{id}` so that `/trash` is never read as an id."""

    async def list_trash(request: web.Request) -> web.Response:
        q = read_query(request, PageQuery)
        rows = await spec.mapper(db(request)).list_trash(
            user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
        )
        return json_response(page_of(rows, q.limit, by_deleted))

    async def get(request: web.Request) -> web.Response:
        object_id = path_uuid(request)
        item = await spec.mapper(db(request)).get(user_id(request), object_id)
        if item is None:
            raise NotFound(object_id)
        return json_response(item, etag=item.updated_at)

    async def create(request: web.Request) -> web.Response:
        body: Any = await read_json(request, spec.create)
        item = await spec.mapper(db(request)).create(user_id(request), body)
        audit_object(request, item.id)
        response = json_response(item, 201, etag=item.updated_at)
        response.headers["Location"] = f"{spec.path}/{item.id}"
        return response

    async def update(request: web.Request) -> web.Response:
        object_id = path_uuid(request)
        expected = if_match(request)
        patch: Any = await read_json(request, spec.patch)
        item = await spec.mapper(db(request)).update(
            user_id(request), object_id, patch.changes(), expected
        )
        return json_response(item, etag=item.updated_at)

    async def delete(request: web.Request) -> web.Response:
        object_id = path_uuid(request)
        expected = if_match(request)
        await spec.mapper(db(request)).soft_delete(user_id(request), object_id, expected)
        return no_content()

    async def restore(request: web.Request) -> web.Response:
        object_id = path_uuid(request)
        item = await spec.mapper(db(request)).restore(user_id(request), object_id)
        return json_response(item, etag=item.updated_at)

    one = spec.path + "/{id}"
    noun, tag, item = spec.noun, spec.tag, spec.item
    named = {
        verb: _named(spec, verb, handler, default)
        for verb, handler, default in (
            ("create", create, f"create_{noun}"),
            ("trash", list_trash, f"list_{noun}_trash"),
            ("get", get, f"get_{noun}"),
            ("update", update, f"update_{noun}"),
            ("delete", delete, f"delete_{noun}"),
            ("restore", restore, f"restore_{noun}"),
        )
    }
    # fmt: off
    return [
        Route("POST", spec.path, named["create"], spec.summary("create", f"Create a {noun}"),
              tag, body=spec.create, response=item, status=201, etag=True,
              errors=spec.create_errors),
        Route("GET", spec.path + "/trash", named["trash"],
              spec.summary("trash", f"List soft-deleted {tag}"), tag, query=PageQuery,
              response=Page[item], errors=(400, 401, 422)),  # type: ignore[valid-type]
        Route("GET", one, named["get"], spec.summary("get", f"Fetch one {noun}"), tag,
              response=item, etag=True, errors=ONE),
        Route("PATCH", one, named["update"], spec.summary("update", f"Change fields of a {noun}"),
              tag, body=spec.patch, response=item, etag=True, errors=spec.update_errors),
        Route("DELETE", one, named["delete"], spec.summary("delete", f"Move a {noun} to the trash"),
              tag, status=204, errors=(*ONE, 412)),
        Route("POST", one + "/restore", named["restore"],
              spec.summary("restore", f"Restore a {noun} from the trash"), tag, response=item,
              etag=True, errors=spec.restore_errors),
    ]
    # fmt: on
