"""WebPageMapper: one user's saved pages over sql/web_pages/*.sql."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.web_pages import WebPage, WebPageCreate
from hypernet.mappers.imports import SecondKey, import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("web_pages/get_live")
_GET_ANY = query("web_pages/get_any")
_LIST = query("web_pages/list_live_by_created")
_LIST_IN_STATE = query("web_pages/list_live_in_state_by_created")
_LIST_TRASH = query("web_pages/list_trash")
_INSERT = query("web_pages/insert")
_UPDATE = query("web_pages/update_live")
_SOFT_DELETE = query("web_pages/soft_delete")
_RESTORE = query("web_pages/restore")
_LOCK_LIVE = query("web_pages/lock_live")
_IMPORT = query("web_pages/import_batch")
_FIND_IMPORTED = query("web_pages/find_imported")
_FIND_BY_CANONICAL_URL = query("web_pages/find_by_canonical_url")
# An item whose canonical_url a live row holds is existing too (its own unique key).
_SECOND_KEY = SecondKey(_FIND_BY_CANONICAL_URL, "canonical_url", lambda item: item.canonical_url)
_PURGE = query("web_pages/purge_expired")

_encode = msgspec.json.Encoder().encode


def web_page_from_row(row: asyncpg.Record) -> WebPage:
    return WebPage(**row)


class WebPageMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, page_id: UUID) -> WebPage | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, page_id)
        return None if row is None else web_page_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
        reading_state: str | None = None,
    ) -> list[WebPage]:
        """Live pages newest saved first; the reading-state filter has its own index."""
        at, id_ = after
        if reading_state is not None:
            rows = await self.db.fetch(_LIST_IN_STATE.sql, user_id, reading_state, at, id_, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [web_page_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[WebPage]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [web_page_from_row(r) for r in rows]

    async def lock_live(self, user_id: UUID, ids: Collection[UUID]) -> set[UUID]:
        """Which of the ids are live pages of the user, share-locked until the caller's
        transaction ends (so none is trashed while a bookmark is pointed at it)."""
        if not ids:
            return set()
        rows = await self.db.fetch(_LOCK_LIVE.sql, user_id, list(ids))
        return {r["id"] for r in rows}

    async def create(self, user_id: UUID, new: WebPageCreate) -> WebPage:
        """A live page with the same canonical_url raises UniqueViolationError (409)."""
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.url,
            new.canonical_url,
            new.title,
            new.site_name,
            new.content_text,
            new.fetched_at,
            new.reading_state,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return web_page_from_row(row)

    async def update(
        self,
        user_id: UUID,
        page_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> WebPage:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, page_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, page_id, if_updated_at
            ) or NotFound(page_id)
        return web_page_from_row(row)

    async def soft_delete(
        self, user_id: UUID, page_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, page_id, if_updated_at
        )

    async def restore(self, user_id: UUID, page_id: UUID) -> WebPage:
        """Back from the trash; a live page with the same canonical_url or import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, page_id)
        if row is None:
            raise NotFound(page_id)
        return web_page_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[WebPageCreate]) -> ImportResult:
        """One set-based INSERT for the batch; an item whose import key or canonical_url a live
        page already holds is counted as existing and answered with that page's id. Run it in a
        transaction, so the integration check and the insert hold together."""
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
        return await import_by_source_key(
            self.db, _IMPORT, _FIND_IMPORTED, user_id, items, second=_SECOND_KEY
        )

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of pages trashed before the cut-off (their bookmarks stay and
        stop naming them); returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
