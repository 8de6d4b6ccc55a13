"""Loads the named SQL files under sql/ once, checks their headers, and hands them out by name.

A file `sql/<aggregate>/<name>.sql` holds one statement and starts with a header:

    -- Live media of one user, newest first, after a keyset cursor.
    -- params: $1 user_id uuid, $2 after_sort_at timestamptz, $3 after_id uuid, $4 lim int
    -- uses: media_live_user_sort_idx

`uses:` names the index or indexes the plan must use, or `none (<reason>)` for a statement
that reads no table by index (a plain INSERT). The text sent to PostgreSQL starts with
`/* hypernet:<aggregate>/<name> */` so pg_stat_statements and the server log show the name, and
ends with it too: pg_stat_statements of PostgreSQL 18 keeps a statement's text from its first
token on, leaving out the comments before it, but keeps those after it (15 to 17 keep both).

A statement that fires a trigger whose own statements need an index says so, with the trigger
function and why in parentheses:

    -- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: ...)

EXPLAIN does not show the plans of trigger statements, so the plan engine does not judge these;
`hypernet sql index-health` counts them as the reason the index exists.

A statement whose plan is not the application's data access (a catalog read, the migration
runner's bookkeeping) says so, with the reason required; the plan engine skips exactly these
(and the utility statements EXPLAIN cannot take: DDL, VACUUM, statements with identifiers):

    -- plan: not checked (catalog query: system tables and server settings, not application data)

A prepared statement runs on a generic plan once PostgreSQL finds it no dearer than the custom
ones (after five executions), so the engine judges the generic plan of every query with
parameters by its `uses:` line too. Where the generic plan rightly differs, the header says
which indexes it must use instead, or why it is not judged, and why in both cases:

    -- generic plan: uses links_live_key (the same album prefix; ...)
    -- generic plan: not checked (costs 4 times the custom plan, so PostgreSQL never picks it)

A query on a partitioned table that must read only the partitions of its window says how many
at most, for each such table, with why (the plan engine counts the partitions the custom plan for
the sampled values reads, the DEFAULT partition included; its generic plan is judged with every
partition in it, since which ones a run reads depends on values a generic plan is not given):

    -- partitions: locations at most 2 (a window of a day reads its month, or two across a month)

What one run of the query may cost, in buffers (shared hit + read: they do not depend on the
machine's speed), checked by `hypernet sql check --analyze` against the figure the baseline
recorded (by default at most twice that) and against an absolute budget if the header sets one:

    -- budget: buffers <= 40
    -- budget: growth <= 3 (the page of a heavy user grows with the data)

A query that only reads, and whose answer may be up to HYPERNET_REPLICA_MAX_LAG old, says a read
replica may answer it (hypernet/db/replicas.py); every other statement runs on the primary.
Such a file must hold a plain SELECT (no FOR UPDATE/SHARE, no data-modifying WITH), checked at
load, and the test suite runs each one in a read-only transaction:

    -- replica: yes

How the plan engine picks a representative value for a parameter is said next to the query, in
`sample:` lines (one or more; a parameter no line names gets a generic value: user_id the
picked user, lim and batch_size a page and a batch, deleted_before the purge cut-off of the
data, anything else a harmless value of its type):

    -- sample: after_sort_at = sort_at, after_id = id from tooling/sample_media_points row 2
    -- sample: media_ids = id from tooling/sample_media_points every row
    -- sample: album_id = id from tooling/sample_largest_album
    -- sample: media_type = "video"
    -- sample: id = user
    -- sample user: heaviest owner of audit_log

- `a, b = column from <aggregate>/<name>`: the values of those columns (`a` alone: the column of
  the same name) of the first row (`row N`: the Nth, or the last if there are fewer; `every row`:
  the column of all rows, as a list) of that named sampling query, run with its own parameters
  picked the same way (its user_id is the user picked for this query). No row: the generic value.
- `name = <JSON>`: that value (`null`, `"video"`, `{}`, `["a", "b"]`).
- `name = user`: the user picked for the query (a users query whose id is the user).
- `sample user:` the table whose heaviest owner is the user picked (by default the table named
  after the aggregate; where there is none, the heaviest owner of media).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hypernet.core.config import SQL_DIR
from hypernet.db.sqlscan import placeholders, split_statements

_PARAM_RE = re.compile(r"^\$(\d+)\s+([a-z_][a-z0-9_]*)\s+([a-z0-9_ \[\]]+?)\s*$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*/[a-z][a-z0-9_]*$")
_INDEX_NAME_RE = re.compile(r"^[a-z_][a-z0-9_$]*$")
_TRIGGER_USES_RE = re.compile(r"^(?P<names>[^()]*?)\s*\((?P<reason>.*\S.*)\)$")
_PLAN_NOT_CHECKED_RE = re.compile(r"^not checked\s*\((?P<reason>.*\S.*)\)$")
_GENERIC_PLAN_RE = re.compile(
    r"^(?:(?P<uses>uses)\s+(?P<names>[^()]*?)|not checked)\s*\((?P<reason>.*\S.*)\)$"
)
_SAMPLE_FROM_RE = re.compile(
    r"^(?P<bindings>.+?)\s+from\s+(?P<source>[a-z][a-z0-9_]*/[a-z][a-z0-9_]*)"
    r"(?:\s+(?:row\s+(?P<row>[1-9][0-9]*)|(?P<every>every row)))?$"
)
_SAMPLE_BINDING_RE = re.compile(
    r"^(?P<param>[a-z_][a-z0-9_]*)(?:\s*=\s*(?P<column>[a-z_][a-z0-9_]*))?$"
)
_SAMPLE_VALUE_RE = re.compile(r"^(?P<param>[a-z_][a-z0-9_]*)\s*=\s*(?P<value>\S.*)$")
_SAMPLE_USER_RE = re.compile(r"^heaviest owner of (?P<table>[a-z_][a-z0-9_]*)$")
_PARTITIONS_RE = re.compile(
    r"^(?P<table>[a-z_][a-z0-9_]*)\s+at most\s+(?P<count>[1-9][0-9]*)\s*\((?P<reason>.*\S.*)\)$"
)


class QueryFileError(Exception):
    """A named SQL file is missing or its header is malformed; start-up stops on it."""


@dataclass(frozen=True, slots=True)
class Param:
    position: int
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Sample:
    """How the plan engine picks one parameter: one binding of a `sample:` header line."""

    param: str
    # From a named sampling query: its column `column` of row `row` (1-based; None: every row).
    source: str | None = None
    column: str | None = None
    row: int | None = 1
    # Else a constant, as JSON text, or (None) the user picked for the query.
    value_json: str | None = None

    @property
    def value(self) -> object:
        return None if self.value_json is None else json.loads(self.value_json)


@dataclass(frozen=True, slots=True)
class PartitionLimit:
    """One `partitions:` line: the plan reads at most `count` partitions of `table`."""

    table: str
    count: int
    reason: str


_REPLICA_RE = re.compile(r"^yes(?:\s*\((?P<reason>.*\S.*)\))?$")
# What a statement a replica answers may not hold: a hot standby refuses row locks and writes.
_WRITES_RE = re.compile(
    r"\b(?:insert|update|delete|merge|truncate|nextval|setval|set_config)\b|\bfor\s+"
    r"(?:no\s+key\s+update|key\s+share|update|share)\b",
    re.IGNORECASE,
)
_BUDGET_RE = re.compile(
    r"^(?:buffers\s*<=\s*(?P<buffers>\d+)|growth\s*<=\s*(?P<growth>\d+(?:\.\d+)?)x?)"
    r"(?:\s*\((?P<reason>.*\S.*)\))?$"
)


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    path: Path
    description: str
    params: tuple[Param, ...]
    uses: tuple[str, ...]
    uses_reason: str | None
    body: str
    sql: str
    identifiers: tuple[str, ...] = ()
    # Indexes read by the statements of triggers this statement fires, and which trigger.
    trigger_uses: tuple[str, ...] = ()
    trigger_uses_reason: str | None = None
    # Why the plan engine does not EXPLAIN this statement (`plan: not checked (...)`), if so.
    plan_unchecked_reason: str | None = None
    # How the plan engine picks parameters (`sample:` lines), and whose data (`sample user:`).
    samples: tuple[Sample, ...] = ()
    sample_user_table: str | None = None
    # What the query's generic plan is judged by when it differs from `uses:` (`generic plan:
    # uses a, b (why)`), or why it is not judged (`generic plan: not checked (why)`).
    generic_uses: tuple[str, ...] = ()
    generic_reason: str | None = None
    generic_unchecked: bool = False
    # Partitioned tables whose partitions the plan may read only so many of, and why
    # (`partitions: locations at most 2 (why)`).
    partition_limits: tuple[PartitionLimit, ...] = ()
    # What one run may touch (`budget: buffers <= 40`), and how much more than the baseline's
    # figure it may grow to (`budget: growth <= 3`; the plan engine's default is 2).
    budget_buffers: int | None = None
    budget_growth: float | None = None
    # A read replica may answer it (`replica: yes`): it only reads, and may be a little stale.
    replica: bool = False

    @property
    def aggregate(self) -> str:
        return self.name.split("/", 1)[0]

    def with_identifiers(self, **names: str) -> str:
        """The statement with its `{identifier}` slots filled, each quoted as an identifier.

        Only for utility statements that cannot take bind parameters (CREATE DATABASE).
        """
        if set(names) != set(self.identifiers):
            raise ValueError(
                f"{self.name} takes identifiers {self.identifiers}, got {sorted(names)}"
            )
        text = self.sql
        for key, value in names.items():
            text = text.replace("{" + key + "}", '"' + value.replace('"', '""') + '"')
        return text


def parse_query(name: str, path: Path, text: str) -> Query:
    lines = text.splitlines()
    header: list[str] = []
    i = 0
    while i < len(lines) and lines[i].startswith("--"):
        header.append(lines[i][2:].strip())
        i += 1
    body = "\n".join(lines[i:]).strip()
    where = f"{path}"
    if not header:
        raise QueryFileError(f"{where}: no header comment (description, params:, uses:)")
    description_lines: list[str] = []
    params: list[Param] = []
    uses: tuple[str, ...] | None = None
    uses_reason: str | None = None
    identifiers: tuple[str, ...] = ()
    trigger_uses: tuple[str, ...] = ()
    trigger_uses_reason: str | None = None
    plan_unchecked_reason: str | None = None
    generic_uses: tuple[str, ...] = ()
    generic_reason: str | None = None
    generic_unchecked = False
    samples: list[Sample] = []
    sample_user_table: str | None = None
    partition_limits: list[PartitionLimit] = []
    budget_buffers: int | None = None
    budget_growth: float | None = None
    replica = False
    for line in header:
        key, _, rest = line.partition(":")
        key = key.strip().lower()
        if key == "params":
            for spec in filter(None, (s.strip() for s in rest.split(","))):
                m = _PARAM_RE.match(spec)
                if not m:
                    raise QueryFileError(
                        f"{where}: malformed parameter {spec!r} (want '$1 name type')"
                    )
                params.append(Param(int(m.group(1)), m.group(2), m.group(3).strip()))
        elif key == "trigger uses":
            m = _TRIGGER_USES_RE.match(rest.strip())
            names = tuple(n.strip() for n in m.group("names").split(",")) if m else ()
            if not m or not names or not all(_INDEX_NAME_RE.match(n) for n in names):
                raise QueryFileError(
                    f"{where}: malformed 'trigger uses:' line (want 'trigger uses: index, ... "
                    "(trigger_function: why)')"
                )
            trigger_uses, trigger_uses_reason = names, m.group("reason").strip()
        elif key == "plan":
            m = _PLAN_NOT_CHECKED_RE.match(rest.strip())
            if not m:
                raise QueryFileError(
                    f"{where}: malformed 'plan:' line (want 'plan: not checked (why)', "
                    "the reason required)"
                )
            plan_unchecked_reason = m.group("reason").strip()
        elif key == "generic plan":
            m = _GENERIC_PLAN_RE.match(rest.strip())
            names = tuple(n.strip() for n in (m.group("names") or "").split(",")) if m else ()
            choices = [c.strip() for n in names for c in n.split("|")]
            if not m or (m.group("uses") and not all(_INDEX_NAME_RE.match(c) for c in choices)):
                raise QueryFileError(
                    f"{where}: malformed 'generic plan:' line (want 'generic plan: uses "
                    "index, ... (why)' or 'generic plan: not checked (why)', the reason required)"
                )
            generic_reason = m.group("reason").strip()
            generic_unchecked = m.group("uses") is None
            generic_uses = () if generic_unchecked else names
        elif key == "sample":
            samples += _parse_sample(where, rest.strip())
        elif key == "sample user":
            m = _SAMPLE_USER_RE.match(rest.strip())
            if not m:
                raise QueryFileError(
                    f"{where}: malformed 'sample user:' line (want 'sample user: heaviest owner "
                    "of <table>')"
                )
            sample_user_table = m.group("table")
        elif key == "partitions":
            m = _PARTITIONS_RE.match(rest.strip())
            if not m:
                raise QueryFileError(
                    f"{where}: malformed 'partitions:' line (want 'partitions: <table> at most N "
                    "(why)', the reason required)"
                )
            if any(limit.table == m.group("table") for limit in partition_limits):
                raise QueryFileError(f"{where}: 'partitions:' names {m.group('table')} twice")
            partition_limits.append(
                PartitionLimit(m.group("table"), int(m.group("count")), m.group("reason").strip())
            )
        elif key == "budget":
            m = _BUDGET_RE.match(rest.strip())
            if not m or (m.group("growth") is not None and float(m.group("growth")) < 1):
                raise QueryFileError(
                    f"{where}: malformed 'budget:' line (want 'budget: buffers <= N' or "
                    "'budget: growth <= F', F at least 1, optionally with (why))"
                )
            if m.group("buffers") is not None:
                budget_buffers = int(m.group("buffers"))
            else:
                budget_growth = float(m.group("growth"))
        elif key == "replica":
            if not _REPLICA_RE.match(rest.strip()):
                raise QueryFileError(
                    f"{where}: malformed 'replica:' line (want 'replica: yes', optionally with "
                    "(why)); leave it out for a statement only the primary may run"
                )
            replica = True
        elif key == "identifiers":
            identifiers = tuple(i.strip() for i in rest.split(",") if i.strip())
        elif key == "uses":
            value = rest.strip()
            if value.startswith("none"):
                reason = value[4:].strip().strip("()").strip()
                if not reason:
                    raise QueryFileError(f"{where}: 'uses: none' needs a reason in parentheses")
                uses, uses_reason = (), reason
            else:
                uses = tuple(u.strip() for u in value.split(",") if u.strip())
                if not uses:
                    raise QueryFileError(f"{where}: 'uses:' names no index")
        else:
            description_lines.append(line)
    description = " ".join(d for d in description_lines if d).strip()
    if not description:
        raise QueryFileError(f"{where}: header has no description line")
    if uses is None:
        raise QueryFileError(f"{where}: header has no 'uses:' line naming the index it relies on")
    if not body:
        raise QueryFileError(f"{where}: no statement after the header")
    if len(split_statements(body)) > 1:
        raise QueryFileError(f"{where}: holds more than one statement")
    if replica:
        first = body.split(None, 1)[0].lower() if body.split() else ""
        writes = _WRITES_RE.search(body)
        if first not in ("select", "with") or writes:
            why = (
                f"it starts with {first!r}"
                if first not in ("select", "with")
                else f"it holds {writes.group(0)!r}"  # type: ignore[union-attr]
            )
            raise QueryFileError(
                f"{where}: 'replica: yes' is for a plain SELECT a read-only server can run, "
                f"but {why}"
            )
    positions = [p.position for p in params]
    if positions != list(range(1, len(params) + 1)):
        raise QueryFileError(f"{where}: params must be numbered $1..$N in order")
    used = placeholders(body)
    if used != set(positions):
        raise QueryFileError(
            f"{where}: the statement uses {sorted(used)} but the header declares {positions}"
        )
    param_names = [p.name for p in params]
    for sample in samples:
        if sample.param not in param_names:
            raise QueryFileError(
                f"{where}: 'sample:' names {sample.param!r}, not a parameter "
                f"({', '.join(param_names)})"
            )
    sampled = [s.param for s in samples]
    if len(set(sampled)) != len(sampled):
        raise QueryFileError(f"{where}: 'sample:' lines name a parameter twice")
    tag = f"/* hypernet:{name} */"
    sql = f"{tag}\n{body.rstrip().rstrip(';')}\n{tag}"
    return Query(
        name,
        path,
        description,
        tuple(params),
        uses,
        uses_reason,
        body,
        sql,
        identifiers,
        trigger_uses,
        trigger_uses_reason,
        plan_unchecked_reason,
        tuple(samples),
        sample_user_table,
        generic_uses,
        generic_reason,
        generic_unchecked,
        tuple(partition_limits),
        budget_buffers,
        budget_growth,
        replica,
    )


def _parse_sample(where: str, text: str) -> list[Sample]:
    """The bindings of one `sample:` line (the module docstring gives the syntax)."""
    m = _SAMPLE_FROM_RE.match(text)
    if m:
        row = None if m.group("every") else int(m.group("row") or 1)
        found = []
        for binding in m.group("bindings").split(","):
            b = _SAMPLE_BINDING_RE.match(binding.strip())
            if not b:
                raise QueryFileError(
                    f"{where}: malformed 'sample:' binding {binding.strip()!r} (want 'param' or "
                    "'param = column')"
                )
            column = b.group("column") or b.group("param")
            found.append(Sample(b.group("param"), m.group("source"), column, row))
        return found
    m = _SAMPLE_VALUE_RE.match(text)
    if not m:
        raise QueryFileError(
            f"{where}: malformed 'sample:' line (want 'a, b = column from aggregate/query "
            "[row N | every row]', 'name = <JSON>' or 'name = user')"
        )
    if m.group("value") == "user":
        return [Sample(m.group("param"))]
    try:
        value = json.loads(m.group("value"))
    except json.JSONDecodeError as exc:
        raise QueryFileError(
            f"{where}: 'sample:' value of {m.group('param')} is not JSON: {exc}"
        ) from None
    return [Sample(m.group("param"), value_json=json.dumps(value))]


def load_queries(root: Path = SQL_DIR) -> dict[str, Query]:
    if not root.is_dir():
        raise QueryFileError(f"{root}: the named SQL folder does not exist")
    found: dict[str, Query] = {}
    for path in sorted(root.glob("*/*.sql")):
        name = f"{path.parent.name}/{path.stem}"
        if not _NAME_RE.match(name):
            raise QueryFileError(f"{path}: names are lower_snake_case/lower_snake_case")
        found[name] = parse_query(name, path, path.read_text())
    return found


@cache
def registry() -> dict[str, Query]:
    """Every named query, loaded and checked once per process."""
    return load_queries()


def query(name: str) -> Query:
    """The named query; an unknown name fails at import time of the mapper that asks."""
    try:
        return registry()[name]
    except KeyError:
        raise QueryFileError(f"no named query {name!r} (expected {SQL_DIR / name}.sql)") from None
