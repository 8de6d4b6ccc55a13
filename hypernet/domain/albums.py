"""Albums: named collections of one user's media, made of `contains` links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, JsonObject, Patch

AlbumName = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Description = Annotated[str, msgspec.Meta(max_length=10_000, pattern=NO_NUL)]
MediaIds = Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=1000)]


@dataclass(slots=True)
class Album:
    id: UUID
    user_id: UUID
    name: str
    description: str | None
    cover_media_id: UUID | None
    media_count: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class AlbumCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: AlbumName
    description: Description | None = None
    cover_media_id: UUID | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)


class AlbumPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    name: AlbumName | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    cover_media_id: UUID | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


class MediaIdList(msgspec.Struct, forbid_unknown_fields=True):
    """POST /v1/albums/{id}/media and PUT /v1/albums/{id}/media/order."""

    media_ids: MediaIds


class MembershipResult(msgspec.Struct):
    added: int
    already_present: int
    media_count: int
