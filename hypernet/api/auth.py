"""HTTP handlers for /v1/auth: register, log in (bcrypt off the event loop, JWT out), and the
sessions behind it: rotating refresh tokens with reuse detection, logout, logout-all."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from hypernet.api.auditing import request_event
from hypernet.api.http import (
    POOL,
    SETTINGS,
    TOKENS,
    Route,
    audit_object,
    db,
    json_response,
    no_content,
    read_json,
    user_id,
)
from hypernet.api.problems import ProblemError
from hypernet.core.security import (
    check_password,
    hash_password,
    new_refresh_token,
    parse_refresh_token,
)
from hypernet.domain.audit import NO_ACCOUNT
from hypernet.domain.refresh_tokens import (
    IssuedToken,
    LoginRequest,
    RefreshRequest,
    TokenResponse,
)
from hypernet.domain.users import RegisterRequest, User, require_bcrypt_length
from hypernet.mappers.audit import AuditMapper
from hypernet.mappers.refresh_tokens import RefreshTokenMapper
from hypernet.mappers.users import UserMapper


def _client(request: web.Request) -> tuple[str | None, str | None]:
    """The user agent and address a session is started or continued from."""
    agent = request.headers.get("User-Agent")
    return (agent[:500] if agent else None), request.remote


def _token_response(request: web.Request, owner: UUID, refresh_token: str) -> web.Response:
    tokens = request.app[TOKENS]
    return json_response(
        TokenResponse(
            access_token=tokens.issue(owner),
            token_type="bearer",
            expires_in=tokens.ttl_seconds,
            refresh_token=refresh_token,
            refresh_expires_in=request.app[SETTINGS].refresh_token_ttl,
        )
    )


def _refused(detail: str) -> ProblemError:
    return ProblemError(401, detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


async def register(request: web.Request) -> web.Response:
    body = await read_json(request, RegisterRequest)
    require_bcrypt_length(body.password)
    hashed = await hash_password(body.password, request.app[SETTINGS].bcrypt_rounds)
    # The transaction starts once the hash is made: no pooled connection waits on bcrypt.
    async with request.app[POOL].acquire() as conn, conn.transaction():
        user = await UserMapper(conn).create(body.email, hashed, body.display_name)
        await AuditMapper(conn).record(
            request_event(
                request,
                "auth.register",
                user=user.id,
                actor_id=user.id,
                object_type="auth",
                object_id=user.id,
                details={"method": request.method, "path": request.path, "status": 201},
            )
        )
    response = json_response(user, 201)
    response.headers["Location"] = "/v1/me"
    return response


async def login(request: web.Request) -> web.Response:
    body = await read_json(request, LoginRequest)
    creds = await UserMapper(request.app[POOL]).credentials(body.email)
    rounds = request.app[SETTINGS].bcrypt_rounds
    ok = await check_password(body.password, creds.password_hash if creds else None, rounds)
    if not ok or creds is None:
        await AuditMapper(request.app[POOL]).record(
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
    owner = creds.user_id
    refresh_token, token_hash = new_refresh_token(owner)
    agent, addr = _client(request)
    async with request.app[POOL].acquire() as conn, conn.transaction():
        session = await RefreshTokenMapper(conn).start_session(
            owner,
            token_hash,
            request.app[SETTINGS].refresh_token_ttl,
            user_agent=agent,
            client_addr=addr,
        )
        await AuditMapper(conn).record(
            request_event(
                request,
                "auth.login",
                user=owner,
                actor_id=owner,
                object_type="session",
                object_id=session.family_id,
            )
        )
    return _token_response(request, owner, refresh_token)


async def refresh(request: web.Request) -> web.Response:
    """Rotate: the presented token stops working and a new one of the same session is issued.

    A token that was rotated already is presented by someone who kept a copy: its whole session
    is ended and the event is recorded, committed although the answer is 401.
    """
    body = await read_json(request, RefreshRequest)
    parsed = parse_refresh_token(body.refresh_token)
    if parsed is None:
        raise _refused("the refresh token is not valid; log in again")
    owner, token_hash = parsed
    new_token, new_hash = new_refresh_token(owner)
    agent, addr = _client(request)
    session: IssuedToken | None = None
    refusal = _refused("the refresh token is not valid; log in again")
    async with request.app[POOL].acquire() as conn, conn.transaction():
        tokens = RefreshTokenMapper(conn)
        audit = AuditMapper(conn)
        session = await tokens.rotate(
            owner,
            token_hash,
            new_hash,
            request.app[SETTINGS].refresh_token_ttl,
            user_agent=agent,
            client_addr=addr,
        )
        if session is not None:
            await audit.record(
                request_event(
                    request,
                    "auth.refresh",
                    user=owner,
                    actor_id=owner,
                    object_type="session",
                    object_id=session.family_id,
                )
            )
        elif (old := await tokens.get(owner, token_hash)) is None:
            pass
        elif old.rotated_at is not None:
            revoked = await tokens.revoke_family(owner, old.family_id, "reuse")
            await audit.record(
                request_event(
                    request,
                    "auth.token_reuse",
                    user=owner,
                    object_type="session",
                    object_id=old.family_id,
                    details={
                        "token_id": old.id,
                        "rotated_at": old.rotated_at,
                        "tokens_revoked": revoked,
                    },
                )
            )
            refusal = _refused(
                "this refresh token was used before: a copy of it may be in someone else's "
                "hands, so its session has been ended; log in again"
            )
        elif old.revoked_at is not None:
            refusal = _refused("the session of this refresh token has ended; log in again")
        elif old.expired:
            refusal = _refused("the refresh token has expired; log in again")
    if session is None:
        raise refusal
    return _token_response(request, owner, new_token)


async def logout(request: web.Request) -> web.Response:
    """End the session of the given refresh token. Like RFC 7009, a token that is unknown or
    whose session has ended already answers 204 too: the client's goal is met either way."""
    body = await read_json(request, RefreshRequest)
    parsed = parse_refresh_token(body.refresh_token)
    if parsed is not None:
        owner, token_hash = parsed
        family = await RefreshTokenMapper(db(request)).revoke_session_of(
            owner, token_hash, "logout"
        )
        if family is not None:
            audit_object(request, family, owner=owner)
    return no_content()


