"""Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded JSON."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from uuid import UUID

import msgspec

from hypernet.errors import InvalidCursor

_encode = msgspec.json.Encoder().encode
_Key = tuple[datetime, UUID]
_decode_key = msgspec.json.Decoder(_Key).decode


def encode_cursor(at: datetime, id_: UUID) -> str:
    return base64.urlsafe_b64encode(_encode((at, id_))).rstrip(b"=").decode()


def decode_cursor(cursor: str | None) -> tuple[datetime | None, UUID | None]:
    """(None, None) for the first page; InvalidCursor for anything not issued by encode_cursor."""
    if cursor is None:
        return None, None
    if len(cursor) > 200:
        raise InvalidCursor("cursor is too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, id_ = _decode_key(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidCursor("cursor is not one this service issued") from None
    if at.tzinfo is None:
        raise InvalidCursor("cursor is not one this service issued")
    return at, id_
