"""Notifications through the HTTP API: the life of one, read state (one, all), the unread count,
the unread-first list and its pages, import, bad input, isolation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def notice(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": "sync.finished",
        "title": "Google Photos: 120 new items",
        "body": "Your library is up to date.",
        "object_type": "integration",
        "object_id": str(uuid.uuid4()),
        "metadata": {"count": 120},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/notifications", json=notice(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def unread(client: Client, headers: dict[str, str]) -> int:
    resp = await client.get("/v1/notifications/unread-count", headers=headers)
    assert resp.status == 200, await resp.text()
    return int((await resp.json())["unread"])


async def listing(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    resp = await client.get("/v1/notifications", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return list((await resp.json())["items"])


async def test_created_notification_is_unread_and_can_be_fetched(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    assert created["is_read"] is False
    assert created["read_at"] is None
    resp = await client.get(f"/v1/notifications/{created['id']}", headers=alice)
    assert resp.status == 200
    assert resp.headers["ETag"].startswith('"')
    body = await resp.json()
    assert body["object_type"] == "integration"
    assert body["metadata"] == {"count": 120}
    assert await unread(client, alice) == 1


async def test_marking_one_read_sets_read_at_and_unread_clears_it(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/notifications/{created['id']}"
    etag = (await client.get(url, headers=alice)).headers["ETag"]
    resp = await client.patch(url, json={"is_read": True}, headers={**alice, "If-Match": etag})
    assert resp.status == 200, await resp.text()
    read = await resp.json()
    assert read["is_read"] is True
    assert read["read_at"] is not None
    assert await unread(client, alice) == 0
    # Marking it read again keeps when it was first read.
    again = await (await client.patch(url, json={"is_read": True}, headers=alice)).json()
    assert again["read_at"] == read["read_at"]
    # The old ETag no longer matches.
    stale = await client.patch(url, json={"is_read": False}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    back = await (await client.patch(url, json={"is_read": False}, headers=alice)).json()
    assert (back["is_read"], back["read_at"]) == (False, None)
    assert await unread(client, alice) == 1


async def test_mark_all_read_marks_only_the_callers_unread_ones(
    client: Client, alice: dict, bob: dict
) -> None:
    first = await create(client, alice)
    await client.patch(f"/v1/notifications/{first['id']}", json={"is_read": True}, headers=alice)
    read_at = (await (await client.get(f"/v1/notifications/{first['id']}", headers=alice)).json())[
        "read_at"
    ]
    for _ in range(3):
        await create(client, alice)
    await create(client, bob)
    resp = await client.post("/v1/notifications/mark-all-read", headers=alice)
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["marked"] == 3
    assert await unread(client, alice) == 0
    assert await unread(client, bob) == 1
    items = await listing(client, alice)
    assert all(n["is_read"] and n["read_at"] for n in items)
    assert next(n for n in items if n["id"] == first["id"])["read_at"] == read_at
    again = await client.post("/v1/notifications/mark-all-read", headers=alice)
    assert (await again.json())["marked"] == 0


async def test_list_shows_unread_first_then_newest_and_pages_walk_each_once(
    client: Client, alice: dict
) -> None:
    made = [await create(client, alice, title=f"n{i}") for i in range(7)]
    # n1, n3 and n5 are read; the list is n6 n4 n2 n0 (unread, newest first), then n5 n3 n1.
    for i in (1, 3, 5):
        await client.patch(
            f"/v1/notifications/{made[i]['id']}", json={"is_read": True}, headers=alice
        )
    titles: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await (await client.get("/v1/notifications", params=params, headers=alice)).json()
        titles.extend(n["title"] for n in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert titles == ["n6", "n4", "n2", "n0", "n5", "n3", "n1"]


async def test_deleted_notification_leaves_the_list_and_the_count_until_restored(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/notifications/{created['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert await listing(client, alice) == []
    assert await unread(client, alice) == 0
    trash = await (await client.get("/v1/notifications/trash", headers=alice)).json()
    assert [n["id"] for n in trash["items"]] == [created["id"]]
    # Mark all read leaves the trash alone.
    await client.post("/v1/notifications/mark-all-read", headers=alice)
    resp = await client.post(url + "/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["is_read"] is False
    assert await unread(client, alice) == 1


async def test_bad_input_is_422_with_the_field_path_and_stores_nothing(
    client: Client, alice: dict
) -> None:
    cases = [
        ({"kind": "Sync Finished"}, "$.kind"),
        ({"title": ""}, "$.title"),
        ({"title": "a\u0000b"}, "$.title"),
        ({"object_type": "Media"}, "$.object_type"),
        ({"object_id": "not-a-uuid"}, "$.object_id"),
        ({"read_at": "2026-01-01T00:00:00Z"}, "$"),
    ]
    for overrides, path in cases:
        resp = await client.post("/v1/notifications", json=notice(**overrides), headers=alice)
        assert resp.status == 422, overrides
        body = await resp.json()
        assert body["errors"][0]["path"] == path, body
    # The object is named by both columns or by neither.
    resp = await client.post("/v1/notifications", json=notice(object_type=None), headers=alice)
    assert resp.status == 422
    resp = await client.post(
        "/v1/notifications", json=notice(metadata={"k": "a\u0000"}), headers=alice
    )
    assert resp.status == 422
    created = await create(client, alice)
    resp = await client.patch(
        f"/v1/notifications/{created['id']}", json={"is_read": None}, headers=alice
    )
    assert resp.status == 422
    assert [n["id"] for n in await listing(client, alice)] == [created["id"]]


async def test_import_is_idempotent_and_a_live_import_key_is_409(
    client: Client, alice: dict
) -> None:
    batch = [
        notice(kind="github.mention", source_platform="github", source_object_id=f"gh-{i}")
        for i in range(4)
    ]
    batch[0]["is_read"] = True
    resp = await client.post("/v1/notifications/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (4, 0)
    assert await unread(client, alice) == 3
    read = await (await client.get(f"/v1/notifications/{first['ids'][0]}", headers=alice)).json()
    assert read["read_at"] is not None
    again = await (await client.post("/v1/notifications/import", json=batch, headers=alice)).json()
    assert (again["created"], again["existing"], again["ids"]) == (0, 4, first["ids"])
    assert (await client.post("/v1/notifications", json=batch[1], headers=alice)).status == 409
    too_many = await client.post("/v1/notifications/import", json=[notice()] * 1001, headers=alice)
    assert too_many.status == 422


async def test_other_users_notification_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/notifications/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"is_read": True}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert (await client.get(f"/v1/notifications/{uuid.uuid4()}", headers=bob)).status == 404
    assert await listing(client, bob) == []
    assert await unread(client, bob) == 0
    got = await (await client.get(url, headers=alice)).json()
    assert got["is_read"] is False


async def test_purge_removes_only_notifications_in_the_trash_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    made = [(await create(client, alice))["id"] for i in range(4)]
    for notification_id in made[:3]:
        assert (
            await client.delete(f"/v1/notifications/{notification_id}", headers=alice)
        ).status == 204
    await age_trash(conn, "notifications", made[:2], days=31)
    totals = await purge(conn, retention=timedelta(days=30), batch_size=1)
    assert totals["notifications"] == 2
    trash = await (await client.get("/v1/notifications/trash", headers=alice)).json()
    assert [x["id"] for x in trash["items"]] == [made[2]]
    assert (await client.get(f"/v1/notifications/{made[3]}", headers=alice)).status == 200
