"""`hypernet sql ...`: the performance engineer's tools over the plan engine.

- `hypernet sql list`: every named query with its description, parameters and declared indexes.
- `hypernet sql explain NAME`: the plan of one query with representative parameters, and a verdict.
- `hypernet sql check`: every query's verdict, and every plan shape that moved from the baseline.
- `hypernet sql baseline`: record the plan shapes in sql/plan_baseline.json.
- `hypernet sql stats`: the named queries by total time, from pg_stat_statements (`--reset`).
- `hypernet sql stats-export`: the planner statistics of the database as a file (no rows).

`check` and `baseline` take `--scratch`: a throwaway database on the same server, migrated and
seeded exactly as the test suite seeds its own, so the result is the one CI gets. `check` and
`explain` take `--stats FILE` (and `--scale F`): a throwaway database migrated, left empty, given
the statistics of that file, so plans are judged as they would be on the database it came from.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec

from hypernet.cli.common import fail as _fail
from hypernet.cli.common import positive, positive_number
from hypernet.cli.common import say as _print
from hypernet.core.config import Settings
from hypernet.db.queries import Query, registry


@asynccontextmanager
async def _target(settings: Settings, args: argparse.Namespace) -> AsyncIterator[Any]:
    """A connection to the database the command works on: the configured one, or a scratch
    one on the same server, migrated and seeded exactly as the test suite seeds its own."""
    from hypernet.db.pool import connection
    from hypernet.db.scratch import scratch_database
    from hypernet.db.target import database_url
    from hypernet.sqlkit.seed import SeedConfig, seed_database

    async with database_url(settings) as dsn:
        if not getattr(args, "scratch", False):
            async with connection(dsn, settings, "hypernet-sql") as conn:
                yield conn
            return
        async with scratch_database(dsn, settings, prefix="hypernet_plans") as scratch:
            report = await seed_database(scratch, settings, SeedConfig(), progress_stream=None)
            print(report.summary(), file=sys.stderr, flush=True)
            async with connection(scratch, settings, "hypernet-sql") as conn:
                yield conn


@asynccontextmanager
async def _planning_target(
    settings: Settings, args: argparse.Namespace
) -> AsyncIterator[tuple[Any, dict[str, dict[str, Any]]]]:
    """The connection plans are judged on, with the parameters to judge them with by query:
    `_target`'s, or with `--stats FILE` an empty scratch database given that file's statistics
    (times `--scale`) and the parameters the file brought along."""
    stats_file = getattr(args, "stats", None)
    if stats_file is None:
        if getattr(args, "scale", None) is not None:
            raise _Refused("--scale multiplies the sizes of a statistics file: give --stats FILE")
        async with _target(settings, args) as conn:
            yield conn, {}
        return
    from hypernet.db.pool import connection
    from hypernet.db.scratch import scratch_database
    from hypernet.db.target import database_url
    from hypernet.sqlkit.plans.statistics import (
        StatisticsError,
        exported_parameters,
        load_statistics,
        read_statistics,
    )

    if getattr(args, "scratch", False):
        raise _Refused("--stats and --scratch both say what to plan on: give one of them")
    if getattr(args, "analyze", False):
        raise _Refused("--analyze runs the query, and a --stats database holds no rows: drop one")
    try:
        document = read_statistics(Path(stats_file))
    except StatisticsError as exc:
        raise _Refused(str(exc)) from None
    async with database_url(settings) as dsn:
        async with scratch_database(dsn, settings, prefix="hypernet_stats") as scratch:
            async with connection(scratch, settings, "hypernet-sql") as conn:
                try:
                    report = await load_statistics(conn, document, scale=args.scale or 1.0)
                except StatisticsError as exc:
                    raise _Refused(str(exc)) from None
                print(report.summary(), file=sys.stderr, flush=True)
                yield conn, exported_parameters(document)


class _Refused(Exception):
    """A command that cannot run as asked: the message says why and what to do."""


# -- sql list -----------------------------------------------------------------------------------


def _describe(q: Query) -> dict[str, Any]:
    return {
        "name": q.name,
        "description": q.description,
        "params": [{"position": p.position, "name": p.name, "type": p.type} for p in q.params],
        "uses": list(q.uses),
        "uses_none_reason": q.uses_reason,
        "identifiers": list(q.identifiers),
        "path": str(q.path),
    }


async def cmd_list(settings: Settings, args: argparse.Namespace) -> int:
    queries = sorted(registry().values(), key=lambda q: q.name)
    if args.aggregate:
        queries = [q for q in queries if q.aggregate == args.aggregate]
    if args.json:
        _print(json.dumps([_describe(q) for q in queries], indent=2))
        return 0
    for q in queries:
        _print(q.name)
        _print(f"    {q.description}")
        if q.params:
            _print("    params: " + ", ".join(f"${p.position} {p.name} {p.type}" for p in q.params))
        if q.identifiers:
            _print("    identifiers: " + ", ".join(q.identifiers))
        _print("    uses:   " + (", ".join(q.uses) if q.uses else f"none ({q.uses_reason})"))
    _print(f"{len(queries)} named queries")
    return 0


# -- sql explain --------------------------------------------------------------------------------


def _show_value(value: Any) -> str:
    return json.dumps(msgspec.to_builtins(value))


async def cmd_explain(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.sqlkit.plans import Engine, PlanError, render_plan

    q = registry().get(args.name)
    if q is None:
        close = [n for n in registry() if args.name.split("/")[-1] in n]
        hint = f" (did you mean {', '.join(sorted(close)[:5])}?)" if close else ""
        return _fail(f"no named query {args.name!r}{hint}; `hypernet sql list` shows them all")
    given: Any = None
    if args.params:
        try:
            given = json.loads(args.params)
        except json.JSONDecodeError as exc:
            return _fail(f"--params is not JSON: {exc}")
        if not isinstance(given, dict | list):
            return _fail("--params takes a JSON object by name or an array by position")
    try:
        async with _planning_target(settings, args) as (conn, exported):
            try:
                from_file = exported.get(q.name)
                if from_file is not None and isinstance(given, dict):
                    given = {**from_file, **given}  # the rest as the file has them
                verdict = await Engine(conn).explain(
                    q,
                    given if given is not None else from_file,
                    analyze=args.analyze,
                    without_indexes=args.without_index or (),
                    with_indexes=args.with_index or (),
                )
            except PlanError as exc:
                return _fail(str(exc))
    except _Refused as exc:
        return _fail(str(exc))
    if args.json:
        document = verdict.to_json()
        document["plan"] = verdict.document
        _print(json.dumps(document, indent=2))
        return 0 if verdict.ok else 1
    _print(f"{q.name}: {q.description}")
    _print("declares: " + (", ".join(q.uses) if q.uses else f"none ({q.uses_reason})"))
    if args.without_index:
        _print("without:  " + ", ".join(args.without_index) + " (dropped, then rolled back)")
    for statement in args.with_index or ():
        _print(f"with:     {statement} (hypothetical: hypopg; named <oid>btree_... in the plan)")
    for position, (name, value) in enumerate(verdict.params.items(), start=1):
        _print(f"  ${position} {name} = {_show_value(value)}")
    if verdict.document is not None:
        _print()
        _print(render_plan(verdict.document))
    _print()
    _print(verdict.headline())
    hypothetical = [i for i in verdict.indexes if i.startswith("<")]
    if hypothetical:
        _print(
            f"the plan uses the hypothetical {', '.join(hypothetical)}: to keep it, build it in "
            "a migration and name it in the query's `uses:` line"
        )
    if verdict.generic_indexes is not None:
        _print(
            "generic plan (what a prepared statement settles on) uses: "
            + (", ".join(verdict.generic_indexes) or "(no index)")
        )
    elif q.generic_unchecked:
        _print(f"generic plan: not checked ({q.generic_reason})")
    return 0 if verdict.ok else 1


# -- sql check and baseline ---------------------------------------------------------------------


async def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.sqlkit.plans import (
        Engine,
        PlanError,
        budget_violations,
        declaration_changes,
        load_baseline,
        server_version,
        shape_changes,
    )

    path = Path(args.baseline)
    try:
        async with _planning_target(settings, args) as (conn, exported):
            version = await server_version(conn)
            verdicts = await Engine(conn).check(params=exported, analyze=args.analyze)
    except _Refused as exc:
        return _fail(str(exc))
    except PlanError as exc:
        return _fail(str(exc))
    # The baseline holds the seeded dataset's shapes: statistics of another database, or of any
    # at another size, are judged by their declarations alone.
    compare = not args.no_baseline and not args.stats
    baseline = load_baseline(path) if compare else None
    changes = shape_changes(baseline, verdicts, version) if baseline else {}
    declarations = declaration_changes(baseline, verdicts) if baseline else []
    budgets = budget_violations(baseline, verdicts, version, registry()) if args.analyze else []
    unmeasured = bool(args.analyze and (baseline is None or str(version) not in baseline.measured))
    bad = [v for v in verdicts if not v.ok]
    if args.json:
        _print(
            json.dumps(
                {
                    "ok": not bad and not changes and not declarations and not budgets,
                    "server_version": version,
                    "baseline": None if baseline is None else str(path),
                    "violations": [m for v in bad for m in (v.violations or [str(v.reason)])],
                    "shape_changes": changes,
                    "declaration_changes": declarations,
                    "budget_violations": budgets,
                    "queries": [v.to_json() for v in verdicts],
                },
                indent=2,
            )
        )
        return 1 if bad or changes or declarations or budgets else 0
    width = max(len(v.name) for v in verdicts)
    for v in verdicts:
        if v.status == "ok":
            measured = "" if v.buffers is None else f"  [{v.buffers:,} buffers, {v.rows:,} rows]"
            _print(
                f"ok         {v.name:<{width}}  {', '.join(v.indexes) or '(no index)'}{measured}"
            )
        elif v.status == "skipped":
            if args.verbose:
                _print(f"skipped    {v.name:<{width}}  {v.reason}")
        elif v.status == "error":
            _print(f"ERROR      {v.name:<{width}}  {v.reason}")
        else:
            _print(f"VIOLATION  {v.name}")
            for message in v.violations:
                _print(f"    {message}")
            if v.hint:
                _print(f"    hint: {v.hint}")
    if args.stats:
        _print("\nplan shapes not compared with the baseline (the seeded dataset's), only judged")
    elif baseline is None and not args.no_baseline:
        _print(f"\nno baseline at {path}: run `hypernet sql baseline` to record one")
    for name, diff in changes.items():
        _print(f"\nplan shape changed: {name} (- baseline, + now)")
        _print(diff)
    if declarations:
        _print()
    for line in declarations:
        _print(line)
    if budgets:
        _print()
    for line in budgets:
        _print(f"OVER BUDGET  {line}")
    if budgets:
        _print(
            "if the figures moved on purpose (a plan changed), record them: "
            "hypernet sql baseline --scratch --analyze"
        )
    if unmeasured and compare:
        _print(
            f"\nthe baseline has no buffer figures for PostgreSQL {version}: record them with "
            "`hypernet sql baseline --analyze`"
        )
    counts = {s: sum(1 for v in verdicts if v.status == s) for s in ("ok", "skipped")}
    _print(
        f"\n{len(verdicts)} queries on PostgreSQL {version}: {counts['ok']} ok, "
        f"{len(bad)} with problems, {counts['skipped']} skipped; "
        f"{len(changes)} plan shapes and {len(declarations)} declarations differ from the baseline"
        + (f"; {len(budgets)} queries over their buffer budget" if args.analyze else "")
    )
    if (changes or declarations) and not bad:
        _print("if the changes are intended, record them: hypernet sql baseline")
    return 1 if bad or changes or declarations or budgets else 0


async def cmd_baseline(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.sqlkit.plans import Engine, load_baseline, record_baseline, server_version
    from hypernet.sqlkit.seed import DEFAULT_SCALE, DEFAULT_SEED, DEFAULT_USERS

    path = Path(args.baseline)
    async with _target(settings, args) as conn:
        version = await server_version(conn)
        verdicts = await Engine(conn).check(analyze=args.analyze)
    failed = [v for v in verdicts if v.status == "error"]
    if failed:
        # A query that could not be planned has no shape: recording now would drop it.
        for v in failed:
            _print(f"ERROR      {v.name}  {v.reason}")
        return _fail(f"{len(failed)} queries could not be planned; {path} is left as it was")
    dataset = {
        "seeded_with": (
            f"hypernet seed --users {DEFAULT_USERS} --scale {DEFAULT_SCALE:g} --seed {DEFAULT_SEED}"
        ),
        "note": "the test suite seeds exactly this; `hypernet sql baseline --scratch` does too",
    }
    baseline = record_baseline(verdicts, version, load_baseline(path), dataset)
    path.write_text(json.dumps(baseline.to_json(), indent=2) + "\n")  # noqa: ASYNC240 - one small file
    recorded = len(baseline.plans)
    measured = len(baseline.measured.get(str(version), {})) if args.analyze else 0
    _print(
        f"wrote {path}: {recorded} plan shapes from PostgreSQL {version}"
        + (f", and the buffers and rows of {measured} queries" if args.analyze else "")
    )
    bad = [v for v in verdicts if not v.ok]
    for v in bad:
        for message in v.violations or [str(v.reason)]:
            _print(f"warning: {message}")
    return 0


# -- sql stats ----------------------------------------------------------------------------------


async def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.sqlkit import query_stats

    async with _target(settings, args) as conn:
        try:
            if args.reset:
                await query_stats.reset(conn)
                _print("pg_stat_statements: the statistics of this database are reset")
                return 0
            stats = await query_stats.named_query_stats(conn, args.limit)
        except query_stats.StatsUnavailable as exc:
            return _fail(str(exc))
    if args.json:
        _print(json.dumps([msgspec.to_builtins(s) for s in stats], indent=2))
    else:
        _print(query_stats.render(stats))
    return 0


async def cmd_stats_export(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.sqlkit.plans.statistics import export_statistics

    async with _target(settings, args) as conn:
        document = await export_statistics(conn, redact=args.redact)
    text = json.dumps(document, indent=1) + "\n"
    if args.output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            Path(args.output).write_text(text)  # noqa: ASYNC240 - one file, written once
        except OSError as exc:
            return _fail(f"cannot write {args.output}: {exc}")
    what = (
        "sizes and column statistics, sampled values left out"
        if args.redact
        else (
            "sizes, column statistics (with their sampled values) and the parameters of "
            f"{len(document['parameters'] or {})} queries"
        )
    )
    print(
        f"exported the planner statistics of {len(document['relations'])} relations and "
        f"{len(document['columns'])} columns ({what}) from PostgreSQL "
        f"{document['server_version']}"
        + ("" if args.output in (None, "-") else f" to {args.output}"),
        file=sys.stderr,
        flush=True,
    )
    return 0


# -- sql index-health -----------------------------------------------------------------------------


async def cmd_index_health(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.target import connected
    from hypernet.sqlkit.index_health import inspect

    async with connected(settings, "hypernet-sql") as conn:
        report = await inspect(conn)
    if args.json:
        print(json.dumps(report.to_json(), indent=2), flush=True)
    else:
        for finding in report.findings:
            print(finding.render(), flush=True)
        if report.findings:
            print(flush=True)
        print(report.summary(), flush=True)
    return 0 if report.ok else 1


def _register_index_health(sql_subparsers: Any) -> None:
    from hypernet.sqlkit.index_health import CHECKS

    checks = "\n".join(f"  {name}: {text}" for name, text in CHECKS.items())
    p = sql_subparsers.add_parser(
        "index-health",
        help="static checks of indexes and constraints; exit 1 on any finding",
        description=textwrap.fill(
            "Check the current database's indexes and constraints; each finding says what is "
            "wrong and what to do. Every index must be declared by a named query's `uses:` (or "
            "`trigger uses:`) line, enforce a constraint, or be what a foreign key relies on.",
            width=78,
        )
        + f"\n\nchecks:\n{checks}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="machine-readable output for CI")
    p.set_defaults(func=cmd_index_health)


# -- wiring -------------------------------------------------------------------------------------


def register(sub: Any) -> None:
    """Add `sql` to the `hypernet` command line."""
    from hypernet.sqlkit.plans import BASELINE_PATH

    sql = sub.add_parser("sql", help="named SQL: list, explain, check plans, record baselines")
    sqlsub = sql.add_subparsers(dest="sql_command", required=True)
    _register_index_health(sqlsub)

    p = sqlsub.add_parser("list", help="every named query: description, parameters, indexes")
    p.add_argument("--aggregate", help="only this aggregate (media, users, ...)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sqlsub.add_parser(
        "explain",
        help="the plan of one named query, with a verdict on its declared indexes",
        description="EXPLAIN one named query on the current database. Parameters not given are "
        "picked from the data: a heavy user, a cursor half-way through that user's list, ...",
    )
    p.add_argument("name", help="aggregate/query, e.g. media/list_live_by_sort_at")
    p.add_argument(
        "--params",
        metavar="JSON",
        help="parameters as a JSON object by name ('{\"lim\": 10}'; the rest are "
        "picked) or an array by position",
    )
    p.add_argument(
        "--analyze",
        action="store_true",
        help="run it (EXPLAIN ANALYZE, BUFFERS, TIMING) in a transaction rolled back",
    )
    p.add_argument(
        "--without-index",
        action="append",
        metavar="INDEX",
        help="the plan if this index did not exist (dropped in a transaction that is "
        "rolled back; locks the table meanwhile: not for a busy server); repeatable",
    )
    p.add_argument(
        "--with-index",
        action="append",
        metavar="CREATE_INDEX",
        help="the plan if this index existed: a CREATE INDEX statement made hypothetical by "
        "the hypopg extension (nothing is built; needs hypopg on the server, e.g. Debian's "
        "postgresql-15-hypopg); repeatable",
    )
    p.add_argument("--json", action="store_true", help="the verdict and raw JSON plan")
    _add_stats_options(p)
    p.set_defaults(func=cmd_explain)

    for name, func, text in (
        (
            "check",
            cmd_check,
            "every query's plan against its declared indexes and the baseline; exit 1 on a problem",
        ),
        ("baseline", cmd_baseline, f"record every query's plan shape in {BASELINE_PATH.name}"),
    ):
        p = sqlsub.add_parser(name, help=text, description=text)
        p.add_argument(
            "--baseline",
            default=str(BASELINE_PATH),
            metavar="FILE",
            help="the baseline file (default sql/plan_baseline.json)",
        )
        p.add_argument(
            "--scratch",
            action="store_true",
            help="work on a throwaway database on the same server, migrated and "
            "seeded with the defaults (what the test suite does)",
        )
        p.add_argument(
            "--analyze",
            action="store_true",
            help="also run each query once (rolled back) and "
            + (
                "hold the buffers it touches to the baseline's figure (at most twice, or the "
                "header's `budget: growth <= F`) and to its `budget: buffers <= N`"
                if name == "check"
                else "record the buffers it touches and the rows it returns"
            )
            + ". Reads first, then every write, each in a transaction rolled back (which "
            "still takes row locks and leaves dead row versions): for a scratch or test "
            "database, not a busy server",
        )
        if name == "check":
            p.add_argument("--json", action="store_true", help="machine-readable output for CI")
            p.add_argument(
                "--no-baseline",
                action="store_true",
                help="judge indexes only; do not compare plan shapes",
            )
            p.add_argument(
                "-v",
                "--verbose",
                action="store_true",
                help="also list the skipped statements and why",
            )
            _add_stats_options(p)
        p.set_defaults(func=func)

    p = sqlsub.add_parser(
        "stats-export",
        help="write the planner statistics of the database as JSON (sizes and pg_stats, no rows)",
        description="Write what the planner knows of the configured database (per table, "
        "partition and index: relpages, reltuples, relallvisible; per column: its pg_stats "
        "row) and the parameters the plan engine picks on it, as JSON, for `hypernet sql check "
        "--stats FILE`. No row is copied, but pg_stats samples values: most_common_vals, "
        "histogram_bounds, most_common_elems and range_bounds_histogram hold values read "
        "from the rows, and the picked parameters are ids and times of rows; --redact leaves "
        "all of them out.",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument(
        "--redact",
        action="store_true",
        help="leave out every value read from the rows (most common values, histograms, "
        "the sampled parameters); plans are then made for an average user",
    )
    p.add_argument(
        "--scratch",
        action="store_true",
        help="export from a throwaway database seeded with the defaults (what the tests use)",
    )
    p.set_defaults(func=cmd_stats_export)

    p = sqlsub.add_parser(
        "stats",
        help="the named queries by total time, calls, mean time and rows (pg_stat_statements)",
        description="What the server measured for each named query in this database, from "
        "pg_stat_statements (which the embedded server loads), most total time first.",
    )
    p.add_argument("--limit", type=positive, default=None, metavar="N", help="only the first N")
    p.add_argument(
        "--reset", action="store_true", help="forget the statistics of this database and start over"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_stats)


def _add_stats_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--stats",
        metavar="FILE",
        help="judge plans on an empty scratch database given the statistics of this file "
        "(from `hypernet sql stats-export`; needs PostgreSQL 18 on this machine)",
    )
    p.add_argument(
        "--scale",
        type=positive_number,
        metavar="F",
        help="with --stats: multiply every table's and index's size (rows and pages) by F, "
        "to ask what the plans are at F times the size; column statistics stay as exported "
        "(a distinct count that grows with the table, stored as a fraction, grows with it)",
    )
