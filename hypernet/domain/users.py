"""The account that owns everything else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, EmailAddress
from hypernet.domain.refresh_tokens import RefreshTokenText
from hypernet.domain.search import SearchLanguage

DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
# Any length up to MAX_PASSWORD_LENGTH characters counts whole (core/security.py pre-hashes it
# for bcrypt, which reads 72 bytes at most); the bound keeps hashing a request cheap.
MAX_PASSWORD_LENGTH = 1024
Password = Annotated[
    str, msgspec.Meta(min_length=8, max_length=MAX_PASSWORD_LENGTH, pattern=NO_NUL)
]
Email = EmailAddress


@dataclass(slots=True)
class User:
    id: UUID
    email: str
    display_name: str
    storage_quota_bytes: int
    created_at: datetime
    updated_at: datetime
    metadata: dict[str, Any]
    # The text search configuration the user's items are indexed and searched with.
    search_language: str


@dataclass(slots=True)
class Credentials:
    """What login needs, and nothing the API should ever return."""

    user_id: UUID
    password_hash: str


class RegisterRequest(msgspec.Struct, forbid_unknown_fields=True):
    """POST /v1/auth/register: a new account."""

    email: Email
    password: Password
    display_name: DisplayName


class MePatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """PATCH /v1/me: an absent field keeps its value.

    A new `password` needs `current_password`, and ends every other session of the account;
    `refresh_token` names the caller's own session, which stays. A new `search_language`
    re-indexes everything the account owns before the answer (see README, Search).
    """

    display_name: DisplayName | UnsetType = UNSET
    search_language: SearchLanguage | UnsetType = UNSET
    password: Password | UnsetType = UNSET
    current_password: Annotated[str, msgspec.Meta(max_length=MAX_PASSWORD_LENGTH)] | UnsetType = (
        UNSET
    )
    refresh_token: RefreshTokenText | UnsetType = UNSET


class AccountErasure(msgspec.Struct, forbid_unknown_fields=True):
    """DELETE /v1/me: the current password, to confirm that the account and everything it owns
    is to be erased for good."""

    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
