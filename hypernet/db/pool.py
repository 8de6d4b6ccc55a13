"""The asyncpg pool: codecs, timeouts, and the server behind it (embedded or DATABASE_URL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg
import msgspec

from hypernet.core.config import Settings
from hypernet.core.metrics import POOL_EXHAUSTED
from hypernet.db.cluster import LocalCluster
from hypernet.db.instrumented import InstrumentedConnection
from hypernet.db.queries import query

if TYPE_CHECKING:
    from hypernet.db.replicas import ReplicaSet

APP_ROLE = "hypernet_app"

_ACT_FOR_USER = query("session/act_for_user")
_ACT_FOR_USER_IN_TRANSACTION = query("session/act_for_user_in_transaction")

# The user the current request acts for, as text ('' for nobody): what row-level security lets
# its statements see (0031). Set by the API once it knows the user; each pooled connection is
# made to act for it as it is taken (BoundedPool.acquire).
ACTING_USER: ContextVar[str] = ContextVar("hypernet_acting_user", default="")


class ServiceConnection(InstrumentedConnection):
    """A pooled connection that remembers whom its hypernet.user_id setting names, so taking it
    for the same user again costs no round trip. None: not known (a set_config was cut short).
    It counts and times the named queries it runs (hypernet/db/instrumented.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new session has no setting: row-level security shows it nothing, as for ''.
        self.acting_user: str | None = ""

    def remember_acting_user(self, user: str | None) -> None:
        self.acting_user = user


async def act_for_user_in_transaction(conn: asyncpg.Connection, user: str) -> None:
    """Act for `user` until the end of `conn`'s current transaction (begun before the user was
    known); the connection's session setting, which the pool tracks, is untouched."""
    await conn.execute(_ACT_FOR_USER_IN_TRANSACTION.sql, user)


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
        # Read replicas (hypernet/db/replicas.py): the reads they may answer go there.
        self.replicas: ReplicaSet | None = None
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
            # Every connection taken acts for the request's user (or for nobody): the setting
            # is made here, on every acquire, rather than cleared on release, and only when it
            # names someone else, so a connection taken again for the same user costs nothing.
            # Safe because asyncpg hands out a connection with no transaction open (a
            # session-level set_config cannot be undone by a later rollback), the API changes no
            # other session state (settings inside transactions are SET LOCAL, see
            # _keep_session), and nothing takes a pooled connection except through here.
            wanted = ACTING_USER.get()
            if getattr(conn, "acting_user", None) != wanted:
                # Unknown until the server has answered: a cancelled set_config may or may not
                # have taken effect, so the next acquire sets it again.
                _remember(conn, None)
                await conn.execute(_ACT_FOR_USER.sql, wanted)
                _remember(conn, wanted)
            yield conn
        except asyncpg.InternalClientError:
            # The server ended this session while it sat in the pool (a restart, a terminated
            # backend): asyncpg's protocol is left mid-operation without knowing it is closed.
            # Drop it, so the pool opens a fresh one, rather than hand it out again.
            conn.terminate()
            raise
        finally:
            await self.pool.release(conn)

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        replicas = self.replicas
        if replicas is not None and query in replicas.safe:
            return list(await replicas.read("fetch", query, args))
        async with self.acquire() as conn:
            return list(await conn.fetch(query, *args))

    async def fetchrow(self, query: str, *args: Any) -> Any:
        replicas = self.replicas
        if replicas is not None and query in replicas.safe:
            return await replicas.read("fetchrow", query, args)
        async with self.acquire() as conn:
            return await conn.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        replicas = self.replicas
        if replicas is not None and query in replicas.safe:
            return await replicas.read("fetchval", query, args)
        async with self.acquire() as conn:
            return await conn.fetchval(query, *args)

    async def execute(self, query: str, *args: Any) -> str:
        async with self.acquire() as conn:
            return str(await conn.execute(query, *args))

    async def close(self) -> None:
        await self.pool.close()


def _remember(conn: asyncpg.Connection, user: str | None) -> None:
    remember = getattr(conn, "remember_acting_user", None)
    if remember is not None:
        remember(user)


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
    changes one piece of session state only: settings are SET LOCAL inside a transaction,
    nothing LISTENs, no cursor outlives its transaction, no session advisory lock is taken (a
    transaction-level one, such as the task-tree lock, ends with its transaction). The one is
    hypernet.user_id, left as it is: BoundedPool.acquire sets it on every acquire. An open
    transaction is still rolled back by asyncpg before this runs.
    """


async def create_pool(dsn: str, settings: Settings, **overrides: Any) -> asyncpg.Pool:
    options: dict[str, Any] = {
        "min_size": settings.pool_min_size,
        "max_size": settings.pool_max_size,
        "timeout": settings.connect_timeout,
        "command_timeout": settings.command_timeout,
        # Every named query is prepared once per connection and reused.
        "statement_cache_size": 1024,
        "max_inactive_connection_lifetime": 300,
        # Pooled connections run as the unprivileged role the migrations grant to (it may
        # append to audit_log but never rewrite it).
        "server_settings": {**server_settings(settings), "role": APP_ROLE},
        "init": init_connection,
        "reset": _keep_session,
        "connection_class": ServiceConnection,
    }
    pool = await asyncpg.create_pool(dsn, **{**options, **overrides})
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
