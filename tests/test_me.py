"""The caller's own account: GET and PATCH /v1/me, and what a password change does to sessions."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.test_audit import events
from tests.test_sessions import (
    PASSWORD,
    bearer,
    login,
    new_account,
    refresh,
    refreshed,
    refused_within,
)

Client = TestClient[Any, Any]

NEW_PASSWORD = "battery staple"


async def test_me_is_the_callers_account_with_an_etag(client: Client) -> None:
    alices = await new_account(client, "alice@example.com")
    await new_account(client, "bob@example.com")
    resp = await client.get("/v1/me", headers=bearer(alices))
    assert resp.status == 200
    body = await resp.json()
    assert body["email"] == "alice@example.com"
    assert body["display_name"] == "Test User"
    assert "password" not in str(body)
    assert resp.headers["ETag"].startswith('"')


async def test_me_needs_an_access_token(client: Client) -> None:
    assert (await client.get("/v1/me")).status == 401
    assert (await client.patch("/v1/me", json={"display_name": "X"})).status == 401


async def test_patch_me_changes_the_display_name(client: Client) -> None:
    tokens = await new_account(client, "cleo@example.com")
    before = await client.get("/v1/me", headers=bearer(tokens))
    resp = await client.patch(
        "/v1/me",
        json={"display_name": "Cleo"},
        headers={**bearer(tokens), "If-Match": before.headers["ETag"]},
    )
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["display_name"] == "Cleo"
    assert resp.headers["ETag"] != before.headers["ETag"]
    again = await client.get("/v1/me", headers=bearer(tokens))
    assert (await again.json())["display_name"] == "Cleo"
    (event,) = [e for e in await events(client, bearer(tokens)) if e["action"] == "users.update_me"]
    assert event["object_id"] == (await again.json())["id"]
    # A display name change leaves the sessions alone.
    await refreshed(client, tokens["refresh_token"])


async def test_patch_me_with_a_stale_etag_is_412_and_changes_nothing(client: Client) -> None:
    tokens = await new_account(client, "dina@example.com")
    stale = (await client.get("/v1/me", headers=bearer(tokens))).headers["ETag"]
    ok = await client.patch("/v1/me", json={"display_name": "One"}, headers=bearer(tokens))
    assert ok.status == 200
    resp = await client.patch(
        "/v1/me", json={"display_name": "Two"}, headers={**bearer(tokens), "If-Match": stale}
    )
    assert resp.status == 412
    me = await (await client.get("/v1/me", headers=bearer(tokens))).json()
    assert me["display_name"] == "One"


async def test_password_change_revokes_other_sessions_and_the_old_password_stops_working(
    client: Client,
) -> None:
    mine = await new_account(client, "eve@example.com")
    laptop = await login(client, "eve@example.com")
    phone = await login(client, "eve@example.com")
    resp = await client.patch(
        "/v1/me",
        json={
            "password": NEW_PASSWORD,
            "current_password": PASSWORD,
            "refresh_token": mine["refresh_token"],
        },
        headers=bearer(mine),
    )
    assert resp.status == 200, await resp.text()
    assert (await refresh(client, laptop["refresh_token"])).status == 401
    assert (await refresh(client, phone["refresh_token"])).status == 401
    # The session that changed the password goes on.
    mine = await refreshed(client, mine["refresh_token"])
    old = await client.post(
        "/v1/auth/login", json={"email": "eve@example.com", "password": PASSWORD}
    )
    assert old.status == 401
    await login(client, "eve@example.com", NEW_PASSWORD)
    (event,) = [
        e for e in await events(client, bearer(mine)) if e["action"] == "auth.password_change"
    ]
    # register_and_login's session, the laptop and the phone.
    assert event["details"] == {"sessions_ended": 3, "kept_own_session": True}


async def test_password_change_without_a_refresh_token_ends_every_session(
    client: Client,
) -> None:
    mine = await new_account(client, "fay@example.com")
    resp = await client.patch(
        "/v1/me",
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
        headers=bearer(mine),
    )
    assert resp.status == 200, await resp.text()
    assert (await refresh(client, mine["refresh_token"])).status == 401


async def test_wrong_current_password_is_403_and_changes_nothing(client: Client) -> None:
    mine = await new_account(client, "gus@example.com")
    other = await login(client, "gus@example.com")
    resp = await client.patch(
        "/v1/me",
        json={"password": NEW_PASSWORD, "current_password": "not my password", "display_name": "G"},
        headers=bearer(mine),
    )
    assert resp.status == 403
    problem = await resp.json()
    assert [e["path"] for e in problem["errors"]] == ["$.current_password"]
    await refreshed(client, other["refresh_token"])
    await login(client, "gus@example.com", PASSWORD)
    me = await (await client.get("/v1/me", headers=bearer(mine))).json()
    assert me["display_name"] == "Test User"
    actions = [e["action"] for e in await events(client, bearer(mine))]
    assert "auth.password_change_failed" in actions
    assert "auth.password_change" not in actions
    assert "users.update_me" not in actions


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"password": NEW_PASSWORD}, "$.current_password"),
        ({"current_password": PASSWORD}, "$.current_password"),
        ({"display_name": "X", "refresh_token": "a" * 22 + "." + "b" * 43}, "$.refresh_token"),
        ({"password": "short", "current_password": PASSWORD}, "$.password"),
        ({"password": "é" * 1025, "current_password": PASSWORD}, "$.password"),
        (
            {"password": NEW_PASSWORD, "current_password": PASSWORD, "refresh_token": "x"},
            "$.refresh_token",
        ),
        ({"display_name": ""}, "$.display_name"),
        ({"display_name": "a\u0000b"}, "$.display_name"),
        ({"display_name": None}, "$.display_name"),
        ({"email": "new@example.com"}, "$"),
        ({}, "$"),
    ],
)
async def test_invalid_patches_are_422_with_the_field_path_and_change_nothing(
    client: Client, body: dict[str, Any], path: str
) -> None:
    mine = await new_account(client, "hugo@example.com")
    resp = await client.patch("/v1/me", json=body, headers=bearer(mine))
    assert resp.status == 422, await resp.text()
    assert resp.content_type == "application/problem+json"
    assert [e["path"] for e in (await resp.json())["errors"]] == [path]
    me = await (await client.get("/v1/me", headers=bearer(mine))).json()
    assert me["display_name"] == "Test User"
    await refreshed(client, mine["refresh_token"])
    await login(client, "hugo@example.com", PASSWORD)


async def test_one_users_password_change_leaves_other_users_sessions_alone(
    client: Client,
) -> None:
    alices = await new_account(client, "alice@example.com")
    bobs = await new_account(client, "bob@example.com")
    # Bob names Alice's session as the one to keep: it is not his, so none of his is kept,
    # and none of Alice's is touched.
    resp = await client.patch(
        "/v1/me",
        json={
            "password": NEW_PASSWORD,
            "current_password": PASSWORD,
            "refresh_token": alices["refresh_token"],
        },
        headers=bearer(bobs),
    )
    assert resp.status == 200, await resp.text()
    assert (await refresh(client, bobs["refresh_token"])).status == 401
    await refreshed(client, alices["refresh_token"])
    await login(client, "alice@example.com", PASSWORD)
    alice = await (await client.get("/v1/me", headers=bearer(alices))).json()
    assert alice["email"] == "alice@example.com"


async def test_a_password_change_ends_the_access_tokens_of_the_other_sessions_not_the_callers(
    client: Client,
) -> None:
    mine = await new_account(client, "ivy@example.com")
    laptop = await login(client, "ivy@example.com")
    resp = await client.patch(
        "/v1/me",
        json={
            "password": NEW_PASSWORD,
            "current_password": PASSWORD,
            "refresh_token": mine["refresh_token"],
        },
        headers=bearer(mine),
    )
    assert resp.status == 200, await resp.text()
    await refused_within(client, laptop)
    assert (await client.get("/v1/me", headers=bearer(mine))).status == 200


async def test_a_password_change_without_a_refresh_token_ends_the_callers_access_token_too(
    client: Client,
) -> None:
    mine = await new_account(client, "jon@example.com")
    resp = await client.patch(
        "/v1/me",
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
        headers=bearer(mine),
    )
    assert resp.status == 200, await resp.text()
    await refused_within(client, mine)
    fresh = await login(client, "jon@example.com", NEW_PASSWORD)
    assert (await client.get("/v1/me", headers=bearer(fresh))).status == 200


async def test_a_password_change_holds_no_connection_while_bcrypt_works(
    client: Client, pool: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hypernet.api import users

    tokens = await new_account(client, "hana@example.com")
    held: list[int] = []

    def watching(real: Any) -> Any:
        async def wrapper(*args: Any) -> Any:
            held.append(pool.get_size() - pool.get_idle_size())
            return await real(*args)

        return wrapper

    monkeypatch.setattr(users, "check_password", watching(users.check_password))
    monkeypatch.setattr(users, "hash_password", watching(users.hash_password))
    resp = await client.patch(
        "/v1/me",
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
        headers=bearer(tokens),
    )
    assert resp.status == 200, await resp.text()
    assert held == [0, 0], "a pooled connection was held while bcrypt worked"
    audit = [
        e["action"]
        for e in await events(client, bearer(await login(client, "hana@example.com", NEW_PASSWORD)))
    ]
    assert "users.update_me" in audit and "auth.password_change" in audit
