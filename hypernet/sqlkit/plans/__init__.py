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
prepared statement gets on its first executions). Where each value comes from is declared in the
query's header (`sample:` lines, see hypernet/db/queries.py and `sampling`), so a new aggregate
needs no edit to the engine.

The package, by job: `reading` (walk a plan, the indexes it uses, its shape), `rendering` (text
for people), `verdicts` (judge a plan against the declaration), `sampling` (parameters),
`baseline` (the committed shapes), `engine` (runs EXPLAIN).
"""

from hypernet.sqlkit.plans.baseline import (
    BASELINE_PATH,
    UNBASELINED_AGGREGATES,
    Baseline,
    budget_violations,
    declaration_changes,
    in_baseline,
    load_baseline,
    record_baseline,
    shape_changes,
)
from hypernet.sqlkit.plans.engine import Engine, server_version, table_row_estimates
from hypernet.sqlkit.plans.reading import (
    fold_partitions,
    indexes_used,
    modifies_rows,
    node_label,
    partitions_read,
    plan_shape,
    root_node,
    scan_summary,
    seq_scanned,
    walk,
)
from hypernet.sqlkit.plans.rendering import render_plan
from hypernet.sqlkit.plans.sampling import Sampler, coerce, pick_params, value_for_type
from hypernet.sqlkit.plans.verdicts import (
    LARGE_TABLE_ROWS,
    PlanError,
    Verdict,
    alternatives,
    declaration,
    judge,
    judge_partitions,
    skip_reason,
    small_data_hint,
)

__all__ = [
    "BASELINE_PATH",
    "LARGE_TABLE_ROWS",
    "UNBASELINED_AGGREGATES",
    "Baseline",
    "Engine",
    "PlanError",
    "Sampler",
    "Verdict",
    "alternatives",
    "budget_violations",
    "coerce",
    "declaration",
    "declaration_changes",
    "fold_partitions",
    "in_baseline",
    "indexes_used",
    "judge",
    "judge_partitions",
    "load_baseline",
    "modifies_rows",
    "node_label",
    "partitions_read",
    "pick_params",
    "plan_shape",
    "record_baseline",
    "render_plan",
    "root_node",
    "scan_summary",
    "seq_scanned",
    "server_version",
    "shape_changes",
    "skip_reason",
    "small_data_hint",
    "table_row_estimates",
    "value_for_type",
    "walk",
]
