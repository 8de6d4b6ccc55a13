"""Read replicas (HYPERNET_REPLICA_URLS) against a real streaming replica of a server of the
tests' own: reads marked `replica: yes` come from the replica, a user's reads right after their
own write from the primary, a lagging or stopped replica is passed over, writes never reach it.

Replay on the replica is paused (pg_wal_replay_pause) to make "the replica does not have this
yet" something a test can hold still and look at."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
import pytest
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.api.keys import POOL
from hypernet.core.metrics import REGISTRY
from hypernet.db import scratch
from hypernet.db.cluster import LocalCluster, embedded_bindir
from hypernet.db.pool import connect, create_pool
from hypernet.db.queries import registry
from hypernet.db.replicas import ReplicaSet, replica_label
from hypernet.sqlkit.plans.engine import Engine
from hypernet.sqlkit.plans.sampling import pick_params
from tests.conftest import JWT_SECRET, TEST_SETTINGS, register_and_login

Client = TestClient[Any, Any]

SETTINGS = msgspec.structs.replace(TEST_SETTINGS, pool_min_size=1, pool_max_size=4)
# Checks every minute: the background watch stays out of the way and a test that needs a fresh
# verdict asks for one (ReplicaSet.check), so what is asserted does not hang on the timing of a
# busy machine. A verdict is trusted for two intervals.
DRIVEN = 60.0


@dataclass
class Replicated:
    primary: LocalCluster
    replica: LocalCluster
    primary_dsn: str  # the owner's, on the primary
    replica_dsn: str  # the same database, on the replica

    async def on_replica(self, sql: str, *args: Any) -> Any:
        conn = await asyncpg.connect(self.replica.dsn("postgres"))
        try:
            return await conn.fetchval(sql, *args)
        finally:
            await conn.close()

    async def pause_replay(self) -> None:
        await self.on_replica("SELECT pg_wal_replay_pause()")

    async def resume_replay(self) -> None:
        await self.on_replica("SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
async def replicated() -> AsyncIterator[Replicated]:
    bindir = Path(os.environ.get("HYPERNET_TEST_PG_BINDIR") or embedded_bindir())
    tmp = Path(tempfile.mkdtemp(prefix="hypernet-replicas-"))
    primary = LocalCluster(tmp / "primary", bindir=bindir, settings={"fsync": "off"})
    await asyncio.to_thread(primary.start)
    replica: LocalCluster | None = None
    try:
        dsn = await scratch.create_database(primary.dsn("postgres"), SETTINGS, "replicated")
        await scratch.migrate(dsn, SETTINGS)
        replica = await asyncio.to_thread(primary.standby, tmp / "replica")
        await asyncio.to_thread(replica.start)
        yield Replicated(primary, replica, dsn, replica.dsn("replicated"))
    finally:
        if replica is not None:
            await asyncio.to_thread(replica.destroy)
        await asyncio.to_thread(primary.destroy)


async def _eventually(what: str, condition: Callable[[], Any], within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not within {within:g} s: {what}")


@pytest.fixture
async def service(replicated: Replicated) -> AsyncIterator[Callable[..., Any]]:
    """Starts the API over the primary with the replica configured; closes all on the way out."""
    opened: list[tuple[Client, Any]] = []

    async def start(**replica_settings: Any) -> Client:
        settings = msgspec.structs.replace(
            SETTINGS,
            database_url=replicated.primary_dsn,
            replica_urls=replica_settings.pop("replica_urls", replicated.replica_dsn),
            **replica_settings,
        )
        pool = await create_pool(replicated.primary_dsn, settings)
        client = TestClient(
            TestServer(create_app(settings, pool, JWT_SECRET, replicated.primary_dsn))
        )
        await client.start_server()
        opened.append((client, pool))
        return client

    yield start
    for client, pool in opened:
        await client.close()
        await pool.close()


def _replicas(client: Client) -> ReplicaSet:
    replicas = client.app[POOL].replicas
    assert replicas is not None
    return replicas


def _replica_reads(replicated: Replicated) -> float:
    label = replica_label(replicated.replica_dsn)
    return REGISTRY.get_sample_value("hypernet_db_replica_reads_total", {"replica": label}) or 0.0


async def _media(client: Client, headers: dict[str, str]) -> dict[str, Any]:
    name = f"{uuid.uuid4().hex}.jpg"
    resp = await client.post(
        "/v1/media",
        json={
            "filename": name,
            "media_type": "photo",
            "mime_type": "image/jpeg",
            "size": 1,
            "file_path": name,
        },
        headers=headers,
    )
    assert resp.status == 201, await resp.text()
    return dict(await resp.json())


async def _replayed(replicated: Replicated, media_id: str) -> None:
    """Wait until the replica has the media row (its replay has caught up with its insert)."""

    async def there() -> bool:
        conn = await asyncpg.connect(replicated.replica_dsn)
        try:
            found = await conn.fetchval(
                "SELECT count(*) FROM media WHERE id = $1", uuid.UUID(media_id)
            )
        finally:
            await conn.close()
        return bool(found)

    await _eventually("the replica replays the insert", there)


async def _alice_with_media(
    replicated: Replicated, service: Callable[..., Any]
) -> tuple[dict[str, str], dict[str, Any]]:
    """A new user with one media item, made through a service without replicas (so the one
    under test has seen nobody write), once the replica has replayed it."""
    plain = await service(replica_urls=None)
    alice = await register_and_login(plain, f"alice-{uuid.uuid4().hex[:6]}@example.com")
    media = await _media(plain, alice)
    await _replayed(replicated, media["id"])
    return alice, media


async def _rename_behind_the_service(replicated: Replicated, media_id: str, name: str) -> None:
    """A change on the primary this service did not make (another process, a tool)."""
    conn = await connect(replicated.primary_dsn, SETTINGS)
    try:
        await conn.execute(
            "UPDATE media SET filename = $2 WHERE id = $1", uuid.UUID(media_id), name
        )
    finally:
        await conn.close()


async def test_reads_come_from_the_replica_and_a_writers_own_reads_from_the_primary(
    replicated: Replicated, service: Callable[..., Any]
) -> None:
    # Set-up through a service without replicas: this one has seen nobody write yet.
    plain = await service(replica_urls=None)
    alice = await register_and_login(plain, f"alice-{uuid.uuid4().hex[:6]}@example.com")
    bob = await register_and_login(plain, f"bob-{uuid.uuid4().hex[:6]}@example.com")
    media = await _media(plain, alice)
    bobs = await _media(plain, bob)
    await _replayed(replicated, bobs["id"])
    api = await service(replica_max_lag=5.0, replica_check_interval=DRIVEN)
    assert _replicas(api).replicas[0].available, _replicas(api).replicas[0].why_not
    before = _replica_reads(replicated)
    resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
    assert resp.status == 200
    assert _replica_reads(replicated) == before  # just started: the primary answers
    await _ready_for_reads(api)

    await replicated.pause_replay()
    try:
        await _rename_behind_the_service(replicated, media["id"], "changed-on-the-primary.jpg")
        before = _replica_reads(replicated)
        resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
        assert resp.status == 200
        # The replica answered: it has not replayed the change yet.
        assert (await resp.json())["filename"] == media["filename"]
        assert _replica_reads(replicated) == before + 1

        # Alice writes through this service: her next reads see it at once (the primary).
        etag = resp.headers["ETag"]
        resp = await api.patch(
            f"/v1/media/{media['id']}",
            json={"filename": "patched.jpg"},
            headers={**alice, "If-Match": etag},
        )
        # The If-Match was the replica's version; the primary has moved on: refused, not lost.
        assert resp.status == 412, await resp.text()
        fresh = await api.get(f"/v1/media/{media['id']}", headers=alice)
        assert (await fresh.json())["filename"] == "changed-on-the-primary.jpg"
        resp = await api.patch(
            f"/v1/media/{media['id']}",
            json={"filename": "patched.jpg"},
            headers={**alice, "If-Match": fresh.headers["ETag"]},
        )
        assert resp.status == 200, await resp.text()
        reads = _replica_reads(replicated)
        listed = await api.get("/v1/media", headers=alice)
        assert [m["filename"] for m in (await listed.json())["items"]] == ["patched.jpg"]
        assert _replica_reads(replicated) == reads  # her reads stayed on the primary

        # Bob wrote nothing through this service: his reads still come from the replica.
        resp = await api.get("/v1/media", headers=bob)
        assert resp.status == 200
        assert [m["id"] for m in (await resp.json())["items"]] == [bobs["id"]]
        assert _replica_reads(replicated) == reads + 1
    finally:
        await replicated.resume_replay()


async def test_a_replica_behind_the_lag_bound_is_passed_over_until_it_catches_up(
    replicated: Replicated, service: Callable[..., Any]
) -> None:
    alice, media = await _alice_with_media(replicated, service)
    api = await service(replica_max_lag=1.0, replica_check_interval=DRIVEN)
    replica = _replicas(api).replicas[0]
    await _ready_for_reads(api)

    await replicated.pause_replay()
    try:
        await _rename_behind_the_service(replicated, media["id"], "newer.jpg")
        # The first check samples the primary past the change; later ones see the replica fall
        # further behind that sample.
        await _eventually("the lagging replica is passed over", _checked_available(api, False))
        assert "behind, over HYPERNET_REPLICA_MAX_LAG=1" in replica.why_not
        assert replica.lag is not None and replica.lag > 1.0
        resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
        assert (await resp.json())["filename"] == "newer.jpg"  # from the primary
    finally:
        await replicated.resume_replay()
    await _eventually("the replica is back once it has caught up", _checked_available(api, True))
    before = _replica_reads(replicated)
    resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
    assert (await resp.json())["filename"] == "newer.jpg"
    assert _replica_reads(replicated) == before + 1


async def _ready_for_reads(api: Client) -> None:
    """Past the start-up window (for max_lag the process does not know who wrote just before it
    started, so every read goes to the primary), with a fresh check finding the replica current."""
    await asyncio.sleep(_replicas(api).max_lag)
    await _eventually("the replica is current", _checked_available(api, True))


def _checked_available(api: Client, wanted: bool) -> Callable[[], Any]:
    async def check() -> bool:
        await _replicas(api).check()
        return _replicas(api).replicas[0].available is wanted

    return check


async def test_reads_go_on_from_the_primary_while_the_replica_is_down(
    replicated: Replicated, service: Callable[..., Any]
) -> None:
    alice, media = await _alice_with_media(replicated, service)
    # Checked rarely: the first reads after the stop find the replica down themselves.
    api = await service(replica_max_lag=2.0, replica_check_interval=DRIVEN)
    replica = _replicas(api).replicas[0]
    await _ready_for_reads(api)
    resp = await api.get(f"/v1/media/{media['id']}", headers=alice)  # a pooled replica connection
    assert resp.status == 200
    await asyncio.to_thread(replicated.replica.stop, "immediate")
    try:
        statuses = []
        for _ in range(5):
            resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
            statuses.append(resp.status)
            assert (await resp.json())["id"] == media["id"]
        assert statuses == [200] * 5
        assert not replica.available
        failed = REGISTRY.get_sample_value(
            "hypernet_db_replica_passed_over_total", {"reason": "failed"}
        )
        assert failed and failed >= 1
        await _replicas(api).check()
        assert not replica.available and "does not answer" in replica.why_not
    finally:
        await asyncio.to_thread(replicated.replica.start)
    await _eventually("the replica answers again", _checked_available(api, True))
    before = _replica_reads(replicated)
    resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
    assert resp.status == 200
    assert _replica_reads(replicated) == before + 1


async def test_a_server_that_is_not_a_replica_is_never_read_from(
    replicated: Replicated, service: Callable[..., Any]
) -> None:
    # The primary listed as its own replica (or a replica promoted since): it follows nobody.
    api = await service(replica_urls=replicated.primary_dsn)
    replica = _replicas(api).replicas[0]
    assert not replica.available
    assert "not a replica" in replica.why_not


async def test_writes_succeed_with_a_replica_configured(
    replicated: Replicated, service: Callable[..., Any]
) -> None:
    api = await service(replica_max_lag=60.0, replica_check_interval=DRIVEN)
    alice = await register_and_login(api, f"alice-{uuid.uuid4().hex[:6]}@example.com")
    media = await _media(api, alice)
    resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
    assert resp.status == 200
    resp = await api.delete(
        f"/v1/media/{media['id']}", headers={**alice, "If-Match": resp.headers["ETag"]}
    )
    assert resp.status == 204, await resp.text()


async def test_queries_a_replica_may_answer_run_in_a_read_only_transaction(
    plan_conn: asyncpg.Connection,
) -> None:
    """What a hot standby refuses (a write, a row lock, nextval) fails a read-only transaction
    too: every `replica: yes` query runs in one, with the plan tests' sampled parameters."""
    engine = Engine(plan_conn)
    marked = [q for q in registry().values() if q.replica]
    assert len(marked) > 100
    refused = []
    for q in marked:
        stmt = await plan_conn.prepare(q.sql)
        values = await pick_params(q, [t.name for t in stmt.get_parameters()], engine.sampler, None)
        try:
            async with plan_conn.transaction(readonly=True):
                await stmt.fetch(*values.values())
        except asyncpg.ReadOnlySQLTransactionError as exc:
            refused.append(f"{q.name}: {exc}")
    assert not refused


async def test_reads_go_on_from_the_replica_while_the_primary_is_down(
    replicated: Replicated, service: Callable[..., Any]
) -> None:
    alice, media = await _alice_with_media(replicated, service)
    api = await service(replica_max_lag=3.0, replica_check_interval=DRIVEN)
    await _ready_for_reads(api)
    await asyncio.to_thread(replicated.primary.stop, "fast")
    try:
        await _replicas(api).check()  # the primary's position cannot be sampled now
        assert _replicas(api).replicas[0].available, _replicas(api).replicas[0].why_not
        resp = await api.get(f"/v1/media/{media['id']}", headers=alice)
        assert resp.status == 200, await resp.text()
        assert (await resp.json())["id"] == media["id"]
        resp = await api.get("/v1/media", headers=alice)
        assert [m["id"] for m in (await resp.json())["items"]] == [media["id"]]
        write = await api.delete(f"/v1/media/{media['id']}", headers={**alice, "If-Match": "*"})
        assert write.status == 503  # a write needs the primary: unavailable, retry later
        assert write.headers.get("Retry-After")
    finally:
        await asyncio.to_thread(replicated.primary.start)
