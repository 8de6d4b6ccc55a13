"""Row-level security (issue 11, finding 4): a query that forgot its `user_id = $1` answers the
acting user's rows only, and nothing when no user is set; every user-owned table has a policy."""

from __future__ import annotations

from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.db.pool import ACTING_USER, BoundedPool
from tests.conftest import TEST_SETTINGS, service_dsn

Client = TestClient[Any, Any]

MEDIA = {
    "filename": "a.jpg",
    "media_type": "photo",
    "mime_type": "image/jpeg",
    "size": 1,
    "file_path": "a.jpg",
}

# Tables with a user_id column (and users itself), from the catalog: a new one cannot be
# forgotten. Partitions are reached through their parent.
USER_OWNED_TABLES = """
SELECT
    c.relname AS table_name,
    c.relrowsecurity AS row_security,
    array(
        SELECT pg_get_expr(p.polqual, p.polrelid)
        FROM pg_policy AS p
        WHERE p.polrelid = c.oid
            AND p.polqual IS NOT NULL
    ) AS policies
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND c.relkind IN ('r', 'p')
    AND NOT c.relispartition
    AND (
        c.relname = 'users'
        OR EXISTS (
            SELECT 1
            FROM pg_attribute AS a
            WHERE a.attrelid = c.oid
                AND a.attname = 'user_id'
                AND NOT a.attisdropped
        )
    )
ORDER BY c.relname
"""


async def test_every_user_owned_table_has_row_level_security(conn: asyncpg.Connection) -> None:
    tables = await conn.fetch(USER_OWNED_TABLES)
    assert len(tables) >= 30
    missing = [
        t["table_name"]
        for t in tables
        if not t["row_security"]
        or not any("acting_user_id()" in policy for policy in t["policies"])
    ]
    assert not missing, (
        f"tables without row-level security on acting_user_id(): {missing}; add to the "
        "migration: ALTER TABLE t ENABLE ROW LEVEL SECURITY; "
        "CREATE POLICY own_rows ON t USING (user_id = acting_user_id());"
    )


async def _media_of(client: Client, headers: dict[str, str]) -> str:
    resp = await client.post("/v1/media", json=MEDIA, headers=headers)
    assert resp.status == 201, await resp.text()
    me = await client.get("/v1/me", headers=headers)
    return str((await me.json())["id"])


async def test_an_unscoped_query_sees_only_the_acting_users_rows(
    pool: asyncpg.Pool, db_dsn: str, client: Client, alice: dict, bob: dict
) -> None:
    alice_id = await _media_of(client, alice)
    bob_id = await _media_of(client, bob)
    assert alice_id != bob_id
    service = BoundedPool(pool, TEST_SETTINGS.pool_acquire_timeout)
    forgotten = "SELECT DISTINCT user_id::text FROM media"  # no user_id = $1

    token = ACTING_USER.set(alice_id)
    try:
        assert [r[0] for r in await service.fetch(forgotten)] == [alice_id]
        assert [r[0] for r in await service.fetch("SELECT id::text FROM users")] == [alice_id]
        # Nor may it write a row of another user.
        async with service.acquire() as conn:
            await conn.execute("UPDATE media SET filename = 'x' WHERE user_id::text = $1", bob_id)
        token_bob = ACTING_USER.set(bob_id)
        try:
            assert await service.fetch("SELECT id FROM media WHERE filename = 'x'") == []
        finally:
            ACTING_USER.reset(token_bob)
    finally:
        ACTING_USER.reset(token)

    # No user: nothing, whether the setting is empty or was never made on the connection.
    assert await service.fetch(forgotten) == []
    fresh = await asyncpg.connect(service_dsn(db_dsn), timeout=TEST_SETTINGS.connect_timeout)
    try:
        assert await fresh.fetch(forgotten) == []
        assert await fresh.fetch("SELECT action FROM audit_log") == []
    finally:
        await fresh.close()


async def test_the_owner_sees_every_users_rows(
    conn: asyncpg.Connection, client: Client, alice: dict, bob: dict
) -> None:
    await _media_of(client, alice)
    await _media_of(client, bob)
    assert (await conn.fetchval("SELECT count(DISTINCT user_id) FROM media")) == 2
