"""Rate limits of login, registration, refresh and password checks, per client address and per
account, kept in PostgreSQL; and the lockout of an account's password login after repeated
failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import aiohttp
import asyncpg
import msgspec
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.db.pool import create_pool
from hypernet.domain.rate_limits import address_key
from hypernet.ops.purge import STEPS, purge
from tests.conftest import JWT_SECRET, TEST_SETTINGS, register_and_login, service_dsn
from tests.test_audit import events

Client = TestClient[Any, Any]

PASSWORD = "correct horse"


@asynccontextmanager
async def limited_client(pool: asyncpg.Pool, dsn: str, **settings: Any) -> AsyncIterator[Client]:
    """A client of an app whose limits are `settings` (the rest as in the other tests)."""
    app = create_app(
        msgspec.structs.replace(TEST_SETTINGS, **settings), pool, JWT_SECRET, service_dsn(dsn)
    )
    async with TestClient(TestServer(app)) as client:
        yield client


async def wrong_login(client: Client, email: str) -> aiohttp.ClientResponse:
    return await client.post("/v1/auth/login", json={"email": email, "password": "not it at all"})


async def right_login(client: Client, email: str) -> aiohttp.ClientResponse:
    return await client.post("/v1/auth/login", json={"email": email, "password": PASSWORD})


async def assert_too_many(resp: aiohttp.ClientResponse, most_seconds: int) -> dict[str, Any]:
    assert resp.status == 429, await resp.text()
    assert resp.content_type == "application/problem+json"
    retry_after = resp.headers["Retry-After"]
    assert retry_after.isdigit() and 1 <= int(retry_after) <= most_seconds, retry_after
    problem: dict[str, Any] = await resp.json()
    assert problem["status"] == 429
    return problem


async def test_the_eleventh_wrong_login_within_a_window_is_429_with_retry_after(
    client: Client,
) -> None:
    # The default settings: the service as it ships.
    resp = await client.post(
        "/v1/auth/register",
        json={"email": "ivy@example.com", "password": PASSWORD, "display_name": "Ivy"},
    )
    assert resp.status == 201
    for attempt in range(10):
        resp = await wrong_login(client, "ivy@example.com")
        assert resp.status == 401, attempt
    await assert_too_many(await wrong_login(client, "ivy@example.com"), most_seconds=900)


async def test_one_address_trying_many_accounts_is_limited_but_another_address_is_not(
    pool: asyncpg.Pool,
    db_dsn: str,
) -> None:
    async with limited_client(
        pool, db_dsn, rate_limit_per_address=5, rate_limit_per_account=100
    ) as client:
        for n in range(5):
            resp = await wrong_login(client, f"sprayed-{n}@example.com")
            assert resp.status == 401, n
        await assert_too_many(await wrong_login(client, "sprayed-5@example.com"), 300)
        # Another client address (the loopback network is all ours): a count of its own.
        other = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
        async with aiohttp.ClientSession(connector=other) as session:
            resp = await session.post(
                client.make_url("/v1/auth/login"),
                json={"email": "sprayed-5@example.com", "password": "not it at all"},
            )
            assert resp.status == 401, await resp.text()


async def test_repeated_failures_lock_even_the_right_password_until_the_lock_ends_audited(
    pool: asyncpg.Pool,
    db_dsn: str,
) -> None:
    async with limited_client(
        pool, db_dsn, login_lockout_threshold=3, login_lockout_seconds=1, rate_limit_per_account=100
    ) as client:
        await register_and_login(client, "jack@example.com", PASSWORD)
        for _ in range(3):
            assert (await wrong_login(client, "jack@example.com")).status == 401
        problem = await assert_too_many(await right_login(client, "jack@example.com"), 1)
        assert "locked" in problem["detail"]
        await asyncio.sleep(1.2)
        resp = await right_login(client, "jack@example.com")
        assert resp.status == 200, await resp.text()
        headers = {"Authorization": f"Bearer {(await resp.json())['access_token']}"}
        trail = await events(client, headers, limit="200")
        locked = [e for e in trail if e["action"] == "auth.login_locked"]
        unlocked = [e for e in trail if e["action"] == "auth.login_unlocked"]
        assert len(locked) == 1 and len(unlocked) == 1
        assert locked[0]["details"]["failures"] == 3
        assert locked[0]["details"]["locked_until"] == unlocked[0]["details"]["locked_until"]
        assert locked[0]["client_addr"] == "127.0.0.1"


async def test_a_successful_login_resets_the_failure_count(pool: asyncpg.Pool, db_dsn: str) -> None:
    async with limited_client(
        pool, db_dsn, login_lockout_threshold=3, rate_limit_per_account=100
    ) as client:
        await register_and_login(client, "kim@example.com", PASSWORD)
        for _ in range(2):
            assert (await wrong_login(client, "kim@example.com")).status == 401
        assert (await right_login(client, "kim@example.com")).status == 200
        for _ in range(2):
            assert (await wrong_login(client, "kim@example.com")).status == 401
        assert (await right_login(client, "kim@example.com")).status == 200


async def test_an_unknown_address_is_locked_exactly_like_an_account(
    pool: asyncpg.Pool, db_dsn: str, conn: asyncpg.Connection
) -> None:
    async with limited_client(
        pool, db_dsn, login_lockout_threshold=2, rate_limit_per_account=100
    ) as client:
        await register_and_login(client, "lea@example.com", PASSWORD)
        answers = []
        for email in ("lea@example.com", "nobody-here@example.com"):
            for _ in range(2):
                assert (await wrong_login(client, email)).status == 401
            resp = await right_login(client, email)
            problem = await assert_too_many(resp, 900)
            answers.append((problem["detail"], problem["type"], resp.headers["Retry-After"]))
        assert answers[0] == answers[1]
    # The lock of the unknown address is audited too, under no account.
    locked = await conn.fetch(
        "SELECT user_id, details->>'email' AS email FROM audit_log "
        "WHERE action = 'auth.login_locked' ORDER BY occurred_at"
    )
    assert [r["email"] for r in locked] == ["lea@example.com", "nobody-here@example.com"]
    assert str(locked[1]["user_id"]) == "00000000-0000-0000-0000-000000000000"


async def test_every_spelling_of_an_address_counts_as_one_account(
    pool: asyncpg.Pool, db_dsn: str
) -> None:
    async with limited_client(
        pool, db_dsn, rate_limit_per_account=2, login_lockout_threshold=100
    ) as c:
        assert (await wrong_login(c, "mia@example.com")).status == 401
        assert (await wrong_login(c, "MIA@Example.com")).status == 401
        await assert_too_many(await wrong_login(c, "Mia@EXAMPLE.COM"), 300)


async def test_refused_attempts_leave_no_audit_row(
    pool: asyncpg.Pool, db_dsn: str, conn: asyncpg.Connection
) -> None:
    async with limited_client(pool, db_dsn, rate_limit_per_account=2) as client:
        for _ in range(2):
            assert (await wrong_login(client, "noah@example.com")).status == 401
        for _ in range(5):
            assert (await wrong_login(client, "noah@example.com")).status == 429
    assert await conn.fetchval("SELECT count(*) FROM audit_log") == 2


async def test_two_service_processes_share_the_counts(db_dsn: str) -> None:
    """Two apps, each with its own pool, over one database: like two processes."""
    pools = [await create_pool(db_dsn, TEST_SETTINGS) for _ in range(2)]
    try:
        async with (
            limited_client(pools[0], db_dsn, rate_limit_per_account=4) as first,
            limited_client(pools[1], db_dsn, rate_limit_per_account=4) as second,
        ):
            for client in (first, second, first, second):
                assert (await wrong_login(client, "olga@example.com")).status == 401
            await assert_too_many(await wrong_login(first, "olga@example.com"), 300)
            await assert_too_many(await wrong_login(second, "olga@example.com"), 300)
    finally:
        for p in pools:
            await p.close()


async def test_registration_is_limited_per_address_and_per_account(
    pool: asyncpg.Pool, db_dsn: str
) -> None:
    async with limited_client(
        pool, db_dsn, rate_limit_per_address=3, rate_limit_per_account=2
    ) as client:

        async def register(email: str) -> aiohttp.ClientResponse:
            return await client.post(
                "/v1/auth/register",
                json={"email": email, "password": PASSWORD, "display_name": "Someone"},
            )

        assert (await register("pia@example.com")).status == 201
        assert (await register("PIA@example.com")).status == 409
        # The same address a third time: over its account limit (2), not yet the address's (3).
        await assert_too_many(await register("pia@example.com"), 300)
        # The address's fourth registration, of a new e-mail: over the address limit.
        await assert_too_many(await register("quinn@example.com"), 300)


async def test_refresh_is_limited_per_account(pool: asyncpg.Pool, db_dsn: str) -> None:
    async with limited_client(pool, db_dsn, rate_limit_per_account=3) as client:
        await register_and_login(client, "rosa@example.com", PASSWORD)
        resp = await right_login(client, "rosa@example.com")
        token = (await resp.json())["refresh_token"]
        for _ in range(3):
            resp = await client.post("/v1/auth/refresh", json={"refresh_token": token})
            assert resp.status == 200, await resp.text()
            token = (await resp.json())["refresh_token"]
        resp = await client.post("/v1/auth/refresh", json={"refresh_token": token})
        await assert_too_many(resp, 300)
        # The token was not spent by the refused attempt: it works once the window ends.


async def test_checks_of_the_current_password_are_limited(pool: asyncpg.Pool, db_dsn: str) -> None:
    async with limited_client(pool, db_dsn, rate_limit_per_account=3) as client:
        headers = await register_and_login(client, "sam@example.com", PASSWORD)
        change = {"password": "a new password", "current_password": "a wrong guess"}
        for _ in range(3):
            resp = await client.patch("/v1/me", json=change, headers=headers)
            assert resp.status == 403, await resp.text()
        change["current_password"] = PASSWORD
        await assert_too_many(await client.patch("/v1/me", json=change, headers=headers), 300)


async def test_limits_reset_when_the_window_ends(pool: asyncpg.Pool, db_dsn: str) -> None:
    async with limited_client(
        pool, db_dsn, rate_limit_window=1, rate_limit_per_account=2, login_lockout_threshold=100
    ) as client:
        for _ in range(2):
            assert (await wrong_login(client, "tara@example.com")).status == 401
        await assert_too_many(await wrong_login(client, "tara@example.com"), 1)
        await asyncio.sleep(1.2)
        assert (await wrong_login(client, "tara@example.com")).status == 401


async def test_purge_removes_counters_whose_window_ended(
    pool: asyncpg.Pool, db_dsn: str, conn: asyncpg.Connection
) -> None:
    async with limited_client(pool, db_dsn, rate_limit_window=2, login_lockout_seconds=2) as client:
        assert (await wrong_login(client, "uma@example.com")).status == 401
        await asyncio.sleep(1.0)
        # Counted a second later, in windows of their own still open at the purge (but for the
        # address, whose window started with the first login).
        assert (await wrong_login(client, "vera@example.com")).status == 401
    # The address, and each account's attempts and failures.
    assert await conn.fetchval("SELECT count(*) FROM rate_limits") == 5
    await asyncio.sleep(1.3)
    step = [s for s in STEPS if s.name == "rate_limits"]
    totals = await purge(conn, retention=timedelta(days=30), steps=step)
    assert totals == {"rate_limits": 3}
    assert await conn.fetchval("SELECT count(*) FROM rate_limits") == 2


def test_an_ipv6_client_counts_as_its_network() -> None:
    assert address_key("2001:db8:1:2:3:4:5:6") == address_key("2001:db8:1:2:ffff::1")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:192.0.2.7") == address_key("192.0.2.7") == "192.0.2.7"
    assert address_key(None) == "unknown"


async def test_every_limited_route_documents_429_with_retry_after(client: Client) -> None:
    document = await (await client.get("/openapi.json")).json()
    for path, method in (
        ("/v1/auth/register", "post"),
        ("/v1/auth/login", "post"),
        ("/v1/auth/refresh", "post"),
        ("/v1/me", "patch"),
    ):
        answer = document["paths"][path][method]["responses"]["429"]
        assert "Retry-After" in answer["headers"], path
        assert "application/problem+json" in answer["content"], path
