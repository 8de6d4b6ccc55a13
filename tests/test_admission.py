"""Nothing holds a pooled connection while it waits on a client: clients trickling a body, or
sending none of it, or not signed in at all, leave the pool to everyone else."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import msgspec
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.core.config import Settings
from hypernet.db.pool import create_pool
from tests.conftest import JWT_SECRET, TEST_SETTINGS, register_and_login

REGISTER_BODY = b'{"email": "slow@example.com", "password": "correct horse", "display_name": "S"}'


@asynccontextmanager
async def small_service(
    db_dsn: str, **overrides: Any
) -> AsyncIterator[tuple[TestClient[Any, Any], asyncpg.Pool]]:
    """The service on a pool of two connections, waiting at most 0.5 s for one."""
    settings: Settings = msgspec.structs.replace(
        TEST_SETTINGS, pool_min_size=2, pool_max_size=2, pool_acquire_timeout=0.5, **overrides
    )
    pool = await create_pool(db_dsn, settings)
    try:
        app = create_app(settings, pool, JWT_SECRET, db_dsn)
        async with TestClient(TestServer(app)) as client:
            yield client, pool
    finally:
        await pool.close()


async def start_trickle(
    client: TestClient[Any, Any], path: str, body: bytes = REGISTER_BODY, headers: str = ""
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A client that sends the headers and the first byte of its body, then waits."""
    server = client.server
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: {server.host}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{headers}\r\n"
        ).encode()
        + body[:1]
    )
    await writer.drain()
    return reader, writer


async def read_answer(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """The head and body of one HTTP/1.1 answer (its Content-Length bytes)."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return head, await asyncio.wait_for(reader.readexactly(length), timeout=5)


async def all_connections_free(pool: asyncpg.Pool, size: int) -> bool:
    """Whether every connection of the pool can be taken at once, right now."""
    taken = []
    try:
        for _ in range(size):
            taken.append(await pool.acquire(timeout=0.2))
        return True
    except TimeoutError:
        return False
    finally:
        for conn in taken:
            await pool.release(conn)


async def test_clients_trickling_bodies_to_register_leave_the_pool_to_others(
    db_dsn: str,
) -> None:
    async with small_service(db_dsn) as (client, pool):
        alice = {"email": "alice@example.com", "password": "correct horse"}
        await register_and_login(client, **alice)
        trickles = [await start_trickle(client, "/v1/auth/register") for _ in range(5)]
        try:
            await asyncio.sleep(0.2)  # the five are inside the service, waiting for bodies
            assert await all_connections_free(pool, 2)
            started = time.monotonic()
            ready = await client.get("/health/ready")
            assert ready.status == 200, await ready.text()
            login = await client.post("/v1/auth/login", json=alice)
            assert login.status == 200, await login.text()
            assert time.monotonic() - started < 1.0
        finally:
            for _, writer in trickles:
                writer.close()


async def test_a_body_that_never_completes_is_408_within_the_bound_and_holds_no_connection(
    db_dsn: str,
) -> None:
    async with small_service(db_dsn, body_timeout=0.5) as (client, pool):
        started = time.monotonic()
        reader, writer = await start_trickle(client, "/v1/auth/register")
        try:
            await asyncio.sleep(0.2)
            assert await all_connections_free(pool, 2)
            head, body = await read_answer(reader)
            waited = time.monotonic() - started
        finally:
            writer.close()
        assert head.startswith(b"HTTP/1.1 408 ")
        assert b"Content-Type: application/problem+json" in head
        assert b"Connection: close" in head
        assert b"did not arrive within 0.5 s" in body
        assert 0.4 <= waited < 2.5
        # Nothing was registered, and the service goes on serving.
        resp = await client.post(
            "/v1/auth/login", json={"email": "slow@example.com", "password": "correct horse"}
        )
        assert resp.status == 401


async def test_a_slow_body_of_a_signed_in_client_is_408_too(db_dsn: str) -> None:
    async with small_service(db_dsn, body_timeout=0.5) as (client, pool):
        alice = await register_and_login(client)
        auth = "".join(f"{k}: {v}\r\n" for k, v in alice.items())
        reader, writer = await start_trickle(client, "/v1/notes", b'{"title": "t"}', auth)
        try:
            await asyncio.sleep(0.2)
            assert await all_connections_free(pool, 2)
            head, _ = await read_answer(reader)
        finally:
            writer.close()
        assert head.startswith(b"HTTP/1.1 408 ")


async def test_unauthenticated_writes_are_401_without_touching_the_pool(db_dsn: str) -> None:
    async with small_service(db_dsn) as (client, pool):
        held = [await pool.acquire(), await pool.acquire()]  # the pool is busy elsewhere
        try:
            started = time.monotonic()
            for method, path in [
                ("POST", "/v1/media"),
                ("PATCH", "/v1/me"),
                ("POST", "/v1/auth/logout-all"),
                ("DELETE", "/v1/notes/00000000-0000-0000-0000-000000000001"),
            ]:
                resp = await client.request(method, path, json={"title": "t"})
                assert resp.status == 401, (method, path, await resp.text())
                assert resp.content_type == "application/problem+json"
                assert resp.headers["WWW-Authenticate"].startswith("Bearer")
                resp = await client.request(
                    method, path, json={}, headers={"Authorization": "Bearer forged"}
                )
                assert resp.status == 401, (method, path)
            # Well inside one pool wait (0.5 s) for all eight.
            assert time.monotonic() - started < 0.5
        finally:
            for conn in held:
                await pool.release(conn)


async def test_public_routes_stay_public(client: TestClient[Any, Any]) -> None:
    for path in ("/health/live", "/health/ready", "/openapi.json"):
        resp = await client.get(path)
        assert resp.status == 200, path
    resp = await client.post(
        "/v1/auth/login", json={"email": "nobody@example.com", "password": "whatever1"}
    )
    assert resp.status == 401
    assert (await resp.json())["detail"] == "e-mail or password is wrong"
