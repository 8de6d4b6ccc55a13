"""HealthRecordMapper: one user's health records over sql/health_records/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import NotFound
from hypernet.domain.health_records import HealthDay, HealthRecord, HealthRecordCreate
from hypernet.domain.imports import ImportResult
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("health_records/get_live")
_GET_ANY = query("health_records/get_any")
_LIST = query("health_records/list_live_by_recorded")
_LIST_OF_TYPE = query("health_records/list_live_of_type")
_SUMMARY = query("health_records/summary_by_day")
_LIST_TRASH = query("health_records/list_trash")
_INSERT = query("health_records/insert")
_UPDATE = query("health_records/update_live")
_SOFT_DELETE = query("health_records/soft_delete")
_RESTORE = query("health_records/restore")
_IMPORT = query("health_records/import_batch")
_FIND_IMPORTED = query("health_records/find_imported")
_PURGE = query("health_records/purge_expired")

# The list's keyset: (recorded_at, id) of the last record shown.
ListPoint = tuple[datetime | None, UUID | None]


def health_record_from_row(row: asyncpg.Record) -> HealthRecord:
    return HealthRecord(**row)


class HealthRecordMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, record_id: UUID) -> HealthRecord | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, record_id)
        return None if row is None else health_record_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        record_type: str | None = None,
        from_at: datetime | None = None,
        to_at: datetime | None = None,
        after: ListPoint = (None, None),
    ) -> list[HealthRecord]:
        """Live records newest first, of one type or all, within [from_at, to_at) if given."""
        if record_type is None:
            rows = await self.db.fetch(_LIST.sql, user_id, from_at, to_at, *after, limit)
        else:
            rows = await self.db.fetch(
                _LIST_OF_TYPE.sql, user_id, record_type, from_at, to_at, *after, limit
            )
        return [health_record_from_row(r) for r in rows]

    async def summary(
        self, user_id: UUID, record_type: str, from_at: datetime, to_at: datetime, tz: str
    ) -> list[HealthDay]:
        """Daily aggregates of one type in [from_at, to_at), days in the time zone tz."""
        rows = await self.db.fetch(_SUMMARY.sql, user_id, record_type, from_at, to_at, tz)
        return [HealthDay(**r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[HealthRecord]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [health_record_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: HealthRecordCreate) -> HealthRecord:
        """A live record with the same import key raises UniqueViolationError (409)."""
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.record_type,
            new.recorded_at,
            new.value,
            new.value2,
            new.unit,
            new.label,
            new.source_device,
            new.metadata,
            new.source_platform,
            new.source_object_id,
        )
        return health_record_from_row(row)

    async def update(
        self,
        user_id: UUID,
        record_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> HealthRecord:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on. A
        change the record's type does not allow (a unit, value2) is a CheckViolationError."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, record_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, record_id, if_updated_at
            ) or NotFound(record_id)
        return health_record_from_row(row)

    async def soft_delete(
        self, user_id: UUID, record_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, record_id, if_updated_at
        )

    async def restore(self, user_id: UUID, record_id: UUID) -> HealthRecord:
        """Back from the trash; a live record with the same import key raises
        UniqueViolationError (409)."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, record_id)
        if row is None:
            raise NotFound(record_id)
        return health_record_from_row(row)

    async def import_batch(
        self, user_id: UUID, items: Sequence[HealthRecordCreate]
    ) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live record holds their
        import key) are counted, not copied, and answered with that one's id."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of records trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
