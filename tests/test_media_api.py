"""Media through the HTTP API: the life of an item, pagination, filters, import, isolation."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp.test_utils import TestClient

Client = TestClient[Any, Any]


def photo(**overrides: Any) -> dict[str, Any]:
    item = {
        "filename": "beach.jpg",
        "media_type": "photo",
        "mime_type": "image/jpeg",
        "size": 2_048_000,
        "file_path": "media/2026/beach.jpg",
        "width": 4000,
        "height": 3000,
        "taken_at": "2026-07-01T10:00:00Z",
        "metadata": {"camera": "X100V"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/media", json=photo(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def test_created_media_can_be_fetched_with_its_etag(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    resp = await client.get(f"/v1/media/{created['id']}", headers=alice)
    assert resp.status == 200
    body = await resp.json()
    assert body["filename"] == "beach.jpg"
    assert body["metadata"] == {"camera": "X100V"}
    assert body["taken_at"] == "2026-07-01T10:00:00Z"
    assert resp.headers["ETag"].startswith('"')


async def test_patch_changes_only_the_given_fields(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    resp = await client.get(f"/v1/media/{created['id']}", headers=alice)
    etag = resp.headers["ETag"]
    resp = await client.patch(
        f"/v1/media/{created['id']}",
        json={"filename": "renamed.jpg", "width": None},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert body["filename"] == "renamed.jpg"
    assert body["width"] is None
    assert body["height"] == 3000
    assert resp.headers["ETag"] != etag


async def test_patch_with_a_stale_etag_is_412_and_changes_nothing(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    first = await client.get(f"/v1/media/{created['id']}", headers=alice)
    stale = first.headers["ETag"]
    ok = await client.patch(
        f"/v1/media/{created['id']}",
        json={"filename": "one.jpg"},
        headers={**alice, "If-Match": stale},
    )
    assert ok.status == 200
    resp = await client.patch(
        f"/v1/media/{created['id']}",
        json={"filename": "two.jpg"},
        headers={**alice, "If-Match": stale},
    )
    assert resp.status == 412
    assert resp.content_type == "application/problem+json"
    current = await (await client.get(f"/v1/media/{created['id']}", headers=alice)).json()
    assert current["filename"] == "one.jpg"


async def test_deleted_media_leaves_the_list_and_comes_back_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    resp = await client.delete(f"/v1/media/{created['id']}", headers=alice)
    assert resp.status == 204
    assert (await client.get(f"/v1/media/{created['id']}", headers=alice)).status == 404
    listing = await (await client.get("/v1/media", headers=alice)).json()
    assert listing["items"] == []
    trash = await (await client.get("/v1/media/trash", headers=alice)).json()
    assert [m["id"] for m in trash["items"]] == [created["id"]]
    assert trash["items"][0]["deleted_at"] is not None
    resp = await client.post(f"/v1/media/{created['id']}/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["deleted_at"] is None
    listing = await (await client.get("/v1/media", headers=alice)).json()
    assert [m["id"] for m in listing["items"]] == [created["id"]]


async def test_pages_walk_every_item_once_newest_first(client: Client, alice: dict) -> None:
    ids = []
    for day in range(1, 8):
        ids.append((await create(client, alice, taken_at=f"2026-03-0{day}T12:00:00Z"))["id"])
    # Two items without a capture time sort by when they were stored (now: newest).
    undated = [(await create(client, alice, taken_at=None))["id"] for _ in range(2)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        page = await (await client.get("/v1/media", params=params, headers=alice)).json()
        seen.extend(m["id"] for m in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 9
    assert set(seen[:2]) == set(undated)
    assert seen[2:] == list(reversed(ids))


async def test_filters_by_type_time_window_and_metadata(client: Client, alice: dict) -> None:
    await create(client, alice, taken_at="2025-01-01T00:00:00Z")
    video = await create(
        client,
        alice,
        media_type="video",
        mime_type="video/mp4",
        taken_at="2025-06-01T00:00:00Z",
        metadata={"camera": "GoPro"},
    )
    recent = await create(client, alice, taken_at="2026-06-01T00:00:00Z")

    async def ids(**params: str) -> list[str]:
        resp = await client.get("/v1/media", params=params, headers=alice)
        assert resp.status == 200, await resp.text()
        return [m["id"] for m in (await resp.json())["items"]]

    assert await ids(media_type="video") == [video["id"]]
    assert await ids(taken_after="2026-01-01T00:00:00Z") == [recent["id"]]
    assert await ids(taken_after="2025-03-01T00:00:00Z", taken_before="2026-01-01T00:00:00Z") == [
        video["id"]
    ]
    assert await ids(metadata='{"camera": "GoPro"}') == [video["id"]]


async def test_import_is_idempotent_and_counts_new_and_existing(
    client: Client, alice: dict
) -> None:
    batch = [
        photo(filename=f"p{i}.jpg", source_platform="google_photos", source_object_id=f"gp-{i}")
        for i in range(10)
    ]
    resp = await client.post("/v1/media/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (10, 0)
    resp = await client.post(
        "/v1/media/import",
        json=[*batch, photo(filename="new.jpg", source_platform="gp", source_object_id="gp-new")],
        headers=alice,
    )
    again = await resp.json()
    assert (again["created"], again["existing"]) == (1, 10)
    # Each item's id, in the order given: the ones imported before keep theirs.
    assert again["ids"][:10] == first["ids"]
    assert again["ids"][10] not in first["ids"]
    listing = await (await client.get("/v1/media", params={"limit": "200"}, headers=alice)).json()
    assert len(listing["items"]) == 11


async def test_import_of_more_than_1000_items_is_refused(client: Client, alice: dict) -> None:
    resp = await client.post("/v1/media/import", json=[photo()] * 1001, headers=alice)
    assert resp.status == 422
    listing = await (await client.get("/v1/media", headers=alice)).json()
    assert listing["items"] == []


async def test_other_users_media_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/media/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"filename": "x.jpg"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    missing = await client.get(f"/v1/media/{uuid.uuid4()}", headers=bob)
    assert missing.status == 404
    assert (await client.get(url, headers=alice)).status == 200
    bobs = await (await client.get("/v1/media", headers=bob)).json()
    assert bobs["items"] == []
