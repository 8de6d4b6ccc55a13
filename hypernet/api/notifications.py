"""HTTP handlers for /v1/notifications: parse, validate, call NotificationMapper, encode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_key, page_of
from hypernet.domain.fields import AwareDatetime
from hypernet.domain.imports import ImportResult
from hypernet.domain.notifications import (
    MarkedRead,
    Notification,
    NotificationCreate,
    NotificationImport,
    NotificationPatch,
    UnreadCount,
)
from hypernet.domain.page import Page, PageQuery
from hypernet.mappers.notifications import NotificationMapper

# The list pages by (is_read, created_at, id) of the last notification shown.
ListKey = tuple[bool, AwareDatetime, UUID]


def by_read_then_newest(n: Notification) -> tuple[bool, datetime, UUID]:
    return n.is_read, n.created_at, n.id


async def list_notifications(request: web.Request) -> web.Response:
    q = read_query(request, PageQuery)
    key = decode_key(q.cursor, ListKey)
    rows = await NotificationMapper(db(request)).list_live(
        user_id(request), limit=q.limit + 1, after=(None, None, None) if key is None else key
    )
    return json_response(page_of(rows, q.limit, by_read_then_newest))


async def count_unread_notifications(request: web.Request) -> web.Response:
    unread = await NotificationMapper(db(request)).count_unread(user_id(request))
    return json_response(UnreadCount(unread=unread))


async def mark_all_notifications_read(request: web.Request) -> web.Response:
    marked = await NotificationMapper(db(request)).mark_all_read(user_id(request))
    return json_response(MarkedRead(marked=marked))


async def import_notifications(request: web.Request) -> web.Response:
    items = await read_json(request, NotificationImport)
    result = await NotificationMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


NOTIFICATIONS = Lifecycle(
    path="/v1/notifications",
    tag="notifications",
    noun="notification",
    mapper=NotificationMapper,
    item=Notification,
    create=NotificationCreate,
    patch=NotificationPatch,
    summaries={"update": "Change a notification, or mark it read or unread (is_read)"},
    # An import key already held by a live notification (409), on create and on restore.
    create_errors=(400, 401, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/notifications", list_notifications,
          "List live notifications, unread first, then newest first", "notifications",
          query=PageQuery, response=Page[Notification], errors=(400, 401, 422)),
    # Before the lifecycle's /{id}, so that these paths are never read as an id.
    Route("GET", "/v1/notifications/unread-count", count_unread_notifications,
          "How many live notifications are unread", "notifications",
          response=UnreadCount, errors=(401,)),
    Route("POST", "/v1/notifications/mark-all-read", mark_all_notifications_read,
          "Mark every unread notification read", "notifications",
          response=MarkedRead, errors=(401,)),
    *lifecycle_routes(NOTIFICATIONS),
    Route("POST", "/v1/notifications/import", import_notifications,
          "Import a batch of up to 1,000 notifications idempotently", "notifications",
          body=NotificationImport, response=ImportResult, errors=(400, 401, 413, 422)),
]
# fmt: on
