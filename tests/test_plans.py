"""Plan tests: every named query EXPLAINed on a realistically seeded database by the engine behind
`hypernet sql check`, judged against its declared indexes, and compared with the committed plan
baseline; plus the seeder, the CLI, and the rule that every .sql file has a header and a caller.
"""

from __future__ import annotations

import io
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from hypernet import cli
from hypernet.core.config import PROJECT_ROOT, SQL_DIR
from hypernet.db.pool import connect
from hypernet.db.queries import QueryFileError, parse_query, query, registry
from hypernet.sqlkit.plans import (
    BASELINE_PATH,
    Engine,
    PlanError,
    Verdict,
    budget_violations,
    declaration_changes,
    in_baseline,
    load_baseline,
    modifies_rows,
    render_plan,
    shape_changes,
)
from hypernet.sqlkit.seed import SeedConfig, SeedError, SeedReport, seed, seed_database
from tests.conftest import TEST_SETTINGS, Seeded, Server, create_database, drop_database

pytestmark = pytest.mark.plans

QUERY_NAMES = sorted(registry())


# -- every named query --------------------------------------------------------------------------


def test_the_dataset_is_realistically_sized(seeded: Seeded) -> None:
    assert seeded.report.counts["media"] >= 200_000
    assert seeded.report.counts["users"] >= 1_000
    assert seeded.report.counts["locations"] >= 250_000
    assert seeded.report.counts["health_records"] >= 80_000


async def test_seeded_rows_are_in_their_months_not_in_the_default_partitions(
    plan_conn: asyncpg.Connection,
) -> None:
    # The seed makes the partitions of the months it loads, as `hypernet db maintain` would.
    for table in ("locations", "health_records", "audit_log"):
        assert await plan_conn.fetchval(f"SELECT count(*) FROM {table}_default") == 0, table
    heavy = await plan_conn.fetchval(
        "SELECT count(*) FROM locations GROUP BY user_id ORDER BY count(*) DESC LIMIT 1"
    )
    assert heavy >= 30_000  # a few heavy users hold most points


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_plan_uses_declared_indexes(name: str, verdicts: dict[str, Verdict]) -> None:
    verdict = verdicts[name]
    if verdict.status == "skipped":
        pytest.skip(verdict.reason or "not explained")
    assert verdict.status == "ok", verdict.headline() + "\n\n" + render_plan(verdict.document)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_plan_shape_matches_baseline(name: str, verdicts: dict[str, Verdict], version: int) -> None:
    verdict = verdicts[name]
    if not in_baseline(verdict):
        pytest.skip(verdict.reason or "not recorded in the baseline")
    baseline = load_baseline()
    assert baseline is not None, f"{BASELINE_PATH} is missing: run `hypernet sql baseline`"
    changes = shape_changes(baseline, [verdict], version)
    assert name not in changes, (
        f"the plan of {name} changed (- baseline, + now):\n{changes[name]}\n"
        "If intended, record it: hypernet sql baseline --scratch"
    )


def test_declaration_matches_baseline(verdicts: dict[str, Verdict]) -> None:
    baseline = load_baseline()
    assert baseline is not None
    changes = declaration_changes(baseline, verdicts.values())
    assert not changes, "\n".join(changes) + "\nIf intended: hypernet sql baseline --scratch"


async def test_every_read_stays_within_its_buffer_budget(
    plan_conn: asyncpg.Connection, verdicts: dict[str, Verdict], version: int
) -> None:
    """What `hypernet sql check --analyze` holds: each query the baseline measured touches at
    most twice the buffers it did then (or its header's growth factor), and no more than its
    header's `budget: buffers <= N`. The reads, before any test here writes (even rolled back)."""
    await _hold_budgets(plan_conn, verdicts, version, writes=False)


async def test_every_write_stays_within_its_buffer_budget(
    seeded: Seeded, verdicts: dict[str, Verdict], version: int
) -> None:
    """The writes, on the copy of the seeded database that nothing else touches, one after the
    other in name order, as `sql check --analyze` runs them."""
    conn = await connect(seeded.pristine_dsn, TEST_SETTINGS, "hypernet-tests")
    try:
        await _hold_budgets(conn, verdicts, version, writes=True)
    finally:
        await conn.close()


