"""HTTP handlers for /v1/tasks: parse, validate, call TaskMapper, encode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, path_uuid, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import by_created, decode_cursor, page_of
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.domain.tasks import (
    SubtreeQuery,
    Task,
    TaskCreate,
    TaskDueQuery,
    TaskImport,
    TaskListQuery,
    TaskPatch,
    TaskTree,
)
from hypernet.mappers.tasks import TaskFilter, TaskMapper


def _by_due(task: Task) -> tuple[datetime | None, UUID]:
    return task.due_at, task.id


async def list_tasks(request: web.Request) -> web.Response:
    q = read_query(request, TaskListQuery)
    rows = await TaskMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        where=TaskFilter(status=q.status, project_id=q.project_id),
    )
    return json_response(page_of(rows, q.limit, by_created))


async def list_due_tasks(request: web.Request) -> web.Response:
    q = read_query(request, TaskDueQuery)
    rows = await TaskMapper(db(request)).list_due(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        before=q.before,
        project_id=q.project_id,
    )
    return json_response(page_of(rows, q.limit, _by_due))


async def get_task_subtree(request: web.Request) -> web.Response:
    task_id = path_uuid(request)
    q = read_query(request, SubtreeQuery)
    tree = await TaskMapper(db(request)).subtree(user_id(request), task_id, limit=q.limit)
    return json_response(tree)


async def import_tasks(request: web.Request) -> web.Response:
    items = await read_json(request, TaskImport)
    result = await TaskMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


TASKS = Lifecycle(
    path="/v1/tasks",
    tag="tasks",
    noun="task",
    mapper=TaskMapper,
    item=Task,
    create=TaskCreate,
    patch=TaskPatch,
    summaries={
        "create": "Create a task, at the top level or as a subtask of a parent_task_id",
        "update": "Change a task: done sets completed_at (its subtasks keep their status); a "
        "new parent_task_id moves it with its subtree (409 for a cycle or past the depth limit)",
        "delete": "Move a task and its subtasks to the trash",
        "restore": "Restore a task and the subtasks trashed with it (409 while its parent is "
        "in the trash)",
    },
    # A project, parent or source_integration_id not the caller's (404); a parent already as
    # deep as a task may be, or a live task with the same import key (409).
    create_errors=(400, 401, 404, 409, 422),
    # A move that would close a cycle or nest too deep (409).
    update_errors=(*ONE, 409, 412, 422),
    # Its parent in the trash, or an import key a live task holds now (409).
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/tasks", list_tasks,
          "List live tasks, newest first: all, of one status, of one project, or both",
          "tasks", query=TaskListQuery, response=Page[Task], errors=(400, 401, 422)),
    # Before the lifecycle's /{id}, so that this path is never read as an id.
    Route("GET", "/v1/tasks/due", list_due_tasks,
          "List open tasks (to do, in progress) with a due date, soonest first; ?before=now "
          "for the overdue ones", "tasks", query=TaskDueQuery, response=Page[Task],
          errors=(400, 401, 422)),
    *lifecycle_routes(TASKS),
    Route("GET", "/v1/tasks/{id}/subtree", get_task_subtree,
          "Fetch a task with its live subtasks at every depth, depth first", "tasks",
          query=SubtreeQuery, response=TaskTree, errors=(*ONE, 422)),
    Route("POST", "/v1/tasks/import", import_tasks,
          "Import a batch of up to 1,000 tasks idempotently", "tasks",
          body=TaskImport, response=ImportResult, errors=(400, 401, 404, 409, 413, 422)),
]
# fmt: on
