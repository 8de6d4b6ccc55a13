"""Plans from statistics alone: the planner statistics of the seeded database, exported without a
row and loaded into an empty database of the same schema, give the plans of the seeded database;
multiplied a thousand times, they show which plans change at that size."""

from __future__ import annotations

import json
import uuid
import warnings
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from hypernet import cli
from hypernet.db.pool import connect
from hypernet.sqlkit.plans import Engine, Verdict
from hypernet.sqlkit.plans.statistics import (
    SAMPLED_FIELDS,
    StatisticsError,
    export_statistics,
    exported_parameters,
    load_statistics,
)
from tests.conftest import TEST_SETTINGS, Seeded, Server, create_database, drop_database

pytestmark = pytest.mark.plans

# PostgreSQL reads a B-tree's height from its metapage, and an empty index has none: where two
# indexes of a table cost within a descent of each other, the choice can tip one way on the
# seeded database and the other way on its statistics. A handful do (which ones moves with the
# server's settings); the rest must plan exactly the same.
SAME_SHAPE_AT_LEAST = 0.97


def _needs_18(pg_server: Server) -> None:
    if pg_server.version < 18:
        pytest.skip("planning from statistics needs PostgreSQL 18 (pg_restore_*_stats)")


@pytest.fixture(scope="module")
async def exported(plan_conn: asyncpg.Connection) -> dict[str, Any]:
    return await export_statistics(plan_conn)


async def _judge_on_statistics(
    pg_server: Server, template_db: str, document: dict[str, Any], scale: float
) -> tuple[dict[str, Verdict], dict[str, int]]:
    """Every verdict on an empty migrated database given `document`'s statistics, and the
    table sizes the planner sees there."""
    name = f"hn_stats_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    try:
        conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
        try:
            await load_statistics(conn, document, scale=scale)
            engine = Engine(conn)
            checked = await engine.check(params=exported_parameters(document))
            return {v.name: v for v in checked}, await engine.table_rows()
        finally:
            await conn.close()
    finally:
        await drop_database(pg_server, name)


def _differing(before: dict[str, Verdict], after: dict[str, Verdict]) -> dict[str, str]:
    """Query -> how its plan moved: a changed shape, and whether its declaration broke."""
    moved = {}
    for name, was in before.items():
        now = after[name]
        if was.shape != now.shape or now.status != was.status:
            broke = now.status == "violation" and was.status != "violation"
            moved[name] = "; ".join(now.violations) if broke else "shape changed"
    return moved


def _large_table_scans(verdicts: dict[str, Verdict]) -> set[str]:
    return {
        name
        for name, v in verdicts.items()
        if any("sequential scan on large table" in m for m in v.violations)
    }


def test_the_export_has_sizes_and_column_statistics(
    exported: dict[str, Any], seeded: Seeded
) -> None:
    relations = {r["name"]: r for r in exported["relations"]}
    assert relations["media"]["reltuples"] == seeded.report.counts["media"]
    assert relations["media_pkey"]["relpages"] > 0
    columns = {(c["table_name"], c["column_name"], c["inherited"]): c for c in exported["columns"]}
    assert columns[("media", "user_id", False)]["most_common_vals"]
    # The partitioned tables' statistics of the whole tree come along too.
    assert ("locations", "recorded_at", True) in columns
    assert exported["parameters"]["media/list_live_by_sort_at"]["user_id"]


async def test_a_redacted_export_has_no_value_read_from_the_rows(
    plan_conn: asyncpg.Connection,
) -> None:
    email = await plan_conn.fetchval(
        "SELECT email_lower FROM user_emails ORDER BY email_lower LIMIT 1"
    )
    user_id = await plan_conn.fetchval("SELECT id FROM users ORDER BY id LIMIT 1")
    plain = json.dumps(await export_statistics(plan_conn))
    assert email in plain  # histograms carry sampled values...
    redacted_document = await export_statistics(plan_conn, redact=True)
    redacted = json.dumps(redacted_document)
    assert email not in redacted  # ...which --redact leaves out
    assert str(user_id) not in redacted
    assert redacted_document["parameters"] is None
    for column in redacted_document["columns"]:
        for values, freqs in SAMPLED_FIELDS.items():
            assert column[values] is None
            assert freqs is None or column[freqs] is None


async def test_plans_from_statistics_alone_are_the_seeded_databases_plans(
    pg_server: Server,
    template_db: str,
    exported: dict[str, Any],
    verdicts: dict[str, Verdict],
) -> None:
    _needs_18(pg_server)
    on_statistics, _ = await _judge_on_statistics(pg_server, template_db, exported, 1.0)
    assert set(on_statistics) == set(verdicts)
    assert not [v.name for v in on_statistics.values() if v.status == "error"]
    moved = _differing(verdicts, on_statistics)
    # Planned as empty tables, nearly every plan would move and read tables in full.
    assert len(verdicts) - len(moved) >= SAME_SHAPE_AT_LEAST * len(verdicts), moved
    assert _large_table_scans(on_statistics) <= _large_table_scans(verdicts), moved
    if moved:
        warnings.warn(f"plans that tipped on the statistics (near ties): {moved}", stacklevel=1)


