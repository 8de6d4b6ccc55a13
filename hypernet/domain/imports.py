"""What an idempotent batch import answers, for every type that imports by its source key."""

from __future__ import annotations

from uuid import UUID

import msgspec


class ImportResult(msgspec.Struct):
    created: int
    existing: int
    # The id of each item, in the order given: new, or the live item already holding its import
    # key (null only if that item went to the trash while the batch ran).
    ids: list[UUID | None]
