"""Reading EXPLAIN (FORMAT JSON) plans: the nodes, the indexes and tables read, the shape."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any


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


def modifies_rows(plan: Mapping[str, Any]) -> bool:
    """Whether the plan inserts, updates or deletes (a ModifyTable node anywhere in it)."""
    return any(node.get("Node Type") == "ModifyTable" for node in walk(plan))


def seq_scanned(plan: Mapping[str, Any]) -> list[str]:
    """Tables the plan reads with a sequential scan, in plan order, each once; a partition by
    its own name (its own size is what the scan costs), also in a folded plan."""
    seen: dict[str, None] = {}
    for node in walk(plan):
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name"):
            seen[node.get("Partition Name") or node["Relation Name"]] = None
    return list(seen)


# -- partitions ---------------------------------------------------------------------------------

_ALIAS_NUMBER_RE = re.compile(r"_\d+$")


def fold_partitions(plan: Mapping[str, Any], roots: Mapping[str, str]) -> Mapping[str, Any]:
    """The plan as if over the tables and indexes the query names: a scan of a partition
    (locations_2026_01, through locations_2026_01_pkey) reads as a scan of its root table
    (locations, through locations_pkey), its own name kept under "Partition Name". So the
    `uses:` line names the index the migration made, and the shape does not depend on which
    months exist. `roots` maps a partition's name to its root's (catalog/partition_roots)."""
    if not roots:
        return plan
    folded = copy.deepcopy(dict(plan))
    for node in walk(folded):
        assert isinstance(node, dict)
        relation = str(node.get("Relation Name", ""))
        if relation in roots:
            node["Partition Name"] = relation
            node["Relation Name"] = roots[relation]
            alias = node.get("Alias")
            if alias:
                # PostgreSQL numbers the partitions it reads: locations_1, locations_2, ...
                node["Alias"] = _ALIAS_NUMBER_RE.sub("", alias)
        index = str(node.get("Index Name", ""))
        if index in roots:
            node["Index Name"] = roots[index]
        arbiters = node.get("Conflict Arbiter Indexes")
        if arbiters:
            node["Conflict Arbiter Indexes"] = [roots.get(a, a) for a in arbiters]
    return folded


def partitions_read(plan: Mapping[str, Any]) -> dict[str, list[str]]:
    """Root table -> the partitions of it a folded plan reads, each once, in plan order."""
    read: dict[str, dict[str, None]] = {}
    for node in walk(plan):
        partition = node.get("Partition Name")
        if partition:
            read.setdefault(node["Relation Name"], {})[partition] = None
    return {table: list(names) for table, names in read.items()}


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
    """The plan as indented labels, one node a line: what the baseline records and diffs. A scan
    node also names the columns of its index condition and of its filter (`[index cond: id,
    user_id]`), so a query that loses a condition but keeps its index still changes shape."""
    lines: list[str] = []

    def visit(node: Mapping[str, Any], depth: int, out: list[str]) -> None:
        out.append("  " * depth + node_label(node) + condition_columns(node))
        children = node.get("Plans", ())
        if node.get("Node Type") in ("BitmapAnd", "BitmapOr"):
            # The order of the index scans of a bitmap combination is a cost detail.
            children = sorted(children, key=node_label)
        shown: list[list[str]] = []
        for child in children:
            below: list[str] = []
            if _version_noise(node, child):
                for grandchild in child.get("Plans", ()):
                    visit(grandchild, depth + 1, below)
            else:
                visit(child, depth + 1, below)
            # The partitions of one table read the same way are one line, however many months
            # exist: the `partitions:` line, not the shape, says how many a plan may read.
            if below in shown and any("Partition Name" in n for n in walk(child)):
                continue
            shown.append(below)
            out.extend(below)

    visit(plan, 0, lines)
    return lines


# Conditions a scan node applies, as the shape names them: the index condition (an index or
# bitmap index scan) and the filter (any scan). A bitmap heap scan's Recheck Cond repeats the
# index condition of the scan below it.
_CONDITION_KEYS = (("Index Cond", "index cond"), ("Filter", "filter"))
# What a deparsed condition holds besides column names, removed before the names are read:
# string literals, casts (`::timestamp with time zone`), parameters, sub-plan references (`$0`
# on 15, `(InitPlan 1).col1` on 16 and later), function names (a word before a parenthesis).
_LITERAL_RE = re.compile(r"'(?:[^']|'')*'")
_CAST_RE = re.compile(
    r"::(?:\"[^\"]+\"|[a-z_][a-z0-9_]*(?:\s+(?:with|without|varying|precision|time|zone)\b)*)"
    r"(?:\[\])?"
)
# 17 and later show a hashed sub-plan test as `ANY (w.id = (hashed SubPlan 1).col1)`, 15 as
# `(hashed SubPlan 1)`; and 17 and later leave out `x IS NOT NULL` of a NOT NULL column (which
# 15 keeps, say in the index condition of a min/max): both left out of the names.
_SUBPLAN_TEST_RE = re.compile(
    r"\b(?:ANY|ALL)\s*\([^()]*?=\s*\((?:hashed\s+)?SubPlan\s+\d+\)\.col\d+\s*\)"
)
_NOT_NULL_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\"]*\s+IS\s+NOT\s+NULL")
_SUBPLAN_RE = re.compile(r"(?:hashed\s+)?(?:SubPlan|InitPlan)\s+\d+\)?(?:\.col\d+)?")
_PARAM_RE = re.compile(r"\$\d+")
_FUNCTION_RE = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\s*\(")
_NAME_RE = re.compile(r"\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*")
_NOT_COLUMNS = frozenset(
    {
        "and",
        "or",
        "not",
        "is",
        "null",
        "true",
        "false",
        "any",
        "all",
        "some",
        "in",
        "like",
        "ilike",
        "distinct",
        "from",
        "case",
        "when",
        "then",
        "else",
        "end",
        "array",
        "row",
        "between",
        "unknown",
        "similar",
        "to",
        "escape",
        "hashed",
        "subplan",
        "initplan",
    }
)


def condition_columns(node: Mapping[str, Any]) -> str:
    """` [index cond: a, b] [filter: c]`: the column names the node's conditions compare, sorted,
    without values, operators or casts (so the same between server versions); "" if none."""
    parts = []
    for key, label in _CONDITION_KEYS:
        text = node.get(key)
        if not text:
            continue
        names = condition_names(str(text))
        if names:
            parts.append(f" [{label}: {', '.join(names)}]")
    return "".join(parts)


def condition_names(text: str) -> list[str]:
    """The column names of one deparsed condition, unqualified, each once, sorted."""
    text = _LITERAL_RE.sub(" ", text)
    text = _SUBPLAN_TEST_RE.sub(" ", text)
    text = _NOT_NULL_RE.sub(" ", text)
    text = _CAST_RE.sub(" ", text)
    text = _SUBPLAN_RE.sub(" ", text)
    text = _PARAM_RE.sub(" ", text)
    text = _FUNCTION_RE.sub("(", text)
    names: set[str] = set()
    for match in _NAME_RE.finditer(text):
        start = match.start()
        if start > 0 and text[start - 1] == ".":
            names.discard(text[: start - 1].split()[-1].split("(")[-1])
        name = match.group(0).strip('"')
        if name.lower() in _NOT_COLUMNS or name[0].isdigit():
            continue
        names.add(name)
    return sorted(names)


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
    # Each once: the partitions of a table read the same way say it once.
    return "; ".join(dict.fromkeys(scans)) or node_label(plan)
