"""HTTP handlers for /v1/notes: parse, validate, call NoteMapper, encode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_key, page_of
from hypernet.domain.fields import AwareDatetime
from hypernet.domain.imports import ImportResult
from hypernet.domain.notes import Note, NoteCreate, NoteImport, NoteListQuery, NotePatch
from hypernet.domain.page import Page
from hypernet.mappers.notes import NoteMapper

# The list pages by (pinned, updated_at, id) of the last note shown.
ListKey = tuple[bool, AwareDatetime, UUID]


def by_pinned_then_changed(note: Note) -> tuple[bool, datetime, UUID]:
    return note.pinned, note.updated_at, note.id


async def list_notes(request: web.Request) -> web.Response:
    q = read_query(request, NoteListQuery)
    key = decode_key(q.cursor, ListKey)
    rows = await NoteMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        archived=q.archived,
        after=(None, None, None) if key is None else key,
    )
    return json_response(page_of(rows, q.limit, by_pinned_then_changed))


async def import_notes(request: web.Request) -> web.Response:
    items = await read_json(request, NoteImport)
    result = await NoteMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


NOTES = Lifecycle(
    path="/v1/notes",
    tag="notes",
    noun="note",
    mapper=NoteMapper,
    item=Note,
    create=NoteCreate,
    patch=NotePatch,
    summaries={
        "create": "Write a note",
        "update": "Change a note (title, body, pinned, archived, metadata)",
    },
    # A source_integration_id that is not a live integration of the caller (404); an import key
    # already held by a live note (409), on create and on restore.
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/notes", list_notes,
          "List live notes, pinned first, then most recently changed first; archived=true "
          "lists the archived ones", "notes", query=NoteListQuery, response=Page[Note],
          errors=(400, 401, 422)),
    *lifecycle_routes(NOTES),
    Route("POST", "/v1/notes/import", import_notes,
          "Import a batch of up to 1,000 notes idempotently", "notes",
          body=NoteImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
