"""SocialPostMapper: one user's social posts over sql/social_posts/*.sql."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import Conflict, MissingReferences, NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.social_posts import SocialPost, SocialPostCreate
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.social_accounts import SocialAccountMapper
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("social_posts/get_live")
_GET_ANY = query("social_posts/get_any")
_LIST = query("social_posts/list_live_by_posted_at")
_LIST_OF_ACCOUNT = query("social_posts/list_live_of_account")
_LIST_OF_PLATFORM = query("social_posts/list_live_of_platform")
_LIST_REPLIES = query("social_posts/list_replies")
_LIST_TRASH = query("social_posts/list_trash")
_INSERT = query("social_posts/insert")
_UPDATE = query("social_posts/update_live")
_SOFT_DELETE = query("social_posts/soft_delete")
_RESTORE = query("social_posts/restore")
_LOCK_LIVE = query("social_posts/lock_live")
_IMPORT = query("social_posts/import_batch")
_FIND_IMPORTED = query("social_posts/find_imported")
_PURGE = query("social_posts/purge_expired")


Cursor = tuple[datetime | None, UUID | None]


def social_post_from_row(row: asyncpg.Record) -> SocialPost:
    return SocialPost(**row)


def _import_conflict(exc: asyncpg.UniqueViolationError) -> Conflict:
    if exc.constraint_name == "social_posts_live_source_key":
        return Conflict(
            "a live social post with the same source_platform and source_object_id already exists"
        )
    return Conflict(f"conflicts with an existing object ({exc.constraint_name})")


@dataclass(frozen=True, slots=True)
class SocialPostFilter:
    """At most one of them (each is served by its own index)."""

    account_id: UUID | None = None
    platform: str | None = None


class SocialPostMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, post_id: UUID) -> SocialPost | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, post_id)
        return None if row is None else social_post_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: Cursor = (None, None),
        where: SocialPostFilter = SocialPostFilter(),
    ) -> list[SocialPost]:
        """Live posts newest first, of one account or of one platform when asked."""
        at, id_ = after
        if where.account_id is not None:
            rows = await self.db.fetch(
                _LIST_OF_ACCOUNT.sql, user_id, where.account_id, at, id_, limit
            )
        elif where.platform is not None:
            rows = await self.db.fetch(
                _LIST_OF_PLATFORM.sql, user_id, where.platform, at, id_, limit
            )
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [social_post_from_row(r) for r in rows]

    async def list_replies(
        self, user_id: UUID, post_id: UUID, *, limit: int, after: Cursor = (None, None)
    ) -> list[SocialPost]:
        """The live replies to a live post, oldest first; NotFound when the post is not live."""
        state = await self.db.fetchrow(_GET_ANY.sql, user_id, post_id)
        if state is None or not state["live"]:
            raise NotFound(post_id)
        rows = await self.db.fetch(_LIST_REPLIES.sql, user_id, post_id, after[0], after[1], limit)
        return [social_post_from_row(r) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: Cursor = (None, None)
    ) -> list[SocialPost]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [social_post_from_row(r) for r in rows]

    async def lock_live(self, user_id: UUID, ids: Collection[UUID]) -> set[UUID]:
        """Which ids are live posts of the user, share-locked until the transaction ends."""
        if not ids:
            return set()
        rows = await self.db.fetch(_LOCK_LIVE.sql, user_id, list(ids))
        return {r["id"] for r in rows}

    async def _check_references(
        self,
        user_id: UUID,
        accounts: Mapping[str, UUID],
        replies_to: Mapping[str, UUID | None],
    ) -> dict[UUID, str]:
        """Every account must be a live account of the user and every post replied to a live
        post of the user (MissingReferences with their paths otherwise); all are share-locked
        until the transaction ends. Answers each account's platform."""
        platforms = await SocialAccountMapper(self.db).lock_live(user_id, set(accounts.values()))
        missing: dict[str, object] = {p: a for p, a in accounts.items() if a not in platforms}
        named = {path: p for path, p in replies_to.items() if p is not None}
        if named:
            live = await self.lock_live(user_id, set(named.values()))
            missing.update({path: p for path, p in named.items() if p not in live})
        if missing:
            raise MissingReferences(missing)
        return platforms

    async def create(self, user_id: UUID, new: SocialPostCreate) -> SocialPost:
        """Stored under its live account, with that account's platform. Run it in a
        transaction, so the checks and the insert hold together."""
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        platforms = await self._check_references(
            user_id,
            {"$.account_id": new.account_id},
            {"$.reply_to_post_id": new.reply_to_post_id},
        )
        try:
            row = await self.db.fetchrow(
                _INSERT.sql,
                user_id,
                new.account_id,
                platforms[new.account_id],
                new.posted_at,
                new.text,
                new.url,
                new.reply_to_post_id,
                new.like_count,
                new.share_count,
                new.reply_count,
                new.metadata,
                new.source_integration_id,
                new.source_platform,
                new.source_object_id,
            )
        except asyncpg.UniqueViolationError as exc:
            raise _import_conflict(exc) from None
        return social_post_from_row(row)

    async def update(
        self,
        user_id: UUID,
        post_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> SocialPost:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, post_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, post_id, if_updated_at
            ) or NotFound(post_id)
        return social_post_from_row(row)

    async def soft_delete(
        self, user_id: UUID, post_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, post_id, if_updated_at
        )

    async def restore(self, user_id: UUID, post_id: UUID) -> SocialPost:
        """Back from the trash; Conflict when its account is in the trash (restore that, and its
        posts come with it) or a live post holds its import key."""
        try:
            row = await self.db.fetchrow(_RESTORE.sql, user_id, post_id)
        except asyncpg.UniqueViolationError as exc:
            raise _import_conflict(exc) from None
        if row is not None:
            return social_post_from_row(row)
        state = await self.db.fetchrow(_GET_ANY.sql, user_id, post_id)
        if state is None or state["live"]:
            raise NotFound(post_id)
        raise Conflict("the post's account is in the trash: restore the account first")

    async def import_batch(self, user_id: UUID, items: Sequence[SocialPostCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported are counted, not copied,
        and their ids are looked up by import key. Every account_id must name a live account of
        the user and every reply_to_post_id a live post (MissingReferences, nothing stored).
        Run it in a transaction, so those checks and the insert hold together."""
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
        platforms = await self._check_references(
            user_id,
            {f"$[{i}].account_id": it.account_id for i, it in enumerate(items)},
            {f"$[{i}].reply_to_post_id": it.reply_to_post_id for i, it in enumerate(items)},
        )
        payload = [
            {**msgspec.structs.asdict(it), "platform": platforms[it.account_id]} for it in items
        ]
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items, payload)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of posts trashed before the cut-off (their replies stay and stop
        naming them); returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
