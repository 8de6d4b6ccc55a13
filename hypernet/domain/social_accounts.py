"""A user's own accounts on social platforms (twitter, mastodon, ...): the stored row and the
writes on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

# Mirrors social_accounts_platform_shape: a lower-case word (twitter, mastodon, bluesky, ...).
SocialPlatform = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_.-]{0,49}$")]
# As the platform shows it, without a leading @ (social_accounts_handle_shape).
# (NUL is spelled \u0000 in these patterns, not \x00: a message naming \x00 reads as "must not
# contain the NUL character", which would misreport a leading @ or a missing https://.)
Handle = Annotated[
    str, msgspec.Meta(min_length=1, max_length=200, pattern=r"^[^@\u0000][^\u0000]*$")
]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
WebUrl = Annotated[str, msgspec.Meta(max_length=2048, pattern=r"^https?://[^\u0000]*$")]


@dataclass(slots=True)
class SocialAccount:
    id: UUID
    user_id: UUID
    platform: str
    handle: str
    display_name: str | None
    profile_url: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class SocialAccountListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/social/accounts: by platform, then handle; optionally of one platform."""

    platform: SocialPlatform | None = None


class SocialAccountCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new account (POST /v1/social/accounts, and each item of an import batch)."""

    platform: SocialPlatform
    handle: Handle
    display_name: DisplayName | None = None
    profile_url: WebUrl | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class SocialAccountPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change; the platform is not one (another platform is another account)."""

    handle: Handle | UnsetType = UNSET
    display_name: DisplayName | UnsetType | None = UNSET
    profile_url: WebUrl | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


SocialAccountImport = Annotated[
    list[SocialAccountCreate], msgspec.Meta(min_length=1, max_length=1000)
]