async def _hold_budgets(
    conn: asyncpg.Connection, verdicts: dict[str, Verdict], version: int, *, writes: bool
) -> None:
    baseline = load_baseline()
    assert baseline is not None
    recorded = baseline.measured.get(str(version))
    assert recorded, f"no buffer figures for PostgreSQL {version}: hypernet sql baseline --analyze"
    names = []
    for name in sorted(recorded):
        assert name in verdicts, f"{name} is gone: record again with `sql baseline --analyze`"
        plan = verdicts[name].plan
        if plan is not None and modifies_rows(plan) == writes:
            names.append(name)
    assert names
    engine = Engine(conn)
    measured = []
    for name in names:
        result = await engine.measure(registry()[name])
        assert result is not None, f"{name} was measured for the baseline and cannot be now"
        measured.append(Verdict(name, "ok", buffers=result[0], rows=result[1]))
    problems = budget_violations(baseline, measured, version, registry())
    assert not problems, "\n".join(problems)


def test_a_budget_is_held_with_both_figures() -> None:
    text = (
        "-- Live media.\n-- params: $1 user_id uuid\n-- uses: media_pkey\n"
        "-- budget: buffers <= 40\n-- budget: growth <= 3 (a heavy user's page)\n"
        "SELECT id FROM media WHERE user_id = $1\n"
    )
    q = parse_query("media/x", SQL_DIR / "media/x.sql", text)
    assert (q.budget_buffers, q.budget_growth) == (40, 3.0)
    baseline = load_baseline()
    assert baseline is not None
    baseline.measured = {"18": {"media/x": {"buffers": 10, "rows": 5}}}
    over = [Verdict("media/x", "ok", buffers=41, rows=5)]
    assert budget_violations(baseline, over, 18, {"media/x": q}) == [
        "media/x: touched 41 buffers, over its budget of 40 (budget: buffers <= 40)",
        "media/x: touched 41 buffers, 4.1 times the baseline's 10 (at most 3 times; rows 5, "
        "baseline 5)",
    ]
    within = [Verdict("media/x", "ok", buffers=30, rows=5)]
    assert budget_violations(baseline, within, 18, {"media/x": q}) == []
    for bad in ("-- budget: buffers < 40", "-- budget: growth <= 0.5", "-- budget: lots"):
        with pytest.raises(QueryFileError, match="budget:"):
            parse_query(
                "media/x", SQL_DIR / "media/x.sql", text.replace("-- budget: buffers <= 40", bad)
            )


async def test_a_hypothetical_index_shows_in_the_plan_and_leaves_nothing(
    plan_conn: asyncpg.Connection, pg_server: Server
) -> None:
    engine = Engine(plan_conn)
    q = query("media/list_live_by_sort_at")
    replacement = "CREATE INDEX ON media (user_id, sort_at DESC, id DESC) WHERE deleted_at IS NULL"
    available = await plan_conn.fetchval(query("catalog/hypopg_available").sql)
    # scripts/test installs Debian's postgresql-15-hypopg when it may (as root): CI covers it
    # on 15.
    assert available or pg_server.version != 15 or os.environ.get("CI") != "true"
    if not available:
        with pytest.raises(PlanError, match=r"apt-get install postgresql-\d+-hypopg"):
            await engine.explain(q, with_indexes=[replacement])
        return
    verdict = await engine.explain(
        q, without_indexes=["media_live_user_sort_idx"], with_indexes=[replacement]
    )
    assert [i for i in verdict.indexes if i.endswith("btree_media_user_id_sort_at_id")], (
        verdict.indexes
    )
    with pytest.raises(PlanError, match="cannot make the hypothetical index"):
        await engine.explain(q, with_indexes=["CREATE INDEX ON no_such_table (x)"])
    # Nothing stays: neither the extension nor the index, in this session or the database.
    assert not await plan_conn.fetchval(
        "SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'"
    )
    assert (await engine.explain(q)).indexes == ["media_live_user_sort_idx"]


# -- the baseline guards the conditions and the declaration -------------------------------------


def _variant(name: str, text: str) -> Any:
    q = query(name)
    return parse_query(name, q.path, text)


