"""HTTP handlers for /v1/social/posts: parse, validate, call SocialPostMapper, encode."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, path_uuid, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page, PageQuery
from hypernet.domain.social_posts import (
    SocialPost,
    SocialPostCreate,
    SocialPostImport,
    SocialPostListQuery,
    SocialPostPatch,
)
from hypernet.mappers.social_posts import SocialPostFilter, SocialPostMapper


def _by_posted_at(post: SocialPost) -> tuple[object, ...]:
    return post.posted_at, post.id


async def list_social_posts(request: web.Request) -> web.Response:
    q = read_query(request, SocialPostListQuery)
    if q.account_id is not None and q.platform is not None:
        raise invalid(
            "platform",
            "use account_id or platform, not both",
            "an account's posts are all of its platform: filter by account_id or by platform",
            where="query",
        )
    rows = await SocialPostMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        where=SocialPostFilter(account_id=q.account_id, platform=q.platform),
    )
    return json_response(page_of(rows, q.limit, _by_posted_at))


async def list_social_post_replies(request: web.Request) -> web.Response:
    post_id = path_uuid(request)
    q = read_query(request, PageQuery)
    rows = await SocialPostMapper(db(request)).list_replies(
        user_id(request), post_id, limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, _by_posted_at))


async def import_social_posts(request: web.Request) -> web.Response:
    items = await read_json(request, SocialPostImport)
    result = await SocialPostMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


SOCIAL_POSTS = Lifecycle(
    path="/v1/social/posts",
    tag="social",
    noun="social_post",
    mapper=SocialPostMapper,
    item=SocialPost,
    create=SocialPostCreate,
    patch=SocialPostPatch,
    summaries={
        "create": "Store a social post",
        "trash": "List soft-deleted social posts",
        "get": "Fetch one social post",
        "update": "Change fields of a social post",
        "delete": "Move a social post to the trash",
        "restore": "Restore a social post from the trash",
    },
    # An account_id or reply_to_post_id that is not the caller's live object (404); an import
    # key already live (409).
    create_errors=(400, 401, 404, 409, 422),
    # Its account is in the trash, or a live post holds its import key (409).
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/social/posts", list_social_posts,
          "List live social posts, newest first", "social",
          query=SocialPostListQuery, response=Page[SocialPost], errors=(400, 401, 422)),
    *lifecycle_routes(SOCIAL_POSTS),
    Route("GET", "/v1/social/posts/{id}/replies", list_social_post_replies,
          "List the live replies to a social post, oldest first", "social",
          query=PageQuery, response=Page[SocialPost], errors=(*ONE, 422)),
    Route("POST", "/v1/social/posts/import", import_social_posts,
          "Import a batch of up to 1,000 social posts idempotently", "social",
          body=SocialPostImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
