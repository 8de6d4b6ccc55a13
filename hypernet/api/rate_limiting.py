"""Rate limits and the login lockout as handlers apply them: count an attempt before any bcrypt
work and answer 429 with Retry-After, lock an account's password login after repeated failures,
and audit the lock and its end.

Counts go through the pool (or a connection the caller holds outside any transaction), never
through the request's transaction: a refused request is rolled back, its count must stay. None of
these is called while bcrypt runs: callers release the connection, hash, then take one again.
"""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from hypernet.api.auditing import request_event
from hypernet.api.http import SETTINGS
from hypernet.api.problems import ProblemError
from hypernet.db.pool import Executor
from hypernet.domain.audit import NO_ACCOUNT
from hypernet.domain.rate_limits import LimitedAction, address_key, exceeded
from hypernet.mappers.audit import AuditMapper
from hypernet.mappers.rate_limits import RateLimitMapper


def too_many(retry_after: int, detail: str) -> ProblemError:
    return ProblemError(
        429, f"{detail}; retry in {retry_after} s", headers={"Retry-After": str(retry_after)}
    )


async def enforce_rate_limits(
    db: Executor, request: web.Request, action: LimitedAction, account: str
) -> None:
    """Count this attempt for the client address and for the account (an e-mail as given, or a
    user id); 429 when either is over its limit for the current window."""
    settings = request.app[SETTINGS]
    counts = await RateLimitMapper(db).hit(
        action, address_key(request.remote), account, settings.rate_limit_window
    )
    wait = exceeded(counts, settings.rate_limit_per_address, settings.rate_limit_per_account)
    if wait is not None:
        raise too_many(wait, "too many attempts from this address or for this account")


async def enforce_login_lock(
    db: Executor, request: web.Request, email: str, user: UUID | None
) -> None:
    """429 while the account's password login is locked. A lock found ended is forgotten and its
    end audited (once, by whichever request deletes it). The same for an address no account
    holds: the answer tells nothing about whether the account exists."""
    threshold = request.app[SETTINGS].login_lockout_threshold
    limits = RateLimitMapper(db)
    lock = await limits.login_lock(email, threshold)
    if lock is None:
        return
    if lock.in_force:
        raise too_many(
            lock.retry_after,
            "password login of this account is locked after too many failed attempts",
        )
    if lock.ended and await limits.end_login_lock(email, threshold):
        await AuditMapper(db).record(
            request_event(
                request,
                "auth.login_unlocked",
                user=user or NO_ACCOUNT,
                details={"email": email[:320], "locked_until": lock.window_end},
            )
        )


async def count_login_failure(
    db: Executor, request: web.Request, email: str, user: UUID | None
) -> None:
    """Count a failed login of the account; the one that reaches the threshold locks it for the
    cooling-off period, audited with when the lock ends."""
    settings = request.app[SETTINGS]
    failure = await RateLimitMapper(db).record_login_failure(
        email, settings.login_lockout_threshold, settings.login_lockout_seconds
    )
    if failure.locked_now:
        await AuditMapper(db).record(
            request_event(
                request,
                "auth.login_locked",
                user=user or NO_ACCOUNT,
                details={
                    "email": email[:320],
                    "failures": failure.hits,
                    "locked_until": failure.window_end,
                },
            )
        )


async def forget_login_failures(db: Executor, email: str) -> None:
    """A successful login: the failure count starts again from nothing."""
    await RateLimitMapper(db).forget_login_failures(email)
