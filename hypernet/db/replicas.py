"""Read replicas: which one may answer a read now, how far behind each one is, and the way back
to the primary.

The pool's reads of the named queries whose header says `replica: yes` go to a replica
(BoundedPool.fetch/fetchrow/fetchval); everything else stays on the primary: every write, every
statement of a write transaction (those run on the connection the transaction holds), every
query not marked. A read goes to the primary instead when

- the same user wrote within the read-your-writes window (this process saw the write: a write
  request marks its user when it ends, api/app.py),
- no replica is available: each is checked every HYPERNET_REPLICA_CHECK_INTERVAL seconds and is
  available only while it answers, is still a replica, and trails by at most
  HYPERNET_REPLICA_MAX_LAG seconds,
- or the replica fails the read (down, restarting, a query cancelled by a conflict with
  recovery): it is marked unavailable until its next good check and the primary runs the read.

How far behind: every check samples the primary's WAL position with the time it was taken. A
replica that has not replayed up to a sample taken t seconds ago is at least t seconds behind;
one that has replayed the newest sample is not behind at all (an idle primary writes no WAL, so
the replay timestamp, which ages while nothing happens, would say otherwise).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from hypernet.core.config import Settings
from hypernet.core.metrics import REPLICA_AVAILABLE, REPLICA_LAG, REPLICA_PASSED_OVER, REPLICA_READS
from hypernet.db.pool import ACTING_USER, BoundedPool, create_pool
from hypernet.db.queries import query, registry

log = logging.getLogger("hypernet.db.replicas")

_PRIMARY_POSITION = query("replication/primary_wal_position")
_REPLAY_POSITION = query("replication/replica_replay_position")

# What a replica failing a read means about the replica, not the read: the primary runs it again.
_REPLICA_FAULTS: tuple[type[BaseException], ...] = (
    OSError,  # refused, reset, timed out; PoolExhausted (the replica's pool is busy) too
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    asyncpg.CannotConnectNowError,  # starting up or shutting down
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.SerializationError,  # cancelled by a conflict with recovery (a hot standby's 40001)
)


def replica_label(url: str) -> str:
    """host:port/database of a replica URL: what logs and metrics name it by (no credentials)."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}"


@dataclass(eq=False)
class Replica:
    label: str
    pool: BoundedPool
    available: bool = False
    # Seconds behind the primary at the last check; None when not known.
    lag: float | None = None
    # When the last check answered (time.monotonic()); a read trusts only a recent one.
    checked_at: float = -math.inf
    why_not: str = "not checked yet"

    def judge(self, available: bool, lag: float | None, why_not: str = "") -> None:
        if available != self.available:
            if available:
                log.info("read replica %s is available again (%.3f s behind)", self.label, lag)
            else:
                log.warning("read replica %s is passed over: %s", self.label, why_not)
        self.available, self.lag, self.why_not = available, lag, "" if available else why_not
        REPLICA_AVAILABLE.labels(self.label).set(1 if available else 0)
        REPLICA_LAG.labels(self.label).set(math.nan if lag is None else lag)


