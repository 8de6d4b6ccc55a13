"""ProjectMapper: one user's projects over sql/projects/*.sql."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import Conflict, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.projects import Project, ProjectCreate
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("projects/get_live")
_GET_ANY = query("projects/get_any")
_LIST = query("projects/list_live_by_name")
_LIST_TRASH = query("projects/list_trash")
_INSERT = query("projects/insert")
_UPDATE = query("projects/update_live")
_SOFT_DELETE = query("projects/soft_delete")
_RESTORE = query("projects/restore")
_LOCK_LIVE = query("projects/lock_live")
_IMPORT = query("projects/import_batch")
_FIND_IMPORTED = query("projects/find_imported")
_PURGE = query("projects/purge_expired")


def project_from_row(row: asyncpg.Record) -> Project:
    return Project(**row)


def _import_conflict() -> Conflict:
    return Conflict(
        "a live project with the same source_platform and source_object_id already exists"
    )


class ProjectMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, project_id: UUID) -> Project | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, project_id)
        return None if row is None else project_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        status: str,
        limit: int,
        after: tuple[str | None, UUID | None] = (None, None),
    ) -> list[Project]:
        """Live projects of one status by name, after the (name, id) of a cursor."""
        rows = await self.db.fetch(_LIST.sql, user_id, status, after[0], after[1], limit)
        return [project_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Project]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [project_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: ProjectCreate) -> Project:
        """Conflict when a live project holds the import key; MissingReferences for a
        source_integration_id that is not a live integration of the user."""
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        try:
            row = await self.db.fetchrow(
                _INSERT.sql,
                user_id,
                new.name,
                new.description,
                new.status,
                new.color,
                new.metadata,
                new.source_integration_id,
                new.source_platform,
                new.source_object_id,
            )
        except asyncpg.UniqueViolationError:
            raise _import_conflict() from None
        return project_from_row(row)

    async def update(
        self,
        user_id: UUID,
        project_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Project:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, project_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, project_id, if_updated_at
            ) or NotFound(project_id)
        return project_from_row(row)

    async def soft_delete(
        self, user_id: UUID, project_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        """To the trash; its tasks stay live and keep naming it (a restore finds them again)."""
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, project_id, if_updated_at
        )

    async def restore(self, user_id: UUID, project_id: UUID) -> Project:
        """Back from the trash; Conflict when a live project now holds its import key."""
        try:
            row = await self.db.fetchrow(_RESTORE.sql, user_id, project_id)
        except asyncpg.UniqueViolationError:
            raise _import_conflict() from None
        if row is None:
            raise NotFound(project_id)
        return project_from_row(row)

    async def lock_live(self, user_id: UUID, ids: Collection[UUID]) -> set[UUID]:
        """Which of the ids are live projects of the user, share-locked until the caller's
        transaction ends (so none goes to the trash while tasks are put in it)."""
        if not ids:
            return set()
        rows = await self.db.fetch(_LOCK_LIVE.sql, user_id, list(ids))
        return {r["id"] for r in rows}

    async def import_batch(self, user_id: UUID, items: Sequence[ProjectCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live project holds
        their import key) are counted, not copied, and answered with that one's id. Run it in a
        transaction."""
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
        """Hard-delete one batch of projects trashed before the cut-off; their tasks stay and
        stop naming them. Returns how many projects went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
