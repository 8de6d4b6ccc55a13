"""SocialAccountMapper: one user's social accounts over sql/social_accounts/*.sql (and the posts
that go to the trash and come back with an account)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import Conflict, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.social_accounts import SocialAccount, SocialAccountCreate
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("social_accounts/get_live")
_GET_ANY = query("social_accounts/get_any")
_LIST = query("social_accounts/list_live_by_platform_handle")
_LIST_OF_PLATFORM = query("social_accounts/list_live_of_platform")
_LIST_TRASH = query("social_accounts/list_trash")
_INSERT = query("social_accounts/insert")
_UPDATE = query("social_accounts/update_live")
_SOFT_DELETE = query("social_accounts/soft_delete")
_RESTORE = query("social_accounts/restore")
_LOCK_LIVE = query("social_accounts/lock_live")
_IMPORT = query("social_accounts/import_batch")
_FIND_BY_HANDLES = query("social_accounts/find_by_handles")
_FIND_IMPORTED = query("social_accounts/find_imported")
_PURGE = query("social_accounts/purge_expired")
_TRASH_POSTS = query("social_posts/soft_delete_of_account")
_RESTORE_POSTS = query("social_posts/restore_of_account")

_encode = msgspec.json.Encoder().encode

# What a unique violation on each key means to the client.
_CONFLICTS = {
    "social_accounts_live_handle_key": "a live social account with this platform and handle "
    "already exists",
    "social_accounts_live_source_key": "a live social account with the same source_platform and "
    "source_object_id already exists",
}


def social_account_from_row(row: asyncpg.Record) -> SocialAccount:
    return SocialAccount(**row)


def _conflict(exc: asyncpg.UniqueViolationError) -> Conflict:
    constraint = exc.constraint_name or ""
    return Conflict(_CONFLICTS.get(constraint, f"conflicts with an existing object ({constraint})"))


class SocialAccountMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, account_id: UUID) -> SocialAccount | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, account_id)
        return None if row is None else social_account_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[str, str] | None = None,
        platform: str | None = None,
    ) -> list[SocialAccount]:
        """Live accounts by platform, then handle, after the (platform, handle) of a cursor;
        of one platform when given (one index serves both)."""
        if platform is not None:
            # The cursor's platform is this platform (the API refuses a cursor of another list).
            handle = None if after is None else after[1]
            rows = await self.db.fetch(_LIST_OF_PLATFORM.sql, user_id, platform, handle, limit)
        else:
            at_platform, at_handle = after if after is not None else (None, None)
            rows = await self.db.fetch(_LIST.sql, user_id, at_platform, at_handle, limit)
        return [social_account_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[SocialAccount]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [social_account_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: SocialAccountCreate) -> SocialAccount:
        """Conflict (409) when a live account holds the platform and handle or the import key:
        PostgreSQL's unique index decides, not a read before the insert. MissingReferences for
        a source_integration_id that is not a live integration of the user."""
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        try:
            row = await self.db.fetchrow(
                _INSERT.sql,
                user_id,
                new.platform,
                new.handle,
                new.display_name,
                new.profile_url,
                new.metadata,
                new.source_integration_id,
                new.source_platform,
                new.source_object_id,
            )
        except asyncpg.UniqueViolationError as exc:
            raise _conflict(exc) from None
        return social_account_from_row(row)

    async def update(
        self,
        user_id: UUID,
        account_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> SocialAccount:
        """Apply the given fields; NotFound, PreconditionFailed when the version moved on,
        Conflict when the new handle is taken."""
        try:
            row = await self.db.fetchrow(_UPDATE.sql, user_id, account_id, changes, if_updated_at)
        except asyncpg.UniqueViolationError as exc:
            raise _conflict(exc) from None
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, account_id, if_updated_at
            ) or NotFound(account_id)
        return social_account_from_row(row)

    async def soft_delete(
        self, user_id: UUID, account_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        """The account and its live posts go to the trash together, at one instant. Run it in
        a transaction."""
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, account_id, if_updated_at
        )
        await self.db.execute(_TRASH_POSTS.sql, user_id, account_id)

    async def restore(self, user_id: UUID, account_id: UUID) -> SocialAccount:
        """Back from the trash with the posts that went with it; Conflict when a live account
        now holds its platform and handle (nothing is restored then). Run it in a
        transaction."""
        await self.db.execute(_RESTORE_POSTS.sql, user_id, account_id)
        try:
            row = await self.db.fetchrow(_RESTORE.sql, user_id, account_id)
        except asyncpg.UniqueViolationError as exc:
            raise _conflict(exc) from None
        if row is None:
            raise NotFound(account_id)
        return social_account_from_row(row)

    async def lock_live(self, user_id: UUID, ids: Collection[UUID]) -> dict[UUID, str]:
        """The platform of each id that is a live account of the user, share-locked until the
        caller's transaction ends (so none is trashed while posts are stored under it)."""
        if not ids:
            return {}
        rows = await self.db.fetch(_LOCK_LIVE.sql, user_id, list(ids))
        return {r["id"]: r["platform"] for r in rows}

    async def import_batch(
        self, user_id: UUID, items: Sequence[SocialAccountCreate]
    ) -> ImportResult:
        """One set-based INSERT for the batch; an item whose platform and handle (or import
        key) a live account holds is counted as existing, and answered with that account's id."""
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
        rows = await self.db.fetch(_IMPORT.sql, user_id, msgspec.Raw(_encode(items)), ids)
        created = {r["id"] for r in rows}
        skipped = [i for i, id_ in enumerate(ids) if id_ not in created]
        if skipped:
            found = await self.db.fetch(
                _FIND_BY_HANDLES.sql,
                user_id,
                [items[i].platform for i in skipped],
                [items[i].handle for i in skipped],
            )
            by_handle = {(r["platform"], r["handle"]): r["id"] for r in found}
            for i in skipped:
                ids[i] = by_handle.get((items[i].platform, items[i].handle))
            # Skipped for its import key under another handle: found by that key.
            by_key = [i for i in skipped if ids[i] is None and items[i].source_object_id]
            if by_key:
                found = await self.db.fetch(
                    _FIND_IMPORTED.sql,
                    user_id,
                    [items[i].source_platform for i in by_key],
                    [items[i].source_object_id for i in by_key],
                )
                held = {(r["source_platform"], r["source_object_id"]): r["id"] for r in found}
                for i in by_key:
                    ids[i] = held.get((items[i].source_platform, items[i].source_object_id))
        return ImportResult(created=len(rows), existing=len(items) - len(rows), ids=ids)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of accounts trashed before the cut-off whose posts are gone
        (the posts' purge step runs first); returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