async def logout_all(request: web.Request) -> web.Response:
    """End every session of the caller. Access tokens already issued live out their short TTL."""
    await RefreshTokenMapper(db(request)).revoke_all(user_id(request), "logout_all")
    return no_content()


# fmt: off
ROUTES = [
    # Register audits itself, in a transaction begun after bcrypt.
    Route("POST", "/v1/auth/register", register, "Create an account", "auth",
          body=RegisterRequest, response=User, status=201, public=True, audit=False,
          errors=(400, 409, 422)),
    # Login audits itself: a failed attempt must be recorded although the request fails.
    Route("POST", "/v1/auth/login", login,
          "Exchange e-mail and password for an access token and a refresh token",
          "auth", body=LoginRequest, response=TokenResponse, public=True, audit=False,
          errors=(400, 401, 422)),
    # Refresh audits itself: a detected token reuse must be recorded although the answer is 401.
    Route("POST", "/v1/auth/refresh", refresh,
          "Exchange a refresh token for a new access token and a new refresh token", "auth",
          body=RefreshRequest, response=TokenResponse, public=True, audit=False,
          errors=(400, 401, 422)),
    Route("POST", "/v1/auth/logout", logout, "End the session of a refresh token", "auth",
          body=RefreshRequest, status=204, public=True, errors=(400, 422)),
    Route("POST", "/v1/auth/logout-all", logout_all, "End every session of the caller", "auth",
          status=204, errors=(401,)),
]
# fmt: on
