"""The plan engine: EXPLAIN every named query with representative parameters and judge the plan.

A query's header declares the index or indexes it relies on (`uses:`; `a | b` where either is
right, say two indexes the planner costs the same). The engine picks parameters from the data (a
heavy user, a cursor half-way through that user's list, a rare camera, ...), runs `EXPLAIN (FORMAT
JSON)` on the query exactly as the application sends it, walks the plan tree and gives a verdict:
the plan must use every declared index, and must not scan a large table sequentially. `hypernet sql
explain`, `hypernet sql check` and the test suite all call this module, so what a developer sees
and what CI enforces never differ.

The plan *shape* (node types, index and relation names, join order; no costs, no row counts) is
what the committed baseline records: a change of shape is reported as a diff for review.

Parameters are bound, so each plan is the custom plan PostgreSQL makes for those values (what a
prepared statement gets on its first executions). A parameter is picked by its name through
`RULES` (and `AGGREGATE_RULES` where a name means different things per aggregate), else by its
type; a new aggregate adds a rule with the `@rule("album_id")` decorator when its parameters need
values from the data.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import asyncpg
import msgspec

from hypernet.core.config import SQL_DIR
from hypernet.db.queries import Query, registry

# A table with at least this many rows (by the planner's estimate) must not be read in full.
LARGE_TABLE_ROWS = 10_000
BASELINE_PATH = SQL_DIR / "plan_baseline.json"
# Soft-deleted rows older than this are purged; the purge is checked at that cut-off.
RETENTION = timedelta(days=30)
DEFAULT_LIMIT = 50
DEFAULT_BATCH_SIZE = 1000

# Aggregates whose statements are not the application's data access: catalog reads and the
# migration runner's own bookkeeping (advisory locks, settings, a table of a handful of rows).
SKIPPED_AGGREGATES: dict[str, str] = {
    "catalog": "catalog query or utility statement (system tables, not application data)",
    "migrations": "migration runner bookkeeping (advisory locks, settings, a tiny table)",
}
# Statements EXPLAIN accepts; anything else (DDL, ANALYZE, TRUNCATE, ...) is a utility statement.
_EXPLAINABLE = {"select", "insert", "update", "delete", "with", "values", "table", "merge"}

# Aggregates checked like any other but left out of the baseline: the tooling's own sampling
# queries read whole lists of one user, where index-only versus bitmap scan is a close call
# that moves with the data, and no application request waits on them.
UNBASELINED_AGGREGATES = frozenset({"tooling"})

_EXPLAIN = "EXPLAIN (FORMAT JSON) "
_EXPLAIN_ANALYZE = "EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS, TIMING) "

_SERVER_VERSION = "catalog/server_version"
_TABLE_ROWS = "catalog/table_row_estimates"
_DROP_INDEX = "tooling/drop_index"
_HEAVY_OWNERS = "tooling/sample_heavy_owners"
_FIRST_USER = "tooling/first_user"
_MEDIA_POINTS = "tooling/sample_media_points"
_MEDIA_TRASH_POINT = "tooling/sample_media_trash_point"
_RARE_CAMERA = "tooling/sample_media_rare_camera"
_USER_EMAIL = "tooling/sample_user_email"
_NEWEST_DELETION = "tooling/sample_media_newest_deletion"
_ALBUM_POINTS = "tooling/sample_album_points"
_ALBUM_TRASH_POINT = "tooling/sample_album_trash_point"
_LARGEST_ALBUM = "tooling/sample_largest_album"
_ALBUM_MEMBERS = "tooling/sample_album_members"
_LINK = "tooling/sample_link"
_MOST_LINKED = "tooling/sample_most_linked_object"
_AUDIT_POINT = "tooling/sample_audit_point"
# Aggregates not named after their table.
_AGGREGATE_TABLES = {"audit": "audit_log"}

Status = Literal["ok", "violation", "skipped", "error"]


class PlanError(Exception):
    """A plan could not be made: unknown query, bad --params, an index that cannot be dropped."""


class _Rollback(Exception):
    """Raised inside a transaction only to roll it back."""


# -- reading plans ------------------------------------------------------------------------------


def walk(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every node of a plan tree, parents before children, children in plan order."""
    yield node
    for child in node.get("Plans", ()):
        yield from walk(child)


def root_node(explained: Any) -> Mapping[str, Any]:
    """The top plan node of `EXPLAIN (FORMAT JSON)` output (a one-element list)."""
    document = json.loads(explained) if isinstance(explained, str) else explained
    return document[0]["Plan"]


def indexes_used(plan: Mapping[str, Any]) -> list[str]:
    """Index names the plan reads (index, index-only and bitmap index scans) or uses as the
    arbiter of ON CONFLICT, in plan order, each once."""
    seen: dict[str, None] = {}
    for node in walk(plan):
        name = node.get("Index Name")
        if name:
            seen[name] = None
        for arbiter in node.get("Conflict Arbiter Indexes", ()):
            seen[arbiter] = None
    return list(seen)


def seq_scanned(plan: Mapping[str, Any]) -> list[str]:
    """Tables the plan reads with a sequential scan, in plan order, each once."""
    seen: dict[str, None] = {}
    for node in walk(plan):
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name"):
            seen[node["Relation Name"]] = None
    return list(seen)


_AGGREGATE_NAMES = {
    "Plain": "Aggregate",
    "Sorted": "GroupAggregate",
    "Hashed": "HashAggregate",
    "Mixed": "MixedAggregate",
}


