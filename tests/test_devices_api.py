"""Devices through the HTTP API: the life of a device, last_seen_at only moving forward, the list
most recently seen first and by type, identifiers, import, bad input, purge and isolation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_integrations import create_integration
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def at(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()


def device(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": "Ada's iPhone",
        "device_type": "phone",
        "os": "iOS",
        "os_version": "18.2",
        "last_seen_at": at(1),
        "identifiers": {"serial": "F2LXK0AAJGH5", "imei": "356938035643809"},
        "metadata": {"model": "iPhone15,2"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/devices", json=device(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def names_of(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/devices", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [d["name"] for d in (await resp.json())["items"]]


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_a_device_can_be_fetched_patched_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/devices/{created['id']}"
    resp = await client.get(url, headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    body = await resp.json()
    assert body["identifiers"] == {"serial": "F2LXK0AAJGH5", "imei": "356938035643809"}
    assert (body["device_type"], body["os"], body["os_version"]) == ("phone", "iOS", "18.2")
    resp = await client.patch(
        url,
        json={"os_version": "18.3", "identifiers": {"serial": "F2LXK0AAJGH5"}},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert (body["os_version"], body["identifiers"]) == ("18.3", {"serial": "F2LXK0AAJGH5"})
    assert body["name"] == "Ada's iPhone"
    stale = await client.patch(url, json={"name": "x"}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    cleared = await client.patch(url, json={"os": None, "os_version": None}, headers=alice)
    assert ((await cleared.json())["os"], (await cleared.json())["os_version"]) == (None, None)


async def test_a_device_added_without_last_seen_at_is_seen_now(client: Client, alice: dict) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    body = device()
    del body["last_seen_at"]
    resp = await client.post("/v1/devices", json=body, headers=alice)
    assert resp.status == 201, await resp.text()
    assert instant((await resp.json())["last_seen_at"]) >= before


async def test_last_seen_at_only_moves_forward(client: Client, alice: dict) -> None:
    created = await create(client, alice, last_seen_at=at(2))
    url = f"/v1/devices/{created['id']}"
    newer = at(1)
    moved = await (await client.patch(url, json={"last_seen_at": newer}, headers=alice)).json()
    assert instant(moved["last_seen_at"]) == instant(newer)
    # A late report of an earlier sighting keeps the later one, and the request still succeeds.
    late = await client.patch(url, json={"last_seen_at": at(10), "name": "Work"}, headers=alice)
    assert late.status == 200, await late.text()
    body = await late.json()
    assert instant(body["last_seen_at"]) == instant(newer)
    assert body["name"] == "Work"
    # Far in the future is refused: it would stick at the top of the list for good.
    future = await client.patch(url, json={"last_seen_at": at(-3)}, headers=alice)
    assert future.status == 422
    assert (await future.json())["errors"][0]["path"] == "$.last_seen_at"
    null = await client.patch(url, json={"last_seen_at": None}, headers=alice)
    assert null.status == 422


async def test_the_list_is_most_recently_seen_first_pages_and_filters_by_type(
    client: Client, alice: dict
) -> None:
    made = [
        ("old phone", "phone", 400),
        ("laptop", "laptop", 0.5),
        ("watch", "watch", 3),
        ("phone", "phone", 0.1),
        ("tablet", "tablet", 30),
    ]
    ids = {}
    for name, kind, days in made:
        ids[name] = (
            await create(client, alice, name=name, device_type=kind, last_seen_at=at(days))
        )["id"]
    order = ["phone", "laptop", "watch", "tablet", "old phone"]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await (await client.get("/v1/devices", params=params, headers=alice)).json()
        seen.extend(d["name"] for d in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == order
    assert await names_of(client, alice, device_type="phone") == ["phone", "old phone"]
    assert await names_of(client, alice, device_type="phone", limit="1") == ["phone"]
    assert await names_of(client, alice, device_type="tv") == []
    # Seeing the old phone again moves it to the top.
    await client.patch(
        f"/v1/devices/{ids['old phone']}", json={"last_seen_at": at(0)}, headers=alice
    )
    assert (await names_of(client, alice))[0] == "old phone"
    bad = await client.get("/v1/devices", params={"device_type": "toaster"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "device_type"


async def test_deleted_device_leaves_the_list_and_comes_back_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/devices/{created['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert await names_of(client, alice) == []
    trash = await (await client.get("/v1/devices/trash", headers=alice)).json()
    assert [d["id"] for d in trash["items"]] == [created["id"]]
    assert (await client.post(url + "/restore", headers=alice)).status == 200
    assert await names_of(client, alice) == ["Ada's iPhone"]


async def test_import_is_idempotent_by_source_key_and_a_live_key_blocks_a_restore(
    client: Client, alice: dict
) -> None:
    batch = [
        device(name=f"d{i}", source_platform="google_account", source_object_id=f"dev-{i}")
        for i in range(3)
    ]
    first = await (await client.post("/v1/devices/import", json=batch, headers=alice)).json()
    assert (first["created"], first["existing"]) == (3, 0)
    resp = await client.post("/v1/devices/import", json=[*batch, device(name="new")], headers=alice)
    again = await resp.json()
    assert (again["created"], again["existing"]) == (1, 3)
    assert again["ids"][:3] == first["ids"]
    assert sorted(await names_of(client, alice)) == ["d0", "d1", "d2", "new"]
    taken = await client.post("/v1/devices", json=batch[0], headers=alice)
    assert taken.status == 409
    # In the trash, its import key is free; importing it again makes a new device, and the
    # trashed one can no longer come back.
    url = f"/v1/devices/{first['ids'][0]}"
    assert (await client.delete(url, headers=alice)).status == 204
    third = await (await client.post("/v1/devices/import", json=batch, headers=alice)).json()
    assert (third["created"], third["existing"]) == (1, 2)
    assert (await client.post(url + "/restore", headers=alice)).status == 409


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        (device(name=""), "$.name"),
        (device(name="nul\u0000"), "$.name"),
        (device(device_type="toaster"), "$.device_type"),
        (device(os="iOS\u0000"), "$.os"),
        (device(last_seen_at="2026-01-01T00:00:00"), "$.last_seen_at"),
        (device(last_seen_at=at(-5)), "$.last_seen_at"),
        (device(identifiers={"serial": 12345}), "$.identifiers.serial"),
        (device(identifiers={"Serial": "x"}), "$.identifiers.Serial"),
        (device(identifiers={"serial no": "x"}), '$.identifiers["serial no"]'),
        (device(identifiers={"mac": None}), "$.identifiers.mac"),
        (device(identifiers={"serial": ""}), "$.identifiers.serial"),
        (device(identifiers={"serial": "a\u0000b"}), "$.identifiers.serial"),
        (device(identifiers={f"id{i}": "x" for i in range(21)}), "$.identifiers"),
        (device(identifiers=["serial"]), "$.identifiers"),
        (device(metadata={"k": ["\u0000"]}), "$.metadata.k[0]"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/devices", json=body, headers=alice)
        assert resp.status == 422, (path, await resp.text())
        assert resp.content_type == "application/problem+json"
        assert (await resp.json())["errors"][0]["path"] == path, await resp.text()
    no_os = device(os=None)
    resp = await client.post("/v1/devices", json=no_os, headers=alice)
    assert resp.status == 422, await resp.text()
    made = await create(client, alice)
    # A version without a system says nothing: PostgreSQL's CHECK refuses it on a PATCH too.
    resp = await client.patch(f"/v1/devices/{made['id']}", json={"os": None}, headers=alice)
    assert resp.status == 422
    resp = await client.patch(
        f"/v1/devices/{made['id']}", json={"identifiers": {"imei": 3569}}, headers=alice
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.identifiers.imei"
    resp = await client.post(
        "/v1/devices/import", json=[device(), device(last_seen_at=at(-5))], headers=alice
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$[1].last_seen_at"
    assert await names_of(client, alice) == ["Ada's iPhone"]


async def test_source_integration_must_be_the_callers_and_its_purge_unlinks_the_device(
    client: Client, alice: dict, bob: dict, conn: asyncpg.Connection
) -> None:
    theirs = await create_integration(client, bob)
    for route, body, path in (
        ("/v1/devices", device(source_integration_id=theirs["id"]), "$.source_integration_id"),
        (
            "/v1/devices/import",
            [device(), device(source_integration_id=theirs["id"])],
            "$[1].source_integration_id",
        ),
    ):
        resp = await client.post(route, json=body, headers=alice)
        assert resp.status == 404, await resp.text()
        assert (await resp.json())["errors"][0]["path"] == path
    assert await names_of(client, alice) == []
    mine = await create_integration(client, alice)
    made = await create(client, alice, source_integration_id=mine["id"])
    assert (await client.delete(f"/v1/integrations/{mine['id']}", headers=alice)).status == 204
    await age_trash(conn, "integrations", [mine["id"]], days=31)
    assert (await purge(conn, retention=timedelta(days=30)))["integrations"] == 1
    kept = await (await client.get(f"/v1/devices/{made['id']}", headers=alice)).json()
    assert kept["source_integration_id"] is None


async def test_purge_takes_only_devices_trashed_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    old = await create(client, alice, name="old")
    recent = await create(client, alice, name="recent")
    await create(client, alice, name="live")
    for made in (old, recent):
        assert (await client.delete(f"/v1/devices/{made['id']}", headers=alice)).status == 204
    await age_trash(conn, "devices", [old["id"]], days=31)
    assert (await purge(conn, retention=timedelta(days=30)))["devices"] == 1
    trash = await (await client.get("/v1/devices/trash", headers=alice)).json()
    assert [d["id"] for d in trash["items"]] == [recent["id"]]
    assert (await client.post(f"/v1/devices/{old['id']}/restore", headers=alice)).status == 404


async def test_another_users_device_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/devices/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"last_seen_at": at(0)}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert await names_of(client, bob) == []
    assert await names_of(client, bob, device_type="phone") == []
    unchanged = await (await client.get(url, headers=alice)).json()
    assert unchanged["last_seen_at"] == created["last_seen_at"]
