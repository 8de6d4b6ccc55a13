"""AiInteractionMapper: one user's AI interactions and their usage totals over
sql/ai_interactions/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.ai_interactions import (
    AiInteraction,
    AiInteractionCreate,
    AiModelUsage,
    check_cost,
)
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("ai_interactions/get_live")
_GET_ANY = query("ai_interactions/get_any")
_LIST = query("ai_interactions/list_live_by_created_at")
_LIST_OF_CONVERSATION = query("ai_interactions/list_live_of_conversation")
_LIST_OF_MODEL = query("ai_interactions/list_live_of_model")
_USAGE = query("ai_interactions/usage_by_model")
_LIST_TRASH = query("ai_interactions/list_trash")
_INSERT = query("ai_interactions/insert")
_UPDATE = query("ai_interactions/update_live")
_SOFT_DELETE = query("ai_interactions/soft_delete")
_RESTORE = query("ai_interactions/restore")
_IMPORT = query("ai_interactions/import_batch")
_FIND_IMPORTED = query("ai_interactions/find_imported")
_PURGE = query("ai_interactions/purge_expired")


TimeCursor = tuple[datetime | None, UUID | None]


def ai_interaction_from_row(row: asyncpg.Record) -> AiInteraction:
    return AiInteraction(**row)


@dataclass(frozen=True, slots=True)
class AiInteractionFilter:
    conversation_id: str | None = None
    model: str | None = None


class AiInteractionMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, interaction_id: UUID) -> AiInteraction | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, interaction_id)
        return None if row is None else ai_interaction_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: TimeCursor = (None, None),
        where: AiInteractionFilter = AiInteractionFilter(),
    ) -> list[AiInteraction]:
        """Live interactions newest first; each filter is served by its own index."""
        if where.conversation_id is not None:
            rows = await self.db.fetch(
                _LIST_OF_CONVERSATION.sql, user_id, where.conversation_id, *after, limit
            )
        elif where.model is not None:
            rows = await self.db.fetch(_LIST_OF_MODEL.sql, user_id, where.model, *after, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, *after, limit)
        return [ai_interaction_from_row(r) for r in rows]

    async def usage(self, user_id: UUID, start: datetime, end: datetime) -> list[AiModelUsage]:
        """Totals per model and currency of the live interactions in [start, end)."""
        rows = await self.db.fetch(_USAGE.sql, user_id, start, end)
        return [AiModelUsage(**r) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: TimeCursor = (None, None)
    ) -> list[AiInteraction]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [ai_interaction_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: AiInteractionCreate) -> AiInteraction:
        """InvalidField for a cost numeric(12, 6) cannot hold exactly; MissingReferences for a
        source_integration_id that is not a live integration of the user."""
        check_cost("$.cost", new.cost)
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.conversation_id,
            new.model,
            new.prompt,
            new.response,
            new.tokens_in,
            new.tokens_out,
            new.cost,
            new.currency,
            new.latency_ms,
            new.created_at,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return ai_interaction_from_row(row)

    async def update(
        self,
        user_id: UUID,
        interaction_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> AiInteraction:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        if "cost" in changes:
            check_cost("$.cost", changes["cost"])
        row = await self.db.fetchrow(_UPDATE.sql, user_id, interaction_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, interaction_id, if_updated_at
            ) or NotFound(interaction_id)
        return ai_interaction_from_row(row)

    async def soft_delete(
        self, user_id: UUID, interaction_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, interaction_id, if_updated_at
        )

    async def restore(self, user_id: UUID, interaction_id: UUID) -> AiInteraction:
        """Back from the trash; a live interaction with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, interaction_id)
        if row is None:
            raise NotFound(interaction_id)
        return ai_interaction_from_row(row)

    async def import_batch(
        self, user_id: UUID, items: Sequence[AiInteractionCreate]
    ) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (by import key) are
        counted, not copied. Every source_integration_id must name a live integration of the
        user (MissingReferences, nothing stored). Run it in a transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        for i, item in enumerate(items):
            check_cost(f"$[{i}].cost", item.cost)
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
        """Hard-delete one batch of interactions trashed before the cut-off."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