def node_label(node: Mapping[str, Any]) -> str:
    """One node as PostgreSQL's text EXPLAIN names it, without costs: `Index Scan Backward using
    media_live_user_sort_idx on media`, `Hash Semi Join`, `Insert on media`."""
    kind = str(node.get("Node Type", "?"))
    if kind == "Aggregate":
        kind = _AGGREGATE_NAMES.get(str(node.get("Strategy")), kind)
    elif kind == "ModifyTable":
        kind = str(node.get("Operation", kind))
    elif kind in ("Nested Loop", "Hash Join", "Merge Join"):
        join = node.get("Join Type", "Inner")
        if join != "Inner":
            kind = f"{kind} {join} Join" if kind == "Nested Loop" else f"{kind[:-5]} {join} Join"
    elif kind == "SetOp":
        kind = f"{node.get('Strategy', '')} SetOp {node.get('Command', '')}".strip()
    parts = [kind]
    if node.get("Scan Direction") == "Backward":
        parts.append("Backward")
    if kind == "Bitmap Index Scan":
        parts.append(f"on {node.get('Index Name')}")
    else:
        if node.get("Index Name"):
            parts.append(f"using {node['Index Name']}")
        target = (
            node.get("Relation Name")
            or node.get("CTE Name")
            or node.get("Function Name")
            or (node.get("Alias") if kind in ("Subquery Scan", "Values Scan") else None)
        )
        if target:
            parts.append(f"on {target}")
            alias = node.get("Alias")
            if alias and alias != target and kind not in ("Subquery Scan", "Values Scan"):
                parts.append(str(alias))
    arbiters = node.get("Conflict Arbiter Indexes")
    if arbiters:
        parts.append(f"(arbiter {', '.join(arbiters)})")
    relationship = node.get("Parent Relationship")
    prefix = f"{relationship}: " if relationship in ("InitPlan", "SubPlan") else ""
    return prefix + " ".join(parts)


def plan_shape(plan: Mapping[str, Any]) -> list[str]:
    """The plan as indented labels, one node a line: what the baseline records and diffs."""
    lines: list[str] = []

    def visit(node: Mapping[str, Any], depth: int) -> None:
        lines.append("  " * depth + node_label(node))
        children = node.get("Plans", ())
        if node.get("Node Type") in ("BitmapAnd", "BitmapOr"):
            # The order of the index scans of a bitmap combination is a cost detail.
            children = sorted(children, key=node_label)
        for child in children:
            if _version_noise(node, child):
                for grandchild in child.get("Plans", ()):
                    visit(grandchild, depth + 1)
            else:
                visit(child, depth + 1)

    visit(plan, 0)
    return lines


def _version_noise(parent: Mapping[str, Any], child: Mapping[str, Any]) -> bool:
    """A node that one supported server version plans and another does not, for the same work;
    the shape shows what is below it in its place.

    - PostgreSQL 16 and later sort the input of an ordered aggregate (`array_agg(x ORDER BY y)`)
      in a Sort node of the plan; 15 sorts inside the Aggregate. A plain (ungrouped) Aggregate
      has no other reason for a Sort below it.
    - Memoize is a cache in front of the inner side of a nested loop; whether it pays is costed
      differently from version to version. The scan it caches is what the baseline guards.
    """
    if child.get("Node Type") == "Memoize":
        return True
    return (
        child.get("Node Type") == "Sort"
        and parent.get("Node Type") == "Aggregate"
        and parent.get("Strategy") == "Plain"
    )


def scan_summary(plan: Mapping[str, Any]) -> str:
    """The nodes that read tables or indexes, for a violation message."""
    scans = [
        node_label(n)
        for n in walk(plan)
        if "Relation Name" in n or "Index Name" in n or n.get("Node Type") == "Function Scan"
    ]
    return "; ".join(scans) or node_label(plan)


# -- rendering for people -----------------------------------------------------------------------

_DETAIL_KEYS = (
    "Index Cond",
    "Recheck Cond",
    "Hash Cond",
    "Merge Cond",
    "Join Filter",
    "Filter",
    "Rows Removed by Join Filter",
    "Rows Removed by Filter",
    "Rows Removed by Index Recheck",
    "Heap Fetches",
    "Sort Key",
    "Presorted Key",
    "Group Key",
    "Cache Key",
    "Conflict Resolution",
    "One-Time Filter",
)


def _cost(node: Mapping[str, Any]) -> str:
    text = (
        f"(cost={node.get('Startup Cost', 0):.2f}..{node.get('Total Cost', 0):.2f} "
        f"rows={node.get('Plan Rows', 0)} width={node.get('Plan Width', 0)})"
    )
    if "Actual Total Time" in node or "Actual Rows" in node:
        if node.get("Actual Loops", 1) == 0:
            text += " (never executed)"
        else:
            timing = (
                f"time={node['Actual Startup Time']:.3f}..{node['Actual Total Time']:.3f} "
                if "Actual Total Time" in node
                else ""
            )
            rows = node.get("Actual Rows", 0)
            rows_text = f"{rows:.2f}" if isinstance(rows, float) and rows % 1 else f"{rows:.0f}"
            text += f" (actual {timing}rows={rows_text} loops={node.get('Actual Loops', 1)})"
    return text


def _buffers(node: Mapping[str, Any]) -> str | None:
    parts = []
    for key, label in (
        ("Shared Hit Blocks", "hit"),
        ("Shared Read Blocks", "read"),
        ("Shared Dirtied Blocks", "dirtied"),
        ("Shared Written Blocks", "written"),
    ):
        if node.get(key):
            parts.append(f"{label}={node[key]}")
    if not parts:
        return None
    return "shared " + " ".join(parts)


