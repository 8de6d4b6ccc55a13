"""HTTP handlers for /v1/projects: parse, validate, call ProjectMapper, encode."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_key, page_of
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.domain.projects import (
    Project,
    ProjectCreate,
    ProjectImport,
    ProjectListQuery,
    ProjectPatch,
)
from hypernet.mappers.projects import ProjectMapper

# The list pages by (name, id) of the last project shown.
_NameKey = tuple[str, UUID]


def _by_name(project: Project) -> tuple[str, UUID]:
    return project.name, project.id


async def list_projects(request: web.Request) -> web.Response:
    q = read_query(request, ProjectListQuery)
    key = decode_key(q.cursor, _NameKey)
    rows = await ProjectMapper(db(request)).list_live(
        user_id(request),
        status=q.status,
        limit=q.limit + 1,
        after=(None, None) if key is None else key,
    )
    return json_response(page_of(rows, q.limit, _by_name))


async def import_projects(request: web.Request) -> web.Response:
    items = await read_json(request, ProjectImport)
    result = await ProjectMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


PROJECTS = Lifecycle(
    path="/v1/projects",
    tag="projects",
    noun="project",
    mapper=ProjectMapper,
    item=Project,
    create=ProjectCreate,
    patch=ProjectPatch,
    summaries={
        "update": "Change a project (name, description, colour), or archive it (status)",
        "delete": "Move a project to the trash (its tasks stay, still in it)",
    },
    # A source_integration_id not the caller's (404); a live project with the same import key
    # (409), also on a restore.
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/projects", list_projects,
          "List live projects of one status (active unless ?status=archived), by name",
          "projects", query=ProjectListQuery, response=Page[Project], errors=(400, 401, 422)),
    *lifecycle_routes(PROJECTS),
    Route("POST", "/v1/projects/import", import_projects,
          "Import a batch of up to 1,000 projects idempotently", "projects",
          body=ProjectImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
