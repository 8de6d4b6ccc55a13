"""Notes of one user (Markdown text, pinned, archived): the stored row and the writes on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

# Mirror the CHECKs of migration 0020, so a bad value is a 422 with its field's path.
Title = Annotated[str, msgspec.Meta(max_length=1000, pattern=NO_NUL)]
# Markdown, kept as written.
Body = Annotated[str, msgspec.Meta(max_length=200_000, pattern=NO_NUL)]


@dataclass(slots=True)
class Note:
    id: UUID
    user_id: UUID
    title: str | None
    body: str
    pinned: bool
    archived: bool
    created_at: datetime
    # When it last changed (pinning included): the list's order within pinned and unpinned.
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class NoteListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/notes: pinned first, then most recently changed first; the archived notes with
    archived=true, else the others."""

    archived: bool = False


class NoteCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new note (POST /v1/notes, and each item of an import batch). created_at and updated_at
    default to now; an import gives them to keep a note's history (updated_at, when only one is
    given, is created_at)."""

    title: Title | None = None
    body: Body = ""
    pinned: bool = False
    archived: bool = False
    created_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        if self.created_at is None:
            self.created_at = self.updated_at
        if self.updated_at is None:
            self.updated_at = self.created_at
        if self.created_at is not None and self.updated_at is not None:
            if self.updated_at < self.created_at:
                raise ValueError("updated_at must not be before created_at")


class NotePatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/notes/{id}); absent keeps a value, null clears the title."""

    title: Title | UnsetType | None = UNSET
    body: Body | UnsetType = UNSET
    pinned: bool | UnsetType = UNSET
    archived: bool | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET


NoteImport = Annotated[list[NoteCreate], msgspec.Meta(min_length=1, max_length=1000)]