def render_plan(document: Any) -> str:
    """`EXPLAIN (FORMAT JSON)` output as text close to PostgreSQL's own, with timings and buffers
    when the plan was executed."""
    top = (json.loads(document) if isinstance(document, str) else document)[0]
    out: list[str] = []

    def visit(node: Mapping[str, Any], depth: int) -> None:
        pad = "" if depth == 0 else "      " * (depth - 1) + "  ->  "
        detail_pad = "  " if depth == 0 else "      " * depth + "  "
        out.append(f"{pad}{node_label(node)}  {_cost(node)}")
        for key in _DETAIL_KEYS:
            value = node.get(key)
            if value in (None, [], 0) and key.startswith(("Rows Removed", "Heap Fetches")):
                continue
            if value is None:
                continue
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            out.append(f"{detail_pad}{key}: {value}")
        if node.get("Sort Method"):
            out.append(
                f"{detail_pad}Sort Method: {node['Sort Method']}  "
                f"{node.get('Sort Space Type', '')}: {node.get('Sort Space Used', '')}kB"
            )
        if node.get("Exact Heap Blocks") or node.get("Lossy Heap Blocks"):
            out.append(
                f"{detail_pad}Heap Blocks: exact={node.get('Exact Heap Blocks', 0)} "
                f"lossy={node.get('Lossy Heap Blocks', 0)}"
            )
        buffers = _buffers(node)
        if buffers:
            out.append(f"{detail_pad}Buffers: {buffers}")
        for child in node.get("Plans", ()):
            visit(child, depth + 1)

    visit(top["Plan"], 0)
    if "Planning Time" in top:
        out.append(f"Planning Time: {top['Planning Time']:.3f} ms")
    for trigger in top.get("Triggers", ()):
        out.append(
            f"Trigger {trigger.get('Trigger Name')}: time={trigger.get('Time', 0):.3f} "
            f"calls={trigger.get('Calls', 0)}"
        )
    if "Execution Time" in top:
        out.append(f"Execution Time: {top['Execution Time']:.3f} ms")
    return "\n".join(out)


# -- verdicts -----------------------------------------------------------------------------------


def skip_reason(q: Query) -> str | None:
    """Why a named query is not EXPLAINed, or None when it is."""
    if q.aggregate in SKIPPED_AGGREGATES:
        return SKIPPED_AGGREGATES[q.aggregate]
    if q.identifiers:
        return "takes identifiers ({}), so it is a utility statement".format(
            ", ".join(q.identifiers)
        )
    keyword = _first_keyword(q.body)
    if keyword not in _EXPLAINABLE:
        return f"utility statement ({keyword.upper()}) that EXPLAIN does not accept"
    return None


def _first_keyword(body: str) -> str:
    text = re.sub(r"--[^\n]*", " ", body)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    match = re.search(r"[A-Za-z]+", text)
    return match.group(0).lower() if match else ""


def alternatives(entry: str) -> list[str]:
    """The indexes one `uses:` entry accepts: `a | b` when the planner may rightly pick either
    (equal costs, or a choice that depends on the data), the plan must use one of them."""
    return [name.strip() for name in entry.split("|") if name.strip()]


def judge(
    q: Query,
    plan: Mapping[str, Any],
    table_rows: Mapping[str, int],
    large_table_rows: int = LARGE_TABLE_ROWS,
) -> list[str]:
    """What is wrong with a plan, each as one message naming the query; empty when nothing is."""
    problems: list[str] = []
    used = set(indexes_used(plan))
    summary = scan_summary(plan)
    for entry in q.uses:
        choices = alternatives(entry)
        if used.isdisjoint(choices):
            missed = (
                f"{choices[0]} but the plan does not use it"
                if len(choices) == 1
                else f"{' | '.join(choices)} but the plan uses none of them"
            )
            problems.append(f"{q.name}: declares {missed} (plan: {summary})")
    for table in seq_scanned(plan):
        rows = table_rows.get(table, 0)
        if rows >= large_table_rows:
            problems.append(
                f"{q.name}: sequential scan on large table {table} (~{rows:,} rows) "
                f"(plan: {summary})"
            )
    return problems


def small_data_hint(
    plan: Mapping[str, Any], table_rows: Mapping[str, int], large_table_rows: int = LARGE_TABLE_ROWS
) -> str | None:
    """Why a missed index may say more about the data than the query: every table is small."""
    tables = _tables(plan)
    if not tables or any(table_rows.get(t, 0) >= large_table_rows for t in tables):
        return None
    sizes = ", ".join(f"{t} ~{table_rows.get(t, 0):,} rows" for t in tables)
    return (
        f"every table this plan reads is small ({sizes}): on so little data a scan is the "
        "planner's right choice. Judge plans on realistic data: hypernet seed"
    )


def _tables(plan: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(n["Relation Name"] for n in walk(plan) if "Relation Name" in n))


