"""The account that owns everything else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.errors import InvalidField
from hypernet.domain.fields import NO_NUL
from hypernet.domain.refresh_tokens import RefreshTokenText

DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
# bcrypt reads at most 72 bytes; a longer password would be silently truncated, so refuse it
# (the byte length is checked again where it is hashed: 72 characters may be more bytes).
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=72, pattern=NO_NUL)]
Email = Annotated[
    str, msgspec.Meta(min_length=3, max_length=320, pattern=r"^[^@\s\x00]+@[^@\s\x00]+$")
]


@dataclass(slots=True)
class User:
    id: UUID
    email: str
    display_name: str
    storage_quota_bytes: int
    created_at: datetime
    updated_at: datetime
    metadata: dict[str, Any]


@dataclass(slots=True)
class Credentials:
    """What login needs, and nothing the API should ever return."""

    user_id: UUID
    password_hash: str


def require_bcrypt_length(password: str, path: str = "$.password") -> None:
    """bcrypt reads 72 bytes; 72 characters of non-ASCII text can be more."""
    if len(password.encode()) > 72:
        raise InvalidField(
            path,
            "longer than 72 bytes",
            f"invalid body: the password is longer than 72 bytes at {path}",
        )


class RegisterRequest(msgspec.Struct, forbid_unknown_fields=True):
    """POST /v1/auth/register: a new account."""

    email: Email
    password: Password
    display_name: DisplayName


class MePatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """PATCH /v1/me: an absent field keeps its value.

    A new `password` needs `current_password`, and ends every other session of the account;
    `refresh_token` names the caller's own session, which stays.
    """

    display_name: DisplayName | UnsetType = UNSET
    password: Password | UnsetType = UNSET
    current_password: Annotated[str, msgspec.Meta(max_length=1024)] | UnsetType = UNSET
    refresh_token: RefreshTokenText | UnsetType = UNSET


class AccountErasure(msgspec.Struct, forbid_unknown_fields=True):
    """DELETE /v1/me: the current password, to confirm that the account and everything it owns
    is to be erased for good."""

    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
