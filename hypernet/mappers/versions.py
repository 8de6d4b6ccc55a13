"""Why a conditional write on one object matched no row: shared by every mapper with ETags."""

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
