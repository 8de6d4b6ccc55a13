"""HTTP handlers for /v1/emails: parse, validate, call EmailMapper, encode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, path_uuid, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_sent_at, decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.emails import (
    Email,
    EmailCreate,
    EmailImport,
    EmailListQuery,
    EmailPatch,
    EmailThread,
    MarkRead,
    MarkReadResult,
    ThreadListQuery,
)
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page, PageQuery
from hypernet.mappers.emails import EmailFilter, EmailMapper


def by_latest(thread: EmailThread) -> tuple[datetime, UUID]:
    return thread.latest_at, thread.thread_id


async def list_emails(request: web.Request) -> web.Response:
    q = read_query(request, EmailListQuery)
    if q.source_integration_id is not None and (q.label is not None or q.unread):
        raise invalid(
            "source_integration_id",
            "use on its own",
            "source_integration_id cannot be combined with label or unread",
            where="query",
        )
    where = EmailFilter(
        label=q.label, unread=q.unread, source_integration_id=q.source_integration_id
    )
    rows = await EmailMapper(db(request)).list_live(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor), where=where
    )
    return json_response(page_of(rows, q.limit, by_sent_at))


async def list_email_threads(request: web.Request) -> web.Response:
    q = read_query(request, ThreadListQuery)
    rows = await EmailMapper(db(request)).list_threads(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        label=q.label,
        unread=q.unread,
    )
    return json_response(page_of(rows, q.limit, by_latest))


async def list_email_thread(request: web.Request) -> web.Response:
    thread_id = path_uuid(request, "thread_id")
    q = read_query(request, PageQuery)
    mapper = EmailMapper(db(request))
    uid = user_id(request)
    # A thread exists while one of its messages is live; otherwise 404, like any missing id.
    if await mapper.get_thread(uid, thread_id) is None:
        raise NotFound(thread_id)
    rows = await mapper.list_thread(
        uid, thread_id, limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, by_sent_at))


async def mark_emails_read(request: web.Request) -> web.Response:
    body = await read_json(request, MarkRead)
    matched, changed = await EmailMapper(db(request)).mark_read(
        user_id(request), body.ids, body.is_read
    )
    return json_response(MarkReadResult(matched=matched, changed=changed))


async def import_emails(request: web.Request) -> web.Response:
    items = await read_json(request, EmailImport)
    result = await EmailMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


EMAILS = Lifecycle(
    path="/v1/emails",
    tag="emails",
    noun="email",
    mapper=EmailMapper,
    item=Email,
    create=EmailCreate,
    patch=EmailPatch,
    summaries={
        "create": "Store a message (its thread follows from References/In-Reply-To)",
        "trash": "List soft-deleted messages",
        "get": "Fetch one message",
        "update": "Change labels, read, starred or metadata of a message",
        "delete": "Move a message to the trash",
        "restore": "Restore a message from the trash",
    },
    # A source_integration_id that is not the caller's (404); a Message-ID or import key
    # already live (409).
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/emails", list_emails, "List live messages, newest first", "emails",
          query=EmailListQuery, response=Page[Email], errors=(400, 401, 422)),
    Route("GET", "/v1/emails/threads", list_email_threads,
          "List threads by their latest message, newest first", "emails",
          query=ThreadListQuery, response=Page[EmailThread], errors=(400, 401, 422)),
    Route("GET", "/v1/emails/threads/{thread_id}", list_email_thread,
          "List the messages of one thread in the order they were sent", "emails",
          query=PageQuery, response=Page[Email], errors=(*ONE, 422)),
    Route("POST", "/v1/emails/mark-read", mark_emails_read,
          "Mark up to 1,000 messages read or unread (all or nothing)", "emails",
          body=MarkRead, response=MarkReadResult, errors=(400, 401, 404, 413, 422)),
    Route("POST", "/v1/emails/import", import_emails,
          "Import a batch of up to 1,000 messages idempotently", "emails",
          body=EmailImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
    *lifecycle_routes(EMAILS),
]
# fmt: on
