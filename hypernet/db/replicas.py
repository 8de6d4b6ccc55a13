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

How far behind: every check samples the primary's WAL position with the time it was taken
(before asking). A replica that has replayed a sample taken at t has every commit acknowledged
before t, so it is at most now - t behind, t being its newest replayed sample: an upper bound, so
a replica is used only while that bound stays within HYPERNET_REPLICA_MAX_LAG, however late the
checks come. A replica behind every sample there is (a new process, a stuck replica) is not used.
An idle primary writes no WAL, so its replicas stay current (the replay timestamp, which ages
while nothing happens, would say otherwise).
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
from hypernet.db.pool import ACTING_USER, BoundedPool, PoolExhausted, connect, create_pool
from hypernet.db.queries import query, registry

log = logging.getLogger("hypernet.db.replicas")

_PRIMARY_POSITION = query("replication/primary_wal_position")
_REPLAY_POSITION = query("replication/replica_replay_position")

# What a replica failing a read this way means about the replica, not the read: the primary runs
# it again. Any server error but those about the request itself (bad data, a constraint, a
# privilege), which the primary would answer the same.
_REQUEST_ERROR_CLASSES = ("22", "23")
_REQUEST_ERRORS = ("42501",)


def _replica_fault(exc: BaseException) -> bool:
    if isinstance(exc, asyncpg.PostgresError):
        state = exc.sqlstate or ""
        return state[:2] not in _REQUEST_ERROR_CLASSES and state not in _REQUEST_ERRORS
    return isinstance(
        exc, (OSError, asyncpg.InterfaceError, asyncpg.InternalClientError)
    )  # OSError: refused, reset, timed out, and PoolExhausted


class _Probe:
    """A connection of its own for the checks (lazily opened, again after a failure), so a busy
    pool never makes a check fail and flip a replica out of rotation."""

    def __init__(self, dsn: str, settings: Settings) -> None:
        self.dsn = dsn
        self.settings = settings
        self.conn: asyncpg.Connection | None = None

    async def fetchrow(self, sql: str) -> Any:
        try:
            if self.conn is None or self.conn.is_closed():
                self.conn = await connect(self.dsn, self.settings, "hypernet-replica-check")
            return await self.conn.fetchrow(sql)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.terminate()


def replica_label(url: str) -> str:
    """host:port/database of a replica URL: what logs and metrics name it by (no credentials)."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}"


@dataclass(eq=False)
class Replica:
    label: str
    pool: BoundedPool
    probe: _Probe
    available: bool = False
    # At most this many seconds behind the primary at the last check; None when not known.
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
        primary_probe: _Probe,
        replicas: Sequence[Replica],
        *,
        max_lag: float,
        check_interval: float,
    ) -> None:
        self.primary = primary
        self.primary_probe = primary_probe
        self.replicas = list(replicas)
        self.max_lag = max_lag
        self.check_interval = check_interval
        # A replica used now has every commit acknowledged more than max_lag ago (choose()), so
        # a writer reads from the primary for max_lag after their write, and no longer.
        self.read_your_writes = max_lag
        self.check_timeout = max(1.0, min(2 * check_interval, 5.0))
        # The statements a replica may answer, by the text the mappers send.
        self.safe: frozenset[str] = frozenset(q.sql for q in registry().values() if q.replica)
        self._samples: deque[tuple[float, int]] = deque()
        self._wrote_at: dict[str, float] = {}
        # Writes this process made before it started are unknown: everyone counts as having
        # written at start-up.
        self._started_at = time.monotonic()
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
        wrote = max(self._wrote_at.get(user, self._started_at), self._started_at)
        if now - wrote < self.read_your_writes:
            self._passed_for_writes.inc()
            return None
        count = len(self.replicas)
        for step in range(count):
            replica = self.replicas[(self._turn + step) % count]
            # Behind by at most its lag at the check, plus the time since.
            if replica.available and replica.lag is not None:
                if replica.lag + (now - replica.checked_at) <= self.max_lag:
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
            except Exception as exc:
                if not _replica_fault(exc):
                    raise
                self._passed_failed.inc()
                if not isinstance(exc, PoolExhausted):  # busy, not unwell: keep it in turn
                    why = f"a read failed ({type(exc).__name__}: {exc})"
                    replica.judge(False, replica.lag, why)
            else:
                self._reads[replica.label].inc()
                return result
        async with self.primary.acquire() as conn:
            return await getattr(conn, method)(sql, *args)

    # -- health -------------------------------------------------------------------------------

    def lag_of(self, replay_position: int, at: float) -> float | None:
        """At most how many seconds a replica that has replayed up to `replay_position` trails
        by at `at`: the age of the newest sample it has replayed; None when it has replayed
        none of them."""
        newest = None
        for taken_at, position in self._samples:
            if position <= replay_position:
                newest = taken_at
        return None if newest is None else max(0.0, at - newest)

    async def check(self) -> None:
        """One round: sample the primary's WAL position, then judge every replica by it."""
        taken_at = time.monotonic()
        try:
            async with asyncio.timeout(self.check_timeout):
                row = await self.primary_probe.fetchrow(_PRIMARY_POSITION.sql)
        except Exception as exc:
            # No new sample: the replicas' bounds grow with the age of the last one, and they
            # are passed over once it is older than max_lag.
            log.debug("replica check: the primary's WAL position is unknown: %s", exc)
        else:
            self._samples.append((taken_at, _record_start(int(row["wal_position"]))))
        # A sample older than this bounds no replica that may still be used.
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
                row = await replica.probe.fetchrow(_REPLAY_POSITION.sql)
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
            replica.judge(
                False, None, "it has not replayed the primary's WAL as sampled since start"
            )
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
        await self.primary_probe.close()
        for replica in self.replicas:
            await replica.probe.close()
            try:
                await asyncio.wait_for(replica.pool.close(), 5)
            except Exception:  # an unreachable replica must not hold up shutdown
                replica.pool.pool.terminate()


def _record_start(position: int) -> int:
    """The insert position as a replica's replay position can reach it: right after a page
    header (24 bytes, 40 at a segment's start), where the insert position of an idle primary
    rests after a WAL switch, a replica has replayed up to the page's start."""
    offset = position % 8192
    return position - offset if offset in (24, 40) else position


async def open_replicas(
    settings: Settings, primary: BoundedPool, primary_dsn: str
) -> ReplicaSet | None:
    """The replicas of HYPERNET_REPLICA_URLS, or None when none is configured. Their pools open
    connections when first used, so a replica that is down delays nothing at start-up."""
    urls = settings.replica_url_list
    if not urls:
        return None
    replicas = []
    for url in urls:
        pool = await create_pool(url, settings, min_size=0)
        bounded = BoundedPool(pool, settings.pool_acquire_timeout)
        replicas.append(Replica(replica_label(url), bounded, _Probe(url, settings)))
    return ReplicaSet(
        primary,
        _Probe(primary_dsn, settings),
        replicas,
        max_lag=settings.replica_max_lag,
        check_interval=settings.replica_check_interval,
    )
