"""Posts made from a user's social accounts, replies among them: the stored row and the writes
on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery
from hypernet.domain.social_accounts import SocialPlatform, WebUrl

PostText = Annotated[str, msgspec.Meta(max_length=100_000, pattern=NO_NUL)]
Count = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]


@dataclass(slots=True)
class SocialPost:
    id: UUID
    user_id: UUID
    account_id: UUID
    platform: str
    posted_at: datetime
    text: str | None
    url: str | None
    reply_to_post_id: UUID | None
    like_count: int
    share_count: int
    reply_count: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class SocialPostListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/social/posts: newest first; of one account or of one platform."""

    account_id: UUID | None = None
    platform: SocialPlatform | None = None


class SocialPostCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new post (POST /v1/social/posts, and each item of an import batch). Its platform is
    its account's."""

    account_id: UUID
    posted_at: AwareDatetime
    text: PostText | None = None
    url: WebUrl | None = None
    reply_to_post_id: UUID | None = None
    like_count: Count = 0
    share_count: Count = 0
    reply_count: Count = 0
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class SocialPostPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change; the account and the post replied to are not among them."""

    posted_at: AwareDatetime | UnsetType = UNSET
    text: PostText | UnsetType | None = UNSET
    url: WebUrl | UnsetType | None = UNSET
    like_count: Count | UnsetType = UNSET
    share_count: Count | UnsetType = UNSET
    reply_count: Count | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET


SocialPostImport = Annotated[list[SocialPostCreate], msgspec.Meta(min_length=1, max_length=1000)]