class ReplicaSet:
    """The replicas of one primary pool, their health, and the choice of one for each read."""

    def __init__(
        self,
        primary: BoundedPool,
        replicas: Sequence[Replica],
        *,
        max_lag: float,
        check_interval: float,
    ) -> None:
        self.primary = primary
        self.replicas = list(replicas)
        self.max_lag = max_lag
        self.check_interval = check_interval
        # A check's answer is trusted for two intervals (the next one may be on its way).
        self.trusted_for = 2 * check_interval
        # After writing, a user reads from the primary this long. A replica missing the write
        # has not replayed the first sample taken after it (at most one interval later); by
        # the end of the window its last trusted check, made at most trusted_for before, found
        # it more than max_lag behind that sample, so it is passed over. One interval more
        # keeps that comparison strict.
        self.read_your_writes = max_lag + 4 * check_interval
        self.check_timeout = max(1.0, 2 * check_interval)
        # The statements a replica may answer, by the text the mappers send.
        self.safe: frozenset[str] = frozenset(q.sql for q in registry().values() if q.replica)
        self._samples: deque[tuple[float, int]] = deque()
        self._wrote_at: dict[str, float] = {}
        self._turn = 0
        self._task: asyncio.Task[None] | None = None
        self._passed_for_writes = REPLICA_PASSED_OVER.labels("read_your_writes")
        self._passed_unavailable = REPLICA_PASSED_OVER.labels("unavailable")
        self._passed_failed = REPLICA_PASSED_OVER.labels("failed")
        self._reads = {r.label: REPLICA_READS.labels(r.label) for r in self.replicas}
        for replica in self.replicas:
            replica.judge(False, None, replica.why_not)

    # -- routing ------------------------------------------------------------------------------

    def wrote(self, user: str) -> None:
        """`user` has just written: their reads stay on the primary for the window."""
        if user:
            self._wrote_at[user] = time.monotonic()

    def choose(self, user: str) -> Replica | None:
        """The replica to read from for `user` now (in turn among the available ones), or None
        for the primary."""
        now = time.monotonic()
        wrote = self._wrote_at.get(user)
        if wrote is not None and now - wrote < self.read_your_writes:
            self._passed_for_writes.inc()
            return None
        count = len(self.replicas)
        for step in range(count):
            replica = self.replicas[(self._turn + step) % count]
            if replica.available and now - replica.checked_at <= self.trusted_for:
                self._turn = (self._turn + step + 1) % count
                return replica
        self._passed_unavailable.inc()
        return None

    async def read(self, method: str, sql: str, args: Sequence[Any]) -> Any:
        """Run a replica-safe statement (`method`: fetch, fetchrow or fetchval) on a replica
        when one may answer it, else (or when the replica fails) on the primary."""
        replica = self.choose(ACTING_USER.get())
        if replica is not None:
            try:
                async with replica.pool.acquire() as conn:
                    result = await getattr(conn, method)(sql, *args)
            except _REPLICA_FAULTS as exc:
                self._passed_failed.inc()
                replica.judge(False, replica.lag, f"a read failed ({type(exc).__name__}: {exc})")
            else:
                self._reads[replica.label].inc()
                return result
        async with self.primary.acquire() as conn:
            return await getattr(conn, method)(sql, *args)

    # -- health -------------------------------------------------------------------------------

    def lag_of(self, replay_position: int, at: float) -> float | None:
        """Seconds a replica that has replayed up to `replay_position` trails by at `at`."""
        if not self._samples:
            return None
        for taken_at, position in self._samples:
            if position > replay_position:
                return max(0.0, at - taken_at)
        return 0.0

    async def check(self) -> None:
        """One round: sample the primary's WAL position, then judge every replica by it."""
        taken_at = time.monotonic()
        try:
            async with asyncio.timeout(self.check_timeout):
                position = await self.primary.fetchval(_PRIMARY_POSITION.sql)
        except Exception as exc:
            # The primary is away: replicas are judged by the samples there are (while it is
            # away nobody writes, so what they have replayed is as current as it gets).
            log.debug("replica check: the primary's WAL position is unknown: %s", exc)
        else:
            self._samples.append((taken_at, int(position)))
        # Older samples cannot change a verdict: a replica behind them is too far behind anyway.
        horizon = taken_at - (self.max_lag + 10 * self.check_interval)
        while len(self._samples) > 1 and self._samples[0][0] < horizon:
            self._samples.popleft()
        await asyncio.gather(*(self._check_one(replica) for replica in self.replicas))
        cut = taken_at - self.read_your_writes
        for user in [u for u, at in self._wrote_at.items() if at < cut]:
            del self._wrote_at[user]

    async def _check_one(self, replica: Replica) -> None:
        try:
            async with asyncio.timeout(self.check_timeout):
                row = await replica.pool.fetchrow(_REPLAY_POSITION.sql)
        except Exception as exc:
            replica.judge(False, None, f"it does not answer ({type(exc).__name__}: {exc})")
            return
        at = time.monotonic()
        if not row["in_recovery"] or row["replay_position"] is None:
            replica.judge(False, None, "it is not a replica (not in recovery): it may be promoted")
            return
        lag = self.lag_of(int(row["replay_position"]), at)
        replica.checked_at = at
        if lag is None:
            replica.judge(False, None, "the primary's WAL position has not been sampled yet")
        elif lag > self.max_lag:
            replica.judge(
                False, lag, f"{lag:.2f} s behind, over HYPERNET_REPLICA_MAX_LAG={self.max_lag:g}"
            )
        else:
            replica.judge(True, lag)

    async def _watch(self) -> None:
        """A check every interval after the one start() made; a slow round is not made up for."""
        next_check = time.monotonic() + self.check_interval
        while True:
            await asyncio.sleep(max(0.0, next_check - time.monotonic()))
            next_check = time.monotonic() + self.check_interval
            try:
                await self.check()
            except Exception:  # the watch must outlive any one bad round
                log.exception("replica check failed")

    async def start(self) -> None:
        """Judge every replica once, then keep watching them in the background."""
        await self.check()
        self._task = asyncio.create_task(self._watch(), name="hypernet-replica-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        for replica in self.replicas:
            await replica.pool.close()


async def open_replicas(settings: Settings, primary: BoundedPool) -> ReplicaSet | None:
    """The replicas of HYPERNET_REPLICA_URLS, or None when none is configured. Their pools open
    connections when first used, so a replica that is down delays nothing at start-up."""
    urls = settings.replica_url_list
    if not urls:
        return None
    replicas = []
    for url in urls:
        pool = await create_pool(url, settings, min_size=0)
        replicas.append(
            Replica(replica_label(url), BoundedPool(pool, settings.pool_acquire_timeout))
        )
    return ReplicaSet(
        primary,
        replicas,
        max_lag=settings.replica_max_lag,
        check_interval=settings.replica_check_interval,
    )
