"""NotificationMapper: one user's notifications over sql/notifications/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.notifications import Notification, NotificationCreate
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("notifications/get_live")
_GET_ANY = query("notifications/get_any")
_LIST = query("notifications/list_live_unread_first")
_COUNT_UNREAD = query("notifications/count_unread")
_MARK_ALL_READ = query("notifications/mark_all_read")
_LIST_TRASH = query("notifications/list_trash")
_INSERT = query("notifications/insert")
_UPDATE = query("notifications/update_live")
_SOFT_DELETE = query("notifications/soft_delete")
_RESTORE = query("notifications/restore")
_IMPORT = query("notifications/import_batch")
_FIND_IMPORTED = query("notifications/find_imported")
_PURGE = query("notifications/purge_expired")


# The list's keyset: (is_read, created_at, id) of the last row shown.
ListPoint = tuple[bool | None, datetime | None, UUID | None]


def notification_from_row(row: asyncpg.Record) -> Notification:
    return Notification(**row)


class NotificationMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, notification_id: UUID) -> Notification | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, notification_id)
        return None if row is None else notification_from_row(row)

    async def list_live(
        self, user_id: UUID, *, limit: int, after: ListPoint = (None, None, None)
    ) -> list[Notification]:
        """Live notifications, unread first, each part newest first."""
        is_read, at, id_ = after
        rows = await self.db.fetch(_LIST.sql, user_id, is_read, at, id_, limit)
        return [notification_from_row(r) for r in rows]

    async def count_unread(self, user_id: UUID) -> int:
        return int(await self.db.fetchval(_COUNT_UNREAD.sql, user_id))

    async def mark_all_read(self, user_id: UUID) -> int:
        """Mark every unread live notification read; returns how many were unread."""
        return rows_affected(await self.db.execute(_MARK_ALL_READ.sql, user_id))

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Notification]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [notification_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: NotificationCreate) -> Notification:
        """A live notification with the same import key raises UniqueViolationError."""
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.kind,
            new.title,
            new.body,
            new.is_read,
            new.object_type,
            new.object_id,
            new.metadata,
            new.source_platform,
            new.source_object_id,
        )
        return notification_from_row(row)

    async def update(
        self,
        user_id: UUID,
        notification_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Notification:
        """Apply the given fields (is_read marks it read or unread); NotFound, or
        PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, notification_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, notification_id, if_updated_at
            ) or NotFound(notification_id)
        return notification_from_row(row)

    async def soft_delete(
        self, user_id: UUID, notification_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, notification_id, if_updated_at
        )

    async def restore(self, user_id: UUID, notification_id: UUID) -> Notification:
        """Back from the trash; a live notification with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, notification_id)
        if row is None:
            raise NotFound(notification_id)
        return notification_from_row(row)

    async def import_batch(
        self, user_id: UUID, items: Sequence[NotificationCreate]
    ) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live notification holds
        their import key) are counted, not copied, and answered with that one's id."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of notifications trashed before the cut-off; returns how many
        went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
