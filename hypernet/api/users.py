"""HTTP handlers for /v1/me: the caller's own account, and changing its name or password."""

from __future__ import annotations

from aiohttp import web
from msgspec import UNSET

from hypernet.api.auditing import request_event
from hypernet.api.http import (
    POOL,
    SETTINGS,
    Route,
    audit_object,
    db,
    if_match,
    json_response,
    read_json,
    user_id,
)
from hypernet.api.problems import FieldError, ProblemError, invalid
from hypernet.api.rate_limiting import enforce_rate_limits
from hypernet.core.security import check_password, hash_password, parse_refresh_token
from hypernet.domain.errors import NotFound, PreconditionFailed
from hypernet.domain.users import MePatch, User
from hypernet.mappers.audit import AuditMapper
from hypernet.mappers.refresh_tokens import RefreshTokenMapper
from hypernet.mappers.users import UserMapper


def _check_patch(patch: MePatch) -> None:
    if patch.password is UNSET:
        for name in ("current_password", "refresh_token"):
            if getattr(patch, name) is not UNSET:
                raise invalid(f"$.{name}", "only allowed together with a new password")
        if patch.display_name is UNSET:
            raise invalid("$", "nothing to change: send display_name or password")
        return
    if patch.current_password is UNSET:
        raise invalid("$.current_password", "required to change the password")


async def get_me(request: web.Request) -> web.Response:
    me = user_id(request)
    user = await UserMapper(db(request)).get(me)
    if user is None:
        raise NotFound(me)
    return json_response(user, etag=user.updated_at)


async def update_me(request: web.Request) -> web.Response:
    """Change the display name and/or the password. A new password ends every session but the
    caller's own (the one `refresh_token` names, if given) in the same transaction, and with
    them their access tokens, on every service process within seconds."""
    me = user_id(request)
    expected = if_match(request)
    patch = await read_json(request, MePatch)
    _check_patch(patch)
    audit_object(request, me)
    users = UserMapper(db(request))
    old_hash = new_hash = None
    if patch.password is not UNSET and patch.current_password is not UNSET:
        rounds = request.app[SETTINGS].bcrypt_rounds
        await enforce_rate_limits(request.app[POOL], request, "password_check", str(me))
        old_hash = await users.password_hash(me)
        if old_hash is None:
            raise NotFound(me)
        if not await check_password(patch.current_password, old_hash, rounds):
            # Recorded outside the request's transaction, which the refusal rolls back.
            await AuditMapper(request.app[POOL]).record(
                request_event(request, "auth.password_change_failed", user=me, actor_id=me)
            )
            raise ProblemError(
                403,
                "current_password is wrong; the password was not changed",
                errors=[FieldError(path="$.current_password", message="wrong password")],
            )
        new_hash = await hash_password(patch.password, rounds)
    user = await users.update(
        me,
        display_name=None if patch.display_name is UNSET else patch.display_name,
        password_hash=new_hash,
        if_password_hash=old_hash,
        if_updated_at=expected,
    )
    if user is None:
        current = await users.get(me)
        if current is None:
            raise NotFound(me)
        if expected is not None and current.updated_at != expected:
            raise PreconditionFailed(me)
        raise ProblemError(409, "the password was changed concurrently; fetch and try again")
    if new_hash is not None:
        keep = None
        if patch.refresh_token is not UNSET:
            parsed = parse_refresh_token(patch.refresh_token)
            keep = parsed[1] if parsed is not None and parsed[0] == me else None
        ended = await RefreshTokenMapper(db(request)).revoke_all(
            me, "password_change", keep_token_hash=keep
        )
        await AuditMapper(db(request)).record(
            request_event(
                request,
                "auth.password_change",
                user=me,
                actor_id=me,
                object_type="users",
                object_id=me,
                details={"sessions_ended": ended, "kept_own_session": keep is not None},
            )
        )
    return json_response(user, etag=user.updated_at)


# fmt: off
ROUTES = [
    Route("GET", "/v1/me", get_me, "Fetch the caller's account", "users",
          response=User, etag=True, errors=(401, 404)),
    Route("PATCH", "/v1/me", update_me,
          "Change the caller's display name or password (a new password ends other sessions)",
          "users", body=MePatch, response=User, etag=True,
          errors=(400, 401, 403, 404, 409, 412, 415, 422, 429)),
]
# fmt: on
