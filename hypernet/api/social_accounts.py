"""HTTP handlers for /v1/social/accounts: parse, validate, call SocialAccountMapper, encode."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_key, page_of
from hypernet.domain.errors import InvalidCursor
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.domain.social_accounts import (
    SocialAccount,
    SocialAccountCreate,
    SocialAccountImport,
    SocialAccountListQuery,
    SocialAccountPatch,
)
from hypernet.mappers.social_accounts import SocialAccountMapper

# The account list's key: (platform, handle), unique among live accounts.
_HandleKey = tuple[str, str]


def _by_platform_handle(account: SocialAccount) -> tuple[str, str]:
    return account.platform, account.handle


async def list_social_accounts(request: web.Request) -> web.Response:
    q = read_query(request, SocialAccountListQuery)
    after: tuple[str, str] | None = decode_key(q.cursor, _HandleKey)
    if after is not None and q.platform is not None and after[0] != q.platform:
        raise InvalidCursor("cursor belongs to a list of another platform")
    rows = await SocialAccountMapper(db(request)).list_live(
        user_id(request), limit=q.limit + 1, after=after, platform=q.platform
    )
    return json_response(page_of(rows, q.limit, _by_platform_handle))


async def import_social_accounts(request: web.Request) -> web.Response:
    items = await read_json(request, SocialAccountImport)
    result = await SocialAccountMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


SOCIAL_ACCOUNTS = Lifecycle(
    path="/v1/social/accounts",
    tag="social",
    noun="social_account",
    mapper=SocialAccountMapper,
    item=SocialAccount,
    create=SocialAccountCreate,
    patch=SocialAccountPatch,
    summaries={
        "create": "Add a social account",
        "trash": "List soft-deleted social accounts",
        "get": "Fetch one social account",
        "update": "Change fields of a social account",
        "delete": "Move a social account and its posts to the trash",
        "restore": "Restore a social account and the posts trashed with it",
    },
    # A live account with the same platform and handle, or import key (409), also on a PATCH
    # of the handle and on a restore; a source_integration_id not the caller's (404).
    create_errors=(400, 401, 404, 409, 422),
    update_errors=(*ONE, 409, 412, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/social/accounts", list_social_accounts,
          "List live social accounts by platform, then handle", "social",
          query=SocialAccountListQuery, response=Page[SocialAccount], errors=(400, 401, 422)),
    *lifecycle_routes(SOCIAL_ACCOUNTS),
    Route("POST", "/v1/social/accounts/import", import_social_accounts,
          "Import a batch of up to 1,000 social accounts idempotently", "social",
          body=SocialAccountImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
