"""HTTP handlers for /v1/integrations: connections to external services and their OAuth tokens.

The tokens go in (PUT .../secrets) and never come out: an integration shows only whether it has
them and when the access token expires. The audit row of a secrets write names the integration
and the request, never the tokens.
"""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import (
    Route,
    audit_object,
    db,
    etag_of,
    if_match,
    json_response,
    no_content,
    path_uuid,
    read_json,
    read_query,
    user_id,
)
from hypernet.api.keys import KEYRING
from hypernet.api.pagination import by_created, by_deleted, by_sort_at, decode_cursor, page_of
from hypernet.domain.errors import NotFound
from hypernet.domain.integrations import (
    Integration,
    IntegrationCreate,
    IntegrationPatch,
    SecretsWrite,
)
from hypernet.domain.media import Media
from hypernet.domain.page import Page, PageQuery
from hypernet.mappers.integrations import IntegrationMapper, IntegrationSecretsMapper
from hypernet.mappers.media import MediaFilter, MediaMapper


async def list_integrations(request: web.Request) -> web.Response:
    q = read_query(request, PageQuery)
    rows = await IntegrationMapper(db(request)).list_live(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, by_created))


async def list_integration_trash(request: web.Request) -> web.Response:
    q = read_query(request, PageQuery)
    rows = await IntegrationMapper(db(request)).list_trash(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, by_deleted))


async def get_integration(request: web.Request) -> web.Response:
    integration_id = path_uuid(request)
    integration = await IntegrationMapper(db(request)).get(user_id(request), integration_id)
    if integration is None:
        raise NotFound(integration_id)
    return json_response(integration, etag=integration.updated_at)


async def create_integration(request: web.Request) -> web.Response:
    body = await read_json(request, IntegrationCreate)
    integration = await IntegrationMapper(db(request)).create(user_id(request), body)
    audit_object(request, integration.id)
    response = json_response(integration, 201, etag=integration.updated_at)
    response.headers["Location"] = f"/v1/integrations/{integration.id}"
    return response


async def update_integration(request: web.Request) -> web.Response:
    integration_id = path_uuid(request)
    expected = if_match(request)
    patch = await read_json(request, IntegrationPatch)
    integration = await IntegrationMapper(db(request)).update(
        user_id(request), integration_id, patch.changes(), expected
    )
    return json_response(integration, etag=integration.updated_at)


async def delete_integration(request: web.Request) -> web.Response:
    integration_id = path_uuid(request)
    expected = if_match(request)
    await IntegrationMapper(db(request)).soft_delete(user_id(request), integration_id, expected)
    return no_content()


async def restore_integration(request: web.Request) -> web.Response:
    integration_id = path_uuid(request)
    integration = await IntegrationMapper(db(request)).restore(user_id(request), integration_id)
    return json_response(integration, etag=integration.updated_at)


def _no_content_with_etag(etag: str) -> web.Response:
    response = no_content()
    response.headers["ETag"] = etag
    return response


async def put_integration_secrets(request: web.Request) -> web.Response:
    integration_id = path_uuid(request)
    expected = if_match(request)
    body = await read_json(request, SecretsWrite)
    mapper = IntegrationSecretsMapper(db(request), request.app[KEYRING])
    updated_at = await mapper.put(user_id(request), integration_id, body, expected)
    return _no_content_with_etag(etag_of(updated_at))


async def delete_integration_secrets(request: web.Request) -> web.Response:
    integration_id = path_uuid(request)
    expected = if_match(request)
    mapper = IntegrationSecretsMapper(db(request), request.app[KEYRING])
    updated_at = await mapper.delete(user_id(request), integration_id, expected)
    return _no_content_with_etag(etag_of(updated_at))


async def list_integration_media(request: web.Request) -> web.Response:
    integration_id = path_uuid(request)
    q = read_query(request, PageQuery)
    uid = user_id(request)
    if await IntegrationMapper(db(request)).get(uid, integration_id) is None:
        raise NotFound(integration_id)
    rows = await MediaMapper(db(request)).list_live(
        uid,
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        where=MediaFilter(source_integration_id=integration_id),
    )
    return json_response(page_of(rows, q.limit, by_sort_at))


_ID = "/v1/integrations/{id}"
_NOT_FOUND = (400, 401, 404)

# fmt: off
ROUTES = [
    Route("GET", "/v1/integrations", list_integrations, "List live integrations, newest first",
          "integrations", query=PageQuery, response=Page[Integration],
          errors=(400, 401, 422)),
    Route("POST", "/v1/integrations", create_integration, "Connect an external service",
          "integrations", body=IntegrationCreate, response=Integration, status=201, etag=True,
          errors=(400, 401, 409, 422)),
    Route("GET", "/v1/integrations/trash", list_integration_trash,
          "List soft-deleted integrations", "integrations", query=PageQuery,
          response=Page[Integration], errors=(400, 401, 422)),
    Route("GET", _ID, get_integration, "Fetch one integration (never its tokens)",
          "integrations", response=Integration, etag=True, errors=_NOT_FOUND),
    Route("PATCH", _ID, update_integration, "Change fields of an integration", "integrations",
          body=IntegrationPatch, response=Integration, etag=True,
          errors=(*_NOT_FOUND, 412, 422)),
    Route("DELETE", _ID, delete_integration,
          "Move an integration to the trash (its imported media stay)", "integrations",
          status=204, errors=(*_NOT_FOUND, 412)),
    Route("POST", _ID + "/restore", restore_integration,
          "Restore an integration from the trash", "integrations", response=Integration,
          etag=True, errors=(*_NOT_FOUND, 409)),
    Route("PUT", _ID + "/secrets", put_integration_secrets,
          "Store the integration's OAuth tokens, encrypted; they are never returned",
          "integrations", body=SecretsWrite, status=204, etag=True,
          errors=(*_NOT_FOUND, 412, 413, 422)),
    Route("DELETE", _ID + "/secrets", delete_integration_secrets,
          "Forget the integration's OAuth tokens", "integrations", status=204, etag=True,
          errors=(*_NOT_FOUND, 412)),
    Route("GET", _ID + "/media", list_integration_media,
          "List live media imported through an integration, newest first", "integrations",
          query=PageQuery, response=Page[Media], errors=(*_NOT_FOUND, 422)),
]
# fmt: on
