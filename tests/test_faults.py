"""The database goes away under load: PostgreSQL restarted, backends killed, writes refused. Every
write the API acknowledged is in the database afterwards; every other answer is a 2xx or a 503
with Retry-After, never a 500 and never a hang; the service recovers by itself."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
import pytest
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.db import scratch
from hypernet.db.cluster import LocalCluster, embedded_bindir
from hypernet.db.pool import create_pool
from tests.conftest import JWT_SECRET, TEST_SETTINGS, register_and_login

# The longest any request may take while the database is away: the pool's acquire bound plus a
# connection attempt; anything longer is a hang to the client.
SLOWEST_ANSWER_SECONDS = 5.0
# How soon after the server accepts connections again the service must serve again.
RECOVERY_SECONDS = 2.0

SETTINGS = msgspec.structs.replace(
    TEST_SETTINGS, pool_min_size=2, pool_max_size=6, pool_acquire_timeout=1.0, connect_timeout=2.0
)


@dataclass
class Own:
    """A PostgreSQL of this test's own (restarting the session's would disturb other tests)."""

    cluster: LocalCluster
    dsn: str


@pytest.fixture(scope="module")
async def own_server() -> AsyncIterator[Own]:
    bindir = Path(os.environ.get("HYPERNET_TEST_PG_BINDIR") or embedded_bindir())
    tmp = Path(tempfile.mkdtemp(prefix="hypernet-faults-"))
    cluster = LocalCluster(
        tmp / "pgdata", bindir=bindir, settings={"fsync": "off", "max_connections": "50"}
    )
    await asyncio.to_thread(cluster.start)
    try:
        dsn = await scratch.create_database(cluster.dsn("postgres"), SETTINGS, "faults")
        await scratch.migrate(dsn, SETTINGS)
        yield Own(cluster, dsn)
    finally:
        await asyncio.to_thread(cluster.destroy)


@dataclass
class Load:
    """Clients writing and reading without pause; what each answer was."""

    client: TestClient[Any, Any]
    headers: dict[str, str]
    acknowledged: list[str] = field(default_factory=list)  # ids of media answered 201
    statuses: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    slowest: float = 0.0
    last_ok: float = 0.0
    successes: list[float] = field(default_factory=list)  # when each 2xx came back
    running: bool = True
    back_at: float | None = None  # when the server was back
    recovered: asyncio.Event = field(default_factory=asyncio.Event)  # a 2xx after that

    async def one(self, method: str, path: str, **kw: Any) -> tuple[int, Any]:
        started = time.monotonic()
        resp = await self.client.request(method, path, headers=self.headers, **kw)
        body = await resp.json() if resp.content_type.endswith("json") else None
        elapsed = time.monotonic() - started
        self.slowest = max(self.slowest, elapsed)
        self.statuses.append(resp.status)
        if resp.status < 300:
            self.last_ok = time.monotonic()
            self.successes.append(self.last_ok)
            if self.back_at is not None and self.last_ok >= self.back_at:
                self.recovered.set()
        elif resp.status != 503:
            self.problems.append(f"{method} {path}: {resp.status} {body}")
        elif resp.headers.get("Retry-After") is None:
            self.problems.append(f"{method} {path}: 503 without Retry-After")
        return resp.status, body

    async def writer(self) -> None:
        while self.running:
            name = f"{uuid.uuid4().hex}.jpg"
            status, body = await self.one(
                "POST",
                "/v1/media",
                json={
                    "filename": name,
                    "media_type": "photo",
                    "mime_type": "image/jpeg",
                    "size": 1,
                    "file_path": name,
                },
            )
            if status == 201:
                self.acknowledged.append(body["id"])
                await self.one(
                    "PATCH",
                    f"/v1/media/{body['id']}",
                    json={"metadata": {"caption": "patched"}},
                    **{},
                )

    async def reader(self) -> None:
        while self.running:
            await self.one("GET", "/v1/media?limit=20")


async def _under_load(
    own: Own, fault: Callable[[Load, asyncpg.Pool], Awaitable[float]]
) -> tuple[Load, float]:
    """Run the load, apply the fault (which returns when the server is back), keep the load
    going a little, and return it with the time the server came back."""
    pool = await create_pool(own.dsn, SETTINGS)
    try:
        async with TestClient(
            TestServer(create_app(SETTINGS, pool, JWT_SECRET, own.dsn))
        ) as client:
            load = Load(client, await register_and_login(client))
            workers = [asyncio.create_task(load.writer()) for _ in range(3)]
            workers.append(asyncio.create_task(load.reader()))
            await asyncio.sleep(0.5)
            back = load.back_at = await fault(load, pool)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(load.recovered.wait(), RECOVERY_SECONDS + 1.0)
            await asyncio.sleep(0.3)
            load.running = False
            await asyncio.gather(*workers)
            # Ready again within the recovery bound (the revocation feed reconnects too).
            deadline = back + RECOVERY_SECONDS
            while (await client.get("/health/ready")).status != 200:
                assert time.monotonic() < deadline, "not ready 2 s after the server was back"
                await asyncio.sleep(0.05)
            return load, back
    finally:
        await pool.close()


async def _acknowledged_are_stored(own: Own, load: Load) -> None:
    conn = await asyncpg.connect(own.dsn)
    try:
        stored = {
            str(r["id"])
            for r in await conn.fetch(
                "SELECT id FROM media WHERE id = ANY($1::uuid[])", load.acknowledged
            )
        }
    finally:
        await conn.close()
    lost = [i for i in load.acknowledged if i not in stored]
    assert not lost, f"{len(lost)} acknowledged writes are not in the database"


def _held(load: Load, back: float) -> None:
    assert load.acknowledged, "the load acknowledged no write at all"
    assert not load.problems, load.problems[:5]
    assert 503 in load.statuses, "the fault was never seen: the test proves nothing"
    assert load.slowest < SLOWEST_ANSWER_SECONDS, f"a request waited {load.slowest:.1f} s"
    after = [t for t in load.successes if t >= back]
    assert after, "no request succeeded after the server came back"
    assert after[0] - back < RECOVERY_SECONDS, (
        f"the service served again only {after[0] - back:.1f} s after the server was back"
    )
    print(
        f"{len(load.statuses)} requests, {load.statuses.count(503)} answered 503, "
        f"{len(load.acknowledged)} writes acknowledged; slowest answer {load.slowest:.2f} s; "
        f"served again {after[0] - back:.2f} s after the server was back"
    )


async def test_a_postgresql_restart_under_load_loses_no_acknowledged_write(own_server: Own) -> None:
    seen_ready: list[int] = []

    async def restart(load: Load, pool: asyncpg.Pool) -> float:
        await asyncio.to_thread(own_server.cluster.stop)
        await asyncio.sleep(0.7)  # the outage: every request now must be a quick 503
        seen_ready.append((await load.client.get("/health/ready")).status)
        await asyncio.to_thread(own_server.cluster.start)
        return time.monotonic()

    load, back = await _under_load(own_server, restart)
    _held(load, back)
    assert seen_ready == [503], "ready must say so while the database is down"
    await _acknowledged_are_stored(own_server, load)


async def test_killed_backends_under_load_lose_no_acknowledged_write(own_server: Own) -> None:
    async def kill(load: Load, pool: asyncpg.Pool) -> float:
        admin = await asyncpg.connect(own_server.cluster.dsn("postgres"))
        try:
            for _ in range(3):
                await admin.fetch(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = 'faults' AND pid <> pg_backend_pid()"
                )
                await asyncio.sleep(0.2)
        finally:
            await admin.close()
        return time.monotonic()

    load, back = await _under_load(own_server, kill)
    _held(load, back)
    await _acknowledged_are_stored(own_server, load)


async def test_a_read_only_server_refuses_writes_with_503_and_keeps_reading(
    own_server: Own,
) -> None:
    pool = await create_pool(own_server.dsn, SETTINGS)
    admin = await asyncpg.connect(own_server.cluster.dsn("postgres"))
    try:
        async with TestClient(
            TestServer(create_app(SETTINGS, pool, JWT_SECRET, own_server.dsn))
        ) as client:
            alice = await register_and_login(client)
            await admin.execute("ALTER DATABASE faults SET default_transaction_read_only = on")
            await admin.fetch(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = 'faults' AND pid <> pg_backend_pid()"
            )
            await pool.expire_connections()
            body = {
                "filename": "a.jpg",
                "media_type": "photo",
                "mime_type": "image/jpeg",
                "size": 1,
                "file_path": "a.jpg",
            }
            resp = await client.post("/v1/media", headers=alice, json=body)
            assert resp.status == 503, await resp.text()
            assert resp.headers["Retry-After"]
            assert "read-only" in (await resp.json())["detail"]
            resp = await client.get("/v1/media", headers=alice)
            assert resp.status == 200
            await admin.execute("ALTER DATABASE faults RESET default_transaction_read_only")
            await pool.expire_connections()
            assert (await client.post("/v1/media", headers=alice, json=body)).status == 201
    finally:
        await admin.close()
        await pool.close()
