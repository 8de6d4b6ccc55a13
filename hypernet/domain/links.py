"""Links: typed, first-class relationships between any two objects of one user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from hypernet.domain.fields import JsonObject
from hypernet.domain.page import PageQuery

# The object types a link may join; each needs a branch in lock_live_object() (migration 0016)
# and its table an AFTER DELETE trigger that takes its links with it.
ObjectType = Literal[
    "media",
    "album",
    "integration",
    "social_account",
    "social_post",
    "email",
    "contact",
    "chat_message",
    "ai_interaction",
    "notification",
    "web_page",
    "bookmark",
    "calendar_event",
    "project",
    "task",
    "note",
    "document",
    "transaction",
    "location",
    "health_record",
    "profile_attribute",
    "device",
]
# Any lower_snake_case word is a link type; these have meaning (duplicate_of is symmetric).
KNOWN_LINK_TYPES = ("contains", "source", "duplicate_of", "variant_of")
SYMMETRIC_LINK_TYPES = ("duplicate_of",)
LinkType = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z_]{0,49}$")]
Strength = Annotated[float, msgspec.Meta(ge=0, le=1)]
SortOrder = Annotated[int, msgspec.Meta(ge=-(2**62), le=2**62)]


@dataclass(slots=True)
class Link:
    id: UUID
    user_id: UUID
    from_object_type: str
    from_object_id: UUID
    to_object_type: str
    to_object_id: UUID
    link_type: str
    strength: float
    sort_order: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]


@dataclass(slots=True)
class ObjectLink:
    """One link seen from one of its ends: which way it points, and the other end by name.

    `direction` is "out" when the object links to the other end, "in" when the other end links
    to it; `other_title` is None when the other end is in the trash.
    """

    id: UUID
    direction: Literal["out", "in"]
    link_type: str
    other_type: str
    other_id: UUID
    other_title: str | None
    strength: float
    sort_order: int
    created_at: datetime
    metadata: dict[str, Any]


class LinkListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/links: the links leaving (from=) or reaching (to=) one object."""

    # `from` is a Python keyword: the query parameter is renamed onto from_.
    from_: UUID | None = msgspec.field(default=None, name="from")
    to: UUID | None = None
    link_type: LinkType | None = None


class LinkCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    from_type: ObjectType
    from_id: UUID
    to_type: ObjectType
    to_id: UUID
    link_type: LinkType
    strength: Strength = 1.0
    sort_order: SortOrder = 0
    metadata: JsonObject = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.from_id == self.to_id:
            raise ValueError("a link cannot join an object to itself")
        if self.link_type in SYMMETRIC_LINK_TYPES and self.from_type != self.to_type:
            raise ValueError(f"{self.link_type} joins two objects of the same type")
