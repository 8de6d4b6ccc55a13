"""LocationMapper: one user's location points over sql/locations/*.sql, and their import
through COPY."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import Conflict, NotFound
from hypernet.domain.locations import Location, LocationCreate, LocationImportResult
from hypernet.domain.partitions import EARLIEST, FUTURE_TOLERANCE, add_months, month_of
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("locations/get_live")
_GET_ANY = query("locations/get_any")
_WINDOW = query("locations/list_live_in_window")
_LATEST = query("locations/latest_in_window")
_LIST_TRASH = query("locations/list_trash")
_INSERT = query("locations/insert")
_UPDATE = query("locations/update_live")
_SOFT_DELETE = query("locations/soft_delete")
_RESTORE = query("locations/restore")
_CREATE_STAGING = query("locations/create_import_staging")
_IMPORT_STAGED = query("locations/import_staged")
_PURGE = query("locations/purge_expired")

# The temporary table create_import_staging makes, and the columns COPY fills, in its order.
STAGING_TABLE = "location_import"
STAGING_COLUMNS = (
    "recorded_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "altitude_m",
    "activity",
    "metadata",
    "source_platform",
    "source_object_id",
)
_EMPTY_OBJECT = "{}"
_encode = msgspec.json.Encoder().encode

_ONE_POINT_PER_INSTANT = "a live location point at this recorded_at exists already"


def location_from_row(row: asyncpg.Record) -> Location:
    return Location(**row)


def staging_records(points: Sequence[LocationCreate]) -> list[tuple[Any, ...]]:
    """The points as rows of the staging table, in STAGING_COLUMNS order."""
    empty, encode = _EMPTY_OBJECT, _encode
    return [
        (
            p.recorded_at,
            p.latitude,
            p.longitude,
            p.accuracy_m,
            p.altitude_m,
            p.activity,
            encode(p.metadata).decode() if p.metadata else empty,
            p.source_platform,
            p.source_object_id,
        )
        for p in points
    ]


class LocationMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, location_id: UUID) -> Location | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, location_id)
        return None if row is None else location_from_row(row)

    async def list_window(
        self,
        user_id: UUID,
        from_at: datetime,
        to_at: datetime,
        *,
        limit: int,
        after: datetime | None = None,
    ) -> list[Location]:
        """Live points recorded in [from_at, to_at), oldest first, after the one recorded at
        `after`."""
        rows = await self.db.fetch(_WINDOW.sql, user_id, from_at, to_at, after, limit)
        return [location_from_row(r) for r in rows]

    async def latest(self, user_id: UUID, now: datetime | None = None) -> Location | None:
        """The live point recorded last (points are never more than a day ahead of their
        import). The recent months first, pruned to them; the rest of the history only when
        they hold none."""
        now = now or datetime.now(UTC)
        month = add_months(month_of(now), -1)
        recent = datetime(month.year, month.month, 1, tzinfo=UTC)
        row = await self.db.fetchrow(_LATEST.sql, user_id, recent, now + FUTURE_TOLERANCE)
        if row is None:
            row = await self.db.fetchrow(_LATEST.sql, user_id, EARLIEST, recent)
        return None if row is None else location_from_row(row)

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Location]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [location_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: LocationCreate) -> Location:
        """Conflict when a live point holds the same instant."""
        try:
            row = await self.db.fetchrow(
                _INSERT.sql,
                user_id,
                new.recorded_at,
                new.latitude,
                new.longitude,
                new.accuracy_m,
                new.altitude_m,
                new.activity,
                new.metadata,
                new.source_platform,
                new.source_object_id,
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(_ONE_POINT_PER_INSTANT) from None
        return location_from_row(row)

    async def update(
        self,
        user_id: UUID,
        location_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Location:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, location_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, location_id, if_updated_at
            ) or NotFound(location_id)
        return location_from_row(row)

    async def soft_delete(
        self, user_id: UUID, location_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, location_id, if_updated_at
        )

    async def restore(self, user_id: UUID, location_id: UUID) -> Location:
        """Back from the trash; Conflict when a live point now holds its instant."""
        try:
            row = await self.db.fetchrow(_RESTORE.sql, user_id, location_id)
        except asyncpg.UniqueViolationError:
            raise Conflict(_ONE_POINT_PER_INSTANT) from None
        if row is None:
            raise NotFound(location_id)
        return location_from_row(row)

    async def import_points(
        self, user_id: UUID, points: Sequence[LocationCreate]
    ) -> LocationImportResult:
        """The fastest path in: COPY (binary) into a temporary staging table, then one INSERT ...
        SELECT into locations that skips every point whose instant a live point holds. Run in a
        transaction (the staging table empties at its commit); needs a connection, not the pool.
        Idempotent: importing the same points again stores nothing."""
        if not points:
            return LocationImportResult(created=0, existing=0)
        conn = self.db
        if not isinstance(conn, asyncpg.Connection):
            raise TypeError("import_points needs a connection in a transaction, not the pool")
        await conn.execute(_CREATE_STAGING.sql)
        await conn.copy_records_to_table(
            STAGING_TABLE, records=staging_records(points), columns=STAGING_COLUMNS
        )
        created = rows_affected(await conn.execute(_IMPORT_STAGED.sql, user_id))
        return LocationImportResult(created=created, existing=len(points) - created)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of points trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
