"""Conditional writes on one object (If-Match) and why one matched no row: shared by every
mapper with ETags; and the row count of a batch statement."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from hypernet.db.pool import Executor
from hypernet.db.queries import Query
from hypernet.domain.errors import NotFound, PreconditionFailed


async def why_no_match(
    db: Executor, get_any: Query, user_id: UUID, object_id: UUID, expected: datetime | None
) -> Exception | None:
    """NotFound when the object is gone or in the trash; PreconditionFailed when the caller named
    a version (If-Match) and the object moved on; None when neither explains it, so the caller
    says what else its statement required. `get_any` answers (live, updated_at) by primary key.
    Without If-Match a lost race is a 404, never a 412 the client did not ask for."""
    row = await db.fetchrow(get_any.sql, user_id, object_id)
    if row is None or not row["live"]:
        return NotFound(object_id)
    if expected is not None and row["updated_at"] != expected:
        return PreconditionFailed(object_id)
    return None


async def soft_delete_versioned(
    db: Executor,
    soft_delete: Query,
    get_any: Query,
    user_id: UUID,
    object_id: UUID,
    expected: datetime | None,
) -> None:
    """Move one live object to the trash; `soft_delete` answers the id of the row it changed,
    given (user_id, id, expected updated_at or null). NotFound or PreconditionFailed otherwise."""
    if await db.fetchval(soft_delete.sql, user_id, object_id, expected) is None:
        raise await why_no_match(db, get_any, user_id, object_id, expected) or NotFound(object_id)


def rows_affected(status: str) -> int:
    """The row count of a command tag such as `DELETE 42`."""
    return int(status.split()[-1])
