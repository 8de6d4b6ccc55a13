"""The audit log: a row for every write and login, in the change's transaction, never rewritten."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import register_and_login
from tests.test_media_api import create, photo

Client = TestClient[Any, Any]


async def events(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    resp = await client.get("/v1/audit", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return (await resp.json())["items"]


async def test_every_write_leaves_one_event_with_request_id_and_address(
    client: Client, alice: dict
) -> None:
    resp = await client.post(
        "/v1/media", json=photo(), headers={**alice, "X-Request-Id": "req-create-1"}
    )
    media = await resp.json()
    await client.patch(f"/v1/media/{media['id']}", json={"filename": "x.jpg"}, headers=alice)
    await client.delete(f"/v1/media/{media['id']}", headers=alice)
    await client.post(f"/v1/media/{media['id']}/restore", headers=alice)
    got = await events(client, alice)
    actions = [e["action"] for e in got]
    assert actions[:4] == [
        "media.restore_media",
        "media.delete_media",
        "media.update_media",
        "media.create_media",
    ]
    created = got[3]
    assert created["object_id"] == media["id"]
    assert created["object_type"] == "media"
    assert created["request_id"] == "req-create-1"
    assert created["client_addr"] == "127.0.0.1"
    assert created["actor_id"] == created["user_id"]
    assert "auth.login" in actions and "auth.register" in actions


async def test_a_refused_write_leaves_no_event(client: Client, alice: dict) -> None:
    before = len(await events(client, alice))
    resp = await client.post("/v1/media", json=photo(size=-5), headers=alice)
    assert resp.status == 422
    assert len(await events(client, alice)) == before


async def test_failed_logins_are_recorded(client: Client) -> None:
    headers = await register_and_login(client, "grace@example.com", password="the right one")
    resp = await client.post(
        "/v1/auth/login", json={"email": "grace@example.com", "password": "the wrong one"}
    )
    assert resp.status == 401
    failed = [e for e in await events(client, headers) if e["action"] == "auth.login_failed"]
    assert len(failed) == 1
    assert failed[0]["details"] == {"email": "grace@example.com"}


async def test_users_see_only_their_own_events(client: Client, alice: dict, bob: dict) -> None:
    await create(client, alice)
    bobs = await events(client, bob)
    assert {e["user_id"] for e in bobs} == {bobs[0]["user_id"]}
    assert not any(e["action"] == "media.create_media" for e in bobs)


async def test_audit_pages_are_keyset(client: Client, alice: dict) -> None:
    for _ in range(5):
        await create(client, alice)
    first = await client.get("/v1/audit", params={"limit": "3"}, headers=alice)
    page = await first.json()
    assert len(page["items"]) == 3 and page["next_cursor"]
    second = await events(client, alice, limit="200", cursor=page["next_cursor"])
    ids = [e["id"] for e in page["items"]] + [e["id"] for e in second]
    assert len(ids) == len(set(ids)) == 7  # register, login, five creates


async def test_the_service_role_cannot_rewrite_the_log(
    pool: asyncpg.Pool, client: Client, alice: dict
) -> None:
    async with pool.acquire() as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("UPDATE audit_log SET action = 'x.y'")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DELETE FROM audit_log")


async def test_not_even_the_owner_can_rewrite_the_log(
    conn: asyncpg.Connection, alice: dict
) -> None:
    for statement in (
        "UPDATE audit_log SET action = 'x.y'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await conn.execute(statement)
