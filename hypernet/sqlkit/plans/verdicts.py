"""Judging a plan against its query's declaration: the violations, and the verdict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import msgspec

from hypernet.db.queries import Query
from hypernet.db.sqlscan import first_keyword
from hypernet.sqlkit.plans.reading import (
    indexes_used,
    partitions_read,
    root_node,
    scan_summary,
    seq_scanned,
    walk,
)

# A table with at least this many rows (by the planner's estimate) must not be read in full.
LARGE_TABLE_ROWS = 10_000

# Statements EXPLAIN accepts; anything else (DDL, ANALYZE, TRUNCATE, ...) is a utility statement.
_EXPLAINABLE = {"select", "insert", "update", "delete", "with", "values", "table", "merge"}

Status = Literal["ok", "violation", "skipped", "error"]


class PlanError(Exception):
    """A plan could not be made: unknown query, bad --params, an index that cannot be dropped."""


def skip_reason(q: Query) -> str | None:
    """Why a named query is not EXPLAINed, or None when it is."""
    if q.plan_unchecked_reason is not None:
        return q.plan_unchecked_reason
    if q.identifiers:
        return "takes identifiers ({}), so it is a utility statement".format(
            ", ".join(q.identifiers)
        )
    keyword = first_keyword(q.body)
    if keyword not in _EXPLAINABLE:
        return f"utility statement ({keyword.upper()}) that EXPLAIN does not accept"
    return None


def declaration(q: Query) -> str:
    """What a query's header says about its plans, as one line: its `uses:` (`a, b | c`, or
    `none (reason)`), then its `generic plan:` and `plan:` lines if any. The baseline records it,
    so that a header that stops declaring an index, or stops having its plans judged, shows."""
    parts = [", ".join(q.uses) if q.uses else f"none ({q.uses_reason})"]
    if q.generic_reason is not None:
        judged = "not checked" if q.generic_unchecked else "uses " + ", ".join(q.generic_uses)
        parts.append(f"generic plan: {judged} ({q.generic_reason})")
    if q.plan_unchecked_reason is not None:
        parts.append(f"plan: not checked ({q.plan_unchecked_reason})")
    parts += [f"partitions: {p.table} at most {p.count}" for p in q.partition_limits]
    return "; ".join(parts)


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


def judge_partitions(q: Query, plan: Mapping[str, Any]) -> list[str]:
    """What breaks a `partitions:` line in a (folded) plan: more partitions of the table read
    than it allows. The DEFAULT partition counts like any other."""
    read = partitions_read(plan)
    problems = []
    for limit in q.partition_limits:
        names = read.get(limit.table, [])
        if len(names) > limit.count:
            problems.append(
                f"{q.name}: reads {len(names)} partitions of {limit.table} but declares at most "
                f"{limit.count} ({', '.join(names)})"
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
    # The query's `uses:` line as written (`a, b | c` or `none (reason)`): the baseline records it.
    declaration: str = ""
    # Its `partitions:` lines: (table, at most how many).
    partition_limits: list[tuple[str, int]] = field(default_factory=list)
    # The indexes of the generic plan a prepared statement settles on (None: not judged).
    generic_indexes: list[str] | None = None
    # Partitioned table -> the partitions of it the plan reads.
    partitions: dict[str, list[str]] = field(default_factory=dict)
    # Measured by a run (`sql check --analyze`): buffers touched (shared hit + read), rows.
    buffers: int | None = None
    rows: int | None = None

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
            pruned = "".join(
                f"; reads {len(self.partitions.get(t, []))} of at most {n} partitions of {t}"
                for t, n in self.partition_limits
            )
            return f"OK: uses {', '.join(chosen)}; no sequential scan of a large table{pruned}"
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
            "generic_indexes": self.generic_indexes,
            "partitions": self.partitions,
            "seq_scans": self.seq_scans,
            "params": msgspec.to_builtins(self.params),
            "shape": self.shape,
            "buffers": self.buffers,
            "rows": self.rows,
        }
