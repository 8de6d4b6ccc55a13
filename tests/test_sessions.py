"""Sessions: rotating refresh tokens, reuse detection, logout and logout-all."""

from __future__ import annotations

import asyncio
import base64
import uuid
from typing import Any

import asyncpg
import msgspec
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.core.security import new_refresh_token, parse_refresh_token
from hypernet.db.pool import create_pool
from hypernet.mappers.refresh_tokens import RefreshTokenMapper
from hypernet.mappers.revoked_sessions import RevokedSessionMapper
from tests.conftest import JWT_SECRET, TEST_SETTINGS, register_and_login
from tests.test_audit import events

Client = TestClient[Any, Any]

PASSWORD = "correct horse"


async def login(client: Client, email: str, password: str = PASSWORD) -> dict[str, Any]:
    resp = await client.post("/v1/auth/login", json={"email": email, "password": password})
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def new_account(client: Client, email: str) -> dict[str, Any]:
    """Register and log in; the login's tokens."""
    await register_and_login(client, email, PASSWORD)
    return await login(client, email)


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def refresh(client: Client, token: str) -> Any:
    return await client.post("/v1/auth/refresh", json={"refresh_token": token})


async def refreshed(client: Client, token: str) -> dict[str, Any]:
    resp = await refresh(client, token)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def test_login_returns_a_refresh_token_that_is_stored_only_as_a_hash(
    client: Client, conn: asyncpg.Connection
) -> None:
    tokens = await new_account(client, "hana@example.com")
    assert tokens["token_type"] == "bearer"
    assert tokens["refresh_expires_in"] == 30 * 86400
    token = tokens["refresh_token"]
    assert parse_refresh_token(token) is not None
    rows = await conn.fetch("SELECT * FROM refresh_tokens")
    # register_and_login logged in once, new_account once more: two sessions.
    assert len(rows) == 2
    dumped = repr([dict(r) for r in rows])
    secret = token.split(".")[1]
    assert secret not in dumped
    assert base64.urlsafe_b64decode(secret + "=").hex() not in dumped


async def test_refresh_rotates_and_the_new_access_token_works(client: Client) -> None:
    first = await new_account(client, "ivan@example.com")
    second = await refreshed(client, first["refresh_token"])
    assert second["refresh_token"] != first["refresh_token"]
    assert second["expires_in"] > 0 and second["refresh_expires_in"] == 30 * 86400
    me = await client.get("/v1/me", headers=bearer(second))
    assert me.status == 200
    third = await refreshed(client, second["refresh_token"])
    assert third["refresh_token"] not in (first["refresh_token"], second["refresh_token"])
    actions = [e["action"] for e in await events(client, bearer(third))]
    assert actions.count("auth.refresh") == 2


async def test_a_rotated_token_stops_working(client: Client) -> None:
    first = await new_account(client, "jane@example.com")
    await refreshed(client, first["refresh_token"])
    again = await refresh(client, first["refresh_token"])
    assert again.status == 401
    assert again.content_type == "application/problem+json"


async def test_reused_refresh_token_revokes_the_whole_family(client: Client) -> None:
    victim = await new_account(client, "kate@example.com")
    elsewhere = await login(client, "kate@example.com")
    # A thief copied the token and refreshes first; then the rightful client presents it.
    thief = await refreshed(client, victim["refresh_token"])
    thief = await refreshed(client, thief["refresh_token"])
    resp = await refresh(client, victim["refresh_token"])
    assert resp.status == 401
    assert "used before" in (await resp.json())["detail"]
    # What the thief holds now, descended from the stolen token, is dead too.
    resp = await refresh(client, thief["refresh_token"])
    assert resp.status == 401
    assert "ended" in (await resp.json())["detail"]
    # A session started by another login is untouched.
    await refreshed(client, elsewhere["refresh_token"])
    audit = await events(client, bearer(elsewhere))
    (reuse,) = [e for e in audit if e["action"] == "auth.token_reuse"]
    assert reuse["details"]["tokens_revoked"] == 1
    assert reuse["actor_id"] is None
    (stolen_login,) = [
        e for e in audit if e["action"] == "auth.login" and e["object_id"] == reuse["object_id"]
    ]
    assert stolen_login["object_type"] == reuse["object_type"] == "session"