async def test_a_query_that_loses_its_user_condition_changes_shape(
    plan_conn: asyncpg.Connection, version: int
) -> None:
    # The same index, the same nodes (a skip scan on 18, a full index scan on 15): only the
    # condition on user_id is gone ($1 is still taken, in the select list, so the header holds).
    text = query("media/get_any").path.read_text()
    assert "WHERE user_id = $1\n    AND " in text
    text = text.replace("WHERE user_id = $1\n    AND ", "WHERE ").replace(
        "SELECT\n", "SELECT\n    $1::uuid AS asked_by,\n", 1
    )
    verdict = await Engine(plan_conn).explain(_variant("media/get_any", text))
    assert verdict.indexes == ["media_pkey"]
    baseline = load_baseline()
    assert baseline is not None
    changes = shape_changes(baseline, [verdict], version)
    assert "media/get_any" in changes, verdict.shape
    assert "user_id" in changes["media/get_any"]


async def test_a_header_that_drops_its_index_is_a_declaration_change(
    plan_conn: asyncpg.Connection,
) -> None:
    text = query("media/get_live").path.read_text()
    text = text.replace("-- uses: media_pkey\n", "-- uses: none (nothing to see here)\n")
    verdict = await Engine(plan_conn).explain(_variant("media/get_live", text))
    assert verdict.status == "ok"  # the declared-index test alone lets it through
    baseline = load_baseline()
    assert baseline is not None
    assert declaration_changes(baseline, [verdict]) == [
        "declaration changed: media/get_live: was media_pkey, now none (nothing to see here)"
    ]


async def test_a_header_that_stops_the_plan_check_is_a_change(
    plan_conn: asyncpg.Connection, version: int
) -> None:
    text = query("media/get_live").path.read_text()
    text = text.replace(
        "-- uses: media_pkey\n", "-- uses: media_pkey\n-- plan: not checked (hush)\n"
    )
    verdict = await Engine(plan_conn).explain(_variant("media/get_live", text))
    assert verdict.status == "skipped"
    baseline = load_baseline()
    assert baseline is not None
    assert (
        "no longer planned: hush" in shape_changes(baseline, [verdict], version)["media/get_live"]
    )
    assert declaration_changes(baseline, [verdict]) == [
        "declaration changed: media/get_live: was media_pkey, now media_pkey; "
        "plan: not checked (hush)"
    ]


# -- the engine catches a lost index ------------------------------------------------------------


async def test_a_generic_plan_that_leaves_its_index_fails(plan_conn: asyncpg.Connection) -> None:
    # Without its `generic plan:` line the purge is judged on the plan a prepared statement
    # would settle on: not knowing the cut-off, a sequential scan of media.
    text = query("media/purge_expired").path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("-- generic plan:"))
    verdict = await Engine(plan_conn).explain(
        _variant("media/purge_expired", text.replace(line + "\n", ""))
    )
    assert verdict.status == "violation"
    assert verdict.violations, verdict
    assert all(m.startswith("media/purge_expired: generic plan: ") for m in verdict.violations), (
        verdict.violations
    )
    # The custom plan alone is fine, and with its line the query passes.
    assert "media_purge_deleted_idx" in verdict.indexes
    assert (await Engine(plan_conn).explain(query("media/purge_expired"))).status == "ok"


async def test_the_generic_plan_is_judged_by_its_own_line_when_it_has_one(
    plan_conn: asyncpg.Connection,
) -> None:
    text = query("albums/reorder_media").path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("-- generic plan:"))
    wrong = text.replace(line, "-- generic plan: uses albums_pkey (a wrong claim, on purpose)")
    verdict = await Engine(plan_conn).explain(_variant("albums/reorder_media", wrong))
    assert verdict.violations
    assert all(m.startswith("albums/reorder_media: generic plan: ") for m in verdict.violations)
    assert any("declares albums_pkey" in m for m in verdict.violations), verdict.violations
    assert verdict.generic_indexes and "albums_pkey" not in verdict.generic_indexes


