"""Web pages one user saved to read later: the stored row and the writes on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

ReadingState = Literal["unread", "reading", "read", "archived"]
# Any scheme (a bookmarklet is a javascript: address); the database also bounds it to 2,048 bytes.
Url = Annotated[str, msgspec.Meta(min_length=1, max_length=2048, pattern=NO_NUL)]
Title = Annotated[str, msgspec.Meta(max_length=1000, pattern=NO_NUL)]
SiteName = Annotated[str, msgspec.Meta(max_length=200, pattern=NO_NUL)]
ContentText = Annotated[str, msgspec.Meta(max_length=1_000_000, pattern=NO_NUL)]


@dataclass(slots=True)
class WebPage:
    id: UUID
    user_id: UUID
    url: str
    canonical_url: str
    title: str | None
    site_name: str | None
    content_text: str | None
    fetched_at: datetime | None
    reading_state: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class WebPageListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/web/pages: newest saved first, optionally in one reading state."""

    reading_state: ReadingState | None = None


class WebPageCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new page (POST /v1/web/pages, and each item of an import batch). Without a
    canonical_url the page is its own canonical address."""

    url: Url
    canonical_url: Url | None = None
    title: Title | None = None
    site_name: SiteName | None = None
    content_text: ContentText | None = None
    fetched_at: AwareDatetime | None = None
    reading_state: ReadingState = "unread"
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.canonical_url is None:
            self.canonical_url = self.url
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class WebPagePatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/web/pages/{id}); absent keeps a value, null clears it."""

    url: Url | UnsetType = UNSET
    canonical_url: Url | UnsetType = UNSET
    title: Title | UnsetType | None = UNSET
    site_name: SiteName | UnsetType | None = UNSET
    content_text: ContentText | UnsetType | None = UNSET
    fetched_at: AwareDatetime | UnsetType | None = UNSET
    reading_state: ReadingState | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET


WebPageImport = Annotated[list[WebPageCreate], msgspec.Meta(min_length=1, max_length=1000)]
