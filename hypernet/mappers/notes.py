"""NoteMapper: one user's notes over sql/notes/*.sql."""

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
from hypernet.domain.notes import Note, NoteCreate
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("notes/get_live")
_GET_ANY = query("notes/get_any")
_LIST = query("notes/list_live_pinned_first")
_LIST_TRASH = query("notes/list_trash")
_INSERT = query("notes/insert")
_UPDATE = query("notes/update_live")
_SOFT_DELETE = query("notes/soft_delete")
_RESTORE = query("notes/restore")
_IMPORT = query("notes/import_batch")
_FIND_IMPORTED = query("notes/find_imported")
_PURGE = query("notes/purge_expired")

# The list's keyset: (pinned, updated_at, id) of the last note shown.
ListPoint = tuple[bool | None, datetime | None, UUID | None]


def note_from_row(row: asyncpg.Record) -> Note:
    return Note(**row)


class NoteMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, note_id: UUID) -> Note | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, note_id)
        return None if row is None else note_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        archived: bool = False,
        after: ListPoint = (None, None, None),
    ) -> list[Note]:
        """Live notes of one archived state, pinned first, then most recently changed first."""
        pinned, at, id_ = after
        rows = await self.db.fetch(_LIST.sql, user_id, archived, pinned, at, id_, limit)
        return [note_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Note]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [note_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: NoteCreate) -> Note:
        """A source_integration_id that is not a live integration of the user raises
        MissingReferences; a live note with the same import key UniqueViolationError."""
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.title,
            new.body,
            new.pinned,
            new.archived,
            new.created_at,
            new.updated_at,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return note_from_row(row)

    async def update(
        self,
        user_id: UUID,
        note_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Note:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, note_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, note_id, if_updated_at
            ) or NotFound(note_id)
        return note_from_row(row)

    async def soft_delete(
        self, user_id: UUID, note_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, note_id, if_updated_at
        )

    async def restore(self, user_id: UUID, note_id: UUID) -> Note:
        """Back from the trash; a live note with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, note_id)
        if row is None:
            raise NotFound(note_id)
        return note_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[NoteCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live note holds their
        import key) are counted, not copied, and answered with that note's id. Every
        source_integration_id must be a live integration of the user (MissingReferences with the
        paths, nothing stored). Run it in a transaction."""
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
        """Hard-delete one batch of notes trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
