"""`hypernet sql index-health`: static checks of the schema's indexes and constraints, in the
spirit of the pg-index-health project, each finding saying what is wrong and what to do.

The checks, read from the catalog of the current database:

- foreign_key_without_index: a foreign key whose columns do not lead any valid index of its
  table (in any order), so deleting or re-keying a referenced row reads the table in full. A
  partial index counts only when its predicate is nothing but `col IS NOT NULL` on the key's own
  columns: the checks a foreign key makes (MATCH SIMPLE) only ever look for non-null keys.
- duplicate_index / redundant_index: two indexes of a table with the same method, predicate,
  expressions and, column by column, the same operator classes, collations and orderings, where
  one's key columns equal (duplicate) or are a leading prefix of (redundant) the other's. An
  index that enforces uniqueness or an exclusion constraint is never the redundant side of one
  that does not (a unique index on (a) says more than any index on (a, b)).
- invalid_index: `indisvalid` is false (a failed CREATE INDEX CONCURRENTLY or REINDEX).
- not_valid_constraint: a constraint added NOT VALID and never validated.
- table_without_primary_key.
- nullable_unique_index: a unique index with a nullable key column. NULLs never conflict, so
  such a column defeats the uniqueness unless the index's predicate requires `col IS NOT NULL`
  (rows without a value are then outside the key, which the index says) or the index is
  NULLS NOT DISTINCT.
- foreign_key_type_mismatch: a foreign key column whose type (the base type, for a domain)
  differs from the referenced column's.
- timestamp_without_time_zone: a column of type `timestamp` (or an array or domain of it).
- unused_index: an index no named query declares. Every index must be justified by one of:
  a query's `uses:` line (either side of `a | b`), a query's `trigger uses:` line (an index the
  statements of a trigger that the query fires read; EXPLAIN does not show those), enforcing a
  primary key, unique or exclusion constraint, or being the index a foreign key relies on (when
  no index justified otherwise already supports it: the narrowest candidate).
- declared_index_missing: a `uses:` or `trigger uses:` line names an index that does not exist.

`inspect(conn)` is the engine; the command line and the test suite both call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from hypernet.db.queries import Query, registry
from hypernet.db.sqlscan import conjuncts

_INDEXES = "catalog/index_health_indexes"
_FOREIGN_KEYS = "catalog/index_health_foreign_keys"
_NOT_VALID = "catalog/index_health_not_valid_constraints"
_NO_PRIMARY_KEY = "catalog/index_health_tables_without_primary_key"
_TIMESTAMPS = "catalog/index_health_timestamp_columns"

# Every check, in report order, with one line on what it looks for.
CHECKS: dict[str, str] = {
    "invalid_index": "indexes left INVALID by a failed concurrent build",
    "foreign_key_without_index": "foreign keys whose columns lead no valid index",
    "duplicate_index": "indexes identical to another of the same table",
    "redundant_index": "indexes whose columns are a leading prefix of another's",
    "unused_index": "indexes no named query declares and no constraint needs",
    "declared_index_missing": "indexes a named query declares that do not exist",
    "not_valid_constraint": "constraints added NOT VALID and never validated",
    "table_without_primary_key": "tables without a primary key",
    "nullable_unique_index": "unique indexes whose nullable key columns defeat uniqueness",
    "foreign_key_type_mismatch": "foreign key columns typed unlike the columns they reference",
    "timestamp_without_time_zone": "columns of type timestamp without time zone",
}

# Index methods whose multi-column indexes serve a search on a leading prefix of their columns.
_PREFIX_METHODS = frozenset({"btree"})
# Index methods that can serve the equality lookups a foreign key's checks make.
_EQUALITY_METHODS = frozenset({"btree", "hash"})
_PLAIN_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_$]*$")
_IS_NOT_NULL = re.compile(r'^(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*)) IS NOT NULL$')


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which check found it, where, what is wrong and what to do about it."""

    check: str
    table: str
    object: str
    problem: str
    fix: str

    def to_json(self) -> dict[str, str]:
        return {
            "check": self.check,
            "table": self.table,
            "object": self.object,
            "problem": self.problem,
            "fix": self.fix,
        }

    def render(self) -> str:
        return f"{self.check}: {self.problem}\n    fix: {self.fix}"


