"""DocumentMapper: one user's documents over sql/documents/*.sql."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.documents import Document, DocumentCreate, DocumentSummary
from hypernet.domain.errors import MissingReferences, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("documents/get_live")
_GET_ANY = query("documents/get_any")
_LIST = query("documents/list_live_by_created")
_LIST_OF_MIME_TYPE = query("documents/list_live_of_mime_type")
_LIST_BY_TITLE = query("documents/list_live_by_title")
_LIST_TRASH = query("documents/list_trash")
_INSERT = query("documents/insert")
_UPDATE = query("documents/update_live")
_SOFT_DELETE = query("documents/soft_delete")
_RESTORE = query("documents/restore")
_IMPORT = query("documents/import_batch")
_FIND_IMPORTED = query("documents/find_imported")
_PURGE = query("documents/purge_expired")
_LOCK_LIVE_MEDIA = query("documents/lock_live_media")


def document_from_row(row: asyncpg.Record) -> Document:
    return Document(**row)


def summary_from_row(row: asyncpg.Record) -> DocumentSummary:
    return DocumentSummary(**row)


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    mime_type: str | None = None


class DocumentMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, document_id: UUID) -> Document | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, document_id)
        return None if row is None else document_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
        where: DocumentFilter = DocumentFilter(),
    ) -> list[DocumentSummary]:
        """Live documents newest first, all or of one mime type (each through its own index)."""
        at, id_ = after
        if where.mime_type is not None:
            rows = await self.db.fetch(
                _LIST_OF_MIME_TYPE.sql, user_id, where.mime_type, at, id_, limit
            )
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [summary_from_row(r) for r in rows]

    async def list_by_title(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[str | None, UUID | None] = (None, None),
    ) -> list[DocumentSummary]:
        """Live documents alphabetically by title (code point order), then id."""
        rows = await self.db.fetch(_LIST_BY_TITLE.sql, user_id, after[0], after[1], limit)
        return [summary_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Document]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [document_from_row(r) for r in rows]

    async def _check_media(self, user_id: UUID, paths: Mapping[str, UUID | None]) -> None:
        """Every media_id must name a live media item of the user (MissingReferences with the
        paths of those that do not: another user's, a missing or a trashed one); they are
        share-locked until the transaction ends, so none is trashed under the write."""
        named = {path: m for path, m in paths.items() if m is not None}
        if not named:
            return
        rows = await self.db.fetch(_LOCK_LIVE_MEDIA.sql, user_id, list(set(named.values())))
        live = {r["id"] for r in rows}
        missing = {path: m for path, m in named.items() if m not in live}
        if missing:
            raise MissingReferences(missing)

    async def create(self, user_id: UUID, new: DocumentCreate) -> Document:
        """A media_id or source_integration_id that is not a live object of the user raises
        MissingReferences; a live document with the same import key UniqueViolationError."""
        await self._check_media(user_id, {"$.media_id": new.media_id})
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.title,
            new.file_path,
            new.mime_type,
            new.size,
            new.hash,
            new.text_content,
            new.page_count,
            new.media_id,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return document_from_row(row)

    async def update(
        self,
        user_id: UUID,
        document_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Document:
        """Apply the given fields; a media_id must be a live media item of the user (404 with
        its path); NotFound, or PreconditionFailed when the version moved on."""
        media_id = changes.get("media_id")
        if media_id is not None:
            await self._check_media(user_id, {"$.media_id": media_id})
        row = await self.db.fetchrow(_UPDATE.sql, user_id, document_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, document_id, if_updated_at
            ) or NotFound(document_id)
        return document_from_row(row)

    async def soft_delete(
        self, user_id: UUID, document_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, document_id, if_updated_at
        )

    async def restore(self, user_id: UUID, document_id: UUID) -> Document:
        """Back from the trash; a live document with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, document_id)
        if row is None:
            raise NotFound(document_id)
        return document_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[DocumentCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live document holds
        their import key) are counted, not copied, and answered with that document's id. Every
        media_id and source_integration_id must be a live object of the user (MissingReferences
        with the paths, nothing stored). Run it in a transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        await self._check_media(
            user_id, {f"$[{i}].media_id": it.media_id for i, it in enumerate(items)}
        )
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
        """Hard-delete one batch of documents trashed before the cut-off; returns how many
        went. The media items they name stay."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
