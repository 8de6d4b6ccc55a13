"""Albums: CRUD, covers, membership through contains links, order, and an exact media_count."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp.test_utils import TestClient

from tests.test_media_api import create as create_media

Client = TestClient[Any, Any]


async def create_album(client: Client, headers: dict, **fields: Any) -> dict[str, Any]:
    resp = await client.post("/v1/albums", json={"name": "Summer", **fields}, headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def album(client: Client, headers: dict, album_id: str) -> dict[str, Any]:
    resp = await client.get(f"/v1/albums/{album_id}", headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def member_ids(client: Client, headers: dict, album_id: str, limit: int = 200) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        params = {"limit": str(limit), **({"cursor": cursor} if cursor else {})}
        resp = await client.get(f"/v1/albums/{album_id}/media", params=params, headers=headers)
        assert resp.status == 200, await resp.text()
        page = await resp.json()
        ids.extend(m["id"] for m in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return ids


async def add(client: Client, headers: dict, album_id: str, ids: list[str]) -> Any:
    return await client.post(
        f"/v1/albums/{album_id}/media", json={"media_ids": ids}, headers=headers
    )


async def test_album_lifecycle_with_trash_and_restore(client: Client, alice: dict) -> None:
    created = await create_album(client, alice, description="Beach days")
    assert created["media_count"] == 0
    etag = (await client.get(f"/v1/albums/{created['id']}", headers=alice)).headers["ETag"]
    resp = await client.patch(
        f"/v1/albums/{created['id']}",
        json={"name": "Summer 2026"},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200
    stale = await client.patch(
        f"/v1/albums/{created['id']}", json={"name": "x"}, headers={**alice, "If-Match": etag}
    )
    assert stale.status == 412
    assert (await client.delete(f"/v1/albums/{created['id']}", headers=alice)).status == 204
    listing = await (await client.get("/v1/albums", headers=alice)).json()
    assert listing["items"] == []
    trash = await (await client.get("/v1/albums/trash", headers=alice)).json()
    assert [a["id"] for a in trash["items"]] == [created["id"]]
    restored = await client.post(f"/v1/albums/{created['id']}/restore", headers=alice)
    assert (await restored.json())["name"] == "Summer 2026"


async def test_media_added_in_order_and_listed_by_pages(client: Client, alice: dict) -> None:
    a = await create_album(client, alice)
    media = [(await create_media(client, alice))["id"] for _ in range(7)]
    resp = await add(client, alice, a["id"], media[:4])
    assert await resp.json() == {"added": 4, "already_present": 0, "media_count": 4}
    resp = await add(client, alice, a["id"], [media[2], *media[4:]])
    assert await resp.json() == {"added": 3, "already_present": 1, "media_count": 7}
    assert await member_ids(client, alice, a["id"], limit=3) == media


async def test_one_media_item_can_be_in_many_albums(client: Client, alice: dict) -> None:
    m = (await create_media(client, alice))["id"]
    first, second = await create_album(client, alice), await create_album(client, alice)
    for a in (first, second):
        assert (await add(client, alice, a["id"], [m])).status == 200
        assert (await album(client, alice, a["id"]))["media_count"] == 1


async def test_adding_unknown_or_foreign_media_adds_nothing(
    client: Client, alice: dict, bob: dict
) -> None:
    a = await create_album(client, alice)
    mine = (await create_media(client, alice))["id"]
    bobs = (await create_media(client, bob))["id"]
    resp = await add(client, alice, a["id"], [mine, bobs, str(uuid.uuid4())])
    assert resp.status == 404
    body = await resp.json()
    assert [e["path"] for e in body["errors"]] == ["$.media_ids[1]", "$.media_ids[2]"]
    assert await member_ids(client, alice, a["id"]) == []
    assert (await album(client, alice, a["id"]))["media_count"] == 0


async def test_removing_and_reordering(client: Client, alice: dict) -> None:
    a = await create_album(client, alice)
    media = [(await create_media(client, alice))["id"] for _ in range(3)]
    await add(client, alice, a["id"], media)
    resp = await client.delete(f"/v1/albums/{a['id']}/media/{media[1]}", headers=alice)
    assert resp.status == 204
    again = await client.delete(f"/v1/albums/{a['id']}/media/{media[1]}", headers=alice)
    assert again.status == 404
    assert (await album(client, alice, a["id"]))["media_count"] == 2
    order = [media[2], media[0]]
    resp = await client.put(
        f"/v1/albums/{a['id']}/media/order", json={"media_ids": order}, headers=alice
    )
    assert resp.status == 204, await resp.text()
    assert await member_ids(client, alice, a["id"]) == order
    incomplete = await client.put(
        f"/v1/albums/{a['id']}/media/order", json={"media_ids": [media[2], media[2]]}, headers=alice
    )
    assert incomplete.status == 409
    assert await member_ids(client, alice, a["id"]) == order


async def test_trashed_media_leaves_album_listing_and_count_until_restored(
    client: Client, alice: dict
) -> None:
    a = await create_album(client, alice)
    media = [(await create_media(client, alice))["id"] for _ in range(3)]
    await add(client, alice, a["id"], media)
    await client.delete(f"/v1/media/{media[0]}", headers=alice)
    assert await member_ids(client, alice, a["id"]) == media[1:]
    assert (await album(client, alice, a["id"]))["media_count"] == 2
    await client.post(f"/v1/media/{media[0]}/restore", headers=alice)
    assert await member_ids(client, alice, a["id"]) == media
    assert (await album(client, alice, a["id"]))["media_count"] == 3


async def test_a_deleted_cover_stops_being_the_cover(client: Client, alice: dict) -> None:
    cover = (await create_media(client, alice))["id"]
    a = await create_album(client, alice, cover_media_id=cover)
    assert a["cover_media_id"] == cover
    await client.delete(f"/v1/media/{cover}", headers=alice)
    assert (await album(client, alice, a["id"]))["cover_media_id"] is None


async def test_cover_must_be_a_live_media_item_of_the_caller(
    client: Client, alice: dict, bob: dict
) -> None:
    bobs = (await create_media(client, bob))["id"]
    resp = await client.post(
        "/v1/albums", json={"name": "x", "cover_media_id": bobs}, headers=alice
    )
    assert resp.status == 404
    a = await create_album(client, alice)
    resp = await client.patch(f"/v1/albums/{a['id']}", json={"cover_media_id": bobs}, headers=alice)
    assert resp.status == 404
    assert (await album(client, alice, a["id"]))["cover_media_id"] is None


async def test_other_users_album_is_404(client: Client, alice: dict, bob: dict) -> None:
    a = await create_album(client, alice)
    m = (await create_media(client, alice))["id"]
    await add(client, alice, a["id"], [m])
    url = f"/v1/albums/{a['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.get(url + "/media", headers=bob)).status == 404
    assert (await add(client, bob, a["id"], [m])).status == 404
    assert (await client.delete(f"{url}/media/{m}", headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await album(client, alice, a["id"]))["media_count"] == 1
