"""A JSON plan as text close to PostgreSQL's own, for people."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hypernet.sqlkit.plans.reading import node_label

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