async def test_presenting_a_stolen_token_after_the_rightful_refresh_ends_the_session(
    client: Client,
) -> None:
    victim = await new_account(client, "kyle@example.com")
    rightful = await refreshed(client, victim["refresh_token"])
    assert (await refresh(client, victim["refresh_token"])).status == 401
    assert (await refresh(client, rightful["refresh_token"])).status == 401
    # Every later presentation of a rotated token is recorded again.
    assert (await refresh(client, victim["refresh_token"])).status == 401
    # The ended session's access tokens are refused; a new login reads the trail.
    again = await login(client, "kyle@example.com")
    actions = [e["action"] for e in await events(client, bearer(again))]
    assert actions.count("auth.token_reuse") == 2


async def test_concurrent_refreshes_of_one_token_let_exactly_one_through(
    client: Client, conn: asyncpg.Connection
) -> None:
    tokens = await new_account(client, "liam@example.com")
    responses = await asyncio.gather(*(refresh(client, tokens["refresh_token"]) for _ in range(6)))
    statuses = sorted(r.status for r in responses)
    assert statuses == [200, 401, 401, 401, 401, 401]
    (winner,) = [r for r in responses if r.status == 200]
    winner_token = (await winner.json())["refresh_token"]
    # One rotation happened: the session holds the presented token and one successor.
    owner, _ = parse_refresh_token(tokens["refresh_token"]) or (None, None)
    family_sizes = await conn.fetch(
        "SELECT family_id, count(*) AS n FROM refresh_tokens WHERE user_id = $1 GROUP BY 1",
        owner,
    )
    assert sorted(r["n"] for r in family_sizes) == [1, 2]
    # The losers presented a rotated token, which is what a thief does: the policy is strict,
    # so the winner's new token was revoked with the session. Clients must not refresh twice.
    assert (await refresh(client, winner_token)).status == 401


async def test_logout_ends_the_session_and_is_idempotent(client: Client) -> None:
    first = await new_account(client, "mona@example.com")
    other = await login(client, "mona@example.com")
    current = await refreshed(client, first["refresh_token"])
    resp = await client.post("/v1/auth/logout", json={"refresh_token": current["refresh_token"]})
    assert resp.status == 204
    again = await refresh(client, current["refresh_token"])
    assert again.status == 401
    assert "ended" in (await again.json())["detail"]
    # Logging out twice answers the same and records nothing more.
    resp = await client.post("/v1/auth/logout", json={"refresh_token": current["refresh_token"]})
    assert resp.status == 204
    await refreshed(client, other["refresh_token"])
    logouts = [e for e in await events(client, bearer(other)) if e["action"] == "auth.logout"]
    assert len(logouts) == 1


async def test_logout_with_an_unknown_token_is_204_and_changes_nothing(client: Client) -> None:
    tokens = await new_account(client, "nina@example.com")
    owner, _ = parse_refresh_token(tokens["refresh_token"]) or (None, None)
    assert owner is not None
    unknown, _ = new_refresh_token(owner)
    resp = await client.post("/v1/auth/logout", json={"refresh_token": unknown})
    assert resp.status == 204
    await refreshed(client, tokens["refresh_token"])


async def test_logout_all_ends_every_session_of_the_caller_only(client: Client) -> None:
    one = await new_account(client, "olga@example.com")
    two = await login(client, "olga@example.com")
    bobs = await new_account(client, "pete@example.com")
    resp = await client.post("/v1/auth/logout-all", headers=bearer(one))
    assert resp.status == 204
    assert (await refresh(client, one["refresh_token"])).status == 401
    assert (await refresh(client, two["refresh_token"])).status == 401
    await refreshed(client, bobs["refresh_token"])
    again = await login(client, "olga@example.com")
    actions = [e["action"] for e in await events(client, bearer(again))]
    assert "auth.logout_all" in actions
    assert "auth.logout_all" not in [e["action"] for e in await events(client, bearer(bobs))]


