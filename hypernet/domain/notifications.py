"""Notifications of one user: the stored row, the writes on it, read state and the unread count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, JsonObject, Patch, Platform, SourceId

# Mirror the CHECKs of migration 0014, so a bad value is a 422 with its field's path.
Kind = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_.]*$")]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Body = Annotated[str, msgspec.Meta(max_length=20_000, pattern=NO_NUL)]
ObjectType = Annotated[str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[a-z][a-z_]*$")]


@dataclass(slots=True)
class Notification:
    id: UUID
    user_id: UUID
    kind: str
    title: str
    body: str | None
    is_read: bool
    # When it was marked read; null while unread.
    read_at: datetime | None
    # The object it is about, if any: any type, not checked to exist (it may be gone since).
    object_type: str | None
    object_id: UUID | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class NotificationCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new notification (POST /v1/notifications, and each item of an import batch); it
    starts unread unless is_read says otherwise (an import of already-read items)."""

    kind: Kind
    title: Title
    body: Body | None = None
    is_read: bool = False
    object_type: ObjectType | None = None
    object_id: UUID | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        if (self.object_type is None) != (self.object_id is None):
            raise ValueError("object_type and object_id go together")


class NotificationPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/notifications/{id}): is_read true marks it read (read_at is
    set then, and kept on a repeat), false marks it unread again."""

    is_read: bool | UnsetType = UNSET
    title: Title | UnsetType = UNSET
    body: Body | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


NotificationImport = Annotated[
    list[NotificationCreate], msgspec.Meta(min_length=1, max_length=1000)
]


class UnreadCount(msgspec.Struct):
    unread: int


class MarkedRead(msgspec.Struct):
    # How many unread notifications this marked read.
    marked: int
