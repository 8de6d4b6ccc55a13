"""CalendarEventMapper: one user's calendar events over sql/calendar_events/*.sql, and the
occurrences of those events in a window (the events read through the span index, the series
expanded by domain/recurrence.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.calendar_events import (
    CalendarAttendee,
    CalendarEvent,
    CalendarEventCreate,
    CalendarOccurrence,
    WindowEvent,
    check_timings,
    occurrence_page,
    patched_timing,
    stored_exdates,
)
from hypernet.domain.errors import NotFound, PreconditionFailed
from hypernet.domain.imports import ImportResult
from hypernet.domain.recurrence import Timing
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned

_GET_LIVE = query("calendar_events/get_live")
_GET_FOR_UPDATE = query("calendar_events/get_live_for_update")
_GET_ANY = query("calendar_events/get_any")
_LIST = query("calendar_events/list_live_by_starts")
_LIST_OF_STATUS = query("calendar_events/list_live_of_status_by_starts")
_IN_WINDOW = query("calendar_events/list_live_in_window")
_LIST_TRASH = query("calendar_events/list_trash")
_INSERT = query("calendar_events/insert")
_UPDATE = query("calendar_events/update_live")
_SOFT_DELETE = query("calendar_events/soft_delete")
_RESTORE = query("calendar_events/restore")
_IMPORT = query("calendar_events/import_batch")
_FIND_IMPORTED = query("calendar_events/find_imported")
_PURGE = query("calendar_events/purge_expired")

# Expanding this many series or more goes to a worker thread, off the event loop.
_EXPAND_INLINE_UP_TO = 32

TimeCursor = tuple[datetime | None, UUID | None]


def calendar_event_from_row(row: asyncpg.Record) -> CalendarEvent:
    values = dict(row)
    values["attendees"] = msgspec.convert(values["attendees"], list[CalendarAttendee])
    return CalendarEvent(**values)


def _window_event(row: asyncpg.Record) -> WindowEvent:
    return WindowEvent(
        id=row["id"],
        title=row["title"],
        location=row["location"],
        status=row["status"],
        timing=Timing(
            row["starts_at"],
            row["ends_at"],
            row["all_day"],
            row["time_zone"],
            row["recurrence"],
            tuple(row["exdates"]),
            row["series_ends_at"],
        ),
    )


async def _checked(timings: Sequence[tuple[Timing, str]]) -> list[datetime | None]:
    """check_timings of the (timing, path) pairs, in a worker thread when a rule is among them
    (its probe is CPU work): the series_ends_at of each, or the InvalidField of the first that
    fails."""
    if not any(t.recurrence for t, _ in timings):
        return check_timings(timings)
    return await asyncio.to_thread(check_timings, timings)


@dataclass(frozen=True, slots=True)
class CalendarEventFilter:
    status: str | None = None


class _ImportRow(msgspec.Struct, kw_only=True):
    """One import item as the insert reads it: the item and the series end computed for it."""

    title: str
    description: str | None
    location: str | None
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    time_zone: str
    status: str
    attendees: list[CalendarAttendee]
    recurrence: str | None
    exdates: list[datetime]
    series_ends_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class CalendarEventMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, event_id: UUID) -> CalendarEvent | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, event_id)
        return None if row is None else calendar_event_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: TimeCursor = (None, None),
        where: CalendarEventFilter = CalendarEventFilter(),
    ) -> list[CalendarEvent]:
        """Live events by start, after the keyset (starts_at, id); each filter has its index."""
        at, id_ = after
        if where.status is not None:
            rows = await self.db.fetch(_LIST_OF_STATUS.sql, user_id, where.status, at, id_, limit)
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, at, id_, limit)
        return [calendar_event_from_row(r) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: TimeCursor = (None, None)
    ) -> list[CalendarEvent]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [calendar_event_from_row(r) for r in rows]

    async def occurrences(
        self,
        user_id: UUID,
        window_from: datetime,
        window_to: datetime,
        *,
        limit: int,
        after: tuple[datetime, UUID] | None = None,
        include_cancelled: bool = False,
    ) -> list[CalendarOccurrence]:
        """Up to `limit` occurrences inside [window_from, window_to) by (start, event id), after
        the keyset `after`. Past a keyset, only the events whose span reaches its start can
        still have an occurrence to show, so the index is asked from there on."""
        low = window_from if after is None else max(window_from, after[0])
        rows = await self.db.fetch(_IN_WINDOW.sql, user_id, low, window_to, include_cancelled)
        events = [_window_event(r) for r in rows]

        def page() -> list[CalendarOccurrence]:
            return occurrence_page(events, window_from, window_to, after, limit)

        series = sum(1 for e in events if e.timing.recurrence is not None)
        if series < _EXPAND_INLINE_UP_TO:
            return page()
        return await asyncio.to_thread(page)

    async def create(self, user_id: UUID, new: CalendarEventCreate) -> CalendarEvent:
        """InvalidField when the times do not hold together (see check_timing); a live event
        with the same import key raises UniqueViolationError."""
        (series_ends_at,) = await _checked([(new.timing, "$")])
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.title,
            new.description,
            new.location,
            new.starts_at,
            new.ends_at,
            new.all_day,
            new.time_zone,
            new.status,
            new.attendees,
            new.recurrence,
            stored_exdates(new.exdates),
            series_ends_at,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return calendar_event_from_row(row)

    async def update(
        self,
        user_id: UUID,
        event_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> CalendarEvent:
        """Apply the given fields to the event, locked, and check the result whole; NotFound,
        PreconditionFailed when the version moved on, InvalidField when the changed event's
        times do not hold together. Run it in a transaction."""
        row = await self.db.fetchrow(_GET_FOR_UPDATE.sql, user_id, event_id)
        if row is None:
            raise NotFound(event_id)
        current = calendar_event_from_row(row)
        if if_updated_at is not None and current.updated_at != if_updated_at:
            raise PreconditionFailed(event_id)
        timing = patched_timing(current.timing, changes)
        (series_ends_at,) = await _checked([(timing, "$")])
        row = await self.db.fetchrow(
            _UPDATE.sql,
            user_id,
            event_id,
            changes.get("title", current.title),
            changes.get("description", current.description),
            changes.get("location", current.location),
            timing.starts_at,
            timing.ends_at,
            timing.all_day,
            timing.time_zone,
            changes.get("status", current.status),
            changes.get("attendees", current.attendees),
            timing.recurrence,
            stored_exdates(timing.exdates),
            series_ends_at,
            changes.get("metadata", current.metadata),
        )
        if row is None:  # the lock makes this unreachable; kept for a clear error if not
            raise NotFound(event_id)
        return calendar_event_from_row(row)

    async def soft_delete(
        self, user_id: UUID, event_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, event_id, if_updated_at
        )

    async def restore(self, user_id: UUID, event_id: UUID) -> CalendarEvent:
        """Back from the trash; a live event with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, event_id)
        if row is None:
            raise NotFound(event_id)
        return calendar_event_from_row(row)

    async def import_batch(
        self, user_id: UUID, items: Sequence[CalendarEventCreate]
    ) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (a live event holds their
        import key) are counted, not copied, and answered with that event's id. Every item is
        checked first (InvalidField with its path, nothing stored), and every
        source_integration_id must be a live integration of the user. Run it in a
        transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        ends = await _checked([(it.timing, f"$[{i}]") for i, it in enumerate(items)])
        await require_live_integrations(
            self.db,
            user_id,
            {
                f"$[{i}].source_integration_id": it.source_integration_id
                for i, it in enumerate(items)
            },
        )
        rows = [
            _ImportRow(
                title=it.title,
                description=it.description,
                location=it.location,
                starts_at=it.starts_at,
                ends_at=it.ends_at,
                all_day=it.all_day,
                time_zone=it.time_zone,
                status=it.status,
                attendees=it.attendees,
                recurrence=it.recurrence,
                exdates=stored_exdates(it.exdates),
                series_ends_at=end,
                metadata=it.metadata,
                source_integration_id=it.source_integration_id,
                source_platform=it.source_platform,
                source_object_id=it.source_object_id,
            )
            for it, end in zip(items, ends, strict=True)
        ]
        return await import_by_source_key(
            self.db, _IMPORT, _FIND_IMPORTED, user_id, items, payload=rows
        )

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of events trashed before the cut-off; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
