"""Profile attributes of one user (one JSON value per key, with who may see it): the stored row,
the writes on it, the list query, and the profile as one object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

# Mirror the CHECKs of migration 0023, so a bad value is a 422 with its field's path.
# A dotted lower_snake_case identifier: locale, search.language, address.city.
Key = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9_.]*$")]
Visibility = Literal["private", "contacts", "public"]
# A value is any JSON value up to this many bytes of compact JSON (the CHECK bounds PostgreSQL's
# own text form, which spaces out separators, at twice this).
MAX_VALUE_BYTES = 16_384
# GET /v1/profile: every live attribute of the caller, {key: value}.
Profile = dict[str, Any]

_encode = msgspec.json.Encoder().encode


def value_too_large(value: Any) -> bool:
    return len(_encode(value)) > MAX_VALUE_BYTES


@dataclass(slots=True)
class ProfileAttribute:
    id: UUID
    user_id: UUID
    key: str
    # Any JSON value, null included.
    value: Any
    visibility: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class ProfileAttributeListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/profile/attributes: live attributes in key order; with `visibility`, only those
    of that visibility."""

    visibility: Visibility | None = None


class ProfileAttributeCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new attribute (POST /v1/profile/attributes, and each item of an import batch); one
    live attribute per key (409 on a second)."""

    key: Key
    # Required; JSON null is a value like any other.
    value: Any
    visibility: Visibility = "private"
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class ProfileAttributePatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/profile/attributes/{id}); an absent field keeps its value.
    `value: null` stores JSON null; a new `key` already live on another attribute is a 409."""

    key: Key | UnsetType = UNSET
    value: Any = UNSET
    visibility: Visibility | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET


ProfileAttributeImport = Annotated[
    list[ProfileAttributeCreate], msgspec.Meta(min_length=1, max_length=1000)
]
