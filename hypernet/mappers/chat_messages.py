"""ChatMessageMapper: one user's chat messages and conversations over sql/chat_messages/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.chat_messages import ChatConversation, ChatMessage, ChatMessageCreate
from hypernet.domain.errors import InvalidField, MissingReferences, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import IntegrationMapper
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("chat_messages/get_live")
_GET_ANY = query("chat_messages/get_any")
_LOCK_LIVE = query("chat_messages/lock_live")
_LIST = query("chat_messages/list_live_by_sent_at")
_LIST_OF_CONVERSATION = query("chat_messages/list_live_of_conversation")
_LIST_TRASH = query("chat_messages/list_trash")
_INSERT = query("chat_messages/insert")
_UPDATE = query("chat_messages/update_live")
_SOFT_DELETE = query("chat_messages/soft_delete")
_RESTORE = query("chat_messages/restore")
_IMPORT = query("chat_messages/import_batch")
_FIND_IMPORTED = query("chat_messages/find_imported")
_PURGE = query("chat_messages/purge_expired")
_LIST_CONVERSATIONS = query("chat_messages/list_conversations")
_CONVERSATION_EXISTS = query("chat_messages/conversation_exists")


TimeCursor = tuple[datetime | None, UUID | None]
# (latest_sent_at, conversation_id, platform) of the last conversation of a page.
ConversationCursor = tuple[datetime | None, str | None, str | None]


def chat_message_from_row(row: asyncpg.Record) -> ChatMessage:
    return ChatMessage(**row)


def _edited_before_sent(exc: asyncpg.CheckViolationError, path: str) -> Exception:
    if getattr(exc, "constraint_name", None) == "chat_messages_edited_after_sent":
        return InvalidField(path, "must not be before sent_at")
    return exc


class ChatMessageMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, message_id: UUID) -> ChatMessage | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, message_id)
        return None if row is None else chat_message_from_row(row)

    async def list_live(
        self, user_id: UUID, *, limit: int, after: TimeCursor = (None, None)
    ) -> list[ChatMessage]:
        """Every live message of the user, newest first."""
        rows = await self.db.fetch(_LIST.sql, user_id, after[0], after[1], limit)
        return [chat_message_from_row(r) for r in rows]

    async def list_of_conversation(
        self,
        user_id: UUID,
        conversation_id: str,
        platform: str | None,
        *,
        limit: int,
        after: TimeCursor = (None, None),
    ) -> list[ChatMessage]:
        """One conversation's live messages in the order sent (oldest first)."""
        rows = await self.db.fetch(
            _LIST_OF_CONVERSATION.sql, user_id, conversation_id, platform, *after, limit
        )
        return [chat_message_from_row(r) for r in rows]

    async def conversation_exists(
        self, user_id: UUID, conversation_id: str, platform: str | None
    ) -> bool:
        return bool(
            await self.db.fetchval(_CONVERSATION_EXISTS.sql, user_id, conversation_id, platform)
        )

    async def list_conversations(
        self, user_id: UUID, *, limit: int, after: ConversationCursor = (None, None, None)
    ) -> list[ChatConversation]:
        """The user's conversations with live messages, newest latest message first."""
        rows = await self.db.fetch(_LIST_CONVERSATIONS.sql, user_id, *after, limit)
        return [ChatConversation(**r) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: TimeCursor = (None, None)
    ) -> list[ChatMessage]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [chat_message_from_row(r) for r in rows]

    async def _check_references(
        self,
        user_id: UUID,
        integrations: dict[str, UUID | None],
        replies: dict[str, tuple[UUID | None, str, str]],
    ) -> None:
        """Every source_integration_id names a live integration of the user and every
        reply_to_message_id a live message of the user in the same conversation (`replies`:
        path -> (id, conversation_id, platform)); both are share-locked until the transaction
        ends, so none is trashed under the write."""
        named = {path: i for path, i in integrations.items() if i is not None}
        missing: dict[str, object] = {}
        if named:
            live = await IntegrationMapper(self.db).lock_live(user_id, set(named.values()))
            missing.update({path: i for path, i in named.items() if i not in live})
        targets = {path: ref for path, ref in replies.items() if ref[0] is not None}
        if targets:
            rows = await self.db.fetch(
                _LOCK_LIVE.sql, user_id, list({ref[0] for ref in targets.values()})
            )
            where = {r["id"]: (r["conversation_id"], r["platform"]) for r in rows}
            for path, (target, conversation_id, platform) in targets.items():
                if target not in where:
                    missing[path] = target
                elif where[target] != (conversation_id, platform):
                    raise InvalidField(path, "names a message of another conversation")
        if missing:
            raise MissingReferences(missing)

    async def create(self, user_id: UUID, new: ChatMessageCreate) -> ChatMessage:
        await self._check_references(
            user_id,
            {"$.source_integration_id": new.source_integration_id},
            {
                "$.reply_to_message_id": (
                    new.reply_to_message_id,
                    new.conversation_id,
                    new.platform,
                )
            },
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.conversation_id,
            new.platform,
            new.sender,
            new.sender_is_user,
            new.text,
            new.sent_at,
            new.reply_to_message_id,
            new.edited_at,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return chat_message_from_row(row)

    async def update(
        self,
        user_id: UUID,
        message_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> ChatMessage:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on.
        A new reply_to_message_id must name a live message of the same conversation."""
        target = changes.get("reply_to_message_id")
        if target is not None:
            current = await self.get(user_id, message_id)
            if current is None:
                raise NotFound(message_id)
            if target == message_id:
                raise InvalidField("$.reply_to_message_id", "must not be the message itself")
            await self._check_references(
                user_id,
                {},
                {"$.reply_to_message_id": (target, current.conversation_id, current.platform)},
            )
        try:
            row = await self.db.fetchrow(_UPDATE.sql, user_id, message_id, changes, if_updated_at)
        except asyncpg.CheckViolationError as exc:
            raise _edited_before_sent(exc, "$.edited_at") from None
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, message_id, if_updated_at
            ) or NotFound(message_id)
        return chat_message_from_row(row)

    async def soft_delete(
        self, user_id: UUID, message_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, message_id, if_updated_at
        )

    async def restore(self, user_id: UUID, message_id: UUID) -> ChatMessage:
        """Back from the trash; a live message with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, message_id)
        if row is None:
            raise NotFound(message_id)
        return chat_message_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[ChatMessageCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (by import key) are
        counted, not copied, and answered with the id of the live message holding the key.

        Every source_integration_id and reply_to_message_id must name a live object of the user
        (MissingReferences, nothing stored). Run it in a transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        await self._check_references(
            user_id,
            {
                f"$[{i}].source_integration_id": it.source_integration_id
                for i, it in enumerate(items)
            },
            {
                f"$[{i}].reply_to_message_id": (
                    it.reply_to_message_id,
                    it.conversation_id,
                    it.platform,
                )
                for i, it in enumerate(items)
            },
        )
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of messages trashed before the cut-off (replies that stay stop
        naming them); returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