async def test_plans_at_a_thousand_times_the_size_are_reported(
    pg_server: Server,
    seeded: Seeded,
    template_db: str,
    exported: dict[str, Any],
    verdicts: dict[str, Verdict],
) -> None:
    _needs_18(pg_server)
    at_scale, rows = await _judge_on_statistics(pg_server, template_db, exported, 1000.0)
    assert not [v.name for v in at_scale.values() if v.status == "error"]
    moved = _differing(verdicts, at_scale)
    broke = {name: how for name, how in moved.items() if how != "shape changed"}
    changed = sorted(name for name, how in moved.items() if how == "shape changed")
    # Reported, not failed: what a thousand times the data does to the plans is for a person to
    # judge (the closing note of the issue that added this says what each finding means).
    warnings.warn(
        f"at 1000 times the seeded size, {len(broke)} plans no longer use a declared index or "
        f"scan a large table: {broke}; {len(changed)} more change shape and still do: "
        f"{', '.join(changed)}",
        stacklevel=1,
    )
    # Except where a finding was fixed, for good: an erasure batch probes the primary key and a
    # contact lookup the user's lookup keys, at any size (a bound on the key once made a batch
    # read the whole table, and a lookup walk the user's whole list).
    fixed = sorted(
        name for name in broke if name.startswith(("account_data/erase_", "contacts/list_live_by_"))
    )
    assert not fixed, {name: broke[name] for name in fixed}
    # The sizes were multiplied: media is planned as 200 million rows (a float4 in pg_class).
    assert rows["media"] == pytest.approx(1000 * seeded.report.counts["media"], rel=1e-6)


async def test_statistics_cannot_be_loaded_before_postgresql_18(
    pg_server: Server, conn: asyncpg.Connection
) -> None:
    if pg_server.version >= 18:
        pytest.skip("this server can load statistics")
    with pytest.raises(StatisticsError, match="needs PostgreSQL 18"):
        await load_statistics(conn, {"relations": [], "columns": []})


def test_cli_judges_plans_from_a_statistics_file(
    pg_server: Server,
    seeded: Seeded,
    exported: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _needs_18(pg_server)
    monkeypatch.setenv("DATABASE_URL", seeded.dsn)
    stats = tmp_path / "stats.json"
    assert cli.main(["sql", "stats-export", "--redact", "-o", str(stats)]) == 0
    assert json.loads(stats.read_text())["redacted"] is True
    capsys.readouterr()
    status = cli.main(
        ["sql", "explain", "media/list_live_by_sort_at", "--stats", str(stats), "--scale", "10"]
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "at scale 10" in captured.err
    assert "OK: uses media_live_user_sort_idx" in captured.out
    assert "Index Scan Backward using media_live_user_sort_idx" in captured.out


def test_cli_refuses_scale_without_stats_and_a_file_that_is_not_one(
    seeded: Seeded,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded.dsn)
    assert cli.main(["sql", "check", "--scale", "10"]) == 1
    assert "give --stats FILE" in capsys.readouterr().err
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"plans": {}}')
    assert cli.main(["sql", "check", "--stats", str(bogus)]) == 1
    assert "not a statistics file" in capsys.readouterr().err
    assert cli.main(["sql", "check", "--stats", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err


async def test_a_file_from_another_schema_version_loads_what_still_fits(
    pg_server: Server, template_db: str, exported: dict[str, Any]
) -> None:
    _needs_18(pg_server)
    document = json.loads(json.dumps(exported))
    document["relations"].append({**document["relations"][0], "name": "dropped_table"})
    document["columns"].append({**document["columns"][0], "column_name": "dropped_column"})
    media_user = next(
        c
        for c in document["columns"]
        if (c["table_name"], c["column_name"]) == ("media", "user_id")
    )
    # Loaded last, so the real statistics of media.user_id are in place before it is refused.
    document["columns"].append(
        {**media_user, "most_common_vals": "{not-a-uuid}", "most_common_freqs": [0.5]}
    )
    name = f"hn_stats_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    try:
        conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
        try:
            report = await load_statistics(conn, document)
        finally:
            await conn.close()
    finally:
        await drop_database(pg_server, name)
    assert "dropped_table" in report.not_here
    assert f"{document['columns'][0]['table_name']}.dropped_column" in report.not_here
    assert [r for r in report.refused if r.startswith("media.user_id: ")], report.refused
    assert report.columns == len(exported["columns"])
    assert "2 exported relations or columns are not in this schema" in report.summary()
    assert "1 statistics refused" in report.summary()
