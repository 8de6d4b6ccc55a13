"""Tasks of one user: a status, a priority, a due date, an optional project and subtasks (a tree
per top-level task): the stored row, the writes on it, and the subtree of one task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import (
    NO_NUL,
    AwareDatetime,
    JsonObject,
    Patch,
    Platform,
    SourceId,
)
from hypernet.domain.page import PageQuery

# A task has at most this many ancestors: a tree is at most MAX_DEPTH + 1 levels. A create, an
# import or a move that would put a task deeper is refused (409).
MAX_DEPTH = 10
# At most this many tasks in one answer of GET /v1/tasks/{id}/subtree.
SUBTREE_LIMIT = 1000

# Mirror the CHECKs of migration 0019, so a bad value is a 422 with its field's path.
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Notes = Annotated[str, msgspec.Meta(max_length=100_000, pattern=NO_NUL)]
TaskStatus = Literal["todo", "in_progress", "done", "cancelled"]
# 0 none, 1 low, 2 medium, 3 high.
Priority = Annotated[int, msgspec.Meta(ge=0, le=3)]


@dataclass(slots=True)
class Task:
    id: UUID
    user_id: UUID
    title: str
    notes: str | None
    status: str
    priority: int
    due_at: datetime | None
    # When it was done: set when status becomes done, null while it is not.
    completed_at: datetime | None
    project_id: UUID | None
    parent_task_id: UUID | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class TaskListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/tasks: live tasks newest first; of one status, of one project, or both."""

    status: TaskStatus | None = None
    project_id: UUID | None = None


class TaskDueQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/tasks/due: open tasks (to do or in progress) with a due date, soonest first; due
    before `before` only (now: what is overdue), of one project only."""

    before: AwareDatetime | None = None
    project_id: UUID | None = None


class SubtreeQuery(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    limit: Annotated[int, msgspec.Meta(ge=1, le=SUBTREE_LIMIT)] = SUBTREE_LIMIT


class TaskCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new task (POST /v1/tasks, and each item of an import batch). completed_at may be given
    with status done only (an import of work done earlier); done without it is done now."""

    title: Title
    notes: Notes | None = None
    status: TaskStatus = "todo"
    priority: Priority = 0
    due_at: AwareDatetime | None = None
    completed_at: AwareDatetime | None = None
    project_id: UUID | None = None
    parent_task_id: UUID | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.completed_at is not None and self.status != "done":
            raise ValueError("completed_at needs status done")
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class TaskPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/tasks/{id}); absent keeps a value, null clears it. status
    done sets completed_at (kept while it stays done), any other status clears it; its subtasks
    keep theirs. parent_task_id moves the task (with its subtree) under another task, or to the
    top level with null."""

    title: Title | UnsetType = UNSET
    notes: Notes | UnsetType | None = UNSET
    status: TaskStatus | UnsetType = UNSET
    priority: Priority | UnsetType = UNSET
    due_at: AwareDatetime | UnsetType | None = UNSET
    project_id: UUID | UnsetType | None = UNSET
    parent_task_id: UUID | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


TaskImport = Annotated[list[TaskCreate], msgspec.Meta(min_length=1, max_length=1000)]


class TaskNode(msgspec.Struct):
    # 0 for the task asked for, 1 for its subtasks, and so on.
    depth: int
    task: Task


class TaskTree(msgspec.Struct):
    """A task and its live subtasks at every depth, depth first (each task before its subtasks,
    subtasks in the order they were made); truncated when the subtree holds more than `limit`."""

    items: list[TaskNode]
    truncated: bool
