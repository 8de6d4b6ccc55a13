"""DeviceMapper: one user's devices over sql/devices/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.devices import SEEN_AHEAD, Device, DeviceCreate, identifiers_problem
from hypernet.domain.errors import Conflict, InvalidField, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("devices/get_live")
_GET_ANY = query("devices/get_any")
_LIST = query("devices/list_live_by_seen")
_LIST_OF_TYPE = query("devices/list_live_of_type_by_seen")
_LIST_TRASH = query("devices/list_trash")
_INSERT = query("devices/insert")
_UPDATE = query("devices/update_live")
_SOFT_DELETE = query("devices/soft_delete")
_RESTORE = query("devices/restore")
_IMPORT = query("devices/import_batch")
_FIND_IMPORTED = query("devices/find_imported")
_PURGE = query("devices/purge_expired")

_SOURCE_TAKEN = "a live device with the same source_platform and source_object_id already exists"


def device_from_row(row: asyncpg.Record) -> Device:
    return Device(**row)


def _check_seen(path: str, seen: datetime | None) -> None:
    """last_seen_at only moves forward, so one far ahead of the clock would stick: refused."""
    if seen is not None and seen > datetime.now(UTC) + SEEN_AHEAD:
        raise InvalidField(path, "is in the future")


def _check_identifiers(path: str, identifiers: dict[str, Any] | None) -> None:
    if identifiers is not None and (problem := identifiers_problem(identifiers)) is not None:
        raise InvalidField(path + problem[0], problem[1])


class DeviceMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, device_id: UUID) -> Device | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, device_id)
        return None if row is None else device_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
        device_type: str | None = None,
    ) -> list[Device]:
        """Live devices, most recently seen first; the type filter has its own index."""
        at, id_ = after
        if device_type is not None:
            rows = await self.db.fetch(_LIST_OF_TYPE.sql, user_id, device_type, at, id_, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [device_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Device]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [device_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: DeviceCreate) -> Device:
        """Conflict when a live device holds the import key."""
        _check_seen("$.last_seen_at", new.last_seen_at)
        _check_identifiers("$.identifiers", new.identifiers)
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        try:
            row = await self.db.fetchrow(
                _INSERT.sql,
                user_id,
                new.name,
                new.device_type,
                new.os,
                new.os_version,
                new.last_seen_at,
                new.identifiers,
                new.metadata,
                new.source_integration_id,
                new.source_platform,
                new.source_object_id,
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(_SOURCE_TAKEN) from None
        return device_from_row(row)

    async def update(
        self,
        user_id: UUID,
        device_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Device:
        """Apply the given fields (last_seen_at only forward); NotFound, or PreconditionFailed
        when the version moved on."""
        _check_seen("$.last_seen_at", changes.get("last_seen_at"))
        _check_identifiers("$.identifiers", changes.get("identifiers"))
        row = await self.db.fetchrow(_UPDATE.sql, user_id, device_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, device_id, if_updated_at
            ) or NotFound(device_id)
        return device_from_row(row)

    async def soft_delete(
        self, user_id: UUID, device_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, device_id, if_updated_at
        )

    async def restore(self, user_id: UUID, device_id: UUID) -> Device:
        """Back from the trash; Conflict when a live device holds its import key."""
        try:
            row = await self.db.fetchrow(_RESTORE.sql, user_id, device_id)
        except asyncpg.UniqueViolationError:
            raise Conflict(_SOURCE_TAKEN) from None
        if row is None:
            raise NotFound(device_id)
        return device_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[DeviceCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live device holds their
        import key) are counted, not copied, and answered with that one's id. Every
        source_integration_id must be a live integration of the user (MissingReferences, nothing
        stored). Run it in a transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        for i, item in enumerate(items):
            _check_seen(f"$[{i}].last_seen_at", item.last_seen_at)
            _check_identifiers(f"$[{i}].identifiers", item.identifiers)
        await require_live_integrations(
            self.db,
            user_id,
            {
                f"$[{i}].source_integration_id": it.source_integration_id
                for i, it in enumerate(items)
            },
        )
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of devices trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
