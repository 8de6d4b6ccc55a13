"""MediaMapper: one user's media over sql/media/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.db.rows import positional
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.media import Media, MediaCreate
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("media/get_live")
_GET_ANY = query("media/get_any")
_LIST = query("media/list_live_by_sort_at")
_LIST_OF_TYPE = query("media/list_live_of_type_by_sort_at")
_LIST_BY_METADATA = query("media/list_live_by_metadata")
_LIST_TRASH = query("media/list_trash")
_INSERT = query("media/insert")
_UPDATE = query("media/update_live")
_SOFT_DELETE = query("media/soft_delete")
_RESTORE = query("media/restore")
_IMPORT = query("media/import_batch")
_FIND_IMPORTED = query("media/find_imported")
_LIST_BY_INTEGRATION = query("media/list_live_by_source_integration")
_PURGE = query("media/purge_expired")


media_from_row = positional(
    Media,
    _GET_LIVE,
    _LIST,
    _LIST_OF_TYPE,
    _LIST_BY_METADATA,
    _LIST_TRASH,
    _INSERT,
    _UPDATE,
    _RESTORE,
    _LIST_BY_INTEGRATION,
)


@dataclass(frozen=True, slots=True)
class MediaFilter:
    media_type: str | None = None
    taken_after: datetime | None = None
    taken_before: datetime | None = None
    metadata_contains: dict[str, Any] | None = None
    source_integration_id: UUID | None = None


class MediaMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, media_id: UUID) -> Media | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, media_id)
        return None if row is None else media_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
        where: MediaFilter = MediaFilter(),
    ) -> list[Media]:
        """Live media newest first; each filter is served by its own index."""
        at, id_ = after
        if where.source_integration_id is not None:
            rows = await self.db.fetch(
                _LIST_BY_INTEGRATION.sql, user_id, where.source_integration_id, at, id_, limit
            )
        elif where.metadata_contains is not None:
            rows = await self.db.fetch(
                _LIST_BY_METADATA.sql, user_id, where.metadata_contains, at, id_, limit
            )
        elif where.media_type is not None:
            rows = await self.db.fetch(
                _LIST_OF_TYPE.sql,
                user_id,
                where.media_type,
                at,
                id_,
                where.taken_after,
                where.taken_before,
                limit,
            )
        else:
            rows = await self.db.fetch(
                _LIST.sql, user_id, at, id_, where.taken_after, where.taken_before, limit
            )
        return [media_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Media]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [media_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: MediaCreate) -> Media:
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.filename,
            new.media_type,
            new.mime_type,
            new.size,
            new.file_path,
            new.hash,
            new.width,
            new.height,
            new.duration,
            new.taken_at,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return media_from_row(row)

    async def update(
        self,
        user_id: UUID,
        media_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Media:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, media_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, media_id, if_updated_at
            ) or NotFound(media_id)
        return media_from_row(row)

    async def soft_delete(
        self, user_id: UUID, media_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, media_id, if_updated_at
        )

    async def restore(self, user_id: UUID, media_id: UUID) -> Media:
        """Back from the trash; a live item with the same import key raises UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, media_id)
        if row is None:
            raise NotFound(media_id)
        return media_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[MediaCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported are counted, not copied,
        and their ids are looked up by import key (seed 001's "check if already imported").

        Every source_integration_id must name a live integration of the user (MissingReferences,
        nothing stored). Run it in a transaction, so that check and insert hold together.
        """
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
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
        """Hard-delete one batch of media trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
