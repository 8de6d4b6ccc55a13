"""Recording the audit trail: the middleware that writes each write's audit row in the write's
transaction, and request_event() for the handlers that record events themselves."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from aiohttp import web

from hypernet.api.admission import route_of
from hypernet.api.http import AUDIT_OBJECT, AUDIT_USER, POOL, REQUEST_ID, TX, USER_ID
from hypernet.domain.audit import NewAuditEvent
from hypernet.mappers.audit import AuditMapper


def request_event(request: web.Request, action: str, *, user: UUID, **fields: Any) -> NewAuditEvent:
    """An audit event carrying who asked, from where, under which request id."""
    return NewAuditEvent(
        user_id=user,
        action=action,
        request_id=request.get(REQUEST_ID),
        client_addr=request.remote,
        **fields,
    )


def _object_id(request: web.Request) -> UUID | None:
    if AUDIT_OBJECT in request:
        return request[AUDIT_OBJECT]
    raw = request.match_info.get("id")
    try:
        return UUID(raw) if raw else None
    except ValueError:
        return None


@web.middleware
async def audit_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """A writing route runs in one transaction with its audit row: both commit, or neither."""
    route = route_of(request)
    if route is None or not route.audited:
        return await handler(request)
    async with request.app[POOL].acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        request[TX] = conn
        try:
            response = await handler(request)
            owner = request.get(AUDIT_USER) or request.get(USER_ID)
            if response.status >= 400 or owner is None:
                await tx.rollback()
                return response
            event = request_event(
                request,
                route.action,
                user=owner,
                actor_id=request.get(USER_ID) or owner,
                object_type=route.tag,
                object_id=_object_id(request),
                details={"method": request.method, "path": request.path, "status": response.status},
            )
            await AuditMapper(conn).record(event)
        except BaseException:
            await tx.rollback()
            raise
        await tx.commit()
        return response
