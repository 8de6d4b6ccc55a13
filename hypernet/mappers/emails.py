"""EmailMapper: one user's messages and their threads over sql/emails/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.emails import Email, EmailCreate, EmailThread
from hypernet.domain.errors import MissingReferences, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("emails/get_live")
_GET_ANY = query("emails/get_any")
_LIST = query("emails/list_live_by_sent_at")
_LIST_UNREAD = query("emails/list_live_unread_by_sent_at")
_LIST_BY_LABEL = query("emails/list_live_by_label")
_LIST_BY_INTEGRATION = query("emails/list_live_by_source_integration")
_LIST_TRASH = query("emails/list_trash")
_LIST_THREAD = query("emails/list_thread")
_GET_THREAD = query("emails/get_thread")
_LIST_THREADS = query("emails/list_threads")
_LIST_THREADS_UNREAD = query("emails/list_threads_unread")
_LIST_THREADS_BY_LABEL = query("emails/list_threads_by_label")
_LIST_THREADS_BY_LABEL_UNREAD = query("emails/list_threads_by_label_unread")
_INSERT = query("emails/insert")
_UPDATE = query("emails/update_live")
_SOFT_DELETE = query("emails/soft_delete")
_RESTORE = query("emails/restore")
_LOCK_LIVE = query("emails/lock_live")
_MARK_READ = query("emails/mark_read")
_IMPORT = query("emails/import_batch")
_FIND_IMPORTED = query("emails/find_imported")
_PURGE = query("emails/purge_expired")

_encode = msgspec.json.Encoder().encode

# A keyset position: (timestamp, id) of the last row shown, or (None, None) for page one.
After = tuple[datetime | None, UUID | None]


def email_from_row(row: asyncpg.Record) -> Email:
    return Email(**row)


def thread_from_row(row: asyncpg.Record) -> EmailThread:
    return EmailThread(**row)


@dataclass(frozen=True, slots=True)
class EmailFilter:
    label: str | None = None
    unread: bool = False
    source_integration_id: UUID | None = None


class EmailMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, email_id: UUID) -> Email | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, email_id)
        return None if row is None else email_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: After = (None, None),
        where: EmailFilter = EmailFilter(),
    ) -> list[Email]:
        """Live messages newest first; each filter is served by its own index."""
        at, id_ = after
        if where.source_integration_id is not None:
            rows = await self.db.fetch(
                _LIST_BY_INTEGRATION.sql, user_id, where.source_integration_id, at, id_, limit
            )
        elif where.label is not None:
            rows = await self.db.fetch(
                _LIST_BY_LABEL.sql, user_id, where.label, where.unread, at, id_, limit
            )
        elif where.unread:
            rows = await self.db.fetch(_LIST_UNREAD.sql, user_id, at, id_, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [email_from_row(r) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: After = (None, None)
    ) -> list[Email]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [email_from_row(r) for r in rows]

    async def get_thread(self, user_id: UUID, thread_id: UUID) -> EmailThread | None:
        row = await self.db.fetchrow(_GET_THREAD.sql, user_id, thread_id)
        return None if row is None else thread_from_row(row)

    async def list_thread(
        self, user_id: UUID, thread_id: UUID, *, limit: int, after: After = (None, None)
    ) -> list[Email]:
        """The live messages of one thread, oldest first."""
        rows = await self.db.fetch(_LIST_THREAD.sql, user_id, thread_id, after[0], after[1], limit)
        return [email_from_row(r) for r in rows]

    async def list_threads(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: After = (None, None),
        label: str | None = None,
        unread: bool = False,
    ) -> list[EmailThread]:
        """Threads by their latest live message, newest first, from the summary tables."""
        at, id_ = after
        if label is not None:
            statement = _LIST_THREADS_BY_LABEL_UNREAD if unread else _LIST_THREADS_BY_LABEL
            rows = await self.db.fetch(statement.sql, user_id, label, at, id_, limit)
        else:
            statement = _LIST_THREADS_UNREAD if unread else _LIST_THREADS
            rows = await self.db.fetch(statement.sql, user_id, at, id_, limit)
        return [thread_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: EmailCreate) -> Email:
        """A Message-ID already live for the user raises UniqueViolationError (409)."""
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.message_id,
            new.thread_id,
            new.in_reply_to,
            new.from_address,
            new.to_addresses,
            new.cc_addresses,
            new.bcc_addresses,
            new.subject,
            new.sent_at,
            new.body_text,
            new.labels,
            new.is_read,
            new.is_starred,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return email_from_row(row)

    async def update(
        self,
        user_id: UUID,
        email_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Email:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, email_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, email_id, if_updated_at
            ) or NotFound(email_id)
        return email_from_row(row)

    async def soft_delete(
        self, user_id: UUID, email_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, email_id, if_updated_at
        )

    async def restore(self, user_id: UUID, email_id: UUID) -> Email:
        """Back from the trash; a live message with the same Message-ID or import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, email_id)
        if row is None:
            raise NotFound(email_id)
        return email_from_row(row)

    async def mark_read(self, user_id: UUID, ids: Sequence[UUID], is_read: bool) -> tuple[int, int]:
        """Set is_read on every named message, all or none: MissingReferences (with the path of
        each id that is not a live message of the user) before anything changes. Run it in a
        transaction: the messages stay locked from the check to the update. Returns (messages
        named, messages changed)."""
        wanted = list(dict.fromkeys(ids))
        live = {r["id"] for r in await self.db.fetch(_LOCK_LIVE.sql, user_id, wanted)}
        missing = {f"$.ids[{i}]": id_ for i, id_ in enumerate(ids) if id_ not in live}
        if missing:
            raise MissingReferences(missing)
        changed = rows_affected(await self.db.execute(_MARK_READ.sql, user_id, wanted, is_read))
        return len(wanted), changed

    async def import_batch(self, user_id: UUID, items: Sequence[EmailCreate]) -> ImportResult:
        """One set-based INSERT for the batch; an item whose Message-ID or import key a live
        message already holds is counted, not copied, and answered with that message's id.

        Every source_integration_id must name a live integration of the user (MissingReferences,
        nothing stored). Run it in a transaction, so that check and insert hold together.
        """
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        await require_live_integrations(
            self.db,
            user_id,
            {
                f"$[{i}].source_integration_id": it.source_integration_id
                for i, it in enumerate(items)
            },
        )
        ids: list[UUID | None] = [uuid4() for _ in items]
        threads = [it.thread_id for it in items]
        rows = await self.db.fetch(_IMPORT.sql, user_id, msgspec.Raw(_encode(items)), ids, threads)
        created = {r["id"] for r in rows}
        skipped = [i for i, id_ in enumerate(ids) if id_ not in created]
        if skipped:
            found = await self.db.fetch(
                _FIND_IMPORTED.sql,
                user_id,
                [items[i].message_id for i in skipped],
                [items[i].source_platform for i in skipped],
                [items[i].source_object_id for i in skipped],
            )
            held = {r["position"]: r["id"] for r in found}
            for n, i in enumerate(skipped, start=1):
                # None only if the message holding the key was trashed since the insert.
                ids[i] = held.get(n)
        return ImportResult(created=len(rows), existing=len(items) - len(rows), ids=ids)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of messages trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
