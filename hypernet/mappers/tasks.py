"""TaskMapper: one user's tasks over sql/tasks/*.sql, and the rules of their trees.

Where tasks hang is checked here, race-free: every write that changes it (a create or an import
under a parent, a move, a trash, a restore) first takes the user's task-tree lock
(tasks/lock_tree, a transaction-level advisory lock), then checks the tree in statements of its
own. In READ COMMITTED each statement sees what committed before it began, so a check made under
the lock sees every earlier tree change of the user, and none can commit between it and the
write. Run these writes in a transaction (every API write is one)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import Conflict, MissingReferences, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.tasks import MAX_DEPTH, Task, TaskCreate, TaskNode, TaskTree
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.projects import ProjectMapper
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("tasks/get_live")
_GET_ANY = query("tasks/get_any")
_LIST = query("tasks/list_live_by_created")
_LIST_OF_STATUS = query("tasks/list_live_of_status")
_LIST_OF_PROJECT = query("tasks/list_live_of_project")
_LIST_DUE = query("tasks/list_open_by_due")
_LIST_DUE_OF_PROJECT = query("tasks/list_open_of_project_by_due")
_LIST_TRASH = query("tasks/list_trash")
_SUBTREE = query("tasks/subtree")
_INSERT = query("tasks/insert")
_UPDATE = query("tasks/update_live")
_SOFT_DELETE = query("tasks/soft_delete")
_RESTORE = query("tasks/restore")
_LOCK_TREE = query("tasks/lock_tree")
_DEPTH_OF_LIVE = query("tasks/depth_of_live")
_CHECK_MOVE = query("tasks/check_move")
_IMPORT = query("tasks/import_batch")
_FIND_IMPORTED = query("tasks/find_imported")
_PURGE = query("tasks/purge_expired")

Cursor = tuple[datetime | None, UUID | None]


def task_from_row(row: asyncpg.Record) -> Task:
    return Task(**row)


def _import_conflict() -> Conflict:
    return Conflict("a live task with the same source_platform and source_object_id already exists")


def _too_deep(where: str, depth: int) -> Conflict:
    return Conflict(
        f"{where}: a task may have at most {MAX_DEPTH} ancestors (subtasks nest at most "
        f"{MAX_DEPTH} deep); this would make one {depth} deep"
    )


@dataclass(frozen=True, slots=True)
class TaskFilter:
    """Either or both (status within a project is read from the project's index)."""

    status: str | None = None
    project_id: UUID | None = None


class TaskMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, task_id: UUID) -> Task | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, task_id)
        return None if row is None else task_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: Cursor = (None, None),
        where: TaskFilter = TaskFilter(),
    ) -> list[Task]:
        """Live tasks newest first; of one project, of one status, or both."""
        at, id_ = after
        if where.project_id is not None:
            rows = await self.db.fetch(
                _LIST_OF_PROJECT.sql, user_id, where.project_id, where.status, at, id_, limit
            )
        elif where.status is not None:
            rows = await self.db.fetch(_LIST_OF_STATUS.sql, user_id, where.status, at, id_, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [task_from_row(r) for r in rows]

    async def list_due(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: Cursor = (None, None),
        before: datetime | None = None,
        project_id: UUID | None = None,
    ) -> list[Task]:
        """Open tasks with a due date, soonest first, due before `before` when given."""
        at, id_ = after
        if project_id is not None:
            rows = await self.db.fetch(
                _LIST_DUE_OF_PROJECT.sql, user_id, project_id, before, at, id_, limit
            )
        else:
            rows = await self.db.fetch(_LIST_DUE.sql, user_id, before, at, id_, limit)
        return [task_from_row(r) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: Cursor = (None, None)
    ) -> list[Task]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [task_from_row(r) for r in rows]

    async def subtree(self, user_id: UUID, task_id: UUID, *, limit: int) -> TaskTree:
        """A live task and its live subtasks, depth first, up to `limit` of them (truncated
        says there were more); NotFound when the task is not live."""
        rows = await self.db.fetch(_SUBTREE.sql, user_id, task_id, limit + 1)
        if not rows:
            raise NotFound(task_id)
        items = [
            TaskNode(depth=r["depth"], task=Task(**{k: v for k, v in r.items() if k != "depth"}))
            for r in rows[:limit]
        ]
        return TaskTree(items=items, truncated=len(rows) > limit)

    async def _lock_tree(self, user_id: UUID) -> None:
        await self.db.execute(_LOCK_TREE.sql, user_id)

    async def _check_references(
        self,
        user_id: UUID,
        projects: Mapping[str, UUID | None],
        parents: Mapping[str, UUID | None],
    ) -> None:
        """Every project must be a live project of the user (share-locked until the
        transaction ends) and every parent a live task of the user with room for a subtask
        below it (checked under the user's tree lock): MissingReferences with the paths of
        those that are not, Conflict for a parent as deep as a task may be."""
        named_projects = {path: p for path, p in projects.items() if p is not None}
        live_projects = await ProjectMapper(self.db).lock_live(
            user_id, set(named_projects.values())
        )
        missing: dict[str, object] = {
            path: p for path, p in named_projects.items() if p not in live_projects
        }
        named_parents = {path: p for path, p in parents.items() if p is not None}
        if named_parents:
            await self._lock_tree(user_id)
            rows = await self.db.fetch(
                _DEPTH_OF_LIVE.sql, user_id, list(set(named_parents.values()))
            )
            depths = {r["id"]: r["depth"] for r in rows}
            missing.update({path: p for path, p in named_parents.items() if p not in depths})
            if not missing:
                for path, parent in named_parents.items():
                    if depths[parent] + 1 > MAX_DEPTH:
                        raise _too_deep(path, depths[parent] + 1)
        if missing:
            raise MissingReferences(missing)

    async def create(self, user_id: UUID, new: TaskCreate) -> Task:
        """Stored in its live project, under its live parent. Run it in a transaction, so the
        checks and the insert hold together."""
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        await self._check_references(
            user_id, {"$.project_id": new.project_id}, {"$.parent_task_id": new.parent_task_id}
        )
        try:
            row = await self.db.fetchrow(
                _INSERT.sql,
                user_id,
                new.title,
                new.notes,
                new.status,
                new.priority,
                new.due_at,
                new.completed_at,
                new.project_id,
                new.parent_task_id,
                new.metadata,
                new.source_integration_id,
                new.source_platform,
                new.source_object_id,
            )
        except asyncpg.UniqueViolationError:
            raise _import_conflict() from None
        return task_from_row(row)

    async def _check_move(self, user_id: UUID, task_id: UUID, parent_id: UUID | None) -> None:
        """Under the user's tree lock: NotFound when the task is not live, MissingReferences when
        the parent is not, Conflict when the task is the parent or one of its ancestors (a
        cycle) or its subtree would end up too deep."""
        await self._lock_tree(user_id)
        if parent_id is None:
            # To the top level: no cycle, and no deeper than it was.
            return
        row = await self.db.fetchrow(_CHECK_MOVE.sql, user_id, task_id, parent_id)
        if not row["task_live"]:
            raise NotFound(task_id)
        if not row["parent_live"]:
            raise MissingReferences({"$.parent_task_id": parent_id})
        if row["creates_cycle"]:
            raise Conflict(
                "$.parent_task_id: the task cannot move under itself or one of its own subtasks"
            )
        deepest = row["parent_depth"] + 1 + row["height"]
        if deepest > MAX_DEPTH:
            raise _too_deep("$.parent_task_id", deepest)

    async def update(
        self,
        user_id: UUID,
        task_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Task:
        """Apply the given fields; a project must be a live project of the user (404 with its
        path), a new parent is checked as a move; NotFound, or PreconditionFailed when the
        version moved on."""
        project = changes.get("project_id")
        if project is not None:
            await self._check_references(user_id, {"$.project_id": project}, {})
        if "parent_task_id" in changes:
            await self._check_move(user_id, task_id, changes["parent_task_id"])
        row = await self.db.fetchrow(_UPDATE.sql, user_id, task_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, task_id, if_updated_at
            ) or NotFound(task_id)
        return task_from_row(row)

    async def soft_delete(
        self, user_id: UUID, task_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        """The task and its live subtasks at every depth go to the trash at one instant."""
        await self._lock_tree(user_id)
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, task_id, if_updated_at
        )

    async def restore(self, user_id: UUID, task_id: UUID) -> Task:
        """Back from the trash with the subtasks trashed with it; Conflict while its parent is
        in the trash, or when a live task now holds an import key among them (nothing is
        restored then)."""
        await self._lock_tree(user_id)
        try:
            row = await self.db.fetchrow(_RESTORE.sql, user_id, task_id)
        except asyncpg.UniqueViolationError:
            raise _import_conflict() from None
        if row is not None:
            return task_from_row(row)
        state = await self.db.fetchrow(_GET_ANY.sql, user_id, task_id)
        if state is None or state["live"]:
            raise NotFound(task_id)
        raise Conflict("its parent task is in the trash: restore that one, and this comes with it")

    async def import_batch(self, user_id: UUID, items: Sequence[TaskCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live task holds their
        import key) are counted, not copied, and answered with that one's id. Projects and
        parents are checked as for one task (a parent is an existing task: import a hierarchy
        level by level, with the ids the previous batch answered). Run it in a transaction."""
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
        await self._check_references(
            user_id,
            {f"$[{i}].project_id": it.project_id for i, it in enumerate(items)},
            {f"$[{i}].parent_task_id": it.parent_task_id for i, it in enumerate(items)},
        )
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of tasks trashed before the cut-off; subtasks left behind stop
        naming them. Returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
