"""Photos, videos, audio and documents of one user: the stored row and the writes on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

MediaType = Literal["photo", "video", "audio", "document"]
Filename = Annotated[str, msgspec.Meta(min_length=1, max_length=255, pattern=NO_NUL)]
FilePath = Annotated[str, msgspec.Meta(min_length=1, max_length=1024, pattern=NO_NUL)]
MimeType = Annotated[str, msgspec.Meta(max_length=255, pattern=r"^[a-z0-9.+-]+/[a-zA-Z0-9.+_-]+$")]
Size = Annotated[int, msgspec.Meta(ge=0, le=2**62)]
Pixels = Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
Duration = Annotated[float, msgspec.Meta(ge=0, le=1e9)]
Hash = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]


@dataclass(slots=True)
class Media:
    id: UUID
    user_id: UUID
    filename: str
    media_type: str
    mime_type: str
    size: int
    file_path: str
    hash: str | None
    width: int | None
    height: int | None
    duration: float | None
    taken_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None

    @property
    def sort_at(self) -> datetime:
        """The list order key: when it was taken, else when it was stored."""
        return self.taken_at if self.taken_at is not None else self.created_at


class MediaListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/media: a time window and a type, or a metadata containment filter on its own."""

    media_type: MediaType | None = None
    taken_after: AwareDatetime | None = None
    taken_before: AwareDatetime | None = None
    # A JSON object the item's metadata must contain, e.g. {"camera":"X100V"}.
    metadata: str | None = None


class MediaCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new media item (POST /v1/media, and each item of an import batch)."""

    filename: Filename
    media_type: MediaType
    mime_type: MimeType
    size: Size
    file_path: FilePath
    hash: Hash | None = None
    width: Pixels | None = None
    height: Pixels | None = None
    duration: Duration | None = None
    taken_at: AwareDatetime | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class MediaPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/media/{id}); an absent field keeps its value, null clears it."""

    filename: Filename | UnsetType = UNSET
    media_type: MediaType | UnsetType = UNSET
    mime_type: MimeType | UnsetType = UNSET
    size: Size | UnsetType = UNSET
    file_path: FilePath | UnsetType = UNSET
    hash: Hash | UnsetType | None = UNSET
    width: Pixels | UnsetType | None = UNSET
    height: Pixels | UnsetType | None = UNSET
    duration: Duration | UnsetType | None = UNSET
    taken_at: AwareDatetime | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


MediaImport = Annotated[list[MediaCreate], msgspec.Meta(min_length=1, max_length=1000)]
