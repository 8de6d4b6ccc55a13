"""ProfileAttributeMapper: one user's profile attributes over sql/profile_attributes/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import Conflict, InvalidField, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.profile_attributes import (
    MAX_VALUE_BYTES,
    ProfileAttribute,
    ProfileAttributeCreate,
    value_too_large,
)
from hypernet.mappers.imports import SecondKey, import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("profile_attributes/get_live")
_GET_ANY = query("profile_attributes/get_any")
_GET_PROFILE = query("profile_attributes/get_profile")
_LIST = query("profile_attributes/list_live_by_key")
_LIST_OF_VISIBILITY = query("profile_attributes/list_live_of_visibility_by_key")
_LIST_TRASH = query("profile_attributes/list_trash")
_INSERT = query("profile_attributes/insert")
_UPDATE = query("profile_attributes/update_live")
_SOFT_DELETE = query("profile_attributes/soft_delete")
_RESTORE = query("profile_attributes/restore")
_IMPORT = query("profile_attributes/import_batch")
_FIND_IMPORTED = query("profile_attributes/find_imported")
_FIND_BY_KEY = query("profile_attributes/find_by_key")
# An item whose key a live row holds is existing too (its own unique key).
_SECOND_KEY = SecondKey(_FIND_BY_KEY, "key", lambda item: item.key)
_PURGE = query("profile_attributes/purge_expired")

_encode = msgspec.json.Encoder().encode


def profile_attribute_from_row(row: asyncpg.Record) -> ProfileAttribute:
    return ProfileAttribute(**row)


def _conflict(exc: asyncpg.UniqueViolationError, key: str | None) -> Conflict:
    """PostgreSQL's unique violation in the words of the API; `key` is the key written, None on
    a restore."""
    if exc.constraint_name == "profile_attributes_live_key":
        if key is None:
            return Conflict(
                "another live profile attribute holds this one's key now: rename or delete "
                "that one first"
            )
        return Conflict(f"a live profile attribute with the key {key!r} already exists")
    if exc.constraint_name == "profile_attributes_live_source_key":
        return Conflict(
            "a live profile attribute with the same source_platform and source_object_id "
            "already exists"
        )
    return Conflict(f"conflicts with an existing object ({exc.constraint_name})")


def _check_size(path: str, value: Any) -> None:
    if value_too_large(value):
        raise InvalidField(path, f"is larger than {MAX_VALUE_BYTES} bytes of JSON")


def _json(value: Any) -> msgspec.Raw:
    """A value for a jsonb parameter, JSON null included (None alone would be SQL NULL)."""
    return msgspec.Raw(_encode(value))


class ProfileAttributeMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, attribute_id: UUID) -> ProfileAttribute | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, attribute_id)
        return None if row is None else profile_attribute_from_row(row)

    async def profile(self, user_id: UUID) -> msgspec.Raw:
        """Every live attribute as one JSON object {key: value}, as PostgreSQL wrote it."""
        text: str = await self.db.fetchval(_GET_PROFILE.sql, user_id)
        return msgspec.Raw(text.encode())

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: str | None = None,
        visibility: str | None = None,
    ) -> list[ProfileAttribute]:
        """Live attributes in key order, after the key `after`; each filter has its index."""
        if visibility is not None:
            rows = await self.db.fetch(_LIST_OF_VISIBILITY.sql, user_id, visibility, after, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, after, limit)
        return [profile_attribute_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[ProfileAttribute]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [profile_attribute_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: ProfileAttributeCreate) -> ProfileAttribute:
        """Conflict when a live attribute holds the key (or the import key)."""
        _check_size("$.value", new.value)
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        try:
            row = await self.db.fetchrow(
                _INSERT.sql,
                user_id,
                new.key,
                _json(new.value),
                new.visibility,
                new.metadata,
                new.source_integration_id,
                new.source_platform,
                new.source_object_id,
            )
        except asyncpg.UniqueViolationError as exc:
            raise _conflict(exc, new.key) from None
        return profile_attribute_from_row(row)

    async def update(
        self,
        user_id: UUID,
        attribute_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> ProfileAttribute:
        """Apply the given fields; Conflict when the new key is live on another attribute;
        NotFound, or PreconditionFailed when the version moved on."""
        if "value" in changes:
            _check_size("$.value", changes["value"])
        try:
            row = await self.db.fetchrow(_UPDATE.sql, user_id, attribute_id, changes, if_updated_at)
        except asyncpg.UniqueViolationError as exc:
            raise _conflict(exc, changes.get("key")) from None
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, attribute_id, if_updated_at
            ) or NotFound(attribute_id)
        return profile_attribute_from_row(row)

    async def soft_delete(
        self, user_id: UUID, attribute_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, attribute_id, if_updated_at
        )

    async def restore(self, user_id: UUID, attribute_id: UUID) -> ProfileAttribute:
        """Back from the trash; Conflict when a live attribute took its key (or import key)
        meanwhile: rename or delete that one first."""
        try:
            row = await self.db.fetchrow(_RESTORE.sql, user_id, attribute_id)
        except asyncpg.UniqueViolationError as exc:
            raise _conflict(exc, None) from None
        if row is None:
            raise NotFound(attribute_id)
        return profile_attribute_from_row(row)

    async def import_batch(
        self, user_id: UUID, items: Sequence[ProfileAttributeCreate]
    ) -> ImportResult:
        """One set-based INSERT for the batch; an item whose import key or key a live attribute
        already holds (or an earlier item of the batch) is counted as existing and answered with
        that attribute's id: an import never overwrites what the user has. Every
        source_integration_id must be a live integration of the user (MissingReferences,
        nothing stored). Run it in a transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        for i, item in enumerate(items):
            _check_size(f"$[{i}].value", item.value)
        await require_live_integrations(
            self.db,
            user_id,
            {
                f"$[{i}].source_integration_id": it.source_integration_id
                for i, it in enumerate(items)
            },
        )
        return await import_by_source_key(
            self.db, _IMPORT, _FIND_IMPORTED, user_id, items, second=_SECOND_KEY
        )

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of attributes trashed before the cut-off; returns how many."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
