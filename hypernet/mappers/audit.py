"""AuditMapper: append to and read the audit log over sql/audit/*.sql."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.audit import AuditEvent, NewAuditEvent

_INSERT = query("audit/insert")
_LIST = query("audit/list_by_user")


def audit_event_from_row(row: asyncpg.Record) -> AuditEvent:
    return AuditEvent(**row)


class AuditMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def record(self, event: NewAuditEvent) -> None:
        await self.db.execute(
            _INSERT.sql,
            event.user_id,
            event.actor_id,
            event.action,
            event.object_type,
            event.object_id,
            event.request_id,
            event.client_addr,
            event.details,
        )

    async def list_for_user(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[AuditEvent]:
        rows = await self.db.fetch(_LIST.sql, user_id, after[0], after[1], limit)
        return [audit_event_from_row(r) for r in rows]