async def test_a_window_query_that_stops_pruning_fails_its_partitions_line(
    plan_conn: asyncpg.Connection,
) -> None:
    # The window kept only in the select list: the plan reads every month of the user.
    name = "locations/list_live_in_window"
    text = query(name).path.read_text()
    assert "    AND recorded_at >= $2\n    AND recorded_at < $3\n" in text
    text = text.replace("    AND recorded_at >= $2\n    AND recorded_at < $3\n", "").replace(
        "SELECT\n", "SELECT\n    $2::timestamptz AS from_at,\n    $3::timestamptz AS to_at,\n", 1
    )
    verdict = await Engine(plan_conn).explain(_variant(name, text))
    assert verdict.status == "violation"
    (message,) = verdict.violations
    assert message.startswith(f"{name}: reads ")
    assert "partitions of locations but declares at most 2" in message
    # Only the cursor still prunes: every month from its on.
    assert len(verdict.partitions["locations"]) >= 10
    # The real query reads one month, or two, and names the indexes the migration made.
    real = await Engine(plan_conn).explain(query(name))
    assert real.status == "ok"
    assert 1 <= len(real.partitions["locations"]) <= 2
    assert real.indexes == ["locations_live_point_key"]
    assert "reads 1 of at most 2 partitions of locations" in real.headline() or (
        "reads 2 of at most 2 partitions of locations" in real.headline()
    )


async def test_a_plan_over_every_partition_has_the_shape_of_one(
    plan_conn: asyncpg.Connection,
) -> None:
    # get_live cannot be pruned (the id says nothing of the month): its plan probes the key of
    # every month, yet its shape is one line per way a partition is read, whatever the months.
    verdict = await Engine(plan_conn).explain(query("locations/get_live"))
    assert len(verdict.partitions["locations"]) >= 24
    assert verdict.indexes == ["locations_pkey"]
    assert verdict.shape[0] == "Append"
    assert len(verdict.shape) <= 3
    assert all("locations_2025" not in line for line in verdict.shape)


async def test_dropping_a_declared_index_fails_the_check(plan_conn: asyncpg.Connection) -> None:
    engine = Engine(plan_conn)
    q = query("media/list_live_by_sort_at")
    verdict = await engine.explain(q, without_indexes=["media_live_user_sort_idx"])
    assert verdict.status == "violation"
    assert any(
        m.startswith("media/list_live_by_sort_at: declares media_live_user_sort_idx but the plan")
        for m in verdict.violations
    ), verdict.violations
    # The drop was rolled back: the same query is fine again.
    assert (await engine.explain(q)).status == "ok"


async def test_a_sequential_scan_of_a_large_table_fails(plan_conn: asyncpg.Connection) -> None:
    # Both indexes of trashed rows gone, the only way to the oldest ones is to read all media.
    q = query("media/purge_expired")
    verdict = await Engine(plan_conn).explain(
        q, without_indexes=["media_purge_deleted_idx", "media_trash_user_deleted_idx"]
    )
    assert verdict.status == "violation"
    messages = "\n".join(verdict.violations)
    assert "media/purge_expired: declares media_purge_deleted_idx" in messages
    assert "media/purge_expired: sequential scan on large table media" in messages


async def test_explain_analyze_of_a_write_changes_nothing(plan_conn: asyncpg.Connection) -> None:
    engine = Engine(plan_conn)
    before = await engine.sampler.purge_cutoff()
    verdict = await engine.explain(query("media/purge_expired"), analyze=True)
    assert verdict.status == "ok", verdict.headline()
    plan = verdict.plan
    assert plan is not None and plan["Actual Rows"] == 0  # a DELETE returns no rows...
    assert "Execution Time" in verdict.document[0]
    rendered = render_plan(verdict.document)
    assert "actual time=" in rendered and "Buffers: shared" in rendered
    # ...and the rows it deleted are back: the newest trashed item is still the same one.
    assert await Engine(plan_conn).sampler.purge_cutoff() == before