@dataclass
class Verdict:
    """One query's plan and what the engine makes of it."""

    name: str
    status: Status
    reason: str | None = None
    violations: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    indexes: list[str] = field(default_factory=list)
    seq_scans: list[str] = field(default_factory=list)
    shape: list[str] = field(default_factory=list)
    document: Any = None
    declared: list[str] = field(default_factory=list)
    hint: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "skipped")

    @property
    def plan(self) -> Mapping[str, Any] | None:
        return None if self.document is None else root_node(self.document)

    def headline(self) -> str:
        if self.status == "ok":
            if not self.declared:
                return "OK: no sequential scan of a large table (the query declares no index)"
            chosen = [
                next((i for i in alternatives(entry) if i in self.indexes), entry)
                for entry in self.declared
            ]
            return f"OK: uses {', '.join(chosen)}; no sequential scan of a large table"
        if self.status == "skipped":
            return f"skipped: {self.reason}"
        if self.status == "error":
            return f"ERROR: {self.reason}"
        lines = ["VIOLATION:", *(f"  {v}" for v in self.violations)]
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "declared": self.declared,
            "violations": self.violations,
            "hint": self.hint,
            "indexes": self.indexes,
            "seq_scans": self.seq_scans,
            "params": msgspec.to_builtins(self.params),
            "shape": self.shape,
        }


# -- representative parameters ------------------------------------------------------------------


class Sampler:
    """Facts about the data that parameters are picked from, each read once (named tooling
    queries), and None where the data has nothing to offer (an empty database)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self._cache: dict[tuple[Any, ...], Any] = {}

    async def _once(self, key: tuple[Any, ...], make: Callable[[], Awaitable[Any]]) -> Any:
        if key not in self._cache:
            try:
                self._cache[key] = await make()
            except asyncpg.PostgresError:
                # A table another migration has not created yet, say: no fact, fall back.
                self._cache[key] = None
        return self._cache[key]

    async def _fetch(self, name: str, *args: Any) -> list[asyncpg.Record]:
        return list(await self.conn.fetch(registry()[name].sql, *args))

    async def heavy_user(self, table: str) -> uuid.UUID | None:
        """The heaviest owner of rows in `table`, else of media, else any user."""

        async def make() -> uuid.UUID | None:
            for candidate in dict.fromkeys((table, "media")):
                rows = await self._fetch(_HEAVY_OWNERS, candidate)
                if rows and rows[0]["user_ids"]:
                    return uuid.UUID(str(rows[0]["user_ids"][0]))
            rows = await self._fetch(_FIRST_USER)
            return rows[0]["id"] if rows else None

        result: uuid.UUID | None = await self._once(("heavy_user", table), make)
        return result

    async def media_points(self, user: uuid.UUID) -> list[asyncpg.Record]:
        """A quarter, half and three quarters of the way through the user's live media."""
        result = await self._once(("media_points", user), lambda: self._fetch(_MEDIA_POINTS, user))
        return list(result or [])

    async def trash_point(self, user: uuid.UUID) -> asyncpg.Record | None:
        rows = await self._once(
            ("trash_point", user), lambda: self._fetch(_MEDIA_TRASH_POINT, user)
        )
        return rows[0] if rows else None

    async def rare_camera(self, user: uuid.UUID) -> str | None:
        rows = await self._once(("rare_camera", user), lambda: self._fetch(_RARE_CAMERA, user))
        return str(rows[0]["camera"]) if rows else None

    async def email(self, user: uuid.UUID) -> str | None:
        rows = await self._once(("email", user), lambda: self._fetch(_USER_EMAIL, user))
        return str(rows[0]["email_lower"]) if rows else None

    async def _first(self, name: str, *args: Any) -> asyncpg.Record | None:
        rows = await self._once((name, *args), lambda: self._fetch(name, *args))
        return rows[0] if rows else None

    async def album_points(self, user: uuid.UUID) -> list[asyncpg.Record]:
        """A quarter, half and three quarters of the way through the user's live albums."""
        result = await self._once((_ALBUM_POINTS, user), lambda: self._fetch(_ALBUM_POINTS, user))
        return list(result or [])

    async def album_trash_point(self, user: uuid.UUID) -> asyncpg.Record | None:
        return await self._first(_ALBUM_TRASH_POINT, user)

    async def largest_album(self, user: uuid.UUID) -> uuid.UUID | None:
        row = await self._first(_LARGEST_ALBUM, user)
        return None if row is None else row["id"]

    async def album_members(self, user: uuid.UUID) -> list[asyncpg.Record]:
        """A quarter, half and three quarters of the way through the user's largest album."""
        album = await self.largest_album(user)
        if album is None:
            return []
        result = await self._once(
            (_ALBUM_MEMBERS, user, album), lambda: self._fetch(_ALBUM_MEMBERS, user, album)
        )
        return list(result or [])

    async def link(self, user: uuid.UUID) -> uuid.UUID | None:
        row = await self._first(_LINK, user)
        return None if row is None else row["id"]

    async def most_linked_object(self, user: uuid.UUID) -> uuid.UUID | None:
        row = await self._first(_MOST_LINKED, user)
        return None if row is None else row["id"]

    async def audit_point(self, user: uuid.UUID) -> asyncpg.Record | None:
        return await self._first(_AUDIT_POINT, user)

    async def purge_cutoff(self) -> datetime | None:
        rows = await self._once(("newest_deletion",), lambda: self._fetch(_NEWEST_DELETION))
        newest = rows[0]["deleted_at"] if rows else None
        return None if newest is None else newest - RETENTION


_MISSING: Any = object()


@dataclass
class ParamContext:
    """What a parameter rule sees: the query, the parameter, the data, and the user picked."""

    query: Query
    name: str
    pg_type: str
    sampler: Sampler
    user: uuid.UUID | None

    def has_param(self, name: str) -> bool:
        return any(p.name == name for p in self.query.params)

    async def point(self, index: int) -> asyncpg.Record | None:
        if self.user is None:
            return None
        points = await self.sampler.media_points(self.user)
        if not points:
            return None
        return points[min(index, len(points) - 1)]


