"""TimelineMapper: one user's items of every type in a window, over sql/timeline/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.timeline import TimelineItem

_LIST_WINDOW = query("timeline/list_window")


class TimelineMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def list_window(
        self,
        user_id: UUID,
        *,
        from_at: datetime | None,
        to_at: datetime | None,
        types: Sequence[str],
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[TimelineItem]:
        """Items of the given types with `at` in [from_at, to_at), newest first by (at, id),
        after the key `after`; a None bound is no bound."""
        rows = await self.db.fetch(
            _LIST_WINDOW.sql, user_id, after[0], after[1], from_at, to_at, list(types), limit
        )
        return [TimelineItem(**r) for r in rows]
