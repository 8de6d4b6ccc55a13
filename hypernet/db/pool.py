"""The asyncpg pool: codecs, timeouts, and the server behind it (embedded or DATABASE_URL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeAlias

import asyncpg
import msgspec

from hypernet.core.config import Settings
from hypernet.core.metrics import POOL_EXHAUSTED
from hypernet.db.cluster import LocalCluster
from hypernet.db.instrumented import InstrumentedConnection

APP_ROLE = "hypernet_app"


class PoolExhausted(TimeoutError):
    """No pooled connection came free within the bound: the API answers 503 with Retry-After."""


class BoundedPool:
    """The pool as requests use it: a request waits for a connection first come, first served
    (asyncpg queues the waiters in order) and at most `acquire_timeout` seconds, then gives up
    with PoolExhausted rather than hanging behind a burst. asyncpg's own fetch/fetchrow/...
    on the pool wait without a bound."""

    def __init__(self, pool: asyncpg.Pool, acquire_timeout: float) -> None:
        self.pool = pool
        self.acquire_timeout = acquire_timeout
        # Requests waiting for a connection now (asyncpg does not say): the metrics read it.
        self.waiting = 0

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[asyncpg.Connection]:
        self.waiting += 1
        try:
            conn = await self.pool.acquire(timeout=self.acquire_timeout)
        except TimeoutError:
            POOL_EXHAUSTED.inc()
            raise PoolExhausted(
                f"no database connection came free within {self.acquire_timeout:g} s"
            ) from None
        finally:
            self.waiting -= 1
        try:
            yield conn
        finally:
            await self.pool.release(conn)

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        async with self.acquire() as conn:
            return list(await conn.fetch(query, *args))

    async def fetchrow(self, query: str, *args: Any) -> Any:
        async with self.acquire() as conn:
            return await conn.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        async with self.acquire() as conn:
            return await conn.fetchval(query, *args)

    async def execute(self, query: str, *args: Any) -> str:
        async with self.acquire() as conn:
            return str(await conn.execute(query, *args))

    async def close(self) -> None:
        await self.pool.close()


# What a mapper runs its statements on: the pool (one round trip each) or a connection in a
# transaction (several statements that must succeed together).
Executor: TypeAlias = asyncpg.Pool | BoundedPool | asyncpg.Connection

_json_encode = msgspec.json.Encoder().encode
_json_decode = msgspec.json.Decoder().decode


async def init_connection(conn: asyncpg.Connection) -> None:
    """JSON and JSONB travel through msgspec, in both directions."""
    for typename in ("json", "jsonb"):
        await conn.set_type_codec(
            typename,
            encoder=lambda v: _json_encode(v).decode(),
            decoder=_json_decode,
            schema="pg_catalog",
            format="text",
        )


def server_settings(settings: Settings, application_name: str = "hypernet") -> dict[str, str]:
    return {
        "application_name": application_name,
        "statement_timeout": str(int(settings.statement_timeout * 1000)),
        "lock_timeout": str(int(settings.lock_timeout * 1000)),
        "idle_in_transaction_session_timeout": "60000",
        "timezone": "UTC",
    }


def embedded_cluster(settings: Settings) -> LocalCluster:
    return LocalCluster(Path(settings.data_path) / "pgdata")


async def connect(
    dsn: str, settings: Settings, application_name: str = "hypernet"
) -> asyncpg.Connection:
    conn = await asyncpg.connect(
        dsn,
        timeout=settings.connect_timeout,
        command_timeout=settings.command_timeout,
        server_settings=server_settings(settings, application_name),
    )
    await init_connection(conn)
    return conn


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Release without asyncpg's default reset query (RESET ALL, UNLISTEN *, CLOSE ALL, ...).

    That query is a second round trip for every pooled statement, and a pooled connection here
    never changes session state: settings are SET LOCAL inside a transaction, nothing LISTENs,
    no cursor outlives its transaction, no session advisory lock is taken (a transaction-level
    one, such as the task-tree lock, ends with its transaction). An open transaction is still
    rolled back by asyncpg before this runs.
    """


async def create_pool(dsn: str, settings: Settings, **overrides: Any) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        dsn,
        min_size=settings.pool_min_size,
        max_size=settings.pool_max_size,
        timeout=settings.connect_timeout,
        command_timeout=settings.command_timeout,
        # Every named query is prepared once per connection and reused.
        statement_cache_size=1024,
        max_inactive_connection_lifetime=300,
        # Pooled connections run as the unprivileged role the migrations grant to (it may
        # append to audit_log but never rewrite it).
        server_settings={**server_settings(settings), "role": APP_ROLE},
        init=init_connection,
        reset=_keep_session,
        # Counts and times every named query (hypernet/db/instrumented.py).
        connection_class=InstrumentedConnection,
        **overrides,
    )
    assert pool is not None
    return pool


@asynccontextmanager
async def connection(
    dsn: str, settings: Settings, application_name: str = "hypernet"
) -> AsyncIterator[asyncpg.Connection]:
    """One connection of its own (not pooled), closed on the way out."""
    conn = await connect(dsn, settings, application_name)
    try:
        yield conn
    finally:
        await conn.close()
