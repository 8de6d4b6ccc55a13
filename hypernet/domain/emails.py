"""E-mail messages of one user and their threads: the stored row, the writes, the lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID, uuid5

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

# RFC 5322 msg-id: "<" id-left "@" id-right ">" without spaces (the database checks the same).
MessageId = Annotated[str, msgspec.Meta(max_length=998, pattern=r"^<[^<>\s\x00]+>$")]
Address = Annotated[str, msgspec.Meta(min_length=1, max_length=998, pattern=NO_NUL)]
Addresses = Annotated[list[Address], msgspec.Meta(max_length=1000)]
Subject = Annotated[str, msgspec.Meta(max_length=998, pattern=NO_NUL)]
BodyText = Annotated[str, msgspec.Meta(max_length=10_000_000, pattern=NO_NUL)]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NO_NUL)]
Labels = Annotated[list[Label], msgspec.Meta(max_length=100)]
References = Annotated[list[MessageId], msgspec.Meta(max_length=500)]
EmailIds = Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=1000)]

# The namespace of thread ids (UUID version 5 of a root Message-ID). Fixed forever: changing it
# would split every stored thread from the replies that arrive afterwards.
THREAD_NAMESPACE = UUID("6f1c2d0e-8a53-4c1b-9f2e-5b7d3e9a4c10")


def thread_id_of(message_id: str, in_reply_to: str | None, references: list[str]) -> UUID:
    """The thread of a message: the root of its chain as the message itself names it (the first
    Message-ID of References, else In-Reply-To, else its own), so every message of one
    conversation lands in the same thread whatever order they arrive in."""
    root = references[0] if references else in_reply_to or message_id
    return uuid5(THREAD_NAMESPACE, root)


@dataclass(slots=True)
class Email:
    id: UUID
    user_id: UUID
    message_id: str
    thread_id: UUID
    in_reply_to: str | None
    from_address: str
    to_addresses: list[str]
    cc_addresses: list[str]
    bcc_addresses: list[str]
    subject: str
    sent_at: datetime
    body_text: str | None
    labels: list[str]
    is_read: bool
    is_starred: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


@dataclass(slots=True)
class EmailThread:
    """One conversation with a live message: its latest message and how many it holds."""

    thread_id: UUID
    subject: str
    latest_at: datetime
    latest_email_id: UUID
    message_count: int
    unread_count: int


class EmailCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new message (POST /v1/emails, and each item of an import batch). `references` is the
    References header (oldest first); it only decides the thread and is not stored."""

    message_id: MessageId
    from_address: Address
    sent_at: AwareDatetime
    in_reply_to: MessageId | None = None
    references: References = msgspec.field(default_factory=list)
    to_addresses: Addresses = msgspec.field(default_factory=list)
    cc_addresses: Addresses = msgspec.field(default_factory=list)
    bcc_addresses: Addresses = msgspec.field(default_factory=list)
    subject: Subject = ""
    body_text: BodyText | None = None
    labels: Labels = msgspec.field(default_factory=list)
    is_read: bool = False
    is_starred: bool = False
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        # A label set, not a list: the same label twice would count the message twice.
        self.labels = list(dict.fromkeys(self.labels))

    @property
    def thread_id(self) -> UUID:
        return thread_id_of(self.message_id, self.in_reply_to, self.references)


class EmailPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """What a user changes on a message (PATCH /v1/emails/{id}); what the mail said does not."""

    labels: Labels | UnsetType = UNSET
    is_read: bool | UnsetType = UNSET
    is_starred: bool | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET

    def __post_init__(self) -> None:
        if not isinstance(self.labels, UnsetType):
            self.labels = list(dict.fromkeys(self.labels))


class EmailListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/emails: newest first; a label, unread only (alone or with the label), or the
    messages imported through one integration (on its own)."""

    label: Label | None = None
    unread: bool = False
    source_integration_id: UUID | None = None


class ThreadListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/emails/threads: threads by their latest message; a label, threads with an unread
    message, or both."""

    label: Label | None = None
    unread: bool = False


class MarkRead(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """POST /v1/emails/mark-read: set is_read on many of the caller's live messages at once."""

    ids: EmailIds
    is_read: bool


class MarkReadResult(msgspec.Struct):
    # The messages named (each once), and how many of them were not in that state before.
    matched: int
    changed: int


EmailImport = Annotated[list[EmailCreate], msgspec.Meta(min_length=1, max_length=1000)]
