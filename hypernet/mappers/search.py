"""SearchMapper: one user's full-text search over sql/search/*.sql (a query per type, and one
across types)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.search import SEARCHABLE_TYPES, SearchHit

_ALL_TYPES = query("search/all_types")
_ONE_TYPE = {
    "media": query("search/media"),
    "social_post": query("search/social_posts"),
    "email": query("search/emails"),
    "contact": query("search/contacts"),
    "web_page": query("search/web_pages"),
    "bookmark": query("search/bookmarks"),
    "calendar_event": query("search/calendar_events"),
    "task": query("search/tasks"),
    "note": query("search/notes"),
    "document": query("search/documents"),
    "transaction": query("search/transactions"),
}
assert set(_ONE_TYPE) == set(SEARCHABLE_TYPES)

# The keyset: (rank, id) of the last hit shown; (None, None) on the first page.
SearchPoint = tuple[float | None, UUID | None]


class SearchMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def search(
        self,
        user_id: UUID,
        q: str,
        *,
        types: Sequence[str] | None,
        start: datetime | None,
        end: datetime | None,
        after: SearchPoint,
        limit: int,
    ) -> list[SearchHit]:
        """Best first (rank descending, then id). One type reads that type's query alone; more
        read the query across types, whose branches for other types do nothing."""
        rank, id_ = after
        if types is not None and len(types) == 1:
            rows = await self.db.fetch(
                _ONE_TYPE[types[0]].sql, user_id, q, start, end, rank, id_, limit
            )
        else:
            chosen = None if types is None else list(types)
            rows = await self.db.fetch(
                _ALL_TYPES.sql, user_id, q, chosen, start, end, rank, id_, limit
            )
        return [SearchHit(**r) for r in rows]
