"""Sessions: the rotating refresh tokens of one user, grouped in families (one per login), and
the requests that start, rotate and end them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

# `<user id>.<secret>`: 16 and 32 bytes, base64url without padding (core/security.py makes them).
REFRESH_TOKEN_PATTERN = r"^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$"

RevokeReason = Literal["logout", "logout_all", "password_change", "reuse", "account_deleted"]

# What a client sends back: the opaque token login or refresh gave it.
RefreshTokenText = Annotated[str, msgspec.Meta(max_length=66, pattern=REFRESH_TOKEN_PATTERN)]


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """The row of a token just issued; the token itself exists only in the client's hands."""

    id: UUID
    family_id: UUID
    expires_at: datetime


@dataclass(slots=True)
class RefreshToken:
    id: UUID
    user_id: UUID
    family_id: UUID
    created_at: datetime
    expires_at: datetime
    rotated_at: datetime | None
    replaced_by: UUID | None
    revoked_at: datetime | None
    revoke_reason: str | None
    expired: bool


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    """POST /v1/auth/login: e-mail and password."""

    # Only bounded, not validated: a malformed guess is a 401 like any other wrong one.
    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=1024)]  # users.MAX_PASSWORD_LENGTH


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    """POST /v1/auth/refresh and /v1/auth/logout: the session's current refresh token."""

    refresh_token: RefreshTokenText


class TokenResponse(msgspec.Struct):
    """What login and refresh answer: a short-lived access token and the next refresh token."""

    access_token: str
    token_type: Literal["bearer"]
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