Rule = Callable[[ParamContext], Awaitable[Any]]
# Parameter name -> how to pick a representative value. A rule returns _MISSING to fall back to
# the value by type. Another aggregate adds its own with `rule("album_id")` and friends.
RULES: dict[str, Rule] = {}
# (aggregate, parameter name) -> rule, where one name means different things per aggregate.
AGGREGATE_RULES: dict[tuple[str, str], Rule] = {}


def rule(name: str, aggregate: str | None = None) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if aggregate is None:
            RULES[name] = fn
        else:
            AGGREGATE_RULES[(aggregate, name)] = fn
        return fn

    return register


@rule("user_id")
async def _user_id(ctx: ParamContext) -> Any:
    return ctx.user if ctx.user is not None else _MISSING


@rule("id", aggregate="users")
async def _users_id(ctx: ParamContext) -> Any:
    return ctx.user if ctx.user is not None else _MISSING


@rule("id", aggregate="media")
@rule("media_id")
async def _media_id(ctx: ParamContext) -> Any:
    point = await ctx.point(1)
    return point["id"] if point else _MISSING


@rule("media_ids")
async def _media_ids(ctx: ParamContext) -> Any:
    if ctx.user is None:
        return _MISSING
    points = await ctx.sampler.media_points(ctx.user)
    return [p["id"] for p in points] or _MISSING


@rule("after_sort_at")
@rule("after_created_at")
async def _after_sort_at(ctx: ParamContext) -> Any:
    point = await ctx.point(1)
    return point["sort_at"] if point else _MISSING


@rule("after_id")
async def _after_id(ctx: ParamContext) -> Any:
    # The id half of whichever keyset cursor the query takes.
    if ctx.has_param("after_deleted_at"):
        return await _after_deleted(ctx, "id")
    point = await ctx.point(1)
    return point["id"] if point else _MISSING


@rule("after_deleted_at")
async def _after_deleted_at(ctx: ParamContext) -> Any:
    return await _after_deleted(ctx, "deleted_at")


async def _after_deleted(ctx: ParamContext, column: str) -> Any:
    if ctx.user is None:
        return _MISSING
    point = await ctx.sampler.trash_point(ctx.user)
    return point[column] if point else _MISSING


@rule("taken_after")
async def _taken_after(ctx: ParamContext) -> Any:
    point = await ctx.point(0)
    return point["sort_at"] if point else _MISSING


@rule("taken_before")
async def _taken_before(ctx: ParamContext) -> Any:
    point = await ctx.point(2)
    return point["sort_at"] if point else _MISSING


@rule("media_type")
async def _media_type(ctx: ParamContext) -> Any:
    # Videos: a common filter in a gallery, and a type most users have a fair number of.
    return "video"


@rule("lim")
@rule("limit")
async def _lim(ctx: ParamContext) -> Any:
    return DEFAULT_LIMIT


@rule("batch_size")
async def _batch_size(ctx: ParamContext) -> Any:
    return DEFAULT_BATCH_SIZE


@rule("contains")
async def _contains(ctx: ParamContext) -> Any:
    camera = await ctx.sampler.rare_camera(ctx.user) if ctx.user else None
    return {"camera": camera} if camera else _MISSING


@rule("deleted_before")
async def _deleted_before(ctx: ParamContext) -> Any:
    cutoff = await ctx.sampler.purge_cutoff()
    return cutoff if cutoff is not None else _MISSING


@rule("email")
async def _email(ctx: ParamContext) -> Any:
    if re.search(r"\binsert\s+into\s+users\b", ctx.query.body, re.IGNORECASE):
        # A new account: an address nobody holds, so --analyze can really run the insert.
        return f"explain-{uuid.uuid4().hex[:12]}@example.com"
    email = await ctx.sampler.email(ctx.user) if ctx.user else None
    return email if email else _MISSING


@rule("expected_updated_at")
@rule("expected_password_hash")
async def _no_precondition(ctx: ParamContext) -> Any:
    # The optimistic-concurrency check is optional; without it the statement does its work.
    return None


@rule("patch")
async def _patch(ctx: ParamContext) -> Any:
    return {}


@rule("items")
async def _items(ctx: ParamContext) -> Any:
    return [
        {
            "filename": "IMG_0001.jpg",
            "media_type": "photo",
            "mime_type": "image/jpeg",
            "size": 2_000_000,
            "file_path": "explain/IMG_0001.jpg",
            "taken_at": "2025-06-01T12:00:00Z",
            "metadata": {"camera": "Pixel 8"},
            "source_platform": "google_photos",
            "source_object_id": f"explain-{uuid.uuid4().hex[:12]}",
        }
    ]


@rule("source_platform")
async def _source_platform(ctx: ParamContext) -> Any:
    return "google_photos"


@rule("source_platforms")
async def _source_platforms(ctx: ParamContext) -> Any:
    return ["google_photos", "google_photos", "icloud"]


@rule("source_object_ids")
async def _source_object_ids(ctx: ParamContext) -> Any:
    return ["gp-1", "gp-2", "ic-1"]


@rule("filename")
async def _filename(ctx: ParamContext) -> Any:
    return "IMG_0001.jpg"


@rule("mime_type")
async def _mime_type(ctx: ParamContext) -> Any:
    return "image/jpeg"


# -- albums, links and the audit log --