@dataclass
class Report:
    """Every finding, and how much was looked at."""

    findings: list[Finding]
    indexes: int
    foreign_keys: int

    @property
    def ok(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CHECKS, 0)
        for f in self.findings:
            counts[f.check] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checks": CHECKS,
            "counts": {k: v for k, v in self.counts().items() if v},
            "indexes": self.indexes,
            "foreign_keys": self.foreign_keys,
            "findings": [f.to_json() for f in self.findings],
        }

    def summary(self) -> str:
        looked = f"{self.indexes} indexes, {self.foreign_keys} foreign keys, {len(CHECKS)} checks"
        if self.ok:
            return f"index health: no findings ({looked})"
        by_check = ", ".join(f"{k} {v}" for k, v in self.counts().items() if v)
        return f"index health: {len(self.findings)} findings ({by_check}; {looked})"


# -- what the catalog says ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Index:
    ref: str
    name: str
    table: str
    method: str
    unique: bool
    exclusion: bool
    valid: bool
    nulls_not_distinct: bool
    constraint: str | None
    constraint_kind: str | None
    # Key columns in order (None for an expression), then the INCLUDE columns.
    keys: tuple[str | None, ...]
    included: tuple[str | None, ...]
    keys_not_null: tuple[bool | None, ...]
    opclasses: tuple[int, ...]
    collations: tuple[int, ...]
    options: tuple[int, ...]
    predicate: str | None
    expressions: str | None
    definition: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Index:
        count = row["key_count"]
        columns = tuple(row["columns"])
        return cls(
            ref=row["index_ref"],
            name=row["index_name"],
            table=row["table_ref"],
            method=row["method"],
            unique=row["is_unique"],
            exclusion=row["is_exclusion"],
            valid=row["is_valid"],
            nulls_not_distinct=bool(row["nulls_not_distinct"]),
            constraint=row["constraint_name"],
            constraint_kind=row["constraint_kind"],
            keys=columns[:count],
            included=columns[count:],
            keys_not_null=tuple(row["not_null"])[:count],
            opclasses=tuple(row["opclasses"]),
            collations=tuple(row["collations"]),
            options=tuple(row["options"]),
            predicate=row["predicate"],
            expressions=row["expressions"],
            definition=row["definition"],
        )

    @property
    def enforces_constraint(self) -> bool:
        """A primary key, a unique constraint or index, or an exclusion constraint."""
        return self.unique or self.exclusion or self.constraint is not None

    def describe(self) -> str:
        cols = ", ".join(c if c is not None else "(expression)" for c in self.keys)
        where = f" WHERE {self.predicate}" if self.predicate else ""
        return f"{self.ref} ({cols}){where}"


@dataclass(frozen=True, slots=True)
class ForeignKey:
    table: str
    name: str
    referenced: str
    columns: tuple[str, ...]
    referenced_columns: tuple[str, ...]
    column_types: tuple[str, ...]
    referenced_types: tuple[str, ...]
    column_base_types: tuple[int, ...]
    referenced_base_types: tuple[int, ...]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ForeignKey:
        return cls(
            table=row["table_ref"],
            name=row["name"],
            referenced=row["referenced_ref"],
            columns=tuple(row["columns"]),
            referenced_columns=tuple(row["referenced_columns"]),
            column_types=tuple(row["column_types"]),
            referenced_types=tuple(row["referenced_types"]),
            column_base_types=tuple(row["column_base_types"]),
            referenced_base_types=tuple(row["referenced_base_types"]),
        )


def ident(name: str) -> str:
    """A column name as it would be written in SQL (quoted when it must be)."""
    if _PLAIN_IDENTIFIER.match(name):
        return name
    return '"' + name.replace('"', '""') + '"'


def columns_required_not_null(predicate: str | None) -> set[str]:
    """The columns an index predicate requires to be non-null through a top-level
    `col IS NOT NULL` term (the only form this recognises)."""
    if not predicate:
        return set()
    found: set[str] = set()
    for term in conjuncts(predicate):
        m = _IS_NOT_NULL.match(term)
        if m:
            found.add(m.group(1).replace('""', '"') if m.group(1) else m.group(2))
    return found


def _only_not_null_of(predicate: str | None, columns: Iterable[str]) -> bool:
    """Whether a predicate is nothing but `col IS NOT NULL` terms on the given columns."""
    if not predicate:
        return True
    wanted = set(columns)
    for term in conjuncts(predicate):
        m = _IS_NOT_NULL.match(term)
        name = (m.group(1).replace('""', '"') if m.group(1) else m.group(2)) if m else None
        if name not in wanted:
            return False
    return True


