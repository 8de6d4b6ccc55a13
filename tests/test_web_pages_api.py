"""Saved web pages through the HTTP API: the life of a page, one live page per canonical
address, the reading-state filter, keyset pages, import, validation and isolation."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp.test_utils import TestClient

Client = TestClient[Any, Any]


def page(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "url": f"https://lwn.net/Articles/{uuid.uuid4().hex[:8]}/?utm_source=feed",
        "title": "Keyset pagination",
        "site_name": "LWN.net",
        "content_text": "Why OFFSET gets slower page after page.",
        "fetched_at": "2026-01-02T03:04:05Z",
        "metadata": {"lang": "en"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/web/pages", json=page(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def ids_of(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/web/pages", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [p["id"] for p in (await resp.json())["items"]]


async def test_a_saved_page_can_be_fetched_with_its_etag(client: Client, alice: dict) -> None:
    created = await create(client, alice, url="https://example.com/a?utm=1")
    assert created["reading_state"] == "unread"
    # Without a canonical_url the page is its own canonical address.
    assert created["canonical_url"] == "https://example.com/a?utm=1"
    resp = await client.get(f"/v1/web/pages/{created['id']}", headers=alice)
    assert resp.status == 200
    body = await resp.json()
    assert body["title"] == "Keyset pagination"
    assert body["fetched_at"] == "2026-01-02T03:04:05Z"
    assert resp.headers["ETag"].startswith('"')
    assert (
        resp.headers["ETag"]
        == (await client.get(f"/v1/web/pages/{created['id']}", headers=alice)).headers["ETag"]
    )


async def test_patch_moves_the_reading_state_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    etag = (await client.get(f"/v1/web/pages/{created['id']}", headers=alice)).headers["ETag"]
    resp = await client.patch(
        f"/v1/web/pages/{created['id']}",
        json={"reading_state": "reading", "title": None},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert (body["reading_state"], body["title"]) == ("reading", None)
    assert body["site_name"] == "LWN.net"
    stale = await client.patch(
        f"/v1/web/pages/{created['id']}",
        json={"reading_state": "read"},
        headers={**alice, "If-Match": etag},
    )
    assert stale.status == 412
    current = await (await client.get(f"/v1/web/pages/{created['id']}", headers=alice)).json()
    assert current["reading_state"] == "reading"


async def test_a_second_live_page_with_the_same_canonical_url_is_409(
    client: Client, alice: dict, bob: dict
) -> None:
    first = await create(client, alice, canonical_url="https://example.com/article")
    again = await client.post(
        "/v1/web/pages",
        json=page(url="https://t.co/xyz", canonical_url="https://example.com/article"),
        headers=alice,
    )
    assert again.status == 409
    detail = (await again.json())["detail"]
    assert detail == "an object with the same canonical_url already exists"
    # Another user may save the same article.
    await create(client, bob, canonical_url="https://example.com/article")
    # A PATCH onto an address already saved is a 409 too.
    other = await create(client, alice, canonical_url="https://example.com/other")
    clash = await client.patch(
        f"/v1/web/pages/{other['id']}",
        json={"canonical_url": "https://example.com/article"},
        headers=alice,
    )
    assert clash.status == 409
    # Trashed, the address is free again; restoring the old page would then collide.
    assert (await client.delete(f"/v1/web/pages/{first['id']}", headers=alice)).status == 204
    second = await create(client, alice, canonical_url="https://example.com/article")
    restored = await client.post(f"/v1/web/pages/{first['id']}/restore", headers=alice)
    assert restored.status == 409
    assert set(await ids_of(client, alice)) == {other["id"], second["id"]}


async def test_deleted_page_leaves_the_list_and_comes_back_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    assert (await client.delete(f"/v1/web/pages/{created['id']}", headers=alice)).status == 204
    assert (await client.get(f"/v1/web/pages/{created['id']}", headers=alice)).status == 404
    assert await ids_of(client, alice) == []
    trash = await (await client.get("/v1/web/pages/trash", headers=alice)).json()
    assert [p["id"] for p in trash["items"]] == [created["id"]]
    resp = await client.post(f"/v1/web/pages/{created['id']}/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["deleted_at"] is None
    assert await ids_of(client, alice) == [created["id"]]


async def test_pages_walk_every_page_once_newest_first_and_filter_by_state(
    client: Client, alice: dict
) -> None:
    made = [await create(client, alice) for _ in range(7)]
    for p in made[:3]:
        resp = await client.patch(
            f"/v1/web/pages/{p['id']}", json={"reading_state": "read"}, headers=alice
        )
        assert resp.status == 200
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        body = await (await client.get("/v1/web/pages", params=params, headers=alice)).json()
        seen.extend(p["id"] for p in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [p["id"] for p in reversed(made)]
    assert await ids_of(client, alice, reading_state="read") == [
        p["id"] for p in reversed(made[:3])
    ]
    assert await ids_of(client, alice, reading_state="archived") == []
    bad = await client.get("/v1/web/pages", params={"reading_state": "skimmed"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "reading_state"


async def test_import_is_idempotent_by_source_key_and_by_canonical_url(
    client: Client, alice: dict
) -> None:
    batch = [
        page(
            url=f"https://example.com/{i}",
            source_platform="pocket",
            source_object_id=f"pk-{i}",
        )
        for i in range(5)
    ]
    resp = await client.post("/v1/web/pages/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (5, 0)
    saved = await create(client, alice, url="https://example.com/saved-by-hand")
    again = await client.post(
        "/v1/web/pages/import",
        json=[*batch, page(url="https://example.com/saved-by-hand"), page(url="https://n.ew/")],
        headers=alice,
    )
    body = await again.json()
    assert (body["created"], body["existing"]) == (1, 6)
    assert body["ids"][:5] == first["ids"]
    assert body["ids"][5] == saved["id"]
    assert len(await ids_of(client, alice, limit="200")) == 7


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        ({**page(), "title": "nul\u0000here"}, "$.title"),
        ({**page(), "reading_state": "skimmed"}, "$.reading_state"),
        ({**page(), "url": ""}, "$.url"),
        ({**page(), "source_object_id": "x"}, "$"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/web/pages", json=body, headers=alice)
        assert resp.status == 422, (path, await resp.text())
        assert (await resp.json())["errors"][0]["path"].startswith(path), path
    # NUL inside metadata: jsonb cannot hold it; a 422 naming where it is; nothing is stored.
    resp = await client.post(
        "/v1/web/pages", json=page(metadata={"note": "nul\u0000"}), headers=alice
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.metadata.note"
    too_many = await client.post("/v1/web/pages/import", json=[page()] * 1001, headers=alice)
    assert too_many.status == 422
    assert await ids_of(client, alice) == []


async def test_another_users_page_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/web/pages/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"title": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert await ids_of(client, bob) == []
    assert (await client.get(url, headers=alice)).status == 200
