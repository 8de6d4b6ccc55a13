"""Waiting for a pooled connection is bounded: past HYPERNET_POOL_ACQUIRE_TIMEOUT a request is
answered 503 with Retry-After, fast, and the service serves again once a connection is free."""

from __future__ import annotations

import time

import msgspec
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.db.pool import create_pool
from tests.conftest import JWT_SECRET, TEST_SETTINGS, register_and_login


async def test_a_request_that_gets_no_connection_in_time_is_503_with_retry_after(
    db_dsn: str,
) -> None:
    settings = msgspec.structs.replace(
        TEST_SETTINGS, pool_min_size=1, pool_max_size=1, pool_acquire_timeout=0.3
    )
    pool = await create_pool(db_dsn, settings)
    try:
        async with TestClient(TestServer(create_app(settings, pool, JWT_SECRET, db_dsn))) as client:
            alice = await register_and_login(client)
            held = await pool.acquire()  # the only connection, busy elsewhere
            try:
                started = time.monotonic()
                resp = await client.get("/v1/media", headers=alice)
                waited = time.monotonic() - started
                assert resp.status == 503
                assert resp.headers["Retry-After"] == "1"
                assert resp.content_type == "application/problem+json"
                assert (
                    "no database connection came free within 0.3 s" in (await resp.json())["detail"]
                )
                assert 0.25 <= waited < 1.5
                resp = await client.post(
                    "/v1/media",
                    headers=alice,
                    json={
                        "filename": "a.jpg",
                        "media_type": "photo",
                        "mime_type": "image/jpeg",
                        "size": 1,
                        "file_path": "a.jpg",
                    },
                )
                assert resp.status == 503  # a write too, and it changed nothing
            finally:
                await pool.release(held)
            resp = await client.get("/v1/media", headers=alice)
            assert resp.status == 200
            assert (await resp.json())["items"] == []
    finally:
        await pool.close()


def test_every_database_route_documents_503() -> None:
    from hypernet.api.app import ROUTES, VERSION
    from hypernet.api.openapi import build_openapi

    document = build_openapi(ROUTES, VERSION)
    for route in ROUTES:
        responses = document["paths"][route.path][route.method.lower()]["responses"]
        if route.tag in ("meta", "health") and route.path != "/health/ready":
            continue
        assert "503" in responses, f"{route.method} {route.path}"
