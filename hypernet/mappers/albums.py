"""AlbumMapper: albums and their membership over sql/albums/*.sql."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.db.rows import positional
from hypernet.domain.albums import Album, AlbumCreate, MembershipResult
from hypernet.domain.errors import Conflict, MissingReferences, NotFound
from hypernet.domain.media import Media
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("albums/get_live")
_GET_ANY = query("albums/get_any")
_LIST = query("albums/list_live_by_created_at")
_LIST_TRASH = query("albums/list_trash")
_INSERT = query("albums/insert")
_UPDATE = query("albums/update_live")
_SOFT_DELETE = query("albums/soft_delete")
_RESTORE = query("albums/restore")
_PURGE = query("albums/purge_expired")
_LIST_MEDIA = query("albums/list_media")
_ADD_MEDIA = query("albums/add_media")
_REMOVE_MEDIA = query("albums/remove_media")
_REORDER_MEDIA = query("albums/reorder_media")

TimeCursor = tuple[datetime | None, UUID | None]


album_from_row = positional(Album, _GET_LIVE, _LIST, _LIST_TRASH, _INSERT, _UPDATE, _RESTORE)
# The album's media, each followed by its place in the album (read apart as r["sort_order"]).
media_from_album_row = positional(Media, _LIST_MEDIA, trailing=("sort_order",))


def _unique(ids: list[UUID]) -> list[UUID]:
    return list(dict.fromkeys(ids))


class AlbumMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, album_id: UUID) -> Album | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, album_id)
        return None if row is None else album_from_row(row)

    async def list_live(
        self, user_id: UUID, *, limit: int, after: TimeCursor = (None, None)
    ) -> list[Album]:
        rows = await self.db.fetch(_LIST.sql, user_id, after[0], after[1], limit)
        return [album_from_row(r) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: TimeCursor = (None, None)
    ) -> list[Album]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [album_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: AlbumCreate) -> Album:
        row = await self.db.fetchrow(
            _INSERT.sql, user_id, new.name, new.description, new.cover_media_id, new.metadata
        )
        if row is None:
            raise MissingReferences({"$.cover_media_id": new.cover_media_id})
        return album_from_row(row)

    async def update(
        self,
        user_id: UUID,
        album_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Album:
        row = await self.db.fetchrow(_UPDATE.sql, user_id, album_id, changes, if_updated_at)
        if row is not None:
            return album_from_row(row)
        # Live and at the expected version: then it was the new cover that is not live media.
        raise await why_no_match(
            self.db, _GET_ANY, user_id, album_id, if_updated_at
        ) or MissingReferences({"$.cover_media_id": changes.get("cover_media_id")})

    async def soft_delete(
        self, user_id: UUID, album_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, album_id, if_updated_at
        )

    async def restore(self, user_id: UUID, album_id: UUID) -> Album:
        row = await self.db.fetchrow(_RESTORE.sql, user_id, album_id)
        if row is None:
            raise NotFound(album_id)
        return album_from_row(row)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))

    async def list_media(
        self,
        user_id: UUID,
        album_id: UUID,
        *,
        limit: int,
        after: tuple[int, UUID] | None = None,
    ) -> list[tuple[int, Media]]:
        """(sort_order, media) pairs of the album's visible media, in album order."""
        a_order, a_id = after if after is not None else (None, None)
        rows = await self.db.fetch(_LIST_MEDIA.sql, user_id, album_id, a_order, a_id, limit)
        return [(r["sort_order"], media_from_album_row(r)) for r in rows]

    async def add_media(
        self, user_id: UUID, album_id: UUID, media_ids: list[UUID]
    ) -> MembershipResult:
        """All or nothing: every id must be a live media item of the user (run in a transaction:
        MissingReferences is raised after the statement, and the caller's rollback undoes it)."""
        ids = _unique(media_ids)
        row = await self.db.fetchrow(_ADD_MEDIA.sql, user_id, album_id, ids)
        if not row["album_found"]:
            raise NotFound(album_id)
        if row["missing"]:
            positions = {media_id: i for i, media_id in enumerate(media_ids)}
            raise MissingReferences({f"$.media_ids[{positions[m]}]": m for m in row["missing"]})
        album = await self.get(user_id, album_id)
        assert album is not None
        return MembershipResult(
            added=row["added"],
            already_present=row["valid"] - row["added"],
            media_count=album.media_count,
        )

    async def remove_media(self, user_id: UUID, album_id: UUID, media_id: UUID) -> None:
        if await self.db.fetchval(_REMOVE_MEDIA.sql, user_id, album_id, media_id) is None:
            raise NotFound(media_id)

    async def reorder_media(self, user_id: UUID, album_id: UUID, media_ids: list[UUID]) -> None:
        row = await self.db.fetchrow(_REORDER_MEDIA.sql, user_id, album_id, media_ids)
        if row["visible"] == 0 and await self.get(user_id, album_id) is None:
            raise NotFound(album_id)
        if row["moved"] != row["visible"] or row["visible"] != len(media_ids):
            raise Conflict(
                f"the order must list each of the album's {row['visible']} visible media "
                "items exactly once"
            )
