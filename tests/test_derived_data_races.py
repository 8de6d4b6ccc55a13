"""Derived data stays right when two transactions of one user write at once: a health day's
sums count both writers' records, and a row written during a language change is searchable in
the new language (0041)."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

Client = TestClient[Any, Any]


async def _user_id(client: Client, headers: dict) -> str:
    resp = await client.get("/v1/me", headers=headers)
    assert resp.status == 200, await resp.text()
    return (await resp.json())["id"]


async def _blocked(task: asyncio.Task[Any]) -> bool:
    """True when the task is still waiting (on a lock) after a moment."""
    await asyncio.sleep(0.5)
    return not task.done()


async def _insert_steps(conn: asyncpg.Connection, user: str, value: int, at: str) -> None:
    await conn.execute(
        "INSERT INTO health_records (user_id, record_type, recorded_at, value, unit)"
        " VALUES ($1, 'steps', $2::text::timestamptz, $3, 'count')",
        user,
        at,
        value,
    )


async def test_two_writers_of_one_health_day_both_count(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    user = await _user_id(client, alice)
    async with owner_pool.acquire() as first, owner_pool.acquire() as second:
        tx1 = first.transaction()
        await tx1.start()
        await _insert_steps(first, user, 100, "2026-05-01T08:00:00Z")
        tx2 = second.transaction()
        await tx2.start()
        late = asyncio.ensure_future(_insert_steps(second, user, 50, "2026-05-01T20:00:00Z"))
        # The second writer waits for the first's summary of the day rather than race it.
        assert await _blocked(late)
        await tx1.commit()
        await late
        await tx2.commit()
    row = await owner_pool.fetchrow(
        "SELECT record_count, steps FROM health_days WHERE user_id = $1 AND day = '2026-05-01'",
        user,
    )
    assert (row["record_count"], row["steps"]) == (2, 150)


async def _insert_note(conn: asyncpg.Connection, user: str, title: str) -> None:
    await conn.execute("INSERT INTO notes (user_id, title, body) VALUES ($1, $2, '')", user, title)


async def _set_language(conn: asyncpg.Connection, user: str, language: str) -> None:
    await conn.execute("UPDATE users SET search_language = $2 WHERE id = $1", user, language)


async def _finds(client: Client, headers: dict, q: str) -> list[str]:
    resp = await client.get("/v1/search", params={"q": q}, headers=headers)
    assert resp.status == 200, await resp.text()
    return [hit["title"] for hit in (await resp.json())["items"]]


async def test_a_note_written_while_the_language_changes_is_found_in_the_new_one(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    user = await _user_id(client, alice)
    async with owner_pool.acquire() as changer, owner_pool.acquire() as writer:
        change = changer.transaction()
        await change.start()
        await _set_language(changer, user, "english")
        write = writer.transaction()
        await write.start()
        note = asyncio.ensure_future(_insert_note(writer, user, "Running late"))
        # The note waits for the change, then reads the new language.
        assert await _blocked(note)
        await change.commit()
        await note
        await write.commit()
    # English stems "runs" and "running" alike; the simple configuration would not.
    assert await _finds(client, alice, "runs") == ["Running late"]


async def test_a_language_change_waits_for_a_note_being_written_and_rebuilds_it(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    user = await _user_id(client, alice)
    async with owner_pool.acquire() as writer, owner_pool.acquire() as changer:
        write = writer.transaction()
        await write.start()
        await _insert_note(writer, user, "Swimming lessons")
        change = changer.transaction()
        await change.start()
        changing = asyncio.ensure_future(_set_language(changer, user, "english"))
        assert await _blocked(changing)
        await write.commit()
        await changing
        await change.commit()
    assert await _finds(client, alice, "swims") == ["Swimming lessons"]
