"""BookmarkMapper: one user's bookmarks over sql/bookmarks/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.bookmarks import Bookmark, BookmarkCreate
from hypernet.domain.errors import MissingReferences, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.mappers.imports import SecondKey, import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match
from hypernet.mappers.web_pages import WebPageMapper

_GET_LIVE = query("bookmarks/get_live")
_GET_ANY = query("bookmarks/get_any")
_LIST = query("bookmarks/list_live_by_created")
_LIST_BY_TAG = query("bookmarks/list_live_by_tag")
_LIST_IN_FOLDER = query("bookmarks/list_live_in_folder")
_LIST_TRASH = query("bookmarks/list_trash")
_INSERT = query("bookmarks/insert")
_UPDATE = query("bookmarks/update_live")
_SOFT_DELETE = query("bookmarks/soft_delete")
_RESTORE = query("bookmarks/restore")
_IMPORT = query("bookmarks/import_batch")
_FIND_IMPORTED = query("bookmarks/find_imported")
_FIND_BY_URL = query("bookmarks/find_by_url")
# An item whose url a live row holds is existing too (its own unique key).
_SECOND_KEY = SecondKey(_FIND_BY_URL, "url", lambda item: item.url)
_PURGE = query("bookmarks/purge_expired")

_encode = msgspec.json.Encoder().encode


def bookmark_from_row(row: asyncpg.Record) -> Bookmark:
    return Bookmark(**row)


@dataclass(frozen=True, slots=True)
class BookmarkFilter:
    tag: str | None = None
    # A folder and every folder under it.
    folder: str | None = None


class BookmarkMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, bookmark_id: UUID) -> Bookmark | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, bookmark_id)
        return None if row is None else bookmark_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
        where: BookmarkFilter = BookmarkFilter(),
    ) -> list[Bookmark]:
        """Live bookmarks newest first; each filter is served by its own index."""
        at, id_ = after
        if where.tag is not None:
            rows = await self.db.fetch(_LIST_BY_TAG.sql, user_id, where.tag, at, id_, limit)
        elif where.folder is not None:
            rows = await self.db.fetch(_LIST_IN_FOLDER.sql, user_id, where.folder, at, id_, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [bookmark_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Bookmark]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [bookmark_from_row(r) for r in rows]

    async def _check_pages(self, user_id: UUID, paths: dict[str, UUID | None]) -> None:
        """Every web_page_id must name a live page of the user (MissingReferences with the paths
        of those that do not); they are share-locked until the transaction ends, so none is
        trashed under the write."""
        named = {path: p for path, p in paths.items() if p is not None}
        if not named:
            return
        live = await WebPageMapper(self.db).lock_live(user_id, set(named.values()))
        missing = {path: p for path, p in named.items() if p not in live}
        if missing:
            raise MissingReferences(missing)

    async def create(self, user_id: UUID, new: BookmarkCreate) -> Bookmark:
        """A live bookmark of the same url raises UniqueViolationError (409)."""
        await self._check_pages(user_id, {"$.web_page_id": new.web_page_id})
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.url,
            new.title,
            new.description,
            new.tags,
            new.folder_path,
            new.web_page_id,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return bookmark_from_row(row)

    async def update(
        self,
        user_id: UUID,
        bookmark_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Bookmark:
        """Apply the given fields; a web_page_id must be a live page of the user (404 with its
        path); NotFound, or PreconditionFailed when the version moved on."""
        page = changes.get("web_page_id")
        if page is not None:
            await self._check_pages(user_id, {"$.web_page_id": page})
        row = await self.db.fetchrow(_UPDATE.sql, user_id, bookmark_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, bookmark_id, if_updated_at
            ) or NotFound(bookmark_id)
        return bookmark_from_row(row)

    async def soft_delete(
        self, user_id: UUID, bookmark_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, bookmark_id, if_updated_at
        )

    async def restore(self, user_id: UUID, bookmark_id: UUID) -> Bookmark:
        """Back from the trash; a live bookmark with the same url or import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, bookmark_id)
        if row is None:
            raise NotFound(bookmark_id)
        return bookmark_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[BookmarkCreate]) -> ImportResult:
        """One set-based INSERT for the batch; an item whose import key or url a live bookmark
        already holds is counted as existing and answered with that bookmark's id. Every
        web_page_id and source_integration_id must be a live object of the user
        (MissingReferences, nothing stored). Run it in a transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        await self._check_pages(
            user_id, {f"$[{i}].web_page_id": it.web_page_id for i, it in enumerate(items)}
        )
        await require_live_integrations(
            self.db,
            user_id,
            {
                f"$[{i}].source_integration_id": it.source_integration_id
                for i, it in enumerate(items)
            },
        )
        return await import_by_source_key(
            self.db, _IMPORT, _FIND_IMPORTED, user_id, items, second=_SECOND_KEY
        )

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of bookmarks trashed before the cut-off; returns how many."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
