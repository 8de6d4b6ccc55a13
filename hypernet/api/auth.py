"""HTTP handlers for /v1/auth: register and log in (bcrypt off the event loop, JWT out)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from aiohttp import web

from hypernet.api.audit import request_event
from hypernet.api.http import (
    POOL,
    SETTINGS,
    TOKENS,
    Route,
    audit_object,
    db,
    json_response,
    read_json,
)
from hypernet.api.problems import ProblemError
from hypernet.domain.audit import NO_ACCOUNT
from hypernet.domain.fields import NO_NUL
from hypernet.domain.users import User
from hypernet.mappers.audit import AuditMapper
from hypernet.mappers.users import UserMapper
from hypernet.security import check_password, hash_password

Email = Annotated[
    str, msgspec.Meta(min_length=3, max_length=320, pattern=r"^[^@\s\x00]+@[^@\s\x00]+$")
]
# bcrypt reads at most 72 bytes; a longer password would be silently truncated, so refuse it.
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=72, pattern=NO_NUL)]


DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]


class RegisterRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    display_name: DisplayName


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=1024)]


class TokenResponse(msgspec.Struct):
    access_token: str
    token_type: Literal["bearer"]
    expires_in: int


async def register(request: web.Request) -> web.Response:
    body = await read_json(request, RegisterRequest)
    if len(body.password.encode()) > 72:
        raise ProblemError(422, "password is longer than 72 bytes", kind="validation-failed")
    hashed = await hash_password(body.password, request.app[SETTINGS].bcrypt_rounds)
    user = await UserMapper(db(request)).create(body.email, hashed, body.display_name)
    audit_object(request, user.id, owner=user.id)
    response = json_response(user, 201)
    response.headers["Location"] = "/v1/me"
    return response


async def login(request: web.Request) -> web.Response:
    body = await read_json(request, LoginRequest)
    creds = await UserMapper(request.app[POOL]).credentials(body.email)
    rounds = request.app[SETTINGS].bcrypt_rounds
    ok = await check_password(body.password, creds.password_hash if creds else None, rounds)
    audit = AuditMapper(request.app[POOL])
    if not ok or creds is None:
        await audit.record(
            request_event(
                request,
                "auth.login_failed",
                user=creds.user_id if creds else NO_ACCOUNT,
                details={"email": body.email[:320]},
            )
        )
        raise ProblemError(
            401, "e-mail or password is wrong", headers={"WWW-Authenticate": "Bearer"}
        )
    await audit.record(
        request_event(request, "auth.login", user=creds.user_id, actor_id=creds.user_id)
    )
    tokens = request.app[TOKENS]
    return json_response(
        TokenResponse(
            access_token=tokens.issue(creds.user_id),
            token_type="bearer",
            expires_in=tokens.ttl_seconds,
        )
    )


# fmt: off
ROUTES = [
    Route("POST", "/v1/auth/register", register, "Create an account", "auth",
          body=RegisterRequest, response=User, status=201, public=True, errors=(400, 409, 422)),
    # Login audits itself: a failed attempt must be recorded although the request fails.
    Route("POST", "/v1/auth/login", login, "Exchange e-mail and password for an access token",
          "auth", body=LoginRequest, response=TokenResponse, public=True, audit=False,
          errors=(400, 401, 422)),
]
# fmt: on