@rule("id", aggregate="albums")
async def _albums_id(ctx: ParamContext) -> Any:
    if ctx.user is None:
        return _MISSING
    if ctx.query.name == "albums/restore":
        # Only an album in the trash can be restored.
        point = await ctx.sampler.album_trash_point(ctx.user)
        return point["id"] if point else _MISSING
    return await _album_id(ctx)


@rule("album_id")
async def _album_id(ctx: ParamContext) -> Any:
    album = await ctx.sampler.largest_album(ctx.user) if ctx.user else None
    return album if album is not None else _MISSING


async def _album_member(ctx: ParamContext, index: int) -> asyncpg.Record | None:
    members = await ctx.sampler.album_members(ctx.user) if ctx.user else []
    return members[min(index, len(members) - 1)] if members else None


@rule("media_id", aggregate="albums")
async def _album_media_id(ctx: ParamContext) -> Any:
    # A media item that is in the album (the one the query takes out).
    member = await _album_member(ctx, 1)
    return member["id"] if member else _MISSING


@rule("media_ids", aggregate="albums")
async def _album_media_ids(ctx: ParamContext) -> Any:
    if ctx.query.name != "albums/reorder_media":
        # Media to add: items of the user's library, not necessarily in the album yet.
        return await _media_ids(ctx)
    members = await ctx.sampler.album_members(ctx.user) if ctx.user else []
    return [m["id"] for m in members] or _MISSING


@rule("cover_media_id")
async def _cover_media_id(ctx: ParamContext) -> Any:
    return await _media_id(ctx)


@rule("after_created_at", aggregate="albums")
async def _album_after_created_at(ctx: ParamContext) -> Any:
    point = await _album_point(ctx)
    return point["created_at"] if point else _MISSING


async def _album_point(ctx: ParamContext) -> asyncpg.Record | None:
    points = await ctx.sampler.album_points(ctx.user) if ctx.user else []
    return points[min(1, len(points) - 1)] if points else None


@rule("after_deleted_at", aggregate="albums")
async def _album_after_deleted_at(ctx: ParamContext) -> Any:
    point = await ctx.sampler.album_trash_point(ctx.user) if ctx.user else None
    return point["deleted_at"] if point else _MISSING


@rule("after_id", aggregate="albums")
async def _album_after_id(ctx: ParamContext) -> Any:
    # The id half of whichever keyset cursor the query takes.
    if ctx.has_param("after_deleted_at"):
        point = await ctx.sampler.album_trash_point(ctx.user) if ctx.user else None
    elif ctx.has_param("after_sort_order"):
        point = await _album_member(ctx, 1)
    else:
        point = await _album_point(ctx)
    return point["id"] if point else _MISSING


@rule("after_sort_order")
async def _after_sort_order(ctx: ParamContext) -> Any:
    member = await _album_member(ctx, 1)
    return member["sort_order"] if member else _MISSING


@rule("after_link_type")
async def _after_link_type(ctx: ParamContext) -> Any:
    member = await _album_member(ctx, 1)
    return member["link_type"] if member else _MISSING


@rule("after_to_id")
async def _after_to_id(ctx: ParamContext) -> Any:
    member = await _album_member(ctx, 1)
    return member["id"] if member else _MISSING


@rule("id", aggregate="links")
async def _links_id(ctx: ParamContext) -> Any:
    link = await ctx.sampler.link(ctx.user) if ctx.user else None
    return link if link is not None else _MISSING


@rule("object_id")
async def _object_id(ctx: ParamContext) -> Any:
    if ctx.user is None:
        return _MISSING
    if ctx.query.name == "links/list_to":
        # The object the most links reach: a media item in many albums.
        target = await ctx.sampler.most_linked_object(ctx.user)
        return target if target is not None else _MISSING
    # The object the most links leave: the largest album (its contains links).
    return await _album_id(ctx)


@rule("link_type")
async def _link_type(ctx: ParamContext) -> Any:
    if ctx.query.name == "links/insert":
        return "variant_of"
    # Lists: every type (what `GET /v1/links?from=...` asks without a type).
    return None


@rule("after_created_at", aggregate="links")
@rule("after_id", aggregate="links")
async def _links_first_page(ctx: ParamContext) -> Any:
    # Few links reach one object: the first page is the page there is.
    return None


@rule("from_object_type")
@rule("to_object_type")
async def _object_type(ctx: ParamContext) -> Any:
    return "media"


@rule("from_object_id")
async def _from_object_id(ctx: ParamContext) -> Any:
    point = await ctx.point(2)
    return point["id"] if point else _MISSING


@rule("to_object_id")
async def _to_object_id(ctx: ParamContext) -> Any:
    point = await ctx.point(0)
    return point["id"] if point else _MISSING


@rule("after_occurred_at")
async def _after_occurred_at(ctx: ParamContext) -> Any:
    point = await ctx.sampler.audit_point(ctx.user) if ctx.user else None
    return point["occurred_at"] if point else _MISSING


@rule("after_id", aggregate="audit")
async def _audit_after_id(ctx: ParamContext) -> Any:
    point = await ctx.sampler.audit_point(ctx.user) if ctx.user else None
    return point["id"] if point else _MISSING


