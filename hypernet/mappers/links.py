"""LinkMapper: typed links between any two objects of one user over sql/links/*.sql."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import MissingReferences, NotFound
from hypernet.domain.links import Link, LinkCreate, ObjectLink
from hypernet.mappers.versions import rows_affected

_INSERT = query("links/insert")
_GET_LIVE = query("links/get_live")
_LIST_FROM = query("links/list_from")
_LIST_TO = query("links/list_to")
_LIST_OF_OBJECT = query("links/list_of_object")
_SOFT_DELETE = query("links/soft_delete")
_PURGE = query("links/purge_expired")

FromKey = tuple[str, int, UUID]


def link_from_row(row: asyncpg.Record) -> Link:
    return Link(**row)


def object_link_from_row(row: asyncpg.Record) -> ObjectLink:
    return ObjectLink(**row)


class LinkMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def create(self, user_id: UUID, new: LinkCreate) -> Link:
        """Both ends must be live objects of the user; a live duplicate is a unique violation."""
        rows = await self.db.fetch(
            _INSERT.sql,
            user_id,
            new.from_type,
            new.from_id,
            new.to_type,
            new.to_id,
            new.link_type,
            new.strength,
            new.sort_order,
            new.metadata,
        )
        if not rows:
            raise MissingReferences({"$.from_id": new.from_id, "$.to_id": new.to_id})
        return link_from_row(rows[0])

    async def get(self, user_id: UUID, link_id: UUID) -> Link | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, link_id)
        return None if row is None else link_from_row(row)

    async def list_from(
        self,
        user_id: UUID,
        object_id: UUID,
        *,
        link_type: str | None,
        limit: int,
        after: FromKey | None = None,
    ) -> list[Link]:
        a_type, a_order, a_id = after if after is not None else (None, None, None)
        rows = await self.db.fetch(
            _LIST_FROM.sql, user_id, object_id, link_type, a_type, a_order, a_id, limit
        )
        return [link_from_row(r) for r in rows]

    async def list_to(
        self,
        user_id: UUID,
        object_id: UUID,
        *,
        link_type: str | None,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Link]:
        rows = await self.db.fetch(
            _LIST_TO.sql, user_id, object_id, link_type, after[0], after[1], limit
        )
        return [link_from_row(r) for r in rows]

    async def list_of_object(
        self,
        user_id: UUID,
        object_type: str,
        object_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[ObjectLink] | None:
        """Both directions, newest first; None when the object is not a live one of the user."""
        rows = await self.db.fetch(
            _LIST_OF_OBJECT.sql, user_id, object_type, object_id, after[0], after[1], limit
        )
        if not rows:
            return None
        # A live object without links (past the cursor) comes back as one row of NULLs.
        return [object_link_from_row(r) for r in rows if r["id"] is not None]

    async def soft_delete(self, user_id: UUID, link_id: UUID) -> None:
        if not await self.db.fetch(_SOFT_DELETE.sql, user_id, link_id):
            raise NotFound(link_id)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