async def test_logout_all_needs_an_access_token(client: Client) -> None:
    tokens = await new_account(client, "quin@example.com")
    resp = await client.post("/v1/auth/logout-all")
    assert resp.status == 401
    await refreshed(client, tokens["refresh_token"])


async def test_expired_refresh_token_is_refused(client: Client, conn: asyncpg.Connection) -> None:
    tokens = await new_account(client, "rita@example.com")
    owner, token_hash = parse_refresh_token(tokens["refresh_token"]) or (None, None)
    await conn.execute(
        "UPDATE refresh_tokens SET created_at = now() - interval '31 days', "
        "session_started_at = now() - interval '31 days', "
        "expires_at = now() - interval '1 day' WHERE user_id = $1 AND token_hash = $2",
        owner,
        token_hash,
    )
    resp = await refresh(client, tokens["refresh_token"])
    assert resp.status == 401
    assert "expired" in (await resp.json())["detail"]


async def test_refresh_token_ttl_is_configurable(
    pool: asyncpg.Pool, conn: asyncpg.Connection, db_dsn: str
) -> None:
    settings = msgspec.structs.replace(TEST_SETTINGS, refresh_token_ttl=3600)
    async with TestClient(TestServer(create_app(settings, pool, JWT_SECRET, db_dsn))) as short:
        tokens = await new_account(short, "sam@example.com")
        assert tokens["refresh_expires_in"] == 3600
        lifetime = await conn.fetchval("SELECT max(expires_at - created_at) FROM refresh_tokens")
        assert lifetime.total_seconds() == 3600


async def test_a_refresh_token_does_not_work_under_another_users_id(
    client: Client,
) -> None:
    alices = await new_account(client, "alice@example.com")
    bobs = await new_account(client, "bob@example.com")
    bob_id, _ = parse_refresh_token(bobs["refresh_token"]) or (None, None)
    assert bob_id is not None
    secret = alices["refresh_token"].split(".")[1]
    forged = base64.urlsafe_b64encode(bob_id.bytes).rstrip(b"=").decode() + "." + secret
    assert (await refresh(client, forged)).status == 401
    resp = await client.post("/v1/auth/logout", json={"refresh_token": forged})
    assert resp.status == 204
    # Neither account noticed anything.
    await refreshed(client, alices["refresh_token"])
    await refreshed(client, bobs["refresh_token"])


async def test_a_soft_deleted_account_cannot_refresh(
    client: Client, conn: asyncpg.Connection
) -> None:
    tokens = await new_account(client, "tess@example.com")
    owner, _ = parse_refresh_token(tokens["refresh_token"]) or (None, None)
    await conn.execute("UPDATE users SET deleted_at = now() WHERE id = $1", owner)
    assert (await refresh(client, tokens["refresh_token"])).status == 401


async def test_unknown_refresh_token_is_401(client: Client) -> None:
    token, _ = new_refresh_token(uuid.uuid4())
    resp = await refresh(client, token)
    assert resp.status == 401
    assert resp.content_type == "application/problem+json"


async def test_malformed_refresh_requests_are_422_with_the_field_path(client: Client) -> None:
    for body, path in (
        ({"refresh_token": "not-a-token"}, "$.refresh_token"),
        ({"refresh_token": 42}, "$.refresh_token"),
        ({"refresh_token": "a" * 22 + "." + "b" * 43, "extra": 1}, "$"),
        ({}, "$"),
    ):
        for route in ("/v1/auth/refresh", "/v1/auth/logout"):
            resp = await client.post(route, json=body)
            assert resp.status == 422, (route, body, await resp.text())
            problem = await resp.json()
            assert [e["path"] for e in problem["errors"]] == [path]


