"""HTTP handlers for /v1/integrations: connections to external services and their OAuth tokens.

The tokens go in (PUT .../secrets) and never come out: an integration shows only whether it has
them and when the access token expires. The audit row of a secrets write names the integration
and the request, never the tokens.
"""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import (
    Route,
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
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_created, by_sort_at, decode_cursor, page_of
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

INTEGRATIONS = Lifecycle(
    path="/v1/integrations",
    tag="integrations",
    noun="integration",
    mapper=IntegrationMapper,
    item=Integration,
    create=IntegrationCreate,
    patch=IntegrationPatch,
    summaries={
        "create": "Connect an external service",
        "get": "Fetch one integration (never its tokens)",
        "update": "Change fields of an integration",
        "restore": "Restore an integration from the trash",
        "delete": "Move an integration to the trash (its imported media stay)",
    },
    # The same external account connected twice (409), also on a restore.
    create_errors=(400, 401, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/integrations", list_integrations, "List live integrations, newest first",
          "integrations", query=PageQuery, response=Page[Integration],
          errors=(400, 401, 422)),
    *lifecycle_routes(INTEGRATIONS),
    Route("PUT", _ID + "/secrets", put_integration_secrets,
          "Store the integration's OAuth tokens, encrypted; they are never returned",
          "integrations", body=SecretsWrite, status=204, etag=True,
          errors=(*ONE, 412, 413, 422)),
    Route("DELETE", _ID + "/secrets", delete_integration_secrets,
          "Forget the integration's OAuth tokens", "integrations", status=204, etag=True,
          errors=(*ONE, 412)),
    Route("GET", _ID + "/media", list_integration_media,
          "List live media imported through an integration, newest first", "integrations",
          query=PageQuery, response=Page[Media], errors=(*ONE, 422)),
]
# fmt: on
