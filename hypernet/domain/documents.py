"""Documents of one user (a file, its extracted text, its page count, optionally the media item
holding it): the stored row, the row as lists show it, and the writes on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, JsonObject, Patch, Platform, SourceId
from hypernet.domain.media import FilePath, Hash, MimeType, Size
from hypernet.domain.page import PageQuery

# Mirror the CHECKs of migration 0021, so a bad value is a 422 with its field's path.
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
TextContent = Annotated[str, msgspec.Meta(max_length=1_000_000, pattern=NO_NUL)]
PageCount = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]
DocumentOrder = Literal["created", "title"]


@dataclass(slots=True)
class Document:
    id: UUID
    user_id: UUID
    title: str
    file_path: str
    mime_type: str
    size: int
    hash: str | None
    # The text extracted from the file; null until extracted (or when it has none).
    text_content: str | None
    # Null until counted.
    page_count: int | None
    # The media item holding the file, if any (it may be in the trash since).
    media_id: UUID | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


@dataclass(slots=True)
class DocumentSummary:
    """A document as the lists show it: everything but text_content (up to a million
    characters each; GET /v1/documents/{id} answers it), and whether it has any."""

    id: UUID
    user_id: UUID
    title: str
    file_path: str
    mime_type: str
    size: int
    hash: str | None
    has_text: bool
    page_count: int | None
    media_id: UUID | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class DocumentListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/documents: newest first (order=created), optionally of one mime_type; or
    alphabetically by title (order=title, on its own)."""

    order: DocumentOrder = "created"
    mime_type: MimeType | None = None


class DocumentCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new document (POST /v1/documents, and each item of an import batch)."""

    title: Title
    file_path: FilePath
    mime_type: MimeType
    size: Size
    hash: Hash | None = None
    text_content: TextContent | None = None
    page_count: PageCount | None = None
    media_id: UUID | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class DocumentPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/documents/{id}); absent keeps a value, null clears it."""

    title: Title | UnsetType = UNSET
    file_path: FilePath | UnsetType = UNSET
    mime_type: MimeType | UnsetType = UNSET
    size: Size | UnsetType = UNSET
    hash: Hash | UnsetType | None = UNSET
    text_content: TextContent | UnsetType | None = UNSET
    page_count: PageCount | UnsetType | None = UNSET
    media_id: UUID | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


DocumentImport = Annotated[list[DocumentCreate], msgspec.Meta(min_length=1, max_length=1000)]