def supports_foreign_key(index: Index, fk: ForeignKey) -> bool:
    """Whether the checks of `fk` (find the rows referencing a key) can search this index."""
    n = len(fk.columns)
    if index.table != fk.table or not index.valid or index.method not in _EQUALITY_METHODS:
        return False
    if index.method != "btree" and len(index.keys) != n:
        return False
    lead = index.keys[:n]
    if len(lead) < n or any(c is None for c in lead) or set(lead) != set(fk.columns):
        return False
    return _only_not_null_of(index.predicate, fk.columns)


# -- the checks ---------------------------------------------------------------------------------


def _same_shape(a: Index, b: Index, n: int) -> bool:
    """Same table, method, predicate and expressions; the first n key columns alike in column,
    operator class, collation and ordering."""
    return (
        a.table == b.table
        and a.method == b.method
        and a.predicate == b.predicate
        and a.expressions == b.expressions
        and a.keys[:n] == b.keys[:n]
        and a.opclasses[:n] == b.opclasses[:n]
        and a.collations[:n] == b.collations[:n]
        and a.options[:n] == b.options[:n]
    )


def _covered_by(a: Index, b: Index) -> str | None:
    """'duplicate' or 'redundant' when index `a` adds nothing that index `b` does not give."""
    if a.ref == b.ref or not a.valid or not b.valid or a.exclusion:
        return None
    n = len(a.keys)
    if n > len(b.keys) or not _same_shape(a, b, n):
        return None
    if n < len(b.keys) and a.method not in _PREFIX_METHODS:
        return None
    if not set(a.included) <= set(b.keys) | set(b.included):
        return None
    if a.unique and not b.unique:
        return None  # `a` enforces what `b` cannot
    if n == len(b.keys):
        if a.unique and a.nulls_not_distinct != b.nulls_not_distinct:
            return None
        return "duplicate"
    # A strict prefix: a unique `a` enforces more than a wider unique `b` does.
    return None if a.unique else "redundant"


def _duplicates(indexes: Sequence[Index], justified: set[str]) -> list[Finding]:
    def rank(i: Index) -> tuple[bool, bool, bool, str]:
        # Of identical indexes keep the unique one, else the one a constraint owns, else one a
        # query names, else the first by name (the lowest rank): the others are the findings.
        return (not i.unique, i.constraint is None, i.ref not in justified, i.ref)

    duplicate_of: dict[str, Index] = {}
    for a in indexes:
        same = [b for b in indexes if _covered_by(a, b) == "duplicate" and rank(b) < rank(a)]
        if same:
            duplicate_of[a.ref] = min(same, key=rank)
    findings: list[Finding] = []
    for a in indexes:
        b = duplicate_of.get(a.ref)
        if b is not None:
            owner = f" (it backs constraint {a.constraint})" if a.constraint else ""
            drop = (
                f"ALTER TABLE {a.table} DROP CONSTRAINT {ident(a.constraint)}"
                if a.constraint
                else f"DROP INDEX CONCURRENTLY {a.ref}"
            )
            findings.append(
                Finding(
                    "duplicate_index",
                    a.table,
                    a.ref,
                    f"index {a.describe()} duplicates {b.ref}{owner}: both are written on every "
                    "change of a row, and either serves every query the other does",
                    f"in a new migration, {drop}; any `uses:` line naming {a.ref} names {b.ref} "
                    "instead",
                )
            )
            continue
        wider = [
            b for b in indexes if b.ref not in duplicate_of and _covered_by(a, b) == "redundant"
        ]
        if not wider:
            continue
        b = min(wider, key=rank)
        findings.append(
            Finding(
                "redundant_index",
                a.table,
                a.ref,
                f"index {a.describe()} is covered by {b.describe()}: its key columns lead "
                f"{b.ref} with the same predicate, so {b.ref} serves every search {a.ref} does",
                f"in a new migration, DROP INDEX CONCURRENTLY {a.ref}, and point any `uses:` "
                f"line naming it at {b.ref}",
            )
        )
    return findings


