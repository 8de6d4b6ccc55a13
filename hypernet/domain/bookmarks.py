"""Bookmarks of one user (an address, tags, a folder, optionally a saved page): the stored row
and the writes on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery
from hypernet.domain.web_pages import Title, Url

Description = Annotated[str, msgspec.Meta(max_length=10_000, pattern=NO_NUL)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NO_NUL)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=100)]
# Segments joined by '/', none empty: 'Bookmarks Bar/Work' (no leading, trailing or double '/').
FolderPath = Annotated[
    str, msgspec.Meta(min_length=1, max_length=1000, pattern=r"^[^/\x00]+(/[^/\x00]+)*$")
]


@dataclass(slots=True)
class Bookmark:
    id: UUID
    user_id: UUID
    url: str
    title: str | None
    description: str | None
    tags: list[str]
    folder_path: str | None
    web_page_id: UUID | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class BookmarkListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/bookmarks: newest first; with `tag`, those carrying the tag; with `folder`, those
    in the folder or any folder under it (one filter at a time)."""

    tag: Tag | None = None
    folder: FolderPath | None = None


class BookmarkCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new bookmark (POST /v1/bookmarks, and each item of an import batch)."""

    url: Url
    title: Title | None = None
    description: Description | None = None
    tags: Tags = msgspec.field(default_factory=list)
    folder_path: FolderPath | None = None
    web_page_id: UUID | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        # A set of labels: the first spelling of each kept, in the order given.
        self.tags = list(dict.fromkeys(self.tags))
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class BookmarkPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/bookmarks/{id}); absent keeps a value, null clears it."""

    url: Url | UnsetType = UNSET
    title: Title | UnsetType | None = UNSET
    description: Description | UnsetType | None = UNSET
    tags: Tags | UnsetType = UNSET
    folder_path: FolderPath | UnsetType | None = UNSET
    web_page_id: UUID | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET

    def __post_init__(self) -> None:
        if not isinstance(self.tags, UnsetType):
            self.tags = list(dict.fromkeys(self.tags))


BookmarkImport = Annotated[list[BookmarkCreate], msgspec.Meta(min_length=1, max_length=1000)]
