"""`hypernet sql stats`: what pg_stat_statements measured, by named query, and its reset."""

from __future__ import annotations

import asyncio
import json
import uuid

import asyncpg
import pytest

from hypernet import cli
from hypernet.db.queries import query
from hypernet.sqlkit.query_stats import NOT_INSTALLED, StatsUnavailable, named_query_stats, reset


async def _install(conn: asyncpg.Connection) -> None:
    await conn.execute(query("catalog/create_extension_pg_stat_statements").sql)
    await reset(conn)


async def _run_cli(
    argv: list[str], dsn: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", dsn)
    capsys.readouterr()
    # The command runs its own event loop: off this test's.
    status = await asyncio.to_thread(cli.main, argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


async def test_stats_name_the_queries_that_ran_with_their_calls(
    conn: asyncpg.Connection,
    db_dsn: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await _install(conn)
    for _ in range(3):
        await conn.fetchval(query("health/ping").sql)
    nobody = uuid.uuid4()
    for _ in range(2):
        await conn.fetch(
            query("media/list_live_by_sort_at").sql, nobody, None, None, None, None, 10
        )
    await conn.fetch(query("tooling/first_user").sql)

    stats = {s.name: s for s in await named_query_stats(conn)}
    assert {name: s.calls for name, s in stats.items()} == {
        "health/ping": 3,
        "media/list_live_by_sort_at": 2,
        "tooling/first_user": 1,
    }
    assert stats["health/ping"].rows == 3
    assert all(s.known and s.total_ms >= 0 and s.mean_ms >= 0 for s in stats.values())
    assert len(await named_query_stats(conn, limit=1)) == 1

    status, out, _ = await _run_cli(["sql", "stats"], db_dsn, monkeypatch, capsys)
    assert status == 0, out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["named", "query", "calls", "total"]
    row = next(line for line in lines if line.startswith("media/list_live_by_sort_at "))
    assert row.split()[1] == "2"
    status, out, _ = await _run_cli(["sql", "stats", "--json"], db_dsn, monkeypatch, capsys)
    assert {s["name"]: s["calls"] for s in json.loads(out)}["health/ping"] == 3


async def test_stats_reset_forgets_them(
    conn: asyncpg.Connection,
    db_dsn: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await _install(conn)
    await conn.fetchval(query("health/ping").sql)
    assert [s.name for s in await named_query_stats(conn)] == ["health/ping"]

    status, out, _ = await _run_cli(["sql", "stats", "--reset"], db_dsn, monkeypatch, capsys)
    assert status == 0 and "reset" in out
    assert await named_query_stats(conn) == []
    status, out, _ = await _run_cli(["sql", "stats"], db_dsn, monkeypatch, capsys)
    assert status == 0 and "no named query has run" in out


async def test_stats_without_the_extension_say_what_to_do(
    conn: asyncpg.Connection,
    db_dsn: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The migrated database alone does not create the extension.
    with pytest.raises(StatsUnavailable, match="CREATE EXTENSION pg_stat_statements"):
        await named_query_stats(conn)
    status, out, err = await _run_cli(["sql", "stats"], db_dsn, monkeypatch, capsys)
    assert status == 1 and out == ""
    assert err.strip() == f"hypernet: {NOT_INSTALLED}"
