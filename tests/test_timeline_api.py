"""The timeline through the HTTP API: every type in one list newest first, the window, the types
filter, pages without duplicates or gaps, the trash, stays derived from location points and
kept current as points come and go, a day's health summary, another user's items, bad
parameters; and the plan: a merge of per-type index scans, never a sort of the window."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.db.queries import query
from tests.test_calendar_events_api import event
from tests.test_emails_api import message
from tests.test_health_records_api import record
from tests.test_locations_api import point
from tests.test_media_api import photo
from tests.test_notes_api import note
from tests.test_social_accounts_api import create_account
from tests.test_social_posts_api import post
from tests.test_tasks_api import task
from tests.test_transactions_api import transaction

Client = TestClient[Any, Any]

ALL_TYPES = "media,social_post,email,calendar_event,task,note,transaction,stay,health_day"


async def timeline(client: Client, headers: dict[str, str], **params: str) -> dict[str, Any]:
    resp = await client.get("/v1/timeline", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def created(client: Client, headers: dict[str, str], path: str, body: dict) -> str:
    resp = await client.post(path, json=body, headers=headers)
    assert resp.status == 201, await resp.text()
    return str((await resp.json())["id"])


def stay_points(start_minute: int, minutes: int, latitude: float = 52.52) -> list[dict]:
    """A point a minute for `minutes` minutes, drifting a metre each, on 2026-05-01."""
    return [
        point(
            recorded_at=f"2026-05-01T10:{start_minute + i:02d}:00Z",
            latitude=latitude + i * 0.00001,
            longitude=13.405,
        )
        for i in range(minutes)
    ]


async def import_points(client: Client, headers: dict[str, str], points: list[dict]) -> None:
    resp = await client.post("/v1/locations/import", json=points, headers=headers)
    assert resp.status == 200, await resp.text()


async def one_of_each(client: Client, headers: dict[str, str]) -> dict[str, str]:
    """One item of every type, an hour apart on 2026-05-01 (stay 10:00, health day at midnight)."""
    account = await create_account(client, headers)
    ids = {
        "media": await created(
            client, headers, "/v1/media", photo(taken_at="2026-05-01T18:00:00Z")
        ),
        "social_post": await created(
            client,
            headers,
            "/v1/social/posts",
            post(account["id"], posted_at="2026-05-01T17:00:00Z"),
        ),
        "email": await created(
            client, headers, "/v1/emails", message(sent_at="2026-05-01T16:00:00Z")
        ),
        "calendar_event": await created(
            client,
            headers,
            "/v1/calendar/events",
            event(starts_at="2026-05-01T15:00:00Z", ends_at="2026-05-01T15:30:00Z"),
        ),
        "task": await created(
            client,
            headers,
            "/v1/tasks",
            task(status="done", completed_at="2026-05-01T14:00:00Z"),
        ),
        "transaction": await created(
            client, headers, "/v1/transactions", transaction(occurred_at="2026-05-01T12:00:00Z")
        ),
    }
    # An open task never appears; a note appears when it was created (now).
    await created(client, headers, "/v1/tasks", task())
    ids["note"] = await created(client, headers, "/v1/notes", note(title="Now"))
    await import_points(client, headers, stay_points(0, 15))
    await created(
        client,
        headers,
        "/v1/health/records",
        record(record_type="steps", value=4000, unit="count", recorded_at="2026-05-01T09:00:00Z"),
    )
    return ids


async def test_every_type_appears_newest_first_in_one_shape(
    client: Client, alice: dict, bob: dict
) -> None:
    ids = await one_of_each(client, alice)
    await one_of_each(client, bob)
    page = await timeline(client, alice)
    types = [item["type"] for item in page["items"]]
    assert types == [
        "note",
        "media",
        "social_post",
        "email",
        "calendar_event",
        "task",
        "transaction",
        "stay",
        "health_day",
    ]
    assert page["next_cursor"] is None
    assert [item["at"] for item in page["items"]][1:] == [
        "2026-05-01T18:00:00Z",
        "2026-05-01T17:00:00Z",
        "2026-05-01T16:00:00Z",
        "2026-05-01T15:00:00Z",
        "2026-05-01T14:00:00Z",
        "2026-05-01T12:00:00Z",
        "2026-05-01T10:00:00Z",
        "2026-05-01T00:00:00Z",
    ]
    by_type = {item["type"]: item for item in page["items"]}
    for kind, object_id in ids.items():
        assert by_type[kind]["id"] == object_id, kind
    assert set(by_type["media"]) == {"type", "id", "at", "title", "summary"}
    assert by_type["media"]["title"] == "beach.jpg"
    assert by_type["email"]["title"] == "Analytical engine"
    assert by_type["transaction"]["summary"] == "-12.30 EUR"
    assert by_type["stay"]["summary"] == "14 min, 15 points"
    assert by_type["health_day"]["title"] == "Health on 2026-05-01"
    # Only Alice's: Bob has one of each too, none of them is here.
    assert len({item["id"] for item in page["items"]}) == 9


async def test_the_window_and_the_types_filter_choose_what_appears(
    client: Client, alice: dict
) -> None:
    await one_of_each(client, alice)
    window = await timeline(
        client, alice, **{"from": "2026-05-01T12:00:00Z", "to": "2026-05-01T17:00:00Z"}
    )
    # from is inclusive, to exclusive.
    assert [i["type"] for i in window["items"]] == [
        "email",
        "calendar_event",
        "task",
        "transaction",
    ]
    some = await timeline(client, alice, types="stay,media,health_day")
    assert [i["type"] for i in some["items"]] == ["media", "stay", "health_day"]
    every = await timeline(client, alice, types=ALL_TYPES)
    assert len(every["items"]) == 9


async def test_pages_walk_every_item_once_newest_first(client: Client, alice: dict) -> None:
    # Items of several types at the same instants: the order falls back to the id.
    expected = []
    for hour in range(6):
        at = f"2026-04-0{1 + hour % 3}T{10 + hour:02d}:00:00Z"
        for path, body in (
            ("/v1/media", photo(taken_at=at)),
            ("/v1/emails", message(sent_at=at)),
            ("/v1/transactions", transaction(occurred_at=at)),
        ):
            expected.append((at, await created(client, alice, path, body)))
    expected.sort(reverse=True)
    seen: list[tuple[str, str]] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": "4", "types": "media,email,transaction"}
        if cursor:
            params["cursor"] = cursor
        page = await timeline(client, alice, **params)
        pages += 1
        seen += [(i["at"], i["id"]) for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 5
    assert seen == expected


async def test_trashed_items_leave_the_timeline_and_come_back_on_restore(
    client: Client, alice: dict
) -> None:
    ids = await one_of_each(client, alice)
    for kind, path in (("media", "/v1/media"), ("task", "/v1/tasks"), ("note", "/v1/notes")):
        resp = await client.delete(f"{path}/{ids[kind]}", headers=alice)
        assert resp.status == 204, await resp.text()
    shown = {i["id"] for i in (await timeline(client, alice))["items"]}
    assert not shown & {ids["media"], ids["task"], ids["note"]}
    for kind, path in (("media", "/v1/media"), ("task", "/v1/tasks"), ("note", "/v1/notes")):
        resp = await client.post(f"{path}/{ids[kind]}/restore", headers=alice)
        assert resp.status == 200, await resp.text()
    shown = {i["id"] for i in (await timeline(client, alice))["items"]}
    assert {ids["media"], ids["task"], ids["note"]} <= shown


async def stays(client: Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    return (await timeline(client, headers, types="stay"))["items"]


async def test_stays_follow_the_points_as_they_come_and_go(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    # Nine minutes in one place is not a stay; ten is.
    await import_points(client, alice, stay_points(0, 10))
    assert await stays(client, alice) == []
    await import_points(client, alice, stay_points(10, 1))
    first = await stays(client, alice)
    assert [(s["at"], s["summary"]) for s in first] == [
        ("2026-05-01T10:00:00Z", "10 min, 11 points")
    ]
    # Points 2 km away from 10:20 to 10:40: a second stay; a trip in between is none.
    await import_points(client, alice, stay_points(20, 21, latitude=52.54))
    both = await stays(client, alice)
    assert [(s["at"], s["summary"]) for s in both] == [
        ("2026-05-01T10:20:00Z", "20 min, 21 points"),
        ("2026-05-01T10:00:00Z", "10 min, 11 points"),
    ]
    # The first stay's id is derived from when it began: unchanged by the second's arrival.
    assert both[1]["id"] == first[0]["id"]
    # Trashing the point at 10:10 shortens the first stay below ten minutes: it goes; restoring
    # it brings it back with the same id.
    window = await client.get(
        "/v1/locations",
        params={"from": "2026-05-01T10:10:00Z", "to": "2026-05-01T10:10:01Z"},
        headers=alice,
    )
    ten_past = (await window.json())["items"][0]["id"]
    assert (await client.delete(f"/v1/locations/{ten_past}", headers=alice)).status == 204
    assert [s["at"] for s in await stays(client, alice)] == ["2026-05-01T10:20:00Z"]
    assert (await client.post(f"/v1/locations/{ten_past}/restore", headers=alice)).status == 200
    assert [s["id"] for s in await stays(client, alice)] == [both[0]["id"], both[1]["id"]]
    # A point far away in the middle of the second stay splits it: 10:20-10:25 is too short,
    # 10:26-10:40 a stay of its own; deleting that point (a purge) joins them again.
    await import_points(
        client, alice, [point(recorded_at="2026-05-01T10:25:30Z", latitude=53.0, longitude=13.405)]
    )
    split = await stays(client, alice)
    assert [(s["at"], s["summary"]) for s in split] == [
        ("2026-05-01T10:26:00Z", "14 min, 15 points"),
        ("2026-05-01T10:00:00Z", "10 min, 11 points"),
    ]
    async with owner_pool.acquire() as conn:
        await conn.execute(
            "DELETE FROM locations WHERE recorded_at = '2026-05-01T10:25:30Z' AND latitude = 53"
        )
    assert [s["id"] for s in await stays(client, alice)] == [both[0]["id"], both[1]["id"]]


async def test_a_health_day_sums_steps_and_spans_heart_rate_and_sleep(
    client: Client, alice: dict
) -> None:
    day = "2026-05-02T"
    for hour, kind, value, unit in (
        ("01", "sleep", 420, "min"),
        ("08", "steps", 3000, "count"),
        ("09", "heart_rate", 60, "bpm"),
        ("12", "heart_rate", 100, "bpm"),
        ("18", "steps", 1500, "count"),
    ):
        await created(
            client,
            alice,
            "/v1/health/records",
            record(record_type=kind, value=value, unit=unit, recorded_at=f"{day}{hour}:00:00Z"),
        )
    late = await created(
        client,
        alice,
        "/v1/health/records",
        record(record_type="heart_rate", value=140, unit="bpm", recorded_at=f"{day}23:59:59Z"),
    )
    # The next day's first second is another day.
    await created(
        client,
        alice,
        "/v1/health/records",
        record(record_type="steps", value=10, unit="count", recorded_at="2026-05-03T00:00:00Z"),
    )
    days = (await timeline(client, alice, types="health_day"))["items"]
    assert [(d["at"], d["summary"]) for d in days] == [
        ("2026-05-03T00:00:00Z", "steps 10, 1 records"),
        (
            "2026-05-02T00:00:00Z",
            "steps 4500, heart rate 60-140 bpm (avg 100), sleep 420 min, 6 records",
        ),
    ]
    assert (await client.delete(f"/v1/health/records/{late}", headers=alice)).status == 204
    days = (await timeline(client, alice, types="health_day"))["items"]
    assert (
        days[1]["summary"] == "steps 4500, heart rate 60-100 bpm (avg 80), sleep 420 min, 5 records"
    )


async def test_bad_parameters_are_refused_naming_the_parameter(client: Client, alice: dict) -> None:
    # A cursor this service did not issue is a 400, as on every list.
    resp = await client.get("/v1/timeline", params={"cursor": "not-a-cursor"}, headers=alice)
    assert resp.status == 400
    assert (await resp.json())["errors"][0]["path"] == "cursor"
    for params, name in (
        ({"from": "2026-05-02T00:00:00Z", "to": "2026-05-01T00:00:00Z"}, "to"),
        ({"from": "2026-05-01T00:00:00Z", "to": "2026-05-01T00:00:00Z"}, "to"),
        ({"types": "media,photos"}, "types"),
        ({"types": ""}, "types"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"from": "yesterday"}, "from"),
        ({"colour": "red"}, None),
    ):
        resp = await client.get("/v1/timeline", params=params, headers=alice)
        assert resp.status == 422, (params, await resp.text())
        body = await resp.json()
        if name is not None:
            assert name in json.dumps(body), (params, body)


async def test_the_timeline_plan_merges_ordered_index_scans_and_never_sorts(
    plan_conn: asyncpg.Connection,
) -> None:
    """On the seeded data, for the heaviest user, on page one and 2,000 items deep, in the custom
    plan and in the generic plan a prepared statement settles on: a Merge Append over one index
    scan per type, and no Sort node anywhere (the window is never sorted)."""
    user = await plan_conn.fetchval(
        "SELECT user_id FROM media GROUP BY user_id ORDER BY count(*) DESC LIMIT 1"
    )
    deep = await plan_conn.fetchrow(
        "SELECT sort_at, id FROM media WHERE user_id = $1 AND deleted_at IS NULL "
        "ORDER BY sort_at DESC, id DESC OFFSET 2000 LIMIT 1",
        user,
    )
    name = f"timeline_{uuid.uuid4().hex}"
    prepared = await plan_conn.prepare(query("timeline/list_window").sql, name=name)
    types = "ARRAY[" + ", ".join(f"'{t}'" for t in ALL_TYPES.split(",")) + "]"
    for mode in ("force_custom_plan", "force_generic_plan"):
        for after in ("NULL, NULL", f"'{deep['sort_at'].isoformat()}', '{deep['id']}'"):
            async with plan_conn.transaction():
                await plan_conn.execute(f"SET LOCAL plan_cache_mode = {mode}")
                document = await plan_conn.fetchval(
                    f'EXPLAIN (FORMAT JSON) EXECUTE "{name}"'
                    f"('{user}', {after}, NULL, NULL, {types}, 51)"
                )
            parsed = json.loads(document) if isinstance(document, str) else document
            plan = parsed[0]["Plan"]
            nodes = list(_nodes(plan))
            kinds = [n["Node Type"] for n in nodes]
            assert "Sort" not in kinds and "Incremental Sort" not in kinds, (mode, kinds)
            assert plan["Node Type"] == "Limit", (mode, kinds)
            assert plan["Plans"][0]["Node Type"] == "Merge Append", (mode, kinds)
            scanned = {n.get("Index Name") for n in nodes if "Index" in n["Node Type"]}
            assert len(scanned) == 9, (mode, scanned)
    del prepared


def _nodes(plan: dict[str, Any]) -> Any:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)
