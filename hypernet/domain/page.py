"""One page of any list, and the ?limit=&cursor= every list takes (keyset pagination)."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec

T = TypeVar("T")

Limit = Annotated[int, msgspec.Meta(ge=1, le=200)]


class Page(msgspec.Struct, Generic[T]):
    """Up to `limit` items in list order; next_cursor (null on the last page) fetches the next."""

    items: list[T]
    next_cursor: str | None


class PageQuery(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """?limit=&cursor= of every list; a list with filters extends it."""

    limit: Limit = 50
    cursor: str | None = None
