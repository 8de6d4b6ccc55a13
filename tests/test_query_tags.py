"""Every named query's text carries its name where pg_stat_statements keeps it: PostgreSQL 18
stores a statement from its first token on (a leading comment is left out), 15 to 17 store all
of it, and every version keeps a comment after the statement."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from hypernet.db.queries import query
from hypernet.mappers.users import UserMapper


async def test_pg_stat_statements_keeps_the_name_of_a_named_query(
    conn: asyncpg.Connection,
) -> None:
    await conn.execute(query("catalog/create_extension_pg_stat_statements").sql)
    try:
        # Another statement keyed like ours may have run in this fresh database: start clean.
        await conn.execute(
            "SELECT pg_stat_statements_reset(0::oid, d.oid, 0::bigint) FROM pg_database AS d "
            "WHERE d.datname = current_database()"
        )
    except asyncpg.ObjectNotInPrerequisiteStateError:
        pytest.skip("this server does not preload pg_stat_statements")
    assert query("users/get_live").sql.startswith("/* hypernet:users/get_live */\n")
    assert query("users/get_live").sql.endswith("\n/* hypernet:users/get_live */")
    for _ in range(2):
        assert await UserMapper(conn).get(uuid.uuid4()) is None
    texts = await conn.fetch(
        "SELECT s.query, s.calls FROM pg_stat_statements AS s "
        "JOIN pg_database AS d ON d.oid = s.dbid WHERE d.datname = current_database()"
    )
    tagged = [r["calls"] for r in texts if r["query"].endswith("/* hypernet:users/get_live */")]
    assert tagged == [2], [r["query"] for r in texts]
