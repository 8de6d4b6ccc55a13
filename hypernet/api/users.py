"""HTTP handlers for /v1/me: the caller's own account, and changing its name or password."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from aiohttp import web
from msgspec import UNSET

from hypernet.api.auditing import request_event
from hypernet.api.http import (
    POOL,
    REQUEST_ID,
    SETTINGS,
    Route,
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
from hypernet.domain.users import AccountErasure, MePatch, User
from hypernet.mappers.audit import AuditMapper
from hypernet.mappers.refresh_tokens import RefreshTokenMapper
from hypernet.mappers.users import UserMapper
from hypernet.ops.erasure import erase_account
from hypernet.ops.export import ExportSpool, write_export

_log = logging.getLogger("hypernet.api")

# What the handler sends per write while the export grows behind it.
_SEND_CHUNK = 256 * 1024


def _check_patch(patch: MePatch) -> None:
    if patch.password is UNSET:
        for name in ("current_password", "refresh_token"):
            if getattr(patch, name) is not UNSET:
                raise invalid(f"$.{name}", "only allowed together with a new password")
        if patch.display_name is UNSET and patch.search_language is UNSET:
            raise invalid("$", "nothing to change: send display_name, search_language or password")
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
    """Change the display name, the search language and/or the password. A new password ends
    every session but the caller's own (the one `refresh_token` names, if given) in the same
    transaction, and with them their access tokens, on every service process within seconds. A
    new search language re-indexes the caller's items in the same transaction (0038).

    Audits itself: the password is checked and hashed (bcrypt) before any connection is held,
    then the change and its audit rows are written in one short transaction."""
    me = user_id(request)
    expected = if_match(request)
    patch = await read_json(request, MePatch)
    _check_patch(patch)
    pool = request.app[POOL]
    old_hash = new_hash = None
    if patch.password is not UNSET and patch.current_password is not UNSET:
        rounds = request.app[SETTINGS].bcrypt_rounds
        await enforce_rate_limits(pool, request, "password_check", str(me))
        old_hash = await UserMapper(pool).password_hash(me)
        if old_hash is None:
            raise NotFound(me)
        if not await check_password(patch.current_password, old_hash, rounds):
            await AuditMapper(pool).record(
                request_event(request, "auth.password_change_failed", user=me, actor_id=me)
            )
            raise ProblemError(
                403,
                "current_password is wrong; the password was not changed",
                errors=[FieldError(path="$.current_password", message="wrong password")],
            )
        new_hash = await hash_password(patch.password, rounds)
    async with pool.acquire() as conn, conn.transaction():
        users = UserMapper(conn)
        user = await users.update(
            me,
            display_name=None if patch.display_name is UNSET else patch.display_name,
            search_language=None if patch.search_language is UNSET else patch.search_language,
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
        audit = AuditMapper(conn)
        if new_hash is not None:
            keep = None
            if patch.refresh_token is not UNSET:
                parsed = parse_refresh_token(patch.refresh_token)
                keep = parsed[1] if parsed is not None and parsed[0] == me else None
            ended = await RefreshTokenMapper(conn).revoke_all(
                me, "password_change", keep_token_hash=keep
            )
            await audit.record(
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
        # What the audit middleware records for every other write.
        await audit.record(
            request_event(
                request,
                "users.update_me",
                user=me,
                actor_id=me,
                object_type="users",
                object_id=me,
                details={"method": request.method, "path": request.path, "status": 200},
            )
        )
    return json_response(user, etag=user.updated_at)


async def export_me(request: web.Request) -> web.StreamResponse:
    """Everything the caller owns, as a ZIP of NDJSON files with a manifest, streamed while it
    is written (see hypernet/ops/export.py for why it is spooled and how memory stays flat)."""
    me = user_id(request)
    pool = request.app[POOL]
    if await UserMapper(pool).get(me) is None:
        raise NotFound(me)
    await AuditMapper(pool).record(
        request_event(
            request, "users.export", user=me, actor_id=me, object_type="users", object_id=me
        )
    )
    loop = asyncio.get_running_loop()
    spool = ExportSpool(loop)
    snapshot_taken = loop.create_future()
    writer = asyncio.create_task(
        write_export(pool, me, spool, on_snapshot=lambda: snapshot_taken.set_result(None))
    )
    # A writer that fails wakes the sender too, which then reports it instead of waiting.
    writer.add_done_callback(lambda _: spool.wake())
    try:
        # Answer only once the snapshot is held: a full pool is still a clean 503 here.
        await asyncio.wait({writer, snapshot_taken}, return_when=asyncio.FIRST_COMPLETED)
        if not snapshot_taken.done():
            writer.result()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        response = web.StreamResponse(
            headers={
                "Content-Type": "application/zip",
                "Content-Disposition": f'attachment; filename="hypernet-export-{stamp}.zip"',
                "Cache-Control": "no-store",
            }
        )
        response.enable_chunked_encoding()
        await response.prepare(request)
        sent = 0
        while True:
            if sent < spool.written:
                chunk = spool.read(sent, _SEND_CHUNK)
                await response.write(chunk)
                sent += len(chunk)
            elif spool.finished:
                break
            elif writer.done():
                # It failed after the headers went: no problem document can follow. Cut the
                # connection, so the chunked body ends without its last chunk and the client
                # sees a broken download, never a complete-looking one.
                _log.error("export of %s failed half-way", me, exc_info=writer.exception())
                if request.transport is not None:
                    request.transport.close()
                return response
            else:
                await spool.wait()
        await response.write_eof()
        return response
    finally:
        if not writer.done():
            writer.cancel()
        with contextlib.suppress(BaseException):
            await writer
        spool.close()


async def erase_me(request: web.Request) -> web.Response:
    """Erase the account and everything it owns, for good, once the current password is
    confirmed (see hypernet/ops/erasure.py)."""
    me = user_id(request)
    body = await read_json(request, AccountErasure)
    pool = request.app[POOL]
    # A password check like login's: limited the same way, before any bcrypt work.
    await enforce_rate_limits(pool, request, "password_check", str(me))
    hashed = await UserMapper(pool).password_hash(me)
    if hashed is None:
        raise NotFound(me)
    confirmed = await check_password(body.password, hashed, request.app[SETTINGS].bcrypt_rounds)
    if not confirmed:
        await AuditMapper(pool).record(
            request_event(request, "users.erase_refused", user=me, actor_id=me)
        )
        raise ProblemError(
            403,
            "password is wrong; nothing was erased",
            errors=[FieldError(path="$.password", message="wrong password")],
        )
    # Every session ends first: its access tokens are refused on every process within seconds,
    # so nothing of the account is written while its tables are emptied.
    await RefreshTokenMapper(pool).revoke_all(me, "account_deleted")
    await erase_account(pool, me, request_id=request.get(REQUEST_ID))
    return web.Response(status=204)


# fmt: off
ROUTES = [
    Route("GET", "/v1/me", get_me, "Fetch the caller's account", "users",
          response=User, etag=True, errors=(401, 404)),
    Route("PATCH", "/v1/me", update_me,
          "Change the caller's display name, search language or password (a new password ends "
          "other sessions; a new language re-indexes the caller's items)",
          "users", body=MePatch, response=User, etag=True, audit=False,
          errors=(400, 401, 403, 404, 409, 412, 415, 422, 429)),
    Route("GET", "/v1/me/export", export_me,
          "Everything the caller owns: a ZIP of one NDJSON file per type and manifest.json "
          "(rows and SHA-256 of each file), from one consistent snapshot, streamed", "users",
          response_media_type="application/zip", errors=(401, 404)),
    Route("DELETE", "/v1/me", erase_me,
          "Erase the account and everything it owns, for good (the current password confirms); "
          "its e-mail address is free again. The audit trail keeps only a pseudonymous record",
          "users", body=AccountErasure, status=204, audit=False,
          errors=(400, 401, 403, 404, 413, 415, 422, 429)),
]
# fmt: on
