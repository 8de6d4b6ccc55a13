"""Locations through the HTTP API: the life of one point, one live point per instant, "where was
I between A and B" and its pages, the last known position, points from any year, the import
(idempotent, 50,000 points a request), bad input, purge."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]

# A fixed hour in the recent past: points "now" land in the DEFAULT partition of a fresh test
# database (no month has its partition until `hypernet db maintain` runs), which is the point.
BASE = (datetime.now(UTC) - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)


def at(minutes: float) -> str:
    """A time as the API answers it (RFC 3339, UTC as Z)."""
    return (BASE + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def point(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "recorded_at": at(0),
        "latitude": 52.520008,
        "longitude": 13.404954,
        "accuracy_m": 12.5,
        "altitude_m": 34.0,
        "activity": "walking",
        "metadata": {"provider": "gps"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/locations", json=point(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def window(
    client: Client, headers: dict[str, str], start: str, end: str, **params: str
) -> dict[str, Any]:
    resp = await client.get(
        "/v1/locations", params={"from": start, "to": end, **params}, headers=headers
    )
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def latest(client: Client, headers: dict[str, str]) -> dict[str, Any] | None:
    resp = await client.get("/v1/locations/latest", headers=headers)
    if resp.status == 404:
        return None
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def test_a_point_can_be_fetched_changed_trashed_and_restored(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    assert created["accuracy_m"] == 12.5 and created["activity"] == "walking"
    url = f"/v1/locations/{created['id']}"
    resp = await client.get(url, headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    assert (await resp.json())["metadata"] == {"provider": "gps"}
    moved = await client.patch(
        url,
        json={"latitude": 52.5, "accuracy_m": None, "activity": "cycling"},
        headers={**alice, "If-Match": etag},
    )
    assert moved.status == 200, await moved.text()
    body = await moved.json()
    assert (body["latitude"], body["accuracy_m"], body["activity"]) == (52.5, None, "cycling")
    assert body["recorded_at"] == created["recorded_at"]
    stale = await client.patch(url, json={"longitude": 1.0}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    trash = await (await client.get("/v1/locations/trash", headers=alice)).json()
    assert [p["id"] for p in trash["items"]] == [created["id"]]
    restored = await client.post(f"{url}/restore", headers=alice)
    assert restored.status == 200
    assert (await restored.json())["latitude"] == 52.5


async def test_a_points_time_cannot_be_changed(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    resp = await client.patch(
        f"/v1/locations/{created['id']}", json={"recorded_at": at(5)}, headers=alice
    )
    assert resp.status == 422
    assert "recorded_at" in (await resp.json())["errors"][0]["message"]


async def test_one_live_point_per_instant(client: Client, alice: dict, bob: dict) -> None:
    first = await create(client, alice)
    again = await client.post("/v1/locations", json=point(latitude=1.0), headers=alice)
    assert again.status == 409
    assert "recorded_at" in (await again.json())["detail"]
    # Another user's point at the same instant is no conflict.
    await create(client, bob)
    # Once the first is in the trash the instant is free; it cannot come back while taken.
    await client.delete(f"/v1/locations/{first['id']}", headers=alice)
    await create(client, alice, latitude=2.0)
    blocked = await client.post(f"/v1/locations/{first['id']}/restore", headers=alice)
    assert blocked.status == 409


async def test_where_was_i_between_a_and_b_walks_the_window_oldest_first_in_pages(
    client: Client, alice: dict, bob: dict
) -> None:
    made = [await create(client, alice, recorded_at=at(10 * i), latitude=i) for i in range(7)]
    await create(client, alice, recorded_at=at(-30))  # before the window
    await create(client, alice, recorded_at=at(70))  # at its end: [from, to) leaves it out
    await create(client, bob, recorded_at=at(15))
    await client.delete(f"/v1/locations/{made[3]['id']}", headers=alice)
    seen: list[float] = []
    cursor: str | None = None
    pages = 0
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = await window(client, alice, at(0), at(70), **params)
        seen += [p["latitude"] for p in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [0, 1, 2, 4, 5, 6]
    assert pages == 3


async def test_the_window_is_from_before_to_and_both_are_required(
    client: Client, alice: dict
) -> None:
    resp = await client.get("/v1/locations", params={"from": at(10), "to": at(0)}, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "to"
    resp = await client.get("/v1/locations", params={"to": at(0)}, headers=alice)
    assert resp.status == 422
    assert "`from`" in (await resp.json())["errors"][0]["message"]
    resp = await client.get(
        "/v1/locations", params={"from": at(0), "to": at(1), "cursor": "nope"}, headers=alice
    )
    assert resp.status == 400


async def test_the_last_known_position_is_the_point_recorded_last(
    client: Client, alice: dict, bob: dict
) -> None:
    assert await latest(client, alice) is None
    newest = await create(client, alice, recorded_at=at(60), latitude=3.0)
    # Stored later, recorded earlier: not the last known position.
    await create(client, alice, recorded_at=at(0), latitude=1.0)
    await create(client, bob, recorded_at=at(120))
    found = await latest(client, alice)
    assert found is not None and found["id"] == newest["id"]
    await client.delete(f"/v1/locations/{newest['id']}", headers=alice)
    found = await latest(client, alice)
    assert found is not None and found["latitude"] == 1.0


async def test_the_last_known_position_may_be_years_old(client: Client, alice: dict) -> None:
    old = await create(client, alice, recorded_at="2019-05-04T10:00:00+00:00")
    found = await latest(client, alice)
    assert found is not None and found["id"] == old["id"]


async def test_points_of_any_year_are_stored_and_found(client: Client, alice: dict) -> None:
    # No month of 1995 has a partition: the point waits in the DEFAULT one, never a 500.
    old = await create(client, alice, recorded_at="1995-03-01T08:00:00Z")
    page = await window(client, alice, "1995-03-01T00:00:00Z", "1995-03-02T00:00:00Z")
    assert [p["id"] for p in page["items"]] == [old["id"]]
    resp = await client.get(f"/v1/locations/{old['id']}", headers=alice)
    assert resp.status == 200


async def test_bad_points_are_refused_with_the_field_path(client: Client, alice: dict) -> None:
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    for body, path in [
        (point(latitude=90.5), "$.latitude"),
        (point(longitude=-181), "$.longitude"),
        (point(accuracy_m=-1), "$.accuracy_m"),
        (point(altitude_m=200_000), "$.altitude_m"),
        (point(activity="teleporting"), "$.activity"),
        (point(recorded_at="2025-06-01T12:00:00"), "$.recorded_at"),
        (point(recorded_at=future), "$"),
        (point(recorded_at="1899-12-31T23:00:00Z"), "$"),
        (point(metadata={"note": "a\u0000b"}), "$.metadata.note"),
        (point(source_object_id="x"), "$"),
        ({"latitude": 1.0, "longitude": 1.0}, "$"),
    ]:
        resp = await client.post("/v1/locations", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        problem = await resp.json()
        assert problem["errors"][0]["path"] == path, (body, problem)
    assert await latest(client, alice) is None


async def test_import_is_idempotent_by_instant(client: Client, alice: dict) -> None:
    await create(client, alice, recorded_at=at(0))
    batch = [
        point(recorded_at=at(0)),  # held by a live point already
        point(recorded_at=at(1), source_platform="google_timeline", source_object_id="t-1"),
        point(recorded_at=at(2), metadata={}),
        point(recorded_at=at(2), latitude=9.0),  # the same instant twice in the batch
    ]
    resp = await client.post("/v1/locations/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    assert await resp.json() == {"created": 2, "existing": 2}
    again = await client.post("/v1/locations/import", json=batch, headers=alice)
    assert await again.json() == {"created": 0, "existing": 4}
    page = await window(client, alice, at(0), at(3))
    assert [p["recorded_at"] for p in page["items"]] == [at(0), at(1), at(2)]
    imported = page["items"][1]
    assert (imported["source_platform"], imported["source_object_id"]) == (
        "google_timeline",
        "t-1",
    )
    assert page["items"][2]["metadata"] == {} and page["items"][2]["latitude"] == 52.520008


async def test_import_takes_fifty_thousand_points_in_one_request(
    client: Client, alice: dict
) -> None:
    start = BASE - timedelta(days=30)
    compact = [
        {
            "recorded_at": (start + timedelta(seconds=30 * i)).isoformat(),
            "latitude": 48.0 + i * 1e-6,
            "longitude": 11.0,
        }
        for i in range(50_000)
    ]
    resp = await client.post("/v1/locations/import", json=compact, headers=alice)
    assert resp.status == 200, await resp.text()
    assert await resp.json() == {"created": 50_000, "existing": 0}
    too_many = await client.post("/v1/locations/import", json=[*compact, point()], headers=alice)
    assert too_many.status == 422
    audit = await (await client.get("/v1/audit", headers=alice)).json()
    assert audit["items"][0]["action"] == "locations.import_locations"


async def test_an_import_with_one_bad_point_stores_none(client: Client, alice: dict) -> None:
    batch = [point(recorded_at=at(1)), point(recorded_at=at(2), latitude=-95)]
    resp = await client.post("/v1/locations/import", json=batch, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$[1].latitude"
    assert (await window(client, alice, at(0), at(3)))["items"] == []


async def test_nobody_else_sees_a_users_points(client: Client, alice: dict, bob: dict) -> None:
    mine = await create(client, alice)
    assert (await client.get(f"/v1/locations/{mine['id']}", headers=bob)).status == 404
    assert (await window(client, bob, at(-1), at(1)))["items"] == []
    assert await latest(client, bob) is None
    patched = await client.patch(f"/v1/locations/{mine['id']}", json={"latitude": 0}, headers=bob)
    assert patched.status == 404


async def test_purge_removes_points_trashed_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    old = [(await create(client, alice, recorded_at=at(i)))["id"] for i in range(3)]
    recent = (await create(client, alice, recorded_at=at(10)))["id"]
    for point_id in [*old, recent]:
        assert (await client.delete(f"/v1/locations/{point_id}", headers=alice)).status == 204
    await age_trash(conn, "locations", old, days=31)
    totals = await purge(conn, retention=timedelta(days=30), batch_size=2)
    assert totals["locations"] == 3
    trash = await (await client.get("/v1/locations/trash", headers=alice)).json()
    assert [p["id"] for p in trash["items"]] == [recent]
    assert (
        await conn.fetchval(
            "SELECT count(*) FROM locations WHERE id = ANY($1)", [uuid.UUID(i) for i in old]
        )
        == 0
    )
