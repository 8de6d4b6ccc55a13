"""RateLimitMapper: attempt counters and the login lockout over sql/rate_limits/*.sql.

Run on the pool or on a connection outside any request transaction: a count must stay counted
when the request it refuses is rolled back. Account keys are hashed in SQL (see the migration
0029_rate_limits.sql for why); what is passed here is the e-mail or user id as given.
"""

from __future__ import annotations

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.rate_limits import LimitCount, LimitedAction, LoginFailure, LoginLock
from hypernet.mappers.versions import rows_affected

_HIT = query("rate_limits/hit")
_GET_LOGIN_LOCK = query("rate_limits/get_login_lock")
_END_LOGIN_LOCK = query("rate_limits/end_login_lock")
_RECORD_LOGIN_FAILURE = query("rate_limits/record_login_failure")
_FORGET_LOGIN_FAILURES = query("rate_limits/forget_login_failures")
_PURGE = query("rate_limits/purge_expired")


class RateLimitMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def hit(
        self, action: LimitedAction, address: str, account: str, window_seconds: int
    ) -> list[LimitCount]:
        """Count one attempt for the client address and for the account; their counts now."""
        rows = await self.db.fetch(_HIT.sql, action, address, account, window_seconds)
        return [LimitCount(r["scope"], r["hits"], r["retry_after"]) for r in rows]

    async def login_lock(self, email: str, threshold: int) -> LoginLock | None:
        row = await self.db.fetchrow(_GET_LOGIN_LOCK.sql, email, threshold)
        return None if row is None else LoginLock(**row)

    async def end_login_lock(self, email: str, threshold: int) -> bool:
        """Forget a lockout whose cooling-off has ended; True only for the caller that did."""
        return await self.db.fetchrow(_END_LOGIN_LOCK.sql, email, threshold) is not None

    async def record_login_failure(
        self, email: str, threshold: int, lockout_seconds: int
    ) -> LoginFailure:
        row = await self.db.fetchrow(_RECORD_LOGIN_FAILURE.sql, email, threshold, lockout_seconds)
        return LoginFailure(**row)

    async def forget_login_failures(self, email: str) -> None:
        await self.db.execute(_FORGET_LOGIN_FAILURES.sql, email)

    async def purge_expired(self, batch_size: int = 1000) -> int:
        """Hard-delete one batch of rows whose window has ended; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, batch_size))
