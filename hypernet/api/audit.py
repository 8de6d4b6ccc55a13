"""HTTP handler for GET /v1/audit: the caller's audit trail (recorded by api/auditing.py)."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_query, user_id
from hypernet.api.pagination import decode_cursor, page_of
from hypernet.domain.audit import AuditEvent
from hypernet.domain.page import Page, PageQuery
from hypernet.mappers.audit import AuditMapper


async def list_audit(request: web.Request) -> web.Response:
    q = read_query(request, PageQuery)
    rows = await AuditMapper(db(request)).list_for_user(
        user_id(request), limit=q.limit + 1, after=decode_cursor(q.cursor)
    )
    return json_response(page_of(rows, q.limit, lambda event: (event.occurred_at, event.id)))


# fmt: off
ROUTES = [
    Route(
        "GET",
        "/v1/audit",
        list_audit,
        "List the caller's audit events, newest first",
        "audit",
        query=PageQuery,
        response=Page[AuditEvent],
        errors=(400, 401, 422),
    ),
]
# fmt: on
