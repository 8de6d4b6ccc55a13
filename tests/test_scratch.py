"""The one scratch-database helper: names quoted alike for SQL and for the URL, always dropped."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from hypernet.db import scratch
from hypernet.db.migrate import load_migrations
from hypernet.db.pool import connection
from hypernet.db.queries import query
from tests.conftest import TEST_SETTINGS, Server


async def test_a_database_name_with_quotes_spaces_and_slashes_round_trips(
    pg_server: Server,
) -> None:
    name = f'it\'s a "scratch"/db?#{uuid.uuid4().hex[:6]}'
    dsn = await scratch.create_database(pg_server.admin_dsn, TEST_SETTINGS, name)
    try:
        async with connection(dsn, TEST_SETTINGS) as conn:
            assert await conn.fetchval(query("health/ping").sql) == 1
            # Created under exactly that name (the URL, cut at ? or #, would name no database).
            assert await conn.fetchval(query("catalog/database_exists").sql, name) is True
    finally:
        await scratch.drop_database(pg_server.admin_dsn, TEST_SETTINGS, name)
    with pytest.raises(asyncpg.InvalidCatalogNameError):
        await asyncpg.connect(dsn)


async def test_a_scratch_database_is_migrated_and_gone_after_the_block(pg_server: Server) -> None:
    async with scratch.scratch_database(pg_server.admin_dsn, TEST_SETTINGS) as dsn:
        async with connection(dsn, TEST_SETTINGS) as conn:
            applied = await conn.fetch(query("migrations/list_applied").sql)
    assert [r["version"] for r in applied] == [m.version for m in load_migrations()]
    with pytest.raises(asyncpg.InvalidCatalogNameError):
        await asyncpg.connect(dsn)
