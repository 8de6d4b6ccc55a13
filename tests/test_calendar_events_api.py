"""Calendar events through the HTTP API: the life of an event, recurring series expanded into
occurrences in their own time zone (DST, exception dates, COUNT and UNTIL, all-day events),
the window's edges and pages, the plain list, import, bad input, isolation."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def event(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": "Team meeting",
        "description": "Weekly sync",
        "location": "Room 4",
        "starts_at": "2026-03-20T09:00:00+01:00",
        "ends_at": "2026-03-20T10:00:00+01:00",
        "time_zone": "Europe/Berlin",
        "attendees": [
            {"address": "ada@example.com", "response": "accepted"},
            {"address": "bob@example.com"},
        ],
        "metadata": {"color": "blue"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/calendar/events", json=event(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def occurrences(
    client: Client, headers: dict[str, str], start: str, end: str, **params: str
) -> list[dict[str, Any]]:
    resp = await client.get(
        "/v1/calendar/occurrences", params={"from": start, "to": end, **params}, headers=headers
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert body["next_cursor"] is None
    return list(body["items"])


def starts(items: list[dict[str, Any]]) -> list[str]:
    return [o["starts_at"] for o in items]


async def problem(resp: Any, status: int = 422) -> str:
    assert resp.status == status, await resp.text()
    assert resp.content_type == "application/problem+json"
    body = await resp.json()
    return str(body["errors"][0]["path"])


async def test_a_weekly_meeting_stays_at_nine_local_across_the_change_to_summer_time(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice, recurrence="RRULE:FREQ=WEEKLY")
    assert created["recurrence"] == "FREQ=WEEKLY"
    assert created["series_ends_at"] is None
    found = await occurrences(client, alice, "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z")
    # Berlin moves to summer time on 29 March: the meeting stays at 09:00 there, one hour
    # earlier in UTC, and still lasts an hour.
    assert starts(found) == [
        "2026-03-20T09:00:00+01:00",
        "2026-03-27T09:00:00+01:00",
        "2026-04-03T09:00:00+02:00",
        "2026-04-10T09:00:00+02:00",
    ]
    assert found[2]["ends_at"] == "2026-04-03T10:00:00+02:00"
    assert {(o["event_id"], o["title"], o["recurring"]) for o in found} == {
        (created["id"], "Team meeting", True)
    }
    # And back to winter time (31 October 2027), a year and more after it began.
    autumn = await occurrences(client, alice, "2027-10-25T00:00:00Z", "2027-11-08T00:00:00Z")
    assert starts(autumn) == [
        "2027-10-29T09:00:00+02:00",
        "2027-11-05T09:00:00+01:00",
    ]


async def test_exception_dates_leave_out_their_occurrences(client: Client, alice: dict) -> None:
    created = await create(
        client,
        alice,
        recurrence="FREQ=WEEKLY;COUNT=4",
        exdates=["2026-03-27T08:00:00Z"],
    )
    window = ("2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z")
    assert starts(await occurrences(client, alice, *window)) == [
        "2026-03-20T09:00:00+01:00",
        "2026-04-03T09:00:00+02:00",
        "2026-04-10T09:00:00+02:00",
    ]
    # Leaving out one more (given in local time) and keeping the first exception.
    resp = await client.patch(
        f"/v1/calendar/events/{created['id']}",
        json={
            "exdates": [
                "2026-04-10T09:00:00+02:00",
                "2026-03-27T09:00:00+01:00",
                "2026-04-10T07:00:00Z",
            ]
        },
        headers=alice,
    )
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["exdates"] == ["2026-03-27T08:00:00Z", "2026-04-10T07:00:00Z"]
    assert starts(await occurrences(client, alice, *window)) == [
        "2026-03-20T09:00:00+01:00",
        "2026-04-03T09:00:00+02:00",
    ]


async def test_count_and_until_end_a_series(client: Client, alice: dict) -> None:
    counted = await create(
        client,
        alice,
        title="Course",
        starts_at="2026-01-05T18:00:00Z",
        ends_at="2026-01-05T19:30:00Z",
        time_zone="UTC",
        recurrence="FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3",
    )
    assert counted["series_ends_at"] == "2026-01-12T19:30:00Z"
    until = await create(
        client,
        alice,
        title="Rent",
        starts_at="2026-01-31T08:00:00Z",
        ends_at="2026-01-31T08:30:00Z",
        time_zone="UTC",
        recurrence="FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20260430T080000Z",
    )
    found = await occurrences(client, alice, "2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z")
    assert [(o["title"], o["starts_at"]) for o in found] == [
        ("Course", "2026-01-05T18:00:00Z"),
        ("Course", "2026-01-07T18:00:00Z"),
        ("Course", "2026-01-12T18:00:00Z"),
        ("Rent", "2026-01-31T08:00:00Z"),
        ("Rent", "2026-02-28T08:00:00Z"),
        ("Rent", "2026-03-31T08:00:00Z"),
        ("Rent", "2026-04-30T08:00:00Z"),
    ]
    assert until["series_ends_at"] == "2026-04-30T08:30:00Z"
    assert await occurrences(client, alice, "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z") == []


async def test_the_window_holds_what_overlaps_it_and_nothing_that_only_touches_it(
    client: Client, alice: dict
) -> None:
    def at(hour: int) -> str:
        return f"2026-06-01T{hour:02d}:00:00Z"

    made = {
        "ends at from": (at(8), at(10)),
        "runs into the window": (at(9), at(11)),
        "starts at from": (at(10), at(11)),
        "a moment at from": (at(10), at(10)),
        "inside": (at(12), at(13)),
        "starts at to": (at(14), at(15)),
        "spans the window": (at(6), at(20)),
    }
    for title, (start, end) in made.items():
        await create(client, alice, title=title, starts_at=start, ends_at=end, time_zone="UTC")
    found = await occurrences(client, alice, at(10), at(14))
    titles = [o["title"] for o in found]
    # By start; the two starting at `from` by event id.
    assert titles[:2] == ["spans the window", "runs into the window"]
    assert sorted(titles[2:4]) == ["a moment at from", "starts at from"]
    assert titles[4:] == ["inside"]


async def test_all_day_events_last_whole_local_days_and_start_at_local_midnight(
    client: Client, alice: dict
) -> None:
    birthday = await create(
        client,
        alice,
        title="Birthday",
        all_day=True,
        # 29 March 2026 is the day Berlin moves to summer time: 23 hours long.
        starts_at="2026-03-29T00:00:00+01:00",
        ends_at="2026-03-30T00:00:00+02:00",
        recurrence="FREQ=YEARLY",
        attendees=[],
    )
    found = await occurrences(client, alice, "2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z")
    assert [(o["starts_at"], o["ends_at"], o["all_day"]) for o in found] == [
        ("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", True)
    ]
    next_year = await occurrences(client, alice, "2027-03-28T21:00:00Z", "2027-03-28T23:00:00Z")
    assert starts(next_year) == ["2027-03-29T00:00:00+02:00"]
    assert next_year[0]["event_id"] == birthday["id"]
    # Not a local midnight: refused, naming the field.
    resp = await client.post(
        "/v1/calendar/events",
        json=event(all_day=True, starts_at="2026-03-29T00:00:00Z", ends_at="2026-03-30T00:00:00Z"),
        headers=alice,
    )
    assert await problem(resp) == "$.starts_at"


async def test_bad_input_is_422_naming_the_field(client: Client, alice: dict) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"recurrence": "FREQ=FORTNIGHTLY"}, "$.recurrence"),
        ({"recurrence": "FREQ=WEEKLY;BYDAY=XX"}, "$.recurrence"),
        ({"recurrence": "FREQ=HOURLY"}, "$.recurrence"),
        ({"recurrence": "FREQ=WEEKLY;UNTIL=20260501T000000"}, "$.recurrence"),
        ({"recurrence": "FREQ=WEEKLY\nEXDATE:20260327T080000Z"}, "$.recurrence"),
        ({"recurrence": "FREQ=WEEKLY;INTERVAL=0"}, "$.recurrence"),
        ({"recurrence": "FREQ=YEARLY", "ends_at": "2027-06-01T00:00:00Z"}, "$.ends_at"),
        ({"starts_at": "0001-01-01T00:00:00Z"}, "$.starts_at"),
        (
            {
                "recurrence": "FREQ=DAILY",
                "exdates": ["2026-03-27T08:00:00Z", "0001-01-01T00:00:00+05:00"],
            },
            "$.exdates[1]",
        ),
        ({"time_zone": "Europe/Atlantis"}, "$.time_zone"),
        ({"time_zone": "../../etc/passwd"}, "$.time_zone"),
        ({"ends_at": "2026-03-20T08:59:59+01:00"}, "$.ends_at"),
        ({"exdates": ["2026-03-27T08:00:00Z"]}, "$.exdates"),
        ({"status": "maybe"}, "$.status"),
        (
            {"attendees": [{"address": "a@example.com", "response": "perhaps"}]},
            "$.attendees[0].response",
        ),
        ({"title": "nul \u0000 inside"}, "$.title"),
        ({"metadata": {"k": "nul \u0000 inside"}}, "$.metadata.k"),
        ({"starts_at": "2026-03-20T09:00:00"}, "$.starts_at"),
    ]
    for overrides, path in cases:
        resp = await client.post("/v1/calendar/events", json=event(**overrides), headers=alice)
        assert await problem(resp) == path, overrides
    # A rule no date satisfies is refused, and quickly.
    began = time.monotonic()
    resp = await client.post(
        "/v1/calendar/events",
        json=event(recurrence="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
        headers=alice,
    )
    assert await problem(resp) == "$.recurrence"
    assert time.monotonic() - began < 5
    # In an import, the item's place in the batch; nothing of the batch is stored.
    resp = await client.post(
        "/v1/calendar/events/import",
        json=[event(), event(recurrence="FREQ=WEEKLY;COUNT=0")],
        headers=alice,
    )
    assert await problem(resp) == "$[1].recurrence"
    listed = await (await client.get("/v1/calendar/events", headers=alice)).json()
    assert listed["items"] == []


async def test_a_patch_is_checked_against_the_whole_event(client: Client, alice: dict) -> None:
    created = await create(client, alice, recurrence="FREQ=DAILY", exdates=[])
    url = f"/v1/calendar/events/{created['id']}"
    resp = await client.patch(url, json={"starts_at": "2026-03-20T11:00:00+01:00"}, headers=alice)
    assert await problem(resp) == "$.ends_at"
    resp = await client.patch(url, json={"time_zone": "Mars/Olympus_Mons"}, headers=alice)
    assert await problem(resp) == "$.time_zone"
    resp = await client.patch(url, json={"recurrence": "FREQ=DAILY;COUNT=2"}, headers=alice)
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["series_ends_at"] == "2026-03-21T09:00:00Z"
    found = await occurrences(client, alice, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")
    assert len(found) == 2
    # Clearing the rule clears its exception dates; the event is a single one again.
    await client.patch(url, json={"exdates": ["2026-03-21T08:00:00Z"]}, headers=alice)
    resp = await client.patch(url, json={"recurrence": None}, headers=alice)
    body = await resp.json()
    assert (body["recurrence"], body["exdates"], body["series_ends_at"]) == (None, [], None)
    found = await occurrences(client, alice, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")
    assert [(o["starts_at"], o["recurring"]) for o in found] == [
        ("2026-03-20T09:00:00+01:00", False)
    ]


async def test_a_stale_etag_is_412_and_a_fresh_one_works(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/calendar/events/{created['id']}"
    resp = await client.get(url, headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    body = await resp.json()
    assert body["attendees"] == [
        {"address": "ada@example.com", "response": "accepted"},
        {"address": "bob@example.com", "response": "needs_action"},
    ]
    resp = await client.patch(
        url, json={"status": "tentative"}, headers={**alice, "If-Match": etag}
    )
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["status"] == "tentative"
    stale = await client.patch(url, json={"title": "x"}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    assert (await client.delete(url, headers={**alice, "If-Match": etag})).status == 412
    fresh = (await client.get(url, headers=alice)).headers["ETag"]
    assert (await client.delete(url, headers={**alice, "If-Match": fresh})).status == 204


async def test_a_trashed_event_leaves_the_calendar_and_comes_back_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice, recurrence="FREQ=WEEKLY")
    url = f"/v1/calendar/events/{created['id']}"
    window = ("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")
    assert len(await occurrences(client, alice, *window)) == 2
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert await occurrences(client, alice, *window) == []
    trash = await (await client.get("/v1/calendar/events/trash", headers=alice)).json()
    assert [e["id"] for e in trash["items"]] == [created["id"]]
    assert (await client.post(f"{url}/restore", headers=alice)).status == 200
    assert len(await occurrences(client, alice, *window)) == 2


async def test_another_users_events_are_404_and_never_in_their_calendar(
    client: Client, alice: dict, bob: dict
) -> None:
    mine = await create(client, alice, recurrence="FREQ=DAILY")
    url = f"/v1/calendar/events/{mine['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"title": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(f"{url}/restore", headers=bob)).status == 404
    assert await occurrences(client, bob, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z") == []
    assert (await (await client.get("/v1/calendar/events", headers=bob)).json())["items"] == []
    assert (await client.get(url, headers=alice)).status == 200


async def test_occurrences_page_by_start_then_event_and_stop_at_the_last(
    client: Client, alice: dict
) -> None:
    # Two daily series at the same time: every start is shared, the event id breaks the tie.
    a = await create(client, alice, title="A", recurrence="FREQ=DAILY", time_zone="Asia/Tokyo")
    b = await create(client, alice, title="B", recurrence="FREQ=DAILY;COUNT=5")
    single = await create(
        client, alice, title="C", starts_at="2026-03-21T12:00:00Z", ends_at="2026-03-21T13:00:00Z"
    )
    window = {"from": "2026-03-20T00:00:00Z", "to": "2026-03-30T00:00:00Z"}
    seen: list[tuple[str, str]] = []
    cursor = None
    pages = 0
    while True:
        params = {**window, "limit": "3", **({"cursor": cursor} if cursor else {})}
        resp = await client.get("/v1/calendar/occurrences", params=params, headers=alice)
        assert resp.status == 200, await resp.text()
        body = await resp.json()
        seen += [(o["starts_at"], o["event_id"]) for o in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 10 + 5 + 1 == len(set(seen))
    assert pages == 6
    order = [(datetime.fromisoformat(s), e) for s, e in seen]
    assert order == sorted(order)
    first_two = {e for _, e in seen[:2]}
    assert first_two == {a["id"], b["id"]}
    assert single["id"] in {e for _, e in seen}


async def test_the_window_must_be_ordered_and_at_most_366_days(client: Client, alice: dict) -> None:
    async def get(start: str | None, end: str, **params: str) -> Any:
        window = {"to": end} if start is None else {"from": start, "to": end}
        return await client.get(
            "/v1/calendar/occurrences", params={**window, **params}, headers=alice
        )

    jan = "2026-01-01T00:00:00Z"
    assert await problem(await get("2026-02-01T00:00:00Z", jan)) == "to"
    assert await problem(await get(jan, "2027-01-03T00:00:00Z")) == "to"
    assert await problem(await get("2026-01-01T00:00:00", "2026-01-02T00:00:00Z")) == "from"
    missing = await get(None, "2026-01-02T00:00:00Z")
    assert missing.status == 422
    assert "`from`" in (await missing.json())["detail"]
    # A leap year is 366 days: the widest window.
    assert (await get("2028-01-01T00:00:00Z", "2029-01-01T00:00:00Z")).status == 200
    assert await problem(await get(jan, "2026-01-02T00:00:00Z", cursor="x"), 400) == "cursor"
    assert await problem(await get("0001-01-01T00:00:00Z", "0001-06-01T00:00:00Z")) == "from"
    forged = base64.urlsafe_b64encode(
        json.dumps(["0001-01-01T00:00:00+05:00", str(uuid.uuid4())]).encode()
    ).decode()
    assert await problem(await get(jan, "2026-01-02T00:00:00Z", cursor=forged), 400) == "cursor"
    # The plain list has no window: it says where the occurrences are.
    resp = await client.get(
        "/v1/calendar/events", params={"from": "2026-01-01T00:00:00Z"}, headers=alice
    )
    assert await problem(resp) == "from"
    assert "/v1/calendar/occurrences" in (await resp.json())["detail"]


async def test_cancelled_events_show_only_when_asked_for(client: Client, alice: dict) -> None:
    await create(client, alice, title="On")
    off = await create(client, alice, title="Off", status="cancelled")
    window = ("2026-03-20T00:00:00Z", "2026-03-21T00:00:00Z")
    assert [o["title"] for o in await occurrences(client, alice, *window)] == ["On"]
    every = await occurrences(client, alice, *window, include_cancelled="true")
    assert {(o["title"], o["status"]) for o in every} == {("On", "confirmed"), ("Off", "cancelled")}
    assert off["status"] == "cancelled"


async def test_the_list_pages_by_start_and_filters_by_status_and_start(
    client: Client, alice: dict
) -> None:
    made = []
    for day in (5, 1, 3, 2, 4):
        made.append(
            await create(
                client,
                alice,
                title=f"day {day}",
                starts_at=f"2026-05-0{day}T10:00:00Z",
                ends_at=f"2026-05-0{day}T11:00:00Z",
                status="tentative" if day % 2 else "confirmed",
            )
        )
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        body = await (await client.get("/v1/calendar/events", params=params, headers=alice)).json()
        seen += [e["title"] for e in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"day {d}" for d in range(1, 6)]

    async def titles(**params: str) -> list[str]:
        resp = await client.get("/v1/calendar/events", params=params, headers=alice)
        assert resp.status == 200, await resp.text()
        return [e["title"] for e in (await resp.json())["items"]]

    assert await titles(status="tentative") == ["day 1", "day 3", "day 5"]
    assert await titles(starts_after="2026-05-03T10:00:00Z") == ["day 3", "day 4", "day 5"]
    bad = await client.get("/v1/calendar/events", params={"status": "maybe"}, headers=alice)
    assert await problem(bad) == "status"


async def test_import_is_idempotent_by_source_key(client: Client, alice: dict) -> None:
    batch = [
        event(
            title=f"Imported {i}",
            recurrence="FREQ=MONTHLY;COUNT=3" if i % 2 else None,
            source_platform="google_calendar",
            source_object_id=f"gc-{i}",
        )
        for i in range(4)
    ]
    first = await (
        await client.post("/v1/calendar/events/import", json=batch, headers=alice)
    ).json()
    assert (first["created"], first["existing"]) == (4, 0)
    again = await (
        await client.post(
            "/v1/calendar/events/import",
            json=[*batch, event(source_platform="google_calendar", source_object_id="gc-new")],
            headers=alice,
        )
    ).json()
    assert (again["created"], again["existing"]) == (1, 4)
    assert again["ids"][:4] == first["ids"]
    resp = await client.get(f"/v1/calendar/events/{first['ids'][1]}", headers=alice)
    imported = await resp.json()
    # The third month's meeting ends at 10:00 summer time.
    assert imported["series_ends_at"] == "2026-05-20T08:00:00Z"
    # The same key by hand is a conflict while the imported event is live.
    resp = await client.post(
        "/v1/calendar/events",
        json=event(source_platform="google_calendar", source_object_id="gc-0"),
        headers=alice,
    )
    assert resp.status == 409


async def test_source_integration_must_be_a_live_integration_of_the_caller(
    client: Client, alice: dict, bob: dict
) -> None:
    resp = await client.post(
        "/v1/integrations",
        json={"integration_type": "google_calendar", "display_name": "Bob's"},
        headers=bob,
    )
    theirs = (await resp.json())["id"]
    for integration in (theirs, str(uuid.uuid4())):
        resp = await client.post(
            "/v1/calendar/events", json=event(source_integration_id=integration), headers=alice
        )
        assert resp.status == 404
        assert (await resp.json())["errors"][0]["path"] == "$.source_integration_id"


async def test_purge_takes_only_trash_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    old = await create(client, alice, title="old")
    recent = await create(client, alice, title="recent")
    for e in (old, recent):
        assert (await client.delete(f"/v1/calendar/events/{e['id']}", headers=alice)).status == 204
    await age_trash(conn, "calendar_events", [old["id"]], days=31)
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["calendar_events"] == 1
    trash = await (await client.get("/v1/calendar/events/trash", headers=alice)).json()
    assert [e["id"] for e in trash["items"]] == [recent["id"]]


async def test_rules_and_zones_dateutil_or_zoneinfo_cannot_read_are_422_not_500(
    client: Client, alice: dict[str, str]
) -> None:
    # dateutil raises IndexError for an ordinal out of range; zoneinfo raises IsADirectoryError
    # for a name that is a folder of the zone database.
    for fields, path in (
        ({"recurrence": "FREQ=MONTHLY;BYDAY=99MO"}, "$.recurrence"),
        ({"recurrence": "FREQ=YEARLY;BYDAY=60MO"}, "$.recurrence"),
        ({"time_zone": "America"}, "$.time_zone"),
        ({"time_zone": "Etc"}, "$.time_zone"),
    ):
        resp = await client.post("/v1/calendar/events", json=event(**fields), headers=alice)
        assert resp.status == 422, (fields, await resp.text())
        assert path in [e["path"] for e in (await resp.json())["errors"]], fields


async def test_a_counted_series_in_the_first_millennium_is_expanded(
    client: Client, alice: dict[str, str]
) -> None:
    await create(
        client,
        alice,
        starts_at="0500-01-01T09:00:00Z",
        ends_at="0500-01-01T10:00:00Z",
        time_zone="UTC",
        recurrence="FREQ=DAILY;COUNT=3",
    )
    items = await occurrences(client, alice, "0500-01-01T00:00:00Z", "0500-02-01T00:00:00Z")
    assert [i["starts_at"][:10] for i in items] == ["0500-01-01", "0500-01-02", "0500-01-03"]
