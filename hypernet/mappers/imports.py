"""The idempotent batch import every type with a source key shares: one set-based INSERT, then
the ids of the items it skipped, looked up by their import key (and by a second unique key,
for the types that have one)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import msgspec

from hypernet.db.pool import Executor
from hypernet.db.queries import Query
from hypernet.domain.imports import ImportResult

_encode = msgspec.json.Encoder().encode


@dataclass(frozen=True, slots=True)
class SecondKey:
    """A unique key among live rows besides the import key (a bookmark's url, a page's
    canonical_url, a profile attribute's key): an item the INSERT skipped for it is existing too.
    `find` takes (user_id, values) and answers rows of (`column`, id)."""

    find: Query
    column: str
    value_of: Callable[[Any], Any]


async def import_by_source_key(
    db: Executor,
    insert: Query,
    find_imported: Query,
    user_id: UUID,
    items: Sequence[Any],
    payload: Any = None,
    second: SecondKey | None = None,
) -> ImportResult:
    """`insert` takes (user_id, the items as one jsonb array, an id for each) and answers the ids
    of the rows it made, skipping items whose import key is live already; `find_imported` takes
    (user_id, source_platforms, source_object_ids) and answers who holds those keys. `payload`
    is what to send in place of the items, when the statement needs more than they hold;
    `second`, the type's other unique key, if any. Run it in a transaction together with the
    caller's reference checks."""
    if not items:
        return ImportResult(created=0, existing=0, ids=[])
    ids: list[UUID | None] = [uuid4() for _ in items]
    # Encoded once by msgspec and handed to the jsonb codec as-is.
    body = msgspec.Raw(_encode(items if payload is None else payload))
    rows = await db.fetch(insert.sql, user_id, body, ids)
    created = {r["id"] for r in rows}
    skipped = [i for i, id_ in enumerate(ids) if id_ not in created]
    if skipped:
        sourced = [i for i in skipped if items[i].source_object_id is not None]
        held: dict[tuple[str | None, str | None], UUID] = {}
        if sourced:
            found = await db.fetch(
                find_imported.sql,
                user_id,
                [items[i].source_platform for i in sourced],
                [items[i].source_object_id for i in sourced],
            )
            held = {(r["source_platform"], r["source_object_id"]): r["id"] for r in found}
        by_second: dict[Any, UUID] = {}
        if second is not None:
            values = list(dict.fromkeys(second.value_of(items[i]) for i in skipped))
            found = await db.fetch(second.find.sql, user_id, values)
            by_second = {r[second.column]: r["id"] for r in found}
        for i in skipped:
            item = items[i]
            # None only if the item holding the key went to the trash since the insert.
            ids[i] = held.get((item.source_platform, item.source_object_id))
            if ids[i] is None and second is not None:
                ids[i] = by_second.get(second.value_of(item))
    return ImportResult(created=len(rows), existing=len(items) - len(rows), ids=ids)