async def test_a_new_aggregate_picks_its_parameters_from_its_header(
    plan_conn: asyncpg.Connection,
) -> None:
    # No rule in the engine knows "widgets": the header says where each value comes from.
    text = (
        "-- Widgets after a cursor.\n"
        "-- params: $1 user_id uuid, $2 after_sort_at timestamptz, $3 pivot uuid, $4 kind text\n"
        "-- uses: media_live_user_sort_idx\n"
        "-- sample: after_sort_at = sort_at, pivot = id from tooling/sample_media_points row 2\n"
        '-- sample: kind = "video"\n'
        "SELECT id FROM media WHERE user_id = $1 AND deleted_at IS NULL\n"
        "    AND (sort_at, id) < ($2, $3) AND media_type = $4\n"
        "ORDER BY sort_at DESC, id DESC LIMIT 10\n"
    )
    q = parse_query("widgets/list", Path("widgets/list.sql"), text)
    engine = Engine(plan_conn)
    verdict = await engine.explain(q)
    user = verdict.params["user_id"]
    points = await engine.sampler.rows("tooling/sample_media_points", user)
    assert verdict.params["after_sort_at"] == points[1]["sort_at"]
    assert verdict.params["pivot"] == points[1]["id"]
    assert verdict.params["kind"] == "video"


# -- every .sql file has a header and a caller --------------------------------------------------