def _stable_uuid(*parts: str) -> uuid.UUID:
    """The same made-up id for the same query and parameter, run after run."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "hypernet-plans:" + "/".join(parts))


def value_for_type(pg_type: str, query_name: str, param_name: str) -> Any:
    """A harmless value of the parameter's type, for a name no rule knows."""
    if pg_type.endswith("[]"):
        return [value_for_type(pg_type[:-2], query_name, param_name)]
    if pg_type == "uuid":
        return _stable_uuid(query_name, param_name)
    if pg_type in ("int2", "int4", "int8", "oid"):
        return 1
    if pg_type in ("float4", "float8"):
        return 1.0
    if pg_type == "numeric":
        return Decimal(1)
    if pg_type == "bool":
        return False
    if pg_type == "timestamptz":
        return datetime(2025, 6, 1, tzinfo=UTC)
    if pg_type == "timestamp":
        return datetime(2025, 6, 1)
    if pg_type == "date":
        return date(2025, 6, 1)
    if pg_type == "interval":
        return RETENTION
    if pg_type in ("json", "jsonb"):
        return {}
    if pg_type == "bytea":
        return hashlib.sha256(f"{query_name}/{param_name}".encode()).digest()
    if pg_type in ("inet", "cidr"):
        return "192.0.2.1"
    if pg_type in ("text", "varchar", "bpchar", "name", "citext"):
        return param_name.replace("_", "-")
    return None


def coerce(value: Any, pg_type: str) -> Any:
    """A value given as JSON (`--params`) in the Python type asyncpg wants for the parameter."""
    if value is None:
        return None
    if pg_type.endswith("[]"):
        if not isinstance(value, list):
            raise PlanError(f"expected a JSON array for a {pg_type} parameter, got {value!r}")
        return [coerce(v, pg_type[:-2]) for v in value]
    try:
        if pg_type == "uuid":
            return uuid.UUID(str(value))
        if pg_type in ("timestamptz", "timestamp"):
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if pg_type == "timestamptz" and moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment
        if pg_type == "date":
            return date.fromisoformat(str(value))
        if pg_type in ("int2", "int4", "int8"):
            return int(value)
        if pg_type in ("float4", "float8"):
            return float(value)
        if pg_type == "numeric":
            return Decimal(str(value))
        if pg_type == "bytea":
            text = str(value)
            return bytes.fromhex(text[2:] if text.startswith("\\x") else text)
        if pg_type in ("text", "varchar", "bpchar", "name"):
            return str(value)
    except ValueError as exc:
        raise PlanError(f"cannot read {value!r} as {pg_type}: {exc}") from None
    return value


def _table_of(q: Query) -> str:
    # Aggregates are named after their table (media, albums, refresh_tokens, ...), but for a few.
    return _AGGREGATE_TABLES.get(q.aggregate, q.aggregate)


