"""`hypernet db maintain`: the monthly partitions of locations, health_records and audit_log are
made ahead of time, rows waiting in a DEFAULT partition move into their month, months past
retention go whole; a second run has nothing to do, and a busy table is left for the next run
with a clear message, never waited on for long."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import msgspec
import pytest
from aiohttp.test_utils import TestClient

from hypernet.mappers.partitions import PartitionMapper
from hypernet.ops.maintain import maintain
from tests.conftest import TEST_SETTINGS
from tests.test_locations_api import create as create_point
from tests.test_locations_api import window

Client = TestClient[Any, Any]

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
TABLES = ("locations", "health_records", "audit_log")


async def partitions(conn: asyncpg.Connection, table: str) -> list[str]:
    return [p.name for p in await PartitionMapper(conn).partitions_of([table])]


async def where(conn: asyncpg.Connection, table: str, column: str, value: Any) -> str:
    """The partition a row lives in (test set-up only)."""
    return str(
        await conn.fetchval(
            f"SELECT tableoid::regclass::text FROM {table} WHERE {column} = $1", value
        )
    )


async def test_maintain_makes_the_current_and_coming_months_once(
    conn: asyncpg.Connection,
) -> None:
    lines: list[str] = []
    report = await maintain(conn, TEST_SETTINGS, now=NOW, progress=lines.append)
    assert report.ok
    for table in TABLES:
        assert await partitions(conn, table) == [
            f"{table}_2026_11",
            f"{table}_2026_12",
            f"{table}_2027_01",
            f"{table}_2027_02",
            f"{table}_default",
        ]
    assert len(report.created) == 12 and not report.dropped
    assert "locations: created locations_2026_12 (ahead)" in lines
    assert report.summary() == "partitions: 12 created, 0 dropped"
    again = await maintain(conn, TEST_SETTINGS, now=NOW)
    assert (again.created, again.dropped, again.failed) == ([], [], [])
    assert again.summary().startswith("partitions: nothing to do (every month through 2027-02")
    # A month later, one more month comes; nothing else.
    later = await maintain(conn, TEST_SETTINGS, now=datetime(2026, 12, 3, tzinfo=UTC))
    assert sorted(later.created) == [
        "audit_log_2027_03",
        "health_records_2027_03",
        "locations_2027_03",
    ]


async def test_points_waiting_in_the_default_partition_move_into_their_month(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    old = await create_point(client, alice, recorded_at="2019-03-04T05:06:07Z")
    assert await where(
        conn, "locations", "recorded_at", datetime(2019, 3, 4, 5, 6, 7, tzinfo=UTC)
    ) == ("locations_default")
    lines: list[str] = []
    report = await maintain(conn, TEST_SETTINGS, now=NOW, progress=lines.append)
    assert (
        "locations: created locations_2019_03, moved 1 row into it from locations_default" in lines
    )
    stamp = datetime(2019, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert await where(conn, "locations", "recorded_at", stamp) == "locations_2019_03"
    assert await conn.fetchval("SELECT count(*) FROM locations_default") == 0
    # The audit rows of the requests so far (this month) moved into their month too.
    assert await conn.fetchval("SELECT count(*) FROM audit_log_default") == 0
    assert report.moved_rows >= 2
    # Still the same point, through the API, with whatever links to it intact.
    page = await window(client, alice, "2019-03-04T00:00:00Z", "2019-03-05T00:00:00Z")
    assert [p["id"] for p in page["items"]] == [old["id"]]
    resp = await client.get(f"/v1/locations/{old['id']}", headers=alice)
    assert resp.status == 200 and (await resp.json())["updated_at"] == old["updated_at"]


async def test_audit_months_past_retention_are_dropped_and_locations_are_kept(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    mapper = PartitionMapper(conn)
    for table in ("audit_log", "locations"):
        for month in (date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1)):
            async with conn.transaction():
                await mapper.ensure_month(table, month)
    await create_point(client, alice, recorded_at="2025-09-10T00:00:00Z")
    lines: list[str] = []
    # A year of retention on 2026-11-15: September and October 2025 are wholly older; November
    # 2025 still holds rows of the last year.
    report = await maintain(conn, TEST_SETTINGS, now=NOW, progress=lines.append)
    assert report.dropped == ["audit_log_2025_09", "audit_log_2025_10"]
    assert (
        "audit_log: dropped audit_log_2025_09 (every row older than 365 days, before 2025-11-15)"
        in lines
    )
    assert "audit_log_2025_11" in await partitions(conn, "audit_log")
    assert {"locations_2025_09", "locations_2025_10"} <= set(await partitions(conn, "locations"))
    # Locations are dropped only when a retention is set for them.
    keep_a_year = msgspec.structs.replace(TEST_SETTINGS, location_retention_days=365)
    report = await maintain(conn, keep_a_year, now=NOW)
    assert report.dropped == ["locations_2025_09", "locations_2025_10"]
    page = await window(client, alice, "2025-09-01T00:00:00Z", "2025-10-01T00:00:00Z")
    assert page["items"] == []


async def test_a_new_audit_month_is_as_append_only_as_the_log(
    pool: asyncpg.Pool, conn: asyncpg.Connection
) -> None:
    await maintain(conn, TEST_SETTINGS, now=NOW)
    await conn.execute(
        "INSERT INTO audit_log (user_id, action, occurred_at) "
        "VALUES ('00000000-0000-0000-0000-000000000001', 'test.event', '2026-12-05')"
    )
    for statement in (
        "UPDATE audit_log_2026_12 SET action = 'x.y'",
        "DELETE FROM audit_log_2026_12",
        "TRUNCATE audit_log_2026_12",
        "TRUNCATE audit_log_default",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await conn.execute(statement)
    async with pool.acquire() as service:
        for statement in (
            "UPDATE audit_log_2026_12 SET action = 'x.y'",
            "DELETE FROM audit_log_2026_12",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
                await service.execute(statement)
        assert await service.fetchval("SELECT count(*) FROM audit_log_2026_12") == 1
    grants = (
        "SELECT array_agg(privilege_type::text ORDER BY privilege_type) "
        "FROM aclexplode((SELECT relacl FROM pg_class WHERE relname = $1)) "
        "WHERE grantee = 'hypernet_app'::regrole"
    )
    assert await conn.fetchval(grants, "audit_log_2026_12") == await conn.fetchval(
        grants, "audit_log"
    )
    assert await conn.fetchval(grants, "locations_2026_12") == await conn.fetchval(
        grants, "locations"
    )


async def test_writes_go_on_while_maintain_makes_months(
    pool: asyncpg.Pool, conn: asyncpg.Connection
) -> None:
    await maintain(conn, TEST_SETTINGS, now=NOW)
    user = await conn.fetchval(
        "INSERT INTO users (email, password_hash, display_name) "
        "VALUES ('w@example.com', 'x', 'W') RETURNING id"
    )
    async with pool.acquire() as service:
        # The service's login writes only as the user it acts for (row-level security).
        await service.fetchval("SELECT set_config('hypernet.user_id', $1, false)", str(user))
        async with service.transaction():
            # A write into this month, open while maintain makes the next months.
            await service.execute(
                "INSERT INTO locations (user_id, recorded_at, latitude, longitude) "
                "VALUES ($1, '2026-11-20', 1, 1)",
                user,
            )
            report = await maintain(
                conn, TEST_SETTINGS, now=datetime(2027, 1, 10, tzinfo=UTC), lock_timeout=0.5
            )
            assert report.ok, report.failed
            assert "locations_2027_04" in report.created


async def test_a_busy_table_is_left_for_the_next_run_with_a_clear_message(
    pool: asyncpg.Pool, conn: asyncpg.Connection
) -> None:
    async with pool.acquire() as reader:
        async with reader.transaction():
            # A long request that read the DEFAULT partition of locations holds it until it ends.
            await reader.fetch("SELECT id FROM locations_default LIMIT 1")
            lines: list[str] = []
            report = await maintain(
                conn, TEST_SETTINGS, now=NOW, lock_timeout=0.2, progress=lines.append
            )
    assert not report.ok
    assert report.failed[0].startswith(
        "locations: could not create locations_2026_11: the service's statements held locations "
        "longer than the lock timeout (0.2 s); nothing was changed"
    )
    assert "locations_2026_11" not in await partitions(conn, "locations")
    # The other tables were not held up.
    assert "health_records_2026_11" in await partitions(conn, "health_records")
    assert "could not get their lock" in report.summary()
    retry = await maintain(conn, TEST_SETTINGS, now=NOW)
    assert retry.ok and "locations_2026_11" in retry.created


async def test_db_maintain_command_says_what_it_did_and_then_nothing(db_dsn: str) -> None:
    async def run() -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "hypernet",
            "db",
            "maintain",
            "--ahead",
            "1",
            env={**os.environ, "DATABASE_URL": db_dsn},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await proc.communicate()
        return proc.returncode or 0, out.decode()

    status, out = await run()
    assert status == 0, out
    month = datetime.now(UTC).strftime("%Y_%m")
    assert f"locations: created locations_{month}" in out
    assert "partitions: 6 created, 0 dropped" in out
    status, out = await run()
    assert status == 0, out
    assert out.strip().startswith("partitions: nothing to do")


async def test_two_maintain_runs_at_once_both_succeed_and_make_each_month_once(
    conn: asyncpg.Connection, db_dsn: str
) -> None:
    other = await asyncpg.connect(db_dsn)
    try:
        first, second = await asyncio.gather(
            maintain(conn, TEST_SETTINGS, now=NOW), maintain(other, TEST_SETTINGS, now=NOW)
        )
    finally:
        await other.close()
    assert first.ok and second.ok, (first.failed, second.failed)
    for table in TABLES:
        assert await partitions(conn, table) == [
            f"{table}_2026_11",
            f"{table}_2026_12",
            f"{table}_2027_01",
            f"{table}_2027_02",
            f"{table}_default",
        ]


async def test_a_month_dropped_for_retention_takes_its_links(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    async with conn.transaction():
        await PartitionMapper(conn).ensure_month("locations", date(2025, 9, 1))
    old = await create_point(client, alice, recorded_at="2025-09-10T00:00:00Z")
    recent = await create_point(client, alice, recorded_at="2026-11-10T00:00:00Z")
    note = await client.post("/v1/notes", json={"title": "trip"}, headers=alice)
    assert note.status == 201, await note.text()
    note_id = (await note.json())["id"]
    for point in (old, recent):
        for ends in (
            {"from_type": "note", "from_id": note_id, "to_type": "location", "to_id": point["id"]},
            {"from_type": "location", "from_id": point["id"], "to_type": "note", "to_id": note_id},
        ):
            resp = await client.post("/v1/links", json={**ends, "link_type": "at"}, headers=alice)
            assert resp.status == 201, await resp.text()
    keep_a_year = msgspec.structs.replace(TEST_SETTINGS, location_retention_days=365)
    report = await maintain(conn, keep_a_year, now=NOW)
    assert "locations_2025_09" in report.dropped
    left = []
    for side in ("from", "to"):
        resp = await client.get("/v1/links", params={side: note_id}, headers=alice)
        assert resp.status == 200, await resp.text()
        left += (await resp.json())["items"]
    assert {x["from_object_id"] for x in left} | {x["to_object_id"] for x in left} == {
        note_id,
        recent["id"],
    }
    assert len(left) == 2
