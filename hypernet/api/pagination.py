"""Opaque keyset cursors (the sort key of the last row of a page, base64url-encoded JSON), the
Page a list answers, and the sort keys the lists page by."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import msgspec

from hypernet.domain.errors import InvalidCursor
from hypernet.domain.media import Media
from hypernet.domain.page import Page

_encode = msgspec.json.Encoder().encode
T = TypeVar("T")

# The key shapes lists page by: (timestamp, id) for time-ordered lists, (position, id) for
# lists in a user-chosen order such as an album.
TimeKey = tuple[datetime, UUID]
OrderKey = tuple[int, UUID]
_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}
# Room for a key holding text: a name or title of up to 500 characters, even if every one is
# sent as a six-byte JSON escape (3,043 bytes of JSON with the id, 4,060 of base64). Lists keyed
# by text (contacts by display_name, documents by title) issue such cursors; 200, the limit
# before, refused the next page after a name of some 100 bytes.
MAX_CURSOR_LENGTH = 4096


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(_encode(key)).rstrip(b"=").decode()


def decode_key(cursor: str | None, shape: Any) -> Any:
    """None for the first page; InvalidCursor for anything not issued by encode_cursor."""
    if cursor is None:
        return None
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("cursor is too long")
    decoder = _decoders.setdefault(shape, msgspec.json.Decoder(shape))
    try:
        key = decoder.decode(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidCursor("cursor is not one this service issued") from None
    first = key[0]
    if isinstance(first, datetime) and first.tzinfo is None:
        raise InvalidCursor("cursor is not one this service issued")
    return key


def decode_cursor(cursor: str | None) -> tuple[datetime | None, UUID | None]:
    """A (timestamp, id) cursor as the pair the list queries take; (None, None) on page one."""
    key = decode_key(cursor, TimeKey)
    return (None, None) if key is None else key


def page_of(rows: Sequence[T], limit: int, key: Callable[[T], tuple[Any, ...]]) -> Page[T]:
    """A list query fetches limit + 1 rows: the extra row only says that a next page exists,
    and the cursor is the key of the last row shown."""
    if len(rows) <= limit:
        return Page(items=list(rows), next_cursor=None)
    shown = list(rows[:limit])
    return Page(items=shown, next_cursor=encode_cursor(*key(shown[-1])))


def by_created(row: Any) -> tuple[datetime, UUID]:
    return row.created_at, row.id


def by_deleted(row: Any) -> tuple[datetime, UUID]:
    return row.deleted_at, row.id


def by_sent_at(row: Any) -> tuple[datetime, UUID]:
    """Messages (emails, chat) in the order they were sent."""
    return row.sent_at, row.id


def by_sort_at(media: Media) -> tuple[datetime, UUID]:
    """Media lists: when it was taken, else when it was stored."""
    return media.sort_at, media.id