def _sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*/*.sql"))


def test_every_sql_file_has_a_header() -> None:
    problems = []
    for path in _sql_files():
        name = f"{path.parent.name}/{path.stem}"
        try:
            parse_query(name, path, path.read_text())
        except QueryFileError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def test_every_sql_file_has_a_caller() -> None:
    sources = [
        p.read_text()
        for p in (PROJECT_ROOT / "hypernet").rglob("*.py")
        if p.name != "queries.py"  # the loader names none of them
    ]
    # A sampling query's caller is the plan engine, through the header lines that name it.
    sampling = {s.source for q in registry().values() for s in q.samples if s.source}
    missing = []
    for path in _sql_files():
        name = f"{path.parent.name}/{path.stem}"
        if name in sampling:
            continue
        literal = re.compile(r"""["']""" + re.escape(name) + r"""["']""")
        if not any(literal.search(text) for text in sources):
            missing.append(f"{path.relative_to(PROJECT_ROOT)}: no hypernet/ module names {name!r}")
    assert not missing, "\n".join(missing)


# -- the command line ---------------------------------------------------------------------------


def _run_cli(
    argv: list[str], dsn: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", dsn)
    capsys.readouterr()
    status = cli.main(argv)
    return status, capsys.readouterr().out


def test_cli_check_json_agrees_with_the_engine(
    seeded: Seeded,
    verdicts: dict[str, Verdict],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out = _run_cli(["sql", "check", "--json"], seeded.dsn, monkeypatch, capsys)
    report = json.loads(out)
    by_name = {q["name"]: q for q in report["queries"]}
    assert set(by_name) == set(QUERY_NAMES)
    for name, verdict in verdicts.items():
        assert by_name[name]["status"] == verdict.status, name
        assert by_name[name]["shape"] == verdict.shape, name
    assert report["ok"] == (status == 0)
    assert report["ok"] == (not report["violations"] and not report["shape_changes"])


def test_cli_check_reports_a_changed_plan_shape_as_a_diff(
    seeded: Seeded,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    baseline_file = tmp_path / "baseline.json"
    status, out = _run_cli(
        ["sql", "baseline", "--baseline", str(baseline_file)], seeded.dsn, monkeypatch, capsys
    )
    assert status == 0 and "wrote" in out
    recorded = json.loads(baseline_file.read_text())
    assert recorded["plans"]["media/get_live"] == [
        "Index Scan using media_pkey on media [index cond: id, user_id] [filter: deleted_at]"
    ]
    assert recorded["declared"]["media/get_live"] == "media_pkey"
    # A reviewer's view of a plan that moved: pretend the list used to read the type index.
    shape = recorded["plans"]["media/list_live_by_sort_at"]
    recorded["plans"]["media/list_live_by_sort_at"] = [
        line.replace("media_live_user_sort_idx", "media_live_user_type_sort_idx") for line in shape
    ]
    baseline_file.write_text(json.dumps(recorded))
    status, out = _run_cli(
        ["sql", "check", "--json", "--baseline", str(baseline_file)],
        seeded.dsn,
        monkeypatch,
        capsys,
    )
    assert status == 1
    changes = json.loads(out)["shape_changes"]
    assert list(changes) == ["media/list_live_by_sort_at"]
    diff = changes["media/list_live_by_sort_at"]
    assert "- " in diff and "media_live_user_type_sort_idx" in diff
    assert "+ " in diff and "media_live_user_sort_idx" in diff
    status, out = _run_cli(
        ["sql", "check", "--baseline", str(baseline_file)], seeded.dsn, monkeypatch, capsys
    )
    assert status == 1
    assert "plan shape changed: media/list_live_by_sort_at" in out
    # A declaration that moved since the baseline fails the check too, named for review.
    recorded["declared"]["media/get_live"] = "none (plain read)"
    baseline_file.write_text(json.dumps(recorded))
    status, out = _run_cli(
        ["sql", "check", "--baseline", str(baseline_file)], seeded.dsn, monkeypatch, capsys
    )
    assert status == 1
    assert "declaration changed: media/get_live: was none (plain read), now media_pkey" in out


def test_cli_explain_shows_plan_and_verdict(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _run_cli(
        ["sql", "explain", "media/get_live", "--params", '{"id": "' + str(uuid.UUID(int=1)) + '"}'],
        seeded.dsn,
        monkeypatch,
        capsys,
    )
    assert status == 0, out
    assert '$2 id = "00000000-0000-0000-0000-000000000001"' in out
    assert "Index Scan using media_pkey on media" in out
    assert "OK: uses media_pkey" in out
    status, out = _run_cli(
        ["sql", "explain", "media/get_live", "--without-index", "media_live_user_sort_idx"],
        seeded.dsn,
        monkeypatch,
        capsys,
    )
    assert status == 0, out


def test_cli_list_names_every_query(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli.main(["sql", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [q["name"] for q in listed] == QUERY_NAMES
    get_live = next(q for q in listed if q["name"] == "media/get_live")
    assert get_live["uses"] == ["media_pkey"]
    assert [p["name"] for p in get_live["params"]] == ["user_id", "id"]


# -- the seeder ---------------------------------------------------------------------------------


async def test_seeding_is_deterministic_and_reports_its_speed(
    pg_server: Server, template_db: str
) -> None:
    config = SeedConfig(users=40, scale=0.5, seed=7)
    reports: list[SeedReport] = []
    first_users: list[Any] = []
    names = [f"hn_seed_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    try:
        for name in names:
            dsn = await create_database(pg_server, name, template=template_db)
            progress = io.StringIO()
            reports.append(
                await seed_database(dsn, TEST_SETTINGS, config, progress_stream=progress)
            )
            assert "100%" in progress.getvalue()
            conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
            try:
                first_users.append(await conn.fetchval(query("tooling/first_user").sql))
                with pytest.raises(SeedError, match="--reset"):
                    await seed(conn, config, progress_stream=None)
                again = await seed(conn, config, reset=True, progress_stream=None)
                assert again.counts == reports[-1].counts
            finally:
                await conn.close()
    finally:
        for name in names:
            await drop_database(pg_server, name)
    assert reports[0].counts == reports[1].counts
    assert reports[0].counts["media"] == 40 * 100 // 2
    assert reports[0].counts["users"] == reports[0].counts["user_emails"] == 40
    assert first_users[0] == first_users[1]  # the same ids, not just the same counts
    assert reports[0].rows_per_second > 0
    assert re.search(r"seeded [\d,]+ rows \(.*\) in [\d.]+ s: [\d,]+ rows/s", reports[0].summary())


async def _index_definitions(conn: asyncpg.Connection) -> list[tuple[str, str, bool]]:
    rows = await conn.fetch(query("catalog/list_indexes").sql)
    return sorted((r["name"], r["definition"], r["invalid"]) for r in rows)


async def test_seeding_builds_again_every_index_it_dropped_for_the_load(
    pg_server: Server, template_db: str
) -> None:
    name = f"hn_seed_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    try:
        conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
        try:
            # What pg_get_indexdef does not say keeps its index in place, maintained row by row.
            await conn.execute("COMMENT ON INDEX media_live_user_sort_idx IS 'the media list'")
            before = await _index_definitions(conn)
            report = await seed(conn, SeedConfig(users=30, scale=0.3), progress_stream=None)
            assert report.indexes_built >= 20
            assert (
                await conn.fetchval(
                    "SELECT obj_description('media_live_user_sort_idx'::regclass, 'pg_class')"
                )
                == "the media list"
            )
            assert f"({report.indexes_built} indexes rebuilt)" in report.summary()
            assert await _index_definitions(conn) == before
            # Maintained row by row instead: the same rows, nothing dropped.
            again = await seed(
                conn,
                SeedConfig(users=30, scale=0.3),
                reset=True,
                rebuild_indexes=False,
                progress_stream=None,
            )
            assert again.counts == report.counts and again.indexes_built == 0
            assert await _index_definitions(conn) == before
        finally:
            await conn.close()
    finally:
        await drop_database(pg_server, name)


async def test_a_failed_seed_leaves_the_database_as_it_was(
    pg_server: Server, template_db: str
) -> None:
    name = f"hn_seed_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    try:
        conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
        try:
            before = await _index_definitions(conn)
            # A rule the seeded rows break half-way through the load (after media's indexes
            # were dropped and while rows are made ahead of the server).
            await conn.execute(
                "ALTER TABLE links ADD CONSTRAINT no_duplicates CHECK (link_type <> 'duplicate_of')"
            )
            with pytest.raises(asyncpg.CheckViolationError, match="no_duplicates"):
                await seed(conn, SeedConfig(users=40, scale=0.5), progress_stream=None)
            assert await conn.fetchval("SELECT count(*) FROM users") == 0
            assert await conn.fetchval("SELECT count(*) FROM media") == 0
            assert await _index_definitions(conn) == before
        finally:
            await conn.close()
    finally:
        await drop_database(pg_server, name)


async def test_seeded_albums_and_links_are_what_the_triggers_would_keep(
    plan_conn: asyncpg.Connection,
) -> None:
    # The seeder loads with triggers off, so it computes itself what they maintain. Counted in
    # one grouped pass: a count per album probed the owner's media through a live-row index
    # and took 15-20 s, past the statement timeout on a busy machine.
    wrong_counts = await plan_conn.fetchval(
        """
        SELECT count(*)
        FROM albums AS a
        LEFT JOIN (
            SELECT am.user_id, am.album_id, count(*) AS members
            FROM album_media AS am
            GROUP BY am.user_id, am.album_id
        ) AS c ON c.user_id = a.user_id AND c.album_id = a.id
        WHERE a.media_count <> coalesce(c.members, 0)
        """
    )
    assert wrong_counts == 0
    assert await plan_conn.fetchval("SELECT sum(media_count) FROM albums") > 10_000
    bad_covers = await plan_conn.fetchval(
        """
        SELECT count(*)
        FROM albums AS a
        LEFT JOIN media AS m ON m.user_id = a.user_id AND m.id = a.cover_media_id
        WHERE a.cover_media_id IS NOT NULL AND (m.id IS NULL OR m.deleted_at IS NOT NULL)
        """
    )
    assert bad_covers == 0
    lonely_duplicates = await plan_conn.fetchval(
        """
        SELECT count(*)
        FROM links AS l
        WHERE l.link_type = 'duplicate_of'
            AND l.deleted_at IS NULL
            AND NOT EXISTS (
                SELECT 1 FROM links AS r
                WHERE r.user_id = l.user_id
                    AND r.from_object_id = l.to_object_id
                    AND r.to_object_id = l.from_object_id
                    AND r.link_type = 'duplicate_of'
                    AND r.deleted_at IS NULL
            )
        """
    )
    assert lonely_duplicates == 0
    dangling = await plan_conn.fetchval(
        """
        SELECT count(*)
        FROM links AS l
        WHERE NOT EXISTS (
            SELECT 1 FROM media AS m WHERE m.user_id = l.user_id AND m.id = l.to_object_id
            UNION ALL
            SELECT 1 FROM albums AS a WHERE a.user_id = l.user_id AND a.id = l.to_object_id
            UNION ALL
            SELECT 1 FROM integrations AS i
            WHERE i.user_id = l.user_id AND i.id = l.to_object_id
        )
        """
    )
    assert dangling == 0
    types = dict(await plan_conn.fetch("SELECT link_type, count(*) FROM links GROUP BY 1"))
    assert set(types) == {"contains", "variant_of", "duplicate_of", "source"}