async def pick_params(
    q: Query,
    pg_types: Sequence[str],
    sampler: Sampler,
    given: Mapping[str, Any] | Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Values for every parameter of `q`, by name: given ones (coerced from JSON) first, then
    the rule for the name, then a value of the right type."""
    if given is None:
        given = {}
    elif not isinstance(given, Mapping):
        if len(given) != len(q.params):
            raise PlanError(f"{q.name} takes {len(q.params)} parameters, {len(given)} given")
        given = {p.name: v for p, v in zip(q.params, given, strict=True)}
    unknown = set(given) - {p.name for p in q.params}
    if unknown:
        names = ", ".join(p.name for p in q.params) or "none"
        raise PlanError(f"{q.name} has no parameter {', '.join(sorted(unknown))} ({names})")
    user = await sampler.heavy_user(_table_of(q))
    if "user_id" in given:
        user = coerce(given["user_id"], "uuid")
    elif q.aggregate == "users" and "id" in given:
        user = coerce(given["id"], "uuid")
    values: dict[str, Any] = {}
    for param, pg_type in zip(q.params, pg_types, strict=True):
        if param.name in given:
            values[param.name] = coerce(given[param.name], pg_type)
            continue
        ctx = ParamContext(q, param.name, pg_type, sampler, user)
        fn = AGGREGATE_RULES.get((q.aggregate, param.name)) or RULES.get(param.name)
        value = await fn(ctx) if fn is not None else _MISSING
        values[param.name] = (
            value_for_type(pg_type, q.name, param.name) if value is _MISSING else value
        )
    return values


# -- running EXPLAIN ----------------------------------------------------------------------------


async def table_row_estimates(conn: asyncpg.Connection) -> dict[str, int]:
    rows = await conn.fetch(registry()[_TABLE_ROWS].sql)
    return {r["table_name"]: int(r["estimated_rows"]) for r in rows}


async def server_version(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval(registry()[_SERVER_VERSION].sql))


@dataclass
class Engine:
    """Explains named queries on one connection, sharing the sampled facts between them."""

    conn: asyncpg.Connection
    large_table_rows: int = LARGE_TABLE_ROWS
    sampler: Sampler = field(init=False)
    _table_rows: dict[str, int] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.sampler = Sampler(self.conn)

    async def table_rows(self) -> dict[str, int]:
        if self._table_rows is None:
            self._table_rows = await table_row_estimates(self.conn)
        return self._table_rows

    async def explain(
        self,
        q: Query,
        params: Mapping[str, Any] | Sequence[Any] | None = None,
        *,
        analyze: bool = False,
        without_indexes: Iterable[str] = (),
    ) -> Verdict:
        """The verdict on one query; `analyze` runs it (rolled back), `without_indexes` drops
        indexes for the duration (rolled back) to show the plan the query would get then."""
        declared = list(q.uses)
        reason = skip_reason(q)
        if reason is not None:
            return Verdict(q.name, "skipped", reason, declared=declared)
        prefix = _EXPLAIN_ANALYZE if analyze else _EXPLAIN
        try:
            stmt = await self.conn.prepare(prefix + q.sql)
        except asyncpg.PostgresError as exc:
            return Verdict(q.name, "error", f"cannot prepare: {exc}", declared=declared)
        pg_types = [t.name for t in stmt.get_parameters()]
        values = await pick_params(q, pg_types, self.sampler, params)
        document: Any = None
        try:
            # Always inside a transaction that is rolled back: EXPLAIN ANALYZE of a write must
            # change nothing, and neither must a dropped index.
            async with self.conn.transaction():
                for index in without_indexes:
                    await self._drop_index(index)
                document = await stmt.fetchval(*values.values())
                raise _Rollback
        except _Rollback:
            pass
        except (asyncpg.PostgresError, asyncpg.DataError) as exc:
            return Verdict(
                q.name, "error", f"EXPLAIN failed: {exc}", params=values, declared=declared
            )
        if isinstance(document, str):
            document = json.loads(document)
        plan = root_node(document)
        table_rows = await self.table_rows()
        violations = judge(q, plan, table_rows, self.large_table_rows)
        return Verdict(
            q.name,
            "violation" if violations else "ok",
            violations=violations,
            params=values,
            indexes=indexes_used(plan),
            seq_scans=seq_scanned(plan),
            shape=plan_shape(plan),
            document=document,
            declared=declared,
            hint=small_data_hint(plan, table_rows, self.large_table_rows) if violations else None,
        )

    async def _drop_index(self, index: str) -> None:
        try:
            await self.conn.execute(registry()[_DROP_INDEX].with_identifiers(index=index))
        except asyncpg.PostgresError as exc:
            raise PlanError(f"cannot drop index {index} for the experiment: {exc}") from None

    async def check(
        self, queries: Iterable[Query] | None = None, *, without_indexes: Iterable[str] = ()
    ) -> list[Verdict]:
        """Verdicts on every named query (or the given ones), in name order."""
        chosen = sorted(queries or registry().values(), key=lambda q: q.name)
        drop = list(without_indexes)
        return [await self.explain(q, without_indexes=drop) for q in chosen]


# -- baselines ----------------------------------------------------------------------------------


@dataclass
class Baseline:
    """Plan shapes recorded on a known dataset on one server major version (`version`), with
    overrides for other versions wherever their plans differ."""

    plans: dict[str, list[str]]
    version: int | None = None
    by_version: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    dataset: dict[str, Any] = field(default_factory=dict)

    def shapes_for(self, version: int) -> dict[str, list[str]]:
        if version == self.version:
            return dict(self.plans)
        return {**self.plans, **self.by_version.get(str(version), {})}

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "about": (
                "Plan shapes of every named query on the seeded dataset below: written by "
                "`hypernet sql baseline`, compared by `hypernet sql check` and tests/test_plans.py."
            ),
            "dataset": self.dataset,
            "version": self.version,
            "plans": dict(sorted(self.plans.items())),
        }
        if self.by_version:
            document["by_version"] = {
                v: dict(sorted(p.items())) for v, p in sorted(self.by_version.items())
            }
        return document


def in_baseline(verdict: Verdict) -> bool:
    """Whether the baseline records this query's plan shape."""
    return bool(verdict.shape) and verdict.name.split("/")[0] not in UNBASELINED_AGGREGATES


def load_baseline(path: Path = BASELINE_PATH) -> Baseline | None:
    if not path.exists():
        return None
    document = json.loads(path.read_text())
    return Baseline(
        plans=document.get("plans", {}),
        version=document.get("version"),
        by_version=document.get("by_version", {}),
        dataset=document.get("dataset", {}),
    )


def record_baseline(
    verdicts: Iterable[Verdict],
    version: int,
    previous: Baseline | None,
    dataset: Mapping[str, Any],
) -> Baseline:
    """The baseline with these shapes recorded for `version`, keeping what other versions need.

    Recorded on the baseline's own version (or with no baseline yet), the shapes become the main
    plans, and every other version keeps as overrides whatever it plans differently from them.
    Recorded on another version, only the differences are kept, as that version's overrides.
    """
    current = {v.name: v.shape for v in verdicts if in_baseline(v)}
    if previous is None or previous.version in (None, version):
        by_version: dict[str, dict[str, list[str]]] = {}
        for other in previous.by_version if previous else {}:
            view = previous.shapes_for(int(other)) if previous else {}
            differs = {n: s for n, s in view.items() if n in current and current[n] != s}
            if differs:
                by_version[other] = differs
        return Baseline(current, version, by_version, dict(dataset))
    plans = {n: s for n, s in previous.plans.items() if n in current}
    overrides = {n: s for n, s in current.items() if plans.get(n) != s}
    by_version = {v: p for v, p in previous.by_version.items() if v != str(version)}
    if overrides:
        by_version[str(version)] = overrides
    return Baseline(plans, previous.version, by_version, dict(dataset))


def shape_changes(baseline: Baseline, verdicts: Iterable[Verdict], version: int) -> dict[str, str]:
    """Query name -> readable diff (baseline first) for every explained query whose plan shape
    is not the recorded one; a query missing from the baseline counts as changed."""
    recorded = baseline.shapes_for(version)
    changes: dict[str, str] = {}
    for v in verdicts:
        if not in_baseline(v):
            continue
        before = recorded.get(v.name)
        if before is None:
            changes[v.name] = "  (not in the baseline: run `hypernet sql baseline`)\n" + "\n".join(
                "+ " + line for line in v.shape
            )
        elif before != v.shape:
            diff = difflib.ndiff(before, v.shape)
            changes[v.name] = "\n".join(line.rstrip() for line in diff if not line.startswith("?"))
    return changes
