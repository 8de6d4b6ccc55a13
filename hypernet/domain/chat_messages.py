"""Chat messages of one user and the conversations they make up: the stored row, the writes on
it, the list queries and the conversation summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

ConversationId = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
# Mirrors chat_messages_platform_shape of migration 0012.
ChatPlatform = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,49}$")]
Sender = Annotated[str, msgspec.Meta(min_length=1, max_length=320, pattern=NO_NUL)]
MessageText = Annotated[str, msgspec.Meta(max_length=100_000, pattern=NO_NUL)]


@dataclass(slots=True)
class ChatMessage:
    id: UUID
    user_id: UUID
    conversation_id: str
    platform: str
    sender: str
    sender_is_user: bool
    text: str
    sent_at: datetime
    reply_to_message_id: UUID | None
    edited_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


@dataclass(slots=True)
class ChatConversation:
    """One conversation with live messages: its key, and what its latest message and count say."""

    conversation_id: str
    platform: str
    latest_sent_at: datetime
    message_count: int


class ChatMessageCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new message (POST /v1/chat/messages, and each item of an import batch)."""

    conversation_id: ConversationId
    platform: ChatPlatform
    sender: Sender
    sender_is_user: bool
    text: MessageText
    sent_at: AwareDatetime
    # A live message of the same conversation.
    reply_to_message_id: UUID | None = None
    edited_at: AwareDatetime | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        if self.edited_at is not None and self.edited_at < self.sent_at:
            raise ValueError("edited_at must not be before sent_at")


class ChatMessagePatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/chat/messages/{id}); an absent field keeps its value, null
    clears it. Where a message belongs (conversation, platform) and when it was sent do not
    change: they are the platform's facts."""

    text: MessageText | UnsetType = UNSET
    edited_at: AwareDatetime | UnsetType | None = UNSET
    reply_to_message_id: UUID | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


ChatMessageImport = Annotated[list[ChatMessageCreate], msgspec.Meta(min_length=1, max_length=1000)]


class ChatMessageListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/chat/messages: every live message, newest first."""


class ConversationMessagesQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/chat/conversations/{conversation_id}/messages: oldest first; `platform` tells
    apart two platforms that use the same conversation key."""

    platform: ChatPlatform | None = None


class ConversationListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/chat/conversations: newest latest message first."""
