"""The committed baseline of plan shapes: recording it and telling what moved."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypernet.core.config import SQL_DIR
from hypernet.sqlkit.plans.verdicts import Verdict

BASELINE_PATH = SQL_DIR / "plan_baseline.json"
# How many times its baseline figure a query's buffers may grow to, unless its header says
# (`budget: growth <= F`); and growth by fewer buffers than this never counts (a page more for
# a query that touches three is not a regression worth a red build).
DEFAULT_GROWTH = 2.0
GROWTH_SLACK_BUFFERS = 8
# Aggregates checked like any other but left out of the baseline: the tooling's own sampling
# queries read whole lists of one user, where index-only versus bitmap scan is a close call
# that moves with the data, and no application request waits on them.
UNBASELINED_AGGREGATES = frozenset({"tooling"})


# -- baselines ----------------------------------------------------------------------------------


@dataclass
class Baseline:
    """Plan shapes recorded on a known dataset on one server major version (`version`), with
    overrides for other versions wherever their plans differ."""

    plans: dict[str, list[str]]
    version: int | None = None
    by_version: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    dataset: dict[str, Any] = field(default_factory=dict)
    # Each recorded query's `uses:` declaration, the same on every version: a header that drops
    # its index (`uses: none (...)`) is a change for review like a plan that moved.
    declared: dict[str, str] = field(default_factory=dict)
    # By server major version: each measured query's {"buffers": N, "rows": R} on the dataset
    # (`sql baseline --analyze`), what `sql check --analyze` holds each query to.
    measured: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

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
            "declared": dict(sorted(self.declared.items())),
            "plans": dict(sorted(self.plans.items())),
        }
        if self.by_version:
            document["by_version"] = {
                v: dict(sorted(p.items())) for v, p in sorted(self.by_version.items())
            }
        if self.measured:
            document["measured"] = {
                v: dict(sorted(m.items())) for v, m in sorted(self.measured.items())
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
        declared=document.get("declared", {}),
        measured=document.get("measured", {}),
    )


def record_baseline(
    verdicts: Iterable[Verdict],
    version: int,
    previous: Baseline | None,
    dataset: Mapping[str, Any],
) -> Baseline:
    """The baseline with these shapes (and, for verdicts that carry them, these measurements)
    recorded for `version`; see _record_shapes."""
    verdicts = list(verdicts)
    baseline = _record_shapes(verdicts, version, previous, dataset)
    # Earlier figures stay for queries that still exist with the same plan on this version; a
    # query renamed, removed or planned anew has to be measured again (`--analyze`).
    moved = set(shape_changes(previous, verdicts, version)) if previous else set()
    names = {v.name for v in verdicts if in_baseline(v)}
    baseline.measured = {
        v: {
            name: figures
            for name, figures in m.items()
            if name in names and (v != str(version) or name not in moved)
        }
        for v, m in (previous.measured if previous else {}).items()
    }
    measured = {
        v.name: {"buffers": v.buffers, "rows": v.rows or 0}
        for v in verdicts
        if in_baseline(v) and v.buffers is not None
    }
    if measured:
        baseline.measured[str(version)] = measured
    return baseline


def _record_shapes(
    verdicts: list[Verdict],
    version: int,
    previous: Baseline | None,
    dataset: Mapping[str, Any],
) -> Baseline:
    """The baseline with these shapes recorded for `version`, keeping what other versions need.

    Recorded on the baseline's own version (or with no baseline yet), the shapes become the main
    plans, and every other version keeps as overrides whatever it plans differently from them.
    Recorded on another version, only the differences are kept, as that version's overrides.
    """
    verdicts = list(verdicts)
    current = {v.name: v.shape for v in verdicts if in_baseline(v)}
    declared = {v.name: v.declaration for v in verdicts if in_baseline(v)}
    if previous is None or previous.version in (None, version):
        by_version: dict[str, dict[str, list[str]]] = {}
        for other in previous.by_version if previous else {}:
            view = previous.shapes_for(int(other)) if previous else {}
            differs = {n: s for n, s in view.items() if n in current and current[n] != s}
            if differs:
                by_version[other] = differs
        return Baseline(current, version, by_version, dict(dataset), declared)
    plans = {n: s for n, s in previous.plans.items() if n in current}
    overrides = {n: s for n, s in current.items() if plans.get(n) != s}
    by_version = {v: p for v, p in previous.by_version.items() if v != str(version)}
    if overrides:
        by_version[str(version)] = overrides
    return Baseline(plans, previous.version, by_version, dict(dataset), declared)


def shape_changes(baseline: Baseline, verdicts: Iterable[Verdict], version: int) -> dict[str, str]:
    """Query name -> readable diff (baseline first) for every explained query whose plan shape
    is not the recorded one; a query missing from the baseline counts as changed."""
    recorded = baseline.shapes_for(version)
    changes: dict[str, str] = {}
    for v in verdicts:
        if not in_baseline(v):
            if v.name in recorded and v.status == "skipped":
                changes[v.name] = f"  (no longer planned: {v.reason})\n" + "\n".join(
                    "- " + line for line in recorded[v.name]
                )
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


def declaration_changes(baseline: Baseline, verdicts: Iterable[Verdict]) -> list[str]:
    """`declaration changed: NAME: was X, now Y` for every recorded query whose header says
    something else about its plans than when the baseline was recorded (see declaration())."""
    changes = []
    for v in verdicts:
        if v.name not in baseline.declared:
            continue
        before = baseline.declared.get(v.name, "(not recorded)")
        if before != v.declaration:
            changes.append(f"declaration changed: {v.name}: was {before}, now {v.declaration}")
    return changes


def budget_violations(
    baseline: Baseline | None, verdicts: Iterable[Verdict], version: int, queries: Mapping[str, Any]
) -> list[str]:
    """For every measured verdict: more buffers than its header's `budget: buffers <= N`, or
    more than its growth factor (`budget: growth <= F`, DEFAULT_GROWTH) times what the baseline
    measured on this server version; each message gives both figures."""
    recorded = (baseline.measured.get(str(version), {}) if baseline else {}) or {}
    problems = []
    for v in verdicts:
        q = queries[v.name]
        if v.buffers is None:
            if v.name in recorded and v.status in ("ok", "violation"):
                problems.append(
                    f"{v.name}: measured for the baseline ({int(recorded[v.name]['buffers']):,} "
                    "buffers) but it cannot be run now with its sampled parameters"
                )
            continue
        if q.budget_buffers is not None and v.buffers > q.budget_buffers:
            problems.append(
                f"{v.name}: touched {v.buffers:,} buffers, over its budget of "
                f"{q.budget_buffers:,} (budget: buffers <= {q.budget_buffers})"
            )
        before = recorded.get(v.name)
        if before is None:
            continue
        growth = q.budget_growth or DEFAULT_GROWTH
        was = int(before["buffers"])
        if v.buffers > growth * was and v.buffers - was > GROWTH_SLACK_BUFFERS:
            times = (
                f"{v.buffers / was:.1f} times the baseline's {was:,}"
                if was
                else ("the baseline had none")
            )
            problems.append(
                f"{v.name}: touched {v.buffers:,} buffers, {times} (at most {growth:g} times; "
                f"rows {v.rows or 0:,}, baseline {int(before.get('rows', 0)):,})"
            )
    return problems