def _foreign_keys_without_index(
    indexes: Sequence[Index], fks: Sequence[ForeignKey]
) -> list[Finding]:
    findings = []
    for fk in fks:
        if any(supports_foreign_key(i, fk) for i in indexes):
            continue
        cols = ", ".join(ident(c) for c in fk.columns)
        findings.append(
            Finding(
                "foreign_key_without_index",
                fk.table,
                fk.name,
                f"foreign key {fk.name} on {fk.table} ({cols}) -> {fk.referenced} has no index "
                f"led by its columns: deleting or re-keying a row of {fk.referenced} reads "
                f"{fk.table} in full to find the rows that reference it",
                f"in a new migration, CREATE INDEX CONCURRENTLY ON {fk.table} ({cols}) (or "
                "widen an existing index so these columns lead it); a partial index counts only "
                "when its predicate is just `col IS NOT NULL` on these columns",
            )
        )
    return findings


def _invalid(indexes: Sequence[Index]) -> list[Finding]:
    return [
        Finding(
            "invalid_index",
            i.table,
            i.ref,
            f"index {i.ref} on {i.table} is INVALID (a CREATE INDEX CONCURRENTLY or REINDEX "
            "that failed, or one still running): every write maintains it, no query can use it"
            + (", and it enforces no uniqueness" if i.unique else ""),
            f"REINDEX INDEX CONCURRENTLY {i.ref}; or DROP INDEX CONCURRENTLY {i.ref} and run "
            "the migration that creates it again",
        )
        for i in indexes
        if not i.valid
    ]


def _nullable_unique(indexes: Sequence[Index]) -> list[Finding]:
    findings = []
    for i in indexes:
        if not i.unique or i.nulls_not_distinct or not i.valid:
            continue
        required = columns_required_not_null(i.predicate)
        nullable = [
            c
            for c, not_null in zip(i.keys, i.keys_not_null, strict=True)
            if c is not None and not_null is False and c not in required
        ]
        if not nullable:
            continue
        cols = ", ".join(ident(c) for c in nullable)
        terms = " AND ".join(f"{ident(c)} IS NOT NULL" for c in nullable)
        findings.append(
            Finding(
                "nullable_unique_index",
                i.table,
                i.ref,
                f"unique index {i.describe()} has nullable key columns ({cols}): two rows with "
                "a NULL there never conflict, so for them the index enforces nothing",
                f"in a new migration, make the columns NOT NULL; or, if rows without them are "
                f"meant to be outside the key, rebuild the index with `{terms}` added to its "
                "predicate (every ON CONFLICT ... WHERE naming it must then imply it); or, if "
                "NULL is a value like any other, rebuild it NULLS NOT DISTINCT",
            )
        )
    return findings


def _type_mismatches(fks: Sequence[ForeignKey]) -> list[Finding]:
    findings = []
    for fk in fks:
        pairs = zip(
            fk.columns,
            fk.column_types,
            fk.column_base_types,
            fk.referenced_columns,
            fk.referenced_types,
            fk.referenced_base_types,
            strict=True,
        )
        for col, col_type, col_base, ref_col, ref_type, ref_base in pairs:
            if col_base == ref_base:
                continue
            findings.append(
                Finding(
                    "foreign_key_type_mismatch",
                    fk.table,
                    fk.name,
                    f"foreign key {fk.name}: {fk.table}.{ident(col)} is {col_type} but "
                    f"{fk.referenced}.{ident(ref_col)} is {ref_type}: every check converts, "
                    "and the narrower side can overflow",
                    f"in a new migration, ALTER TABLE {fk.table} ALTER COLUMN {ident(col)} "
                    f"TYPE {ref_type} (a table rewrite under an exclusive lock: plan it)",
                )
            )
    return findings


def _justification(
    indexes: Sequence[Index], fks: Sequence[ForeignKey], queries: Mapping[str, Query]
) -> tuple[set[str], dict[str, list[str]]]:
    """The indexes justified by a query's `uses:`/`trigger uses:`, a constraint or a foreign
    key; and, for each index name any header declares, the queries that declare it."""
    declared: dict[str, list[str]] = {}
    for q in queries.values():
        names = [n for entry in q.uses for n in entry.split("|")] + list(q.trigger_uses)
        for name in names:
            if name.strip():
                declared.setdefault(name.strip(), []).append(q.name)
    justified = {i.ref for i in indexes if i.enforces_constraint or i.name in declared}
    for fk in fks:
        candidates = [i for i in indexes if supports_foreign_key(i, fk)]
        if candidates and not any(i.ref in justified for i in candidates):
            narrowest = min(candidates, key=lambda i: (len(i.keys), i.ref))
            justified.add(narrowest.ref)
    return justified, declared


