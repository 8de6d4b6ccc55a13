"""Keeps this process's revoked sessions current: a dedicated PostgreSQL connection (not a pooled
one) LISTENs for the NOTIFY each ended session sends, after loading the sessions ended within
the access-token lifetime; when it drops, it reconnects with a backoff and loads them again.

While the connection is down, access tokens are still checked against the revocations known
when it dropped (failing closed would make every request of the process fail while the database
itself may be fine); the log says so at every retry, and /health/ready answers 503, so that a
load balancer sends requests to the processes that are current. Nothing is lost meanwhile: the
rows are in PostgreSQL, and the reload on reconnecting picks up what was missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.core.config import Settings
from hypernet.core.security import RevokedSessions
from hypernet.db.pool import connect
from hypernet.db.queries import query
from hypernet.mappers.revoked_sessions import CHANNEL, RevokedSessionMapper

log = logging.getLogger("hypernet.revocations")

_PING = query("health/ping")

# Beyond the access-token lifetime: a refresh racing the revocation of its session issues its
# access token a moment after the revocation's row was written.
MARGIN_SECONDS = 60
# How often the idle connection is proved alive (a peer that vanished without closing the
# connection is noticed within this and the ping's own bound).
PING_SECONDS = 5.0
FIRST_RETRY_SECONDS = 0.2
# At most a second between attempts: while the feed is down the process answers not ready, so
# after an outage it must be back within a second or two of the server (a 30 s ceiling kept it
# out of the load balancer for up to half a minute). One connection attempt a second is cheap.
LONGEST_RETRY_SECONDS = 1.0


class RevocationFeed:
    def __init__(self, dsn: str, settings: Settings, revoked: RevokedSessions) -> None:
        self.dsn = dsn
        self.settings = settings
        self.revoked = revoked
        self.keep_seconds = settings.access_token_ttl + MARGIN_SECONDS
        # monotonic time since when the set may be stale; None while it is current.
        self.down_since: float | None = time.monotonic()
        self._loaded = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def current(self) -> bool:
        return self.down_since is None

    async def start(self, wait: float) -> None:
        """Start listening; wait up to `wait` seconds for the first load, then serve anyway
        (the feed keeps retrying, and says so)."""
        self._task = asyncio.create_task(self._run(), name="hypernet-revocation-feed")
        try:
            await asyncio.wait_for(self._loaded.wait(), wait)
        except TimeoutError:
            log.warning("revocation feed: not loaded after %.0f s; serving, still retrying", wait)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _on_notify(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        try:
            session = UUID(payload)
        except ValueError:
            log.warning("revocation feed: ignored a notification that is not a session id")
            return
        self.revoked.add(session, time.time())

    async def _listen_once(self, lost: asyncio.Event) -> None:
        conn = await connect(self.dsn, self.settings, "hypernet-revocations")
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            # LISTEN before loading: a revocation committed in between is in one or the other.
            await conn.add_listener(CHANNEL, self._on_notify)
            for session, when in await RevokedSessionMapper(conn).recent(self.keep_seconds):
                self.revoked.add(session, when.timestamp())
            if self.down_since is not None and self._loaded.is_set():
                log.warning(
                    "revocation feed: back after %.1f s; %d recent revocations loaded",
                    time.monotonic() - self.down_since,
                    len(self.revoked),
                )
            self.down_since = None
            self._loaded.set()
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), PING_SECONDS)
                    break
                await conn.fetchval(_PING.sql, timeout=PING_SECONDS)
                self.revoked.forget_older_than(time.time() - self.keep_seconds)
            raise ConnectionError("the connection closed")
        finally:
            conn.terminate()

    async def _run(self) -> None:
        delay = FIRST_RETRY_SECONDS
        while True:
            lost = asyncio.Event()
            try:
                await self._listen_once(lost)
            except asyncio.CancelledError:
                raise
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                if self.down_since is None:
                    self.down_since = time.monotonic()
                log.warning(
                    "revocation feed down for %.1f s (%s: %s): access tokens are checked against "
                    "the revocations known before; retrying in %.1f s",
                    time.monotonic() - self.down_since,
                    type(exc).__name__,
                    exc,
                    delay,
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, LONGEST_RETRY_SECONDS)
