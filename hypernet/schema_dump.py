"""A normalized, version-independent snapshot of the database schema (`schema/schema.sql`)."""

from __future__ import annotations

from collections import defaultdict

import asyncpg

from hypernet.config import SCHEMA_DIR
from hypernet.queries import query

SNAPSHOT_PATH = SCHEMA_DIR / "schema.sql"

_COLUMNS = query("catalog/list_columns")
_CONSTRAINTS = query("catalog/list_constraints")
_INDEXES = query("catalog/list_indexes")
_TRIGGERS = query("catalog/list_triggers")
_FUNCTIONS = query("catalog/list_functions")
_VIEWS = query("catalog/list_views")
_POLICIES = query("catalog/list_policies")
_EXTENSIONS = query("catalog/list_extensions")

HEADER = (
    "-- Schema snapshot written by `hypernet db dump` from a fully migrated database.\n"
    "-- Do not edit: change a migration and dump again. A test fails when this file is stale.\n"
)


def _column_line(col: asyncpg.Record) -> str:
    parts = [f"    {col['column_name']} {col['data_type']}"]
    if col["generated"] == "s":
        parts.append(f"GENERATED ALWAYS AS ({col['default_expr']}) STORED")
    elif col["identity"]:
        parts.append(
            "GENERATED " + ("ALWAYS" if col["identity"] == "a" else "BY DEFAULT") + " AS IDENTITY"
        )
    elif col["default_expr"] is not None:
        parts.append(f"DEFAULT {col['default_expr']}")
    if col["not_null"]:
        parts.append("NOT NULL")
    return " ".join(parts)


async def dump_schema(conn: asyncpg.Connection) -> str:
    """The schema as SQL text, in a stable order, comparable across PostgreSQL 15 to 18."""
    out: list[str] = [HEADER]
    for ext in await conn.fetch(_EXTENSIONS.sql):
        out.append(f"CREATE EXTENSION {ext['name']};\n")
    for fn in await conn.fetch(_FUNCTIONS.sql):
        out.append(fn["definition"].strip() + ";\n")
    tables: dict[str, list[str]] = defaultdict(list)
    for col in await conn.fetch(_COLUMNS.sql):
        tables[col["table_name"]].append(_column_line(col))
    constraints: dict[str, list[str]] = defaultdict(list)
    for con in await conn.fetch(_CONSTRAINTS.sql):
        constraints[con["table_name"]].append(f"    CONSTRAINT {con['name']} {con['definition']}")
    for table, columns in sorted(tables.items()):
        body = ",\n".join(columns + constraints.get(table, []))
        out.append(f"CREATE TABLE {table} (\n{body}\n);\n")
    for idx in await conn.fetch(_INDEXES.sql):
        out.append(idx["definition"].replace("public.", "") + ";\n")
    for trg in await conn.fetch(_TRIGGERS.sql):
        out.append(trg["definition"].replace("public.", "") + ";\n")
    for view in await conn.fetch(_VIEWS.sql):
        out.append(f"CREATE VIEW {view['name']} AS\n{view['definition'].rstrip()}\n")
    for pol in await conn.fetch(_POLICIES.sql):
        flags = "ENABLE" if pol["enabled"] else "DISABLE"
        line = f"ALTER TABLE {pol['table_name']} {flags} ROW LEVEL SECURITY;"
        if pol["forced"]:
            line += f"\nALTER TABLE {pol['table_name']} FORCE ROW LEVEL SECURITY;"
        out.append(line + ("\n" + pol["policies"] if pol["policies"] else "") + "\n")
    return "\n".join(out)
