"""Health records through the HTTP API: the life of one, units and values each type allows, the
lists by type and window, the daily summary (exact aggregates, days in the caller's time zone),
import, purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]

BASE = (datetime.now(UTC) - timedelta(days=10)).replace(hour=0, minute=0, second=0, microsecond=0)


def at(hours: float) -> str:
    return (BASE + timedelta(hours=hours)).isoformat().replace("+00:00", "Z")


def record(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "record_type": "heart_rate",
        "recorded_at": at(8),
        "value": 62,
        "unit": "bpm",
        "source_device": "Apple Watch",
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/health/records", json=record(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def listing(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    resp = await client.get("/v1/health/records", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return list((await resp.json())["items"])


async def summary(client: Client, headers: dict[str, str], **params: str) -> dict[str, Any]:
    resp = await client.get("/v1/health/summary", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def test_a_record_can_be_fetched_changed_trashed_and_restored(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice, metadata={"context": "resting"})
    url = f"/v1/health/records/{created['id']}"
    resp = await client.get(url, headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    body = await resp.json()
    assert (body["value"], body["unit"], body["value2"]) == (62, "bpm", None)
    changed = await client.patch(
        url, json={"value": 64.5, "label": "resting"}, headers={**alice, "If-Match": etag}
    )
    assert changed.status == 200, await changed.text()
    assert (await changed.json())["value"] == 64.5
    stale = await client.patch(url, json={"value": 1}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    trash = await (await client.get("/v1/health/records/trash", headers=alice)).json()
    assert [r["id"] for r in trash["items"]] == [created["id"]]
    assert (await client.post(f"{url}/restore", headers=alice)).status == 200
    assert (await client.get(url, headers=alice)).status == 200


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"record_type": "weight", "value": 70, "unit": "stone"}, "kg or lb"),
        ({"record_type": "blood_pressure", "value": 120, "unit": "mmHg"}, "value2"),
        ({"value2": 80}, "value2"),
        ({"record_type": "lab_result", "value": 5.4, "unit": "%"}, "label"),
        ({"record_type": "steps", "value": 10.5, "unit": "count"}, "whole number"),
        ({"value": -3}, "negative"),
        ({"record_type": "mood", "value": 3, "unit": "points"}, "Invalid enum value"),
        ({"recorded_at": "2025-01-01T00:00:00"}, "timezone"),
        ({"unit": ""}, "length"),
    ],
)
async def test_units_and_values_each_type_allows(
    client: Client, alice: dict, overrides: dict[str, Any], says: str
) -> None:
    resp = await client.post("/v1/health/records", json=record(**overrides), headers=alice)
    assert resp.status == 422, await resp.text()
    problem = await resp.json()
    assert says in problem["errors"][0]["message"], problem


async def test_types_with_two_values_or_signed_values_are_stored(
    client: Client, alice: dict
) -> None:
    pressure = await create(
        client, alice, record_type="blood_pressure", value=121, value2=79, unit="mmHg"
    )
    assert (pressure["value"], pressure["value2"]) == (121, 79)
    lab = await create(
        client, alice, record_type="lab_result", value=-1.5, unit="mmol/L", label="Base excess"
    )
    assert (lab["value"], lab["label"]) == (-1.5, "Base excess")


async def test_a_change_the_type_does_not_allow_is_refused(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/health/records/{created['id']}"
    resp = await client.patch(url, json={"unit": "kg"}, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["detail"] == "unit is not a unit of this record_type"
    resp = await client.patch(url, json={"record_type": "steps"}, headers=alice)
    assert resp.status == 422
    assert (await (await client.get(url, headers=alice)).json())["unit"] == "bpm"


async def test_lists_show_newest_first_by_type_and_window_in_pages(
    client: Client, alice: dict, bob: dict
) -> None:
    for hour in range(6):
        await create(client, alice, recorded_at=at(hour), value=60 + hour)
    await create(client, alice, record_type="steps", value=4000, unit="count", recorded_at=at(2.5))
    await create(client, bob, recorded_at=at(3))
    values: list[float] = []
    cursor: str | None = None
    while True:
        params = {"type": "heart_rate", "limit": "2"} | ({"cursor": cursor} if cursor else {})
        resp = await client.get("/v1/health/records", params=params, headers=alice)
        page = await resp.json()
        values += [r["value"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert values == [65, 64, 63, 62, 61, 60]
    every = await listing(client, alice, **{"from": at(2), "to": at(4)})
    assert [r["value"] for r in every] == [63, 4000, 62]
    assert await listing(client, alice, type="weight") == []
    bad = await client.get("/v1/health/records", params={"from": at(4), "to": at(2)}, headers=alice)
    assert bad.status == 422


async def test_summary_answers_exact_daily_aggregates_in_the_callers_time_zone(
    client: Client, alice: dict, bob: dict
) -> None:
    # 23:30 UTC is the next day in Berlin (UTC+1 in winter, +2 in summer).
    for hours, value in ((8, 60), (12, 70), (23.5, 90), (30, 50)):
        await create(client, alice, recorded_at=at(hours), value=value)
    trashed = await create(client, alice, recorded_at=at(9), value=200)
    await client.delete(f"/v1/health/records/{trashed['id']}", headers=alice)
    await create(client, alice, record_type="steps", value=1000, unit="count", recorded_at=at(9))
    await create(client, bob, recorded_at=at(9), value=100)
    window = {"type": "heart_rate", "from": at(0), "to": at(48)}
    utc = await summary(client, alice, **window)
    first, second = (BASE.date(), (BASE + timedelta(days=1)).date())
    assert [(d["day"], d["count"], d["min"], d["max"], d["sum"]) for d in utc["days"]] == [
        (str(first), 3, 60, 90, 220),
        (str(second), 1, 50, 50, 50),
    ]
    assert utc["days"][0]["avg"] == pytest.approx(220 / 3)
    assert utc["days"][0]["unit"] == "bpm" and utc["days"][0]["avg2"] is None
    assert utc["tz"] == "UTC" and utc["type"] == "heart_rate"
    berlin = await summary(client, alice, **window, tz="Europe/Berlin")
    assert [(d["day"], d["count"], d["sum"]) for d in berlin["days"]] == [
        (str(first), 2, 130),
        (str(second), 2, 140),
    ]


async def test_summary_of_blood_pressure_and_mixed_units(client: Client, alice: dict) -> None:
    for hours, high, low in ((8, 120, 80), (20, 130, 90)):
        await create(
            client,
            alice,
            record_type="blood_pressure",
            value=high,
            value2=low,
            unit="mmHg",
            recorded_at=at(hours),
        )
    (day,) = (await summary(client, alice, type="blood_pressure", **{"from": at(0), "to": at(24)}))[
        "days"
    ]
    assert (day["avg"], day["min2"], day["max2"], day["avg2"]) == (125, 80, 90, 85)
    await create(client, alice, record_type="weight", value=70, unit="kg", recorded_at=at(7))
    await create(client, alice, record_type="weight", value=155, unit="lb", recorded_at=at(9))
    weights = await summary(client, alice, type="weight", **{"from": at(0), "to": at(24)})
    assert [(d["unit"], d["sum"]) for d in weights["days"]] == [("kg", 70), ("lb", 155)]


DAY_ONE = {"from": "2025-01-01T00:00:00Z", "to": "2025-01-02T00:00:00Z"}


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"type": "heart_rate", **DAY_ONE, "to": "2026-06-01T00:00:00Z"}, "400"),
        ({"type": "heart_rate", **DAY_ONE, "from": "2025-01-03T00:00:00Z"}, "after"),
        ({"type": "heart_rate", **DAY_ONE, "tz": "Mars/Olympus"}, "time zone"),
        (DAY_ONE, "type"),
    ],
)
async def test_summary_refuses_a_bad_window(
    client: Client, alice: dict, params: dict[str, str], says: str
) -> None:
    resp = await client.get("/v1/health/summary", params=params, headers=alice)
    assert resp.status == 422
    assert says in (await resp.json())["errors"][0]["message"]


async def test_import_is_idempotent_by_source_key(client: Client, alice: dict) -> None:
    batch = [
        record(recorded_at=at(1), source_platform="apple_health", source_object_id="ah-1"),
        record(recorded_at=at(2), source_platform="apple_health", source_object_id="ah-2"),
        record(
            record_type="sleep",
            value=432,
            unit="min",
            recorded_at=at(7),
            source_platform="apple_health",
            source_object_id="ah-3",
        ),
    ]
    resp = await client.post("/v1/health/records/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (3, 0)
    again = await (
        await client.post("/v1/health/records/import", json=batch[1:], headers=alice)
    ).json()
    assert (again["created"], again["existing"]) == (0, 2)
    assert again["ids"] == first["ids"][1:]
    assert len(await listing(client, alice)) == 3
    duplicate = await client.post("/v1/health/records", json=batch[0], headers=alice)
    assert duplicate.status == 409


async def test_purge_removes_records_trashed_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    old = (await create(client, alice, recorded_at=at(1)))["id"]
    recent = (await create(client, alice, recorded_at=at(2)))["id"]
    for record_id in (old, recent):
        await client.delete(f"/v1/health/records/{record_id}", headers=alice)
    await age_trash(conn, "health_records", [old], days=40)
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["health_records"] == 1
    trash = await (await client.get("/v1/health/records/trash", headers=alice)).json()
    assert [r["id"] for r in trash["items"]] == [recent]


async def test_a_zone_database_folder_as_tz_is_422_not_a_503(
    client: Client, alice: dict[str, str]
) -> None:
    resp = await client.get(
        "/v1/health/summary",
        params={"type": "heart_rate", "from": at(-24), "to": at(24), "tz": "Europe"},
        headers=alice,
    )
    assert resp.status == 422, await resp.text()


async def test_a_value_past_any_measurement_is_422_with_its_path(
    client: Client, alice: dict[str, str]
) -> None:
    resp = await client.post(
        "/v1/health/records",
        json=record(record_type="weight", unit="kg", value=1e308),
        headers=alice,
    )
    assert resp.status == 422, await resp.text()
    assert [e["path"] for e in (await resp.json())["errors"]] == ["$.value"]