async def test_purge_deletes_expired_tokens_in_batches(
    client: Client, conn: asyncpg.Connection
) -> None:
    keep = await new_account(client, "uma@example.com")
    await login(client, "uma@example.com")
    await login(client, "uma@example.com")
    live = parse_refresh_token(keep["refresh_token"])
    assert live is not None
    await conn.execute(
        "UPDATE refresh_tokens SET created_at = now() - interval '40 days', "
        "session_started_at = now() - interval '40 days', "
        "expires_at = now() - interval '10 days' WHERE token_hash <> $1",
        live[1],
    )
    # register_and_login's session and the two extra logins expired: three rows.
    tokens = RefreshTokenMapper(conn)  # the purge runs as the owner
    assert [await tokens.purge_expired(2), await tokens.purge_expired(2)] == [2, 1]
    assert await tokens.purge_expired(2) == 0
    assert await conn.fetchval("SELECT count(*) FROM refresh_tokens") == 1
    await refreshed(client, keep["refresh_token"])


# -- access tokens end with their session ------------------------------------------------------


async def refused_within(client: Client, tokens: dict[str, Any], seconds: float = 3.0) -> float:
    """Poll GET /v1/me with the access token until it is refused; how long that took."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while True:
        resp = await client.get("/v1/me", headers=bearer(tokens))
        if resp.status == 401:
            assert "session" in (await resp.json())["detail"]
            return loop.time() - started
        assert resp.status == 200, await resp.text()
        if loop.time() - started > seconds:
            raise AssertionError(f"the access token still works after {seconds} s")
        await asyncio.sleep(0.02)


async def test_logout_all_through_one_process_refuses_old_access_tokens_on_another_within_seconds(
    db_dsn: str,
) -> None:
    # Two processes over one database: two applications, each with its own pool and feed.
    pools = [await create_pool(db_dsn, TEST_SETTINGS) for _ in range(2)]
    try:
        async with (
            TestClient(TestServer(create_app(TEST_SETTINGS, pools[0], JWT_SECRET, db_dsn))) as one,
            TestClient(TestServer(create_app(TEST_SETTINGS, pools[1], JWT_SECRET, db_dsn))) as two,
        ):
            laptop = await new_account(one, "vera@example.com")
            phone = await login(two, "vera@example.com")
            others = await new_account(two, "walt@example.com")
            for client in (one, two):  # both processes know (and remember) the tokens
                for tokens in (laptop, phone, others):
                    assert (await client.get("/v1/me", headers=bearer(tokens))).status == 200
            assert (await one.post("/v1/auth/logout-all", headers=bearer(laptop))).status == 204
            assert await refused_within(two, phone) < 2.0
            assert await refused_within(two, laptop) < 2.0
            assert await refused_within(one, phone) < 2.0
            # Another user's token, and a new login of the same user, work on both.
            fresh = await login(two, "vera@example.com")
            for client in (one, two):
                assert (await client.get("/v1/me", headers=bearer(others))).status == 200
                assert (await client.get("/v1/me", headers=bearer(fresh))).status == 200
    finally:
        for p in pools:
            await p.close()


async def test_logout_ends_the_access_tokens_of_that_session_only(client: Client) -> None:
    ended = await new_account(client, "xena@example.com")
    renewed = await refreshed(client, ended["refresh_token"])
    kept = await login(client, "xena@example.com")
    resp = await client.post("/v1/auth/logout", json={"refresh_token": renewed["refresh_token"]})
    assert resp.status == 204
    # Every access token of the session, from its login and from its refresh.
    await refused_within(client, renewed)
    await refused_within(client, ended)
    assert (await client.get("/v1/me", headers=bearer(kept))).status == 200


async def test_a_reused_refresh_token_ends_the_access_tokens_of_its_session(
    client: Client,
) -> None:
    victim = await new_account(client, "yara@example.com")
    thief = await refreshed(client, victim["refresh_token"])
    assert (await refresh(client, victim["refresh_token"])).status == 401
    await refused_within(client, thief)


async def test_a_process_started_after_a_revocation_refuses_the_old_access_token(
    client: Client, pool: asyncpg.Pool, db_dsn: str
) -> None:
    tokens = await new_account(client, "zoe@example.com")
    assert (await client.post("/v1/auth/logout-all", headers=bearer(tokens))).status == 204
    async with TestClient(TestServer(create_app(TEST_SETTINGS, pool, JWT_SECRET, db_dsn))) as new:
        resp = await new.get("/v1/me", headers=bearer(tokens))
        assert resp.status == 401


async def test_a_lost_feed_connection_is_logged_and_not_ready_and_catches_up_on_reconnecting(
    client: Client, conn: asyncpg.Connection, caplog: Any
) -> None:
    tokens = await new_account(client, "abe@example.com")
    assert (await client.get("/health/ready")).status == 200
    caplog.set_level("WARNING", logger="hypernet.revocations")
    # Drop the feed's connection, and end the session while no notification can arrive: it
    # refuses the LISTEN connection's reconnection for a moment by terminating it again.
    await conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'hypernet-revocations' AND datname = current_database()"
    )
    loop = asyncio.get_running_loop()
    started = loop.time()
    while (await client.get("/health/ready")).status != 503:
        assert loop.time() - started < 5, "readiness never noticed the lost feed"
        await asyncio.sleep(0.01)
    assert "revocation feed down" in caplog.text
    assert (await client.post("/v1/auth/logout-all", headers=bearer(tokens))).status == 204
    await refused_within(client, tokens, seconds=10)
    started = loop.time()
    while (await client.get("/health/ready")).status != 200:
        assert loop.time() - started < 10, "the feed never came back"
        await asyncio.sleep(0.05)


async def test_purge_removes_revocations_once_no_access_token_of_them_can_live(
    client: Client, pool: asyncpg.Pool, conn: asyncpg.Connection
) -> None:
    for name in ("bea", "cal", "dan"):
        tokens = await new_account(client, f"{name}@example.com")
        assert (await client.post("/v1/auth/logout-all", headers=bearer(tokens))).status == 204
    # Six sessions ended (two per account); four of them a day and more ago.
    assert await conn.fetchval("SELECT count(*) FROM revoked_sessions") == 6
    await conn.execute(
        "UPDATE revoked_sessions SET revoked_at = now() - interval '25 hours' "
        "WHERE session_id IN (SELECT session_id FROM revoked_sessions LIMIT 4)"
    )
    revoked = RevokedSessionMapper(conn)  # the purge runs as the owner
    assert [await revoked.purge_expired(3), await revoked.purge_expired(3)] == [3, 1]
    assert await conn.fetchval("SELECT count(*) FROM revoked_sessions") == 2
    assert len(await revoked.recent(TEST_SETTINGS.access_token_ttl)) == 2


# -- a session's maximum age -------------------------------------------------------------------


async def test_refreshing_never_extends_a_session_past_its_maximum_age(
    pool: asyncpg.Pool, db_dsn: str, conn: asyncpg.Connection
) -> None:
    settings = msgspec.structs.replace(TEST_SETTINGS, refresh_max_age=600)
    async with TestClient(TestServer(create_app(settings, pool, JWT_SECRET, db_dsn))) as short:
        tokens = await new_account(short, "eli@example.com")
        assert tokens["refresh_expires_in"] == 600
        owner, _ = parse_refresh_token(tokens["refresh_token"]) or (None, None)

        async def age_session(seconds: int) -> None:
            await conn.execute(
                "UPDATE refresh_tokens SET session_started_at = session_started_at - $2 * "
                "interval '1 second', created_at = created_at - $2 * interval '1 second' "
                "WHERE user_id = $1",
                owner,
                seconds,
            )

        # Logged in 500 s ago: a refresh gives a token that lives the 100 s left, not 600.
        await age_session(500)
        tokens = await refreshed(short, tokens["refresh_token"])
        assert 95 <= tokens["refresh_expires_in"] <= 100
        assert (await short.get("/v1/me", headers=bearer(tokens))).status == 200
        current = parse_refresh_token(tokens["refresh_token"])
        assert current is not None
        expires = await conn.fetchval(
            "SELECT expires_at - session_started_at FROM refresh_tokens "
            "WHERE user_id = $1 AND token_hash = $2",
            *current,
        )
        assert expires.total_seconds() <= 600
        # Past the maximum age, the session cannot be refreshed at all.
        await age_session(101)
        assert (await refresh(short, tokens["refresh_token"])).status == 401
        # A new login starts a new session with the whole age ahead of it.
        again = await login(short, "eli@example.com")
        assert again["refresh_expires_in"] == 600
