"""Social posts through the HTTP API: the life of a post, its account and the post it replies
to, the list filters and keyset pages, replies, import, trash with the account, purge,
isolation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_social_accounts_api import create_account

Client = TestClient[Any, Any]


def post(account_id: str, **overrides: Any) -> dict[str, Any]:
    item = {
        "account_id": account_id,
        "posted_at": "2026-03-01T12:00:00Z",
        "text": "Shipped it.",
        "url": "https://x.com/ada/status/1",
        "like_count": 12,
        "share_count": 3,
        "reply_count": 1,
        "metadata": {"lang": "en"},
    }
    item.update(overrides)
    return item


async def create_post(
    client: Client, headers: dict[str, str], account_id: str, **overrides: Any
) -> dict[str, Any]:
    resp = await client.post(
        "/v1/social/posts", json=post(account_id, **overrides), headers=headers
    )
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def ids(client: Client, headers: dict[str, str], url: str, **params: str) -> list[str]:
    resp = await client.get(url, params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [p["id"] for p in (await resp.json())["items"]]


async def test_created_post_takes_its_accounts_platform_and_has_an_etag(
    client: Client, alice: dict
) -> None:
    acct = await create_account(client, alice, platform="mastodon", handle="ada@mastodon.social")
    created = await create_post(client, alice, acct["id"])
    assert created["platform"] == "mastodon"
    resp = await client.get(f"/v1/social/posts/{created['id']}", headers=alice)
    assert resp.status == 200
    body = await resp.json()
    assert (body["text"], body["like_count"], body["reply_to_post_id"]) == ("Shipped it.", 12, None)
    assert resp.headers["ETag"].startswith('"')


async def test_patch_changes_fields_and_a_stale_etag_is_412(client: Client, alice: dict) -> None:
    acct = await create_account(client, alice)
    created = await create_post(client, alice, acct["id"])
    url = f"/v1/social/posts/{created['id']}"
    etag = (await client.get(url, headers=alice)).headers["ETag"]
    resp = await client.patch(
        url, json={"like_count": 99, "url": None}, headers={**alice, "If-Match": etag}
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert (body["like_count"], body["url"], body["share_count"]) == (99, None, 3)
    resp = await client.patch(url, json={"text": "late"}, headers={**alice, "If-Match": etag})
    assert resp.status == 412
    assert (await (await client.get(url, headers=alice)).json())["text"] == "Shipped it."
    # The account is not something a post changes.
    resp = await client.patch(url, json={"account_id": acct["id"]}, headers=alice)
    assert resp.status == 422


async def test_unknown_or_foreign_account_and_reply_target_are_404_with_the_path(
    client: Client, alice: dict, bob: dict
) -> None:
    mine = await create_account(client, alice)
    bobs = await create_account(client, bob)
    bobs_post = await create_post(client, bob, bobs["id"])
    for account_id in (bobs["id"], str(uuid.uuid4())):
        resp = await client.post("/v1/social/posts", json=post(account_id), headers=alice)
        assert resp.status == 404
        assert [e["path"] for e in (await resp.json())["errors"]] == ["$.account_id"]
    resp = await client.post(
        "/v1/social/posts",
        json=post(mine["id"], reply_to_post_id=bobs_post["id"]),
        headers=alice,
    )
    assert resp.status == 404
    assert [e["path"] for e in (await resp.json())["errors"]] == ["$.reply_to_post_id"]
    resp = await client.post(
        "/v1/social/posts/import",
        json=[post(mine["id"]), post(bobs["id"])],
        headers=alice,
    )
    assert resp.status == 404
    assert [e["path"] for e in (await resp.json())["errors"]] == ["$[1].account_id"]
    assert await ids(client, alice, "/v1/social/posts") == []


async def test_pages_walk_every_post_once_newest_first_and_filters_use_account_or_platform(
    client: Client, alice: dict
) -> None:
    twitter = await create_account(client, alice)
    mastodon = await create_account(client, alice, platform="mastodon", handle="ada@m.social")
    made = []
    for day in range(1, 8):
        acct = twitter if day % 2 else mastodon
        made.append(
            await create_post(client, alice, acct["id"], posted_at=f"2026-03-0{day}T12:00:00Z")
        )
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        page = await (await client.get("/v1/social/posts", params=params, headers=alice)).json()
        seen.extend(p["id"] for p in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [p["id"] for p in reversed(made)]
    on_mastodon = [p["id"] for p in reversed(made) if p["platform"] == "mastodon"]
    assert await ids(client, alice, "/v1/social/posts", platform="mastodon") == on_mastodon
    assert await ids(client, alice, "/v1/social/posts", account_id=mastodon["id"]) == on_mastodon
    resp = await client.get(
        "/v1/social/posts",
        params={"account_id": twitter["id"], "platform": "twitter"},
        headers=alice,
    )
    assert resp.status == 422


async def test_replies_are_listed_oldest_first_in_keyset_pages(client: Client, alice: dict) -> None:
    acct = await create_account(client, alice)
    root = await create_post(client, alice, acct["id"], posted_at="2026-01-01T00:00:00Z")
    replies = [
        await create_post(
            client,
            alice,
            acct["id"],
            reply_to_post_id=root["id"],
            posted_at=f"2026-01-0{day}T00:00:00Z",
        )
        for day in (4, 2, 3)
    ]
    url = f"/v1/social/posts/{root['id']}/replies"
    first = await (await client.get(url, params={"limit": "2"}, headers=alice)).json()
    rest = await ids(client, alice, url, cursor=first["next_cursor"])
    in_order = [r["id"] for r in sorted(replies, key=lambda r: r["posted_at"])]
    assert [p["id"] for p in first["items"]] + rest == in_order
    # A trashed reply leaves the thread; a trashed post has no thread to show.
    assert (await client.delete(f"/v1/social/posts/{in_order[0]}", headers=alice)).status == 204
    assert await ids(client, alice, url) == in_order[1:]
    assert (await client.delete(f"/v1/social/posts/{root['id']}", headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404


async def test_trashing_an_account_trashes_its_posts_and_restoring_brings_them_back(
    client: Client, alice: dict
) -> None:
    acct = await create_account(client, alice)
    other = await create_account(client, alice, handle="other")
    posts = [await create_post(client, alice, acct["id"]) for _ in range(3)]
    kept = await create_post(client, alice, other["id"])
    # One post was trashed on its own before: it stays in the trash afterwards.
    alone = posts[0]["id"]
    assert (await client.delete(f"/v1/social/posts/{alone}", headers=alice)).status == 204
    url = f"/v1/social/accounts/{acct['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert await ids(client, alice, "/v1/social/posts") == [kept["id"]]
    # No post under a trashed account: not a new one, not a restored one.
    resp = await client.post("/v1/social/posts", json=post(acct["id"]), headers=alice)
    assert resp.status == 404
    resp = await client.post(f"/v1/social/posts/{posts[1]['id']}/restore", headers=alice)
    assert resp.status == 409
    assert (await client.post(url + "/restore", headers=alice)).status == 200
    back = await ids(client, alice, "/v1/social/posts", account_id=acct["id"])
    assert sorted(back) == sorted(p["id"] for p in posts[1:])
    assert await ids(client, alice, "/v1/social/posts/trash") == [alone]
    resp = await client.post(f"/v1/social/posts/{alone}/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["deleted_at"] is None


async def test_import_is_idempotent_and_counts_new_and_existing(
    client: Client, alice: dict
) -> None:
    acct = await create_account(client, alice)
    batch = [
        post(acct["id"], source_platform="twitter", source_object_id=f"tw-{i}") for i in range(10)
    ]
    resp = await client.post("/v1/social/posts/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (10, 0)
    extra = post(acct["id"], source_platform="twitter", source_object_id="tw-new")
    resp = await client.post("/v1/social/posts/import", json=[*batch, extra], headers=alice)
    again = await resp.json()
    assert (again["created"], again["existing"]) == (1, 10)
    assert again["ids"][:10] == first["ids"]
    assert len(await ids(client, alice, "/v1/social/posts", limit="200")) == 11
    # The import key is unique among live posts for a single create too.
    resp = await client.post("/v1/social/posts", json=batch[0], headers=alice)
    assert resp.status == 409
    resp = await client.post("/v1/social/posts/import", json=[batch[0]] * 1001, headers=alice)
    assert resp.status == 422


async def test_invalid_fields_are_422_with_the_field_path(client: Client, alice: dict) -> None:
    acct = await create_account(client, alice)
    cases = [
        ({"like_count": -1}, "$.like_count"),
        ({"share_count": "many"}, "$.share_count"),
        ({"reply_count": 2**31}, "$.reply_count"),
        ({"posted_at": "2026-01-01T00:00:00"}, "$.posted_at"),
        ({"text": "a\u0000b"}, "$.text"),
        ({"url": "not a url"}, "$.url"),
        ({"account_id": "nope"}, "$.account_id"),
        ({"platform": "twitter"}, "$"),
    ]
    for change, path in cases:
        body = {**post(acct["id"]), **change}
        resp = await client.post("/v1/social/posts", json=body, headers=alice)
        assert resp.status == 422, (change, await resp.text())
        assert [e["path"] for e in (await resp.json())["errors"]] == [path], change
    resp = await client.post(
        "/v1/social/posts", json=post(acct["id"], metadata={"k": "a\u0000"}), headers=alice
    )
    assert resp.status == 422
    assert await ids(client, alice, "/v1/social/posts") == []


async def test_purge_takes_expired_posts_then_their_account_and_keeps_replies(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    acct = await create_account(client, alice)
    keeper = await create_account(client, alice, handle="keeper")
    root = await create_post(client, alice, acct["id"])
    reply = await create_post(client, alice, keeper["id"], reply_to_post_id=root["id"])
    assert (await client.delete(f"/v1/social/accounts/{acct['id']}", headers=alice)).status == 204
    # Everything in the trash expired a day ago.
    await conn.execute(
        "UPDATE social_posts SET deleted_at = deleted_at - interval '40 days'"
        " WHERE deleted_at IS NOT NULL"
    )
    await conn.execute(
        "UPDATE social_accounts SET deleted_at = deleted_at - interval '40 days'"
        " WHERE deleted_at IS NOT NULL"
    )
    totals = await purge(conn, retention=timedelta(days=30))
    assert (totals["social_posts"], totals["social_accounts"]) == (1, 1)
    resp = await client.get(f"/v1/social/posts/{reply['id']}", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["reply_to_post_id"] is None
    assert (await client.get(f"/v1/social/accounts/{acct['id']}", headers=alice)).status == 404
    assert await ids(client, alice, "/v1/social/accounts/trash") == []


async def test_other_users_post_is_404(client: Client, alice: dict, bob: dict) -> None:
    acct = await create_account(client, alice)
    created = await create_post(client, alice, acct["id"])
    url = f"/v1/social/posts/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.get(url + "/replies", headers=bob)).status == 404
    assert (await client.patch(url, json={"text": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert (await client.get(f"/v1/social/posts/{uuid.uuid4()}", headers=bob)).status == 404
    assert await ids(client, bob, "/v1/social/posts", account_id=acct["id"]) == []
    assert (await client.get(url, headers=alice)).status == 200
