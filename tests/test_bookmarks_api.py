"""Bookmarks through the HTTP API: the life of a bookmark, one live bookmark per url, tags and
folder filters, the saved page it may name (and what a purge of that page does), import,
validation and isolation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash
from tests.test_web_pages_api import create as create_page

Client = TestClient[Any, Any]


def bookmark(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "url": f"https://github.com/{uuid.uuid4().hex[:8]}",
        "title": "A repository",
        "description": "Worth a look",
        "tags": ["python", "work"],
        "folder_path": "Bookmarks Bar/Work",
        "metadata": {"favicon": "gh"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/bookmarks", json=bookmark(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def ids_of(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/bookmarks", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [b["id"] for b in (await resp.json())["items"]]


async def test_a_bookmark_can_be_fetched_patched_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice, tags=["python", "work", "python"])
    assert created["tags"] == ["python", "work"]
    resp = await client.get(f"/v1/bookmarks/{created['id']}", headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    resp = await client.patch(
        f"/v1/bookmarks/{created['id']}",
        json={"tags": ["reading"], "folder_path": None},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert (body["tags"], body["folder_path"], body["title"]) == (["reading"], None, "A repository")
    stale = await client.patch(
        f"/v1/bookmarks/{created['id']}", json={"title": "x"}, headers={**alice, "If-Match": etag}
    )
    assert stale.status == 412


async def test_a_second_live_bookmark_of_the_same_url_is_409(client: Client, alice: dict) -> None:
    first = await create(client, alice, url="https://example.com/x")
    again = await client.post(
        "/v1/bookmarks", json=bookmark(url="https://example.com/x"), headers=alice
    )
    assert again.status == 409
    other = await create(client, alice, url="https://example.com/y")
    clash = await client.patch(
        f"/v1/bookmarks/{other['id']}", json={"url": "https://example.com/x"}, headers=alice
    )
    assert clash.status == 409
    assert (await client.delete(f"/v1/bookmarks/{first['id']}", headers=alice)).status == 204
    await create(client, alice, url="https://example.com/x")
    assert (await client.post(f"/v1/bookmarks/{first['id']}/restore", headers=alice)).status == 409


async def test_deleted_bookmark_leaves_the_list_and_comes_back_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    assert (await client.delete(f"/v1/bookmarks/{created['id']}", headers=alice)).status == 204
    assert (await client.get(f"/v1/bookmarks/{created['id']}", headers=alice)).status == 404
    assert await ids_of(client, alice) == []
    trash = await (await client.get("/v1/bookmarks/trash", headers=alice)).json()
    assert [b["id"] for b in trash["items"]] == [created["id"]]
    assert (
        await client.post(f"/v1/bookmarks/{created['id']}/restore", headers=alice)
    ).status == 200
    assert await ids_of(client, alice) == [created["id"]]


async def test_keyset_pages_and_the_tag_and_folder_filters(client: Client, alice: dict) -> None:
    work = await create(client, alice, tags=["work"], folder_path="Bookmarks Bar/Work")
    sub = await create(client, alice, tags=["work", "python"], folder_path="Bookmarks Bar/Work/Py")
    sibling = await create(client, alice, tags=[], folder_path="Bookmarks Bar/Work (old)")
    lookalike = await create(client, alice, tags=["Work"], folder_path="Bookmarks Bar/Workshop")
    loose = await create(client, alice, tags=["python"], folder_path=None)
    made = [work, sub, sibling, lookalike, loose]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        body = await (await client.get("/v1/bookmarks", params=params, headers=alice)).json()
        seen.extend(b["id"] for b in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [b["id"] for b in reversed(made)]
    assert await ids_of(client, alice, tag="work") == [sub["id"], work["id"]]
    assert await ids_of(client, alice, tag="python") == [loose["id"], sub["id"]]
    assert await ids_of(client, alice, tag="python", limit="1") == [loose["id"]]
    # A folder lists itself and its sub-folders, never a sibling that merely starts alike.
    assert await ids_of(client, alice, folder="Bookmarks Bar/Work") == [sub["id"], work["id"]]
    assert await ids_of(client, alice, folder="Bookmarks Bar") == [
        b["id"] for b in reversed(made[:4])
    ]
    assert await ids_of(client, alice, folder="Bookmarks") == []
    both = await client.get(
        "/v1/bookmarks", params={"tag": "work", "folder": "Bookmarks Bar"}, headers=alice
    )
    assert both.status == 422
    bad = await client.get("/v1/bookmarks", params={"folder": "/Bookmarks Bar/"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "folder"


async def test_web_page_id_must_be_a_live_page_of_the_caller(
    client: Client, alice: dict, bob: dict
) -> None:
    mine = await create_page(client, alice)
    theirs = await create_page(client, bob)
    linked = await create(client, alice, web_page_id=mine["id"])
    assert linked["web_page_id"] == mine["id"]
    for page_id in (theirs["id"], str(uuid.uuid4())):
        resp = await client.post("/v1/bookmarks", json=bookmark(web_page_id=page_id), headers=alice)
        assert resp.status == 404, await resp.text()
        assert (await resp.json())["errors"][0]["path"] == "$.web_page_id"
        resp = await client.patch(
            f"/v1/bookmarks/{linked['id']}", json={"web_page_id": page_id}, headers=alice
        )
        assert resp.status == 404
        assert (await resp.json())["errors"][0]["path"] == "$.web_page_id"
    resp = await client.post(
        "/v1/bookmarks/import", json=[bookmark(), bookmark(web_page_id=theirs["id"])], headers=alice
    )
    assert resp.status == 404
    assert (await resp.json())["errors"][0]["path"] == "$[1].web_page_id"
    # A page in the trash cannot be newly bookmarked.
    trashed = await create_page(client, alice)
    assert (await client.delete(f"/v1/web/pages/{trashed['id']}", headers=alice)).status == 204
    resp = await client.post(
        "/v1/bookmarks", json=bookmark(web_page_id=trashed["id"]), headers=alice
    )
    assert resp.status == 404
    assert await ids_of(client, alice) == [linked["id"]]


async def test_purging_a_page_clears_it_from_its_bookmarks(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    saved = await create_page(client, alice)
    linked = await create(client, alice, web_page_id=saved["id"])
    assert (await client.delete(f"/v1/web/pages/{saved['id']}", headers=alice)).status == 204
    # In the trash the page is still named: restoring it finds its bookmarks again.
    body = await (await client.get(f"/v1/bookmarks/{linked['id']}", headers=alice)).json()
    assert body["web_page_id"] == saved["id"]
    await age_trash(conn, "web_pages", [saved["id"]], days=31)
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["web_pages"] == 1
    body = await (await client.get(f"/v1/bookmarks/{linked['id']}", headers=alice)).json()
    assert body["web_page_id"] is None
    assert body["url"] == linked["url"]


async def test_import_is_idempotent_by_source_key_and_by_url(client: Client, alice: dict) -> None:
    batch = [
        bookmark(url=f"https://e.com/{i}", source_platform="chrome", source_object_id=f"c{i}")
        for i in range(4)
    ]
    first = await (await client.post("/v1/bookmarks/import", json=batch, headers=alice)).json()
    assert (first["created"], first["existing"]) == (4, 0)
    by_hand = await create(client, alice, url="https://e.com/by-hand")
    resp = await client.post(
        "/v1/bookmarks/import",
        json=[*batch, bookmark(url="https://e.com/by-hand"), bookmark(url="https://e.com/new")],
        headers=alice,
    )
    again = await resp.json()
    assert (again["created"], again["existing"]) == (1, 5)
    assert again["ids"][:4] == first["ids"]
    assert again["ids"][4] == by_hand["id"]
    assert len(await ids_of(client, alice, limit="200")) == 6


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        (bookmark(title="nul\u0000"), "$.title"),
        (bookmark(tags=["ok", "nul\u0000"]), "$.tags[1]"),
        (bookmark(tags=[""]), "$.tags[0]"),
        (bookmark(folder_path="Bar//Work"), "$.folder_path"),
        (bookmark(folder_path="Bar/"), "$.folder_path"),
        (bookmark(web_page_id="not-a-uuid"), "$.web_page_id"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/bookmarks", json=body, headers=alice)
        assert resp.status == 422, (path, await resp.text())
        assert (await resp.json())["errors"][0]["path"] == path
    # NUL inside metadata: jsonb cannot hold it; a 422 naming where it is; nothing is stored.
    resp = await client.post(
        "/v1/bookmarks", json=bookmark(metadata={"k": "\u0000"}), headers=alice
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.metadata.k"
    too_many = await client.post("/v1/bookmarks/import", json=[bookmark()] * 1001, headers=alice)
    assert too_many.status == 422
    assert await ids_of(client, alice) == []


async def test_another_users_bookmark_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/bookmarks/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"title": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert await ids_of(client, bob) == []
    assert await ids_of(client, bob, tag="python") == []