def _unused(indexes: Sequence[Index], justified: set[str]) -> list[Finding]:
    return [
        Finding(
            "unused_index",
            i.table,
            i.ref,
            f"index {i.describe()} is named by no query's `uses:` line, enforces no "
            "constraint and is not the index a foreign key relies on: it slows every write "
            "and nothing says what reads it",
            "add the query that needs it (or the `uses:` line of the existing query whose plan "
            f"reads it) under sql/; otherwise drop it in a new migration (DROP INDEX "
            f"CONCURRENTLY {i.ref})",
        )
        for i in indexes
        if i.ref not in justified
    ]


def _missing(indexes: Sequence[Index], declared: Mapping[str, list[str]]) -> list[Finding]:
    present = {i.name for i in indexes} | {i.ref for i in indexes}
    return [
        Finding(
            "declared_index_missing",
            "",
            name,
            f"{', '.join(sorted(set(names)))} declare{'s' if len(set(names)) == 1 else ''} "
            f"index {name}, which does not exist in this database",
            "apply pending migrations (hypernet db migrate); if the index was renamed or "
            "dropped, correct the header",
        )
        for name, names in sorted(declared.items())
        if name not in present
    ]


async def inspect(conn: asyncpg.Connection, queries: Mapping[str, Query] | None = None) -> Report:
    """Run every check on the database of `conn`; `queries` defaults to every named query."""
    queries = registry() if queries is None else queries
    named = registry()
    indexes = [Index.from_row(r) for r in await conn.fetch(named[_INDEXES].sql)]
    fks = [ForeignKey.from_row(r) for r in await conn.fetch(named[_FOREIGN_KEYS].sql)]
    justified, declared = _justification(indexes, fks, queries)
    findings: list[Finding] = [
        *_invalid(indexes),
        *_foreign_keys_without_index(indexes, fks),
        *_duplicates(indexes, justified),
        *_unused(indexes, justified),
        *_missing(indexes, declared),
    ]
    for row in await conn.fetch(named[_NOT_VALID].sql):
        owner, name = row["owner_ref"], row["name"]
        findings.append(
            Finding(
                "not_valid_constraint",
                owner,
                name,
                f"constraint {name} on {row['owner_kind']} {owner} was added NOT VALID and "
                "never validated: rows written before it was added may break it",
                f"in a new migration, ALTER {row['owner_kind'].upper()} {owner} VALIDATE "
                f"CONSTRAINT {ident(name)} (it scans without blocking reads or writes); fix "
                "the rows it reports first",
            )
        )
    for row in await conn.fetch(named[_NO_PRIMARY_KEY].sql):
        table = row["table_ref"]
        findings.append(
            Finding(
                "table_without_primary_key",
                table,
                table,
                f"table {table} has no primary key: rows cannot be addressed one by one, and "
                "logical replication and sharding need one",
                f"in a new migration, add one (on a user-owned table, PRIMARY KEY (user_id, "
                f"id)): CREATE UNIQUE INDEX CONCURRENTLY, then ALTER TABLE {table} ADD "
                "CONSTRAINT ... PRIMARY KEY USING INDEX ...",
            )
        )
    findings.extend(_nullable_unique(indexes))
    findings.extend(_type_mismatches(fks))
    for row in await conn.fetch(named[_TIMESTAMPS].sql):
        table, column = row["table_ref"], ident(row["column_name"])
        findings.append(
            Finding(
                "timestamp_without_time_zone",
                table,
                f"{table}.{column}",
                f"column {table}.{column} is {row['data_type']}: it stores a wall-clock time "
                "without saying in which zone, so its meaning depends on the writer's TimeZone",
                f"in a new migration, ALTER TABLE {table} ALTER COLUMN {column} TYPE "
                f"timestamptz USING {column} AT TIME ZONE 'UTC' (or the zone the values are in; "
                "a table rewrite under an exclusive lock: plan it)",
            )
        )
    order = {name: n for n, name in enumerate(CHECKS)}
    findings.sort(key=lambda f: (order[f.check], f.table, f.object))
    return Report(findings, len(indexes), len(fks))
