"""Social accounts through the HTTP API: the life of an account, one live account per platform
and handle, the list by platform, import, trash with its posts, isolation."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp.test_utils import TestClient

Client = TestClient[Any, Any]


def account(**overrides: Any) -> dict[str, Any]:
    item = {
        "platform": "twitter",
        "handle": "ada",
        "display_name": "Ada Lovelace",
        "profile_url": "https://x.com/ada",
        "metadata": {"verified": True},
    }
    item.update(overrides)
    return item


async def create_account(
    client: Client, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    resp = await client.post("/v1/social/accounts", json=account(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def listed(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    resp = await client.get("/v1/social/accounts", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return (await resp.json())["items"]


async def test_created_account_can_be_fetched_with_its_etag(client: Client, alice: dict) -> None:
    created = await create_account(client, alice)
    resp = await client.get(f"/v1/social/accounts/{created['id']}", headers=alice)
    assert resp.status == 200
    body = await resp.json()
    assert (body["platform"], body["handle"], body["display_name"]) == (
        "twitter",
        "ada",
        "Ada Lovelace",
    )
    assert body["metadata"] == {"verified": True}
    assert resp.headers["ETag"].startswith('"')


async def test_a_second_live_account_with_the_same_handle_is_409(
    client: Client, alice: dict, bob: dict
) -> None:
    first = await create_account(client, alice)
    resp = await client.post("/v1/social/accounts", json=account(), headers=alice)
    assert resp.status == 409
    assert "platform and handle" in (await resp.json())["detail"]
    # Another platform, or another user, may use the same handle.
    await create_account(client, alice, platform="mastodon")
    await create_account(client, bob)
    # Once the first is in the trash the handle is free; restoring it then conflicts.
    assert (await client.delete(f"/v1/social/accounts/{first['id']}", headers=alice)).status == 204
    second = await create_account(client, alice)
    resp = await client.post(f"/v1/social/accounts/{first['id']}/restore", headers=alice)
    assert resp.status == 409
    # A rename onto a taken handle is refused the same way.
    other = await create_account(client, alice, handle="ada2")
    resp = await client.patch(
        f"/v1/social/accounts/{other['id']}", json={"handle": "ada"}, headers=alice
    )
    assert resp.status == 409
    assert [a["id"] for a in await listed(client, alice, platform="twitter")] == [
        second["id"],
        other["id"],
    ]


async def test_patch_with_a_stale_etag_is_412_and_changes_nothing(
    client: Client, alice: dict
) -> None:
    created = await create_account(client, alice)
    url = f"/v1/social/accounts/{created['id']}"
    stale = (await client.get(url, headers=alice)).headers["ETag"]
    ok = await client.patch(url, json={"display_name": None}, headers={**alice, "If-Match": stale})
    assert ok.status == 200, await ok.text()
    assert (await ok.json())["display_name"] is None
    resp = await client.patch(url, json={"handle": "late"}, headers={**alice, "If-Match": stale})
    assert resp.status == 412
    assert (await (await client.get(url, headers=alice)).json())["handle"] == "ada"


async def test_the_platform_cannot_be_patched(client: Client, alice: dict) -> None:
    created = await create_account(client, alice)
    resp = await client.patch(
        f"/v1/social/accounts/{created['id']}", json={"platform": "mastodon"}, headers=alice
    )
    assert resp.status == 422


async def test_list_runs_by_platform_then_handle_in_keyset_pages(
    client: Client, alice: dict
) -> None:
    made = [
        ("twitter", "zed"),
        ("mastodon", "ada@mastodon.social"),
        ("twitter", "ada"),
        ("bluesky", "ada.bsky.social"),
        ("twitter", "bob"),
    ]
    for platform, handle in made:
        await create_account(client, alice, platform=platform, handle=handle)
    seen: list[tuple[str, str]] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await (await client.get("/v1/social/accounts", params=params, headers=alice)).json()
        seen.extend((a["platform"], a["handle"]) for a in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(made)
    twitter = [a["handle"] for a in await listed(client, alice, platform="twitter", limit="2")]
    assert twitter == ["ada", "bob"]
    first = await (
        await client.get(
            "/v1/social/accounts", params={"platform": "twitter", "limit": "2"}, headers=alice
        )
    ).json()
    rest = await listed(client, alice, platform="twitter", cursor=first["next_cursor"])
    assert [a["handle"] for a in rest] == ["zed"]
    # A cursor of the whole list is not one of the twitter list.
    whole = await (
        await client.get("/v1/social/accounts", params={"limit": "1"}, headers=alice)
    ).json()
    resp = await client.get(
        "/v1/social/accounts",
        params={"platform": "twitter", "cursor": whole["next_cursor"]},
        headers=alice,
    )
    assert resp.status == 400


async def test_deleted_account_leaves_the_list_and_comes_back_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create_account(client, alice)
    url = f"/v1/social/accounts/{created['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert await listed(client, alice) == []
    trash = await (await client.get("/v1/social/accounts/trash", headers=alice)).json()
    assert [a["id"] for a in trash["items"]] == [created["id"]]
    resp = await client.post(url + "/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["deleted_at"] is None
    assert [a["id"] for a in await listed(client, alice)] == [created["id"]]


async def test_import_is_idempotent_and_answers_the_existing_ids(
    client: Client, alice: dict
) -> None:
    batch = [
        account(handle=f"h{i}", source_platform="twitter", source_object_id=f"tw-{i}")
        for i in range(5)
    ]
    resp = await client.post("/v1/social/accounts/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (5, 0)
    # Again, plus one account added by hand before: matched by platform and handle.
    by_hand = await create_account(client, alice, platform="mastodon", handle="solo")
    again = [*batch, account(platform="mastodon", handle="solo")]
    resp = await client.post("/v1/social/accounts/import", json=again, headers=alice)
    body = await resp.json()
    assert (body["created"], body["existing"]) == (0, 6)
    assert body["ids"] == [*first["ids"], by_hand["id"]]
    assert len(await listed(client, alice, limit="200")) == 6


async def test_import_of_more_than_1000_accounts_is_refused(client: Client, alice: dict) -> None:
    resp = await client.post("/v1/social/accounts/import", json=[account()] * 1001, headers=alice)
    assert resp.status == 422
    assert await listed(client, alice) == []


async def test_invalid_fields_are_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        ({"platform": "Twitter!"}, "$.platform"),
        ({"handle": ""}, "$.handle"),
        ({"handle": "@ada"}, "$.handle"),
        ({"handle": "a\u0000b"}, "$.handle"),
        ({"display_name": "a\u0000b"}, "$.display_name"),
        ({"profile_url": "ftp://x.com/ada"}, "$.profile_url"),
        ({"source_object_id": "tw-1"}, "$"),
        ({"surprise": 1}, "$"),
    ]
    for change, path in cases:
        resp = await client.post("/v1/social/accounts", json=account(**change), headers=alice)
        assert resp.status == 422, (change, await resp.text())
        body = await resp.json()
        assert [e["path"] for e in body["errors"]] == [path], change
    resp = await client.post(
        "/v1/social/accounts", json=account(metadata={"k": "a\u0000"}), headers=alice
    )
    assert resp.status == 422
    assert await listed(client, alice) == []


async def test_other_users_account_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create_account(client, alice)
    url = f"/v1/social/accounts/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"handle": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert (await client.get(f"/v1/social/accounts/{uuid.uuid4()}", headers=bob)).status == 404
    assert (await client.get(url, headers=alice)).status == 200
    assert await listed(client, bob) == []


async def test_another_users_integration_cannot_be_named_as_the_source(
    client: Client, alice: dict, bob: dict
) -> None:
    resp = await client.post(
        "/v1/integrations",
        json={"integration_type": "google_photos", "display_name": "Bob's"},
        headers=bob,
    )
    assert resp.status == 201, await resp.text()
    bobs = (await resp.json())["id"]
    resp = await client.post(
        "/v1/social/accounts", json=account(source_integration_id=bobs), headers=alice
    )
    assert resp.status == 404, await resp.text()
    assert [e["path"] for e in (await resp.json())["errors"]] == ["$.source_integration_id"]
    item = account(handle="imp", source_platform="twitter", source_object_id="t-1")
    resp = await client.post(
        "/v1/social/accounts/import",
        json=[item, {**item, "handle": "imp2", "source_integration_id": bobs}],
        headers=alice,
    )
    assert resp.status == 404, await resp.text()
    assert [e["path"] for e in (await resp.json())["errors"]] == ["$[1].source_integration_id"]
    assert await listed(client, alice) == []
