"""ContactMapper: one user's contacts over sql/contacts/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.contacts import Contact, ContactCreate
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("contacts/get_live")
_GET_ANY = query("contacts/get_any")
_LIST = query("contacts/list_live_by_name")
_LIST_BY_EMAIL = query("contacts/list_live_by_email")
_LIST_BY_PHONE = query("contacts/list_live_by_phone")
_LIST_TRASH = query("contacts/list_trash")
_INSERT = query("contacts/insert")
_UPDATE = query("contacts/update_live")
_SOFT_DELETE = query("contacts/soft_delete")
_RESTORE = query("contacts/restore")
_IMPORT = query("contacts/import_batch")
_FIND_IMPORTED = query("contacts/find_imported")
_PURGE = query("contacts/purge_expired")


def contact_from_row(row: asyncpg.Record) -> Contact:
    return Contact(**row)


@dataclass(frozen=True, slots=True)
class ContactFilter:
    # At most one: each is its own lookup through the GIN index over lookup_keys.
    email: str | None = None
    phone: str | None = None


class ContactMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, contact_id: UUID) -> Contact | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, contact_id)
        return None if row is None else contact_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[str | None, UUID | None] = (None, None),
        where: ContactFilter = ContactFilter(),
    ) -> list[Contact]:
        """Live contacts alphabetically (display_name, then id), after the (display_name, id) of
        the last row of the previous page."""
        name, id_ = after
        if where.email is not None:
            rows = await self.db.fetch(_LIST_BY_EMAIL.sql, user_id, where.email, name, id_, limit)
        elif where.phone is not None:
            rows = await self.db.fetch(_LIST_BY_PHONE.sql, user_id, where.phone, name, id_, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, name, id_, limit)
        return [contact_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Contact]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [contact_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: ContactCreate) -> Contact:
        """A live contact with the same import key raises UniqueViolationError."""
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.given_name,
            new.family_name,
            new.display_name,
            new.emails,
            new.phones,
            new.organization,
            new.birthday,
            new.notes,
            new.metadata,
            new.source_platform,
            new.source_object_id,
        )
        return contact_from_row(row)

    async def update(
        self,
        user_id: UUID,
        contact_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Contact:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, contact_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, contact_id, if_updated_at
            ) or NotFound(contact_id)
        return contact_from_row(row)

    async def soft_delete(
        self, user_id: UUID, contact_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, contact_id, if_updated_at
        )

    async def restore(self, user_id: UUID, contact_id: UUID) -> Contact:
        """Back from the trash; a live contact with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, contact_id)
        if row is None:
            raise NotFound(contact_id)
        return contact_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[ContactCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live contact holds
        their import key) are counted, not copied, and answered with that contact's id."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of contacts trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
