"""A normalized, version-independent snapshot of the database schema (`schema/schema.sql`)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import asyncpg

from hypernet.core.config import SCHEMA_DIR, Settings
from hypernet.db import sqlscan
from hypernet.db.migrate import history_in_transaction, load_migrations
from hypernet.db.pool import connection
from hypernet.db.queries import query
from hypernet.db.scratch import scratch_database
from hypernet.db.sqlscan import IDENTIFIER, PUNCT, WORD, Token

SNAPSHOT_PATH = SCHEMA_DIR / "schema.sql"

_SCHEMAS = query("catalog/list_schemas")
_EXTENSIONS = query("catalog/list_extensions")
_TYPES = query("catalog/list_types")
_SEQUENCES = query("catalog/list_sequences")
_FUNCTIONS = query("catalog/list_functions")
_TABLES = query("catalog/list_tables")
_COLUMNS = query("catalog/list_columns")
_CONSTRAINTS = query("catalog/list_constraints")
_INDEXES = query("catalog/list_indexes")
_TRIGGERS = query("catalog/list_triggers")
_VIEWS = query("catalog/list_views")
_ROW_SECURITY = query("catalog/list_row_security")
_POLICIES = query("catalog/list_policies")
_GRANTS = query("catalog/list_grants")
_DEFAULT_PRIVILEGES = query("catalog/list_default_privileges")
_SERVER_VERSION = query("catalog/server_version")
_SEARCH_PATH = query("catalog/set_local_search_path")

HEADER = (
    "-- Schema snapshot written by `hypernet db dump`: what schema/migrations/ builds.\n"
    "-- Do not edit: change a migration and dump again. A test fails when this file is stale.\n"
)


def _name(schema: str, name: str) -> str:
    """Objects of public appear unqualified, every other schema's qualified."""
    return name if schema == "public" else f"{schema}.{name}"


def _unqualify_public(definition: str) -> str:
    """pg_get_indexdef and pg_get_triggerdef always qualify the table; public needs no prefix."""
    definition = re.sub(r" ON (ONLY )?public\.", r" ON \1", definition, count=1)
    return re.sub(r"^(CREATE OR REPLACE (?:FUNCTION|PROCEDURE) )public\.", r"\1", definition)


def _column_line(col: asyncpg.Record) -> str:
    parts = [f"    {col['column_name']} {col['data_type']}"]
    if col["collation"]:
        parts.append(f"COLLATE {col['collation']}")
    if col["generated"] in ("s", "v"):
        kind = "STORED" if col["generated"] == "s" else "VIRTUAL"
        parts.append(f"GENERATED ALWAYS AS ({col['default_expr']}) {kind}")
    elif col["identity"]:
        parts.append(
            "GENERATED " + ("ALWAYS" if col["identity"] == "a" else "BY DEFAULT") + " AS IDENTITY"
        )
    elif col["default_expr"] is not None:
        parts.append(f"DEFAULT {col['default_expr']}")
    if col["not_null"]:
        parts.append("NOT NULL")
    return " ".join(parts)


# -- view definitions: PostgreSQL 15 against 16+ -----------------------------------------------
#
# PostgreSQL 15 prints every column of a view's top-level query with its table's name
# (`SELECT media.id FROM media`); 16 and later leave the prefix out when that query reads exactly
# one relation (`SELECT id FROM media`), because 16 dropped the OLD/NEW entries every view's range
# table used to carry. Sub-queries keep their prefixes in both. So on 15 the prefixes of a
# single-relation top-level query are removed, which gives 16's text.

_FROM_END = {"WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR"}
_MULTI_FROM = {"JOIN", "CROSS", "NATURAL", "LATERAL", "TABLESAMPLE", ","}
_SET_OPS = {"UNION", "INTERSECT", "EXCEPT"}
# Stands for a parenthesized part of a FROM item (a sub-query, arguments, column aliases).
_PARENS = Token(PUNCT, "()", -1, 0)


def _is_name(token: Token) -> bool:
    return token.kind in (WORD, IDENTIFIER)


def _single_relation_refname(tokens: list[Token], depth: list[int]) -> str | None:
    """The name columns of the top-level query are prefixed with, if it reads one relation."""
    top = [i for i, t in enumerate(tokens) if t.is_code and depth[i] == 0]
    if any(tokens[i].text.upper() in _SET_OPS for i in top):
        return None
    starts = [i for i in top if tokens[i].text.upper() == "FROM"]
    if not starts:
        return None
    item: list[Token] = []
    i = starts[0] + 1
    while i < len(tokens):
        tok = tokens[i]
        if not tok.is_code:
            i += 1
            continue
        if depth[i] == 0 and (tok.text.upper() in _FROM_END or tok.text == ";"):
            break
        if depth[i] == 0 and tok.text.upper() in _MULTI_FROM:
            return None
        if tok.text == "(":
            # A sub-query, a function's arguments or column aliases: one item, skipped whole.
            level = depth[i]
            i += 1
            while i < len(tokens) and not (tokens[i].text == ")" and depth[i] == level):
                i += 1
            item.append(_PARENS)
        elif depth[i] == 0:
            item.append(tok)
        i += 1
    if item[:1] and item[0].text == "ONLY":
        item = item[1:]
    if not item:
        return None
    # object: name(.name)*, optionally a function call "()", or a sub-query "()".
    j = 0
    if item[0] is _PARENS:
        names: list[Token] = []
        j = 1
    else:
        names = [item[0]]
        j = 1
        while j + 1 < len(item) and item[j].text == "." and _is_name(item[j + 1]):
            names.append(item[j + 1])
            j += 2
        if j < len(item) and item[j] is _PARENS:
            j += 1
    rest = item[j:]
    if rest[:1] and rest[0].text == "AS":
        rest = rest[1:]
    if rest and _is_name(rest[0]) and (rest[1:] == [] or rest[1:] == [_PARENS]):
        return rest[0].text
    if not rest and names:
        return names[-1].text
    return None


def normalize_view_definition(definition: str) -> str:
    """PostgreSQL 15's text of a view as 16 and later print it (see above)."""
    tokens = list(sqlscan.tokens(definition))
    depth: list[int] = []
    in_sub: list[bool] = []
    stack: list[bool] = []  # per open parenthesis: does it hold a sub-query?
    for i, tok in enumerate(tokens):
        if tok.text == ")" and tok.kind == PUNCT and stack:
            stack.pop()
        depth.append(len(stack))
        in_sub.append(any(stack))
        if tok.text == "(" and tok.kind == PUNCT:
            nxt = next((t.text for t in tokens[i + 1 :] if t.is_code), "")
            stack.append(nxt.upper() in ("SELECT", "WITH", "VALUES"))
    refname = _single_relation_refname(tokens, depth)
    if refname is None:
        return definition
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        prev = next((t.text for t in reversed(out) if t.is_code), "")
        if (
            tok.text == refname
            and _is_name(tok)
            and not in_sub[i]
            and i + 2 < len(tokens)
            and tokens[i + 1].text == "."
            and _is_name(tokens[i + 2])
            and prev != "."
        ):
            i += 2  # drop "refname."
            continue
        out.append(tok)
        i += 1
    return "".join(t.text for t in out)


# -- the dump --------------------------------------------------------------------------------


async def dump_schema(conn: asyncpg.Connection) -> str:
    """The schema as SQL text, in a stable order, identical on PostgreSQL 15 to 18."""
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        await conn.fetchval(_SEARCH_PATH.sql)
        return await _dump(conn)


async def _dump(conn: asyncpg.Connection) -> str:
    version = int(await conn.fetchval(_SERVER_VERSION.sql))
    out: list[str] = [HEADER]
    for schema in await conn.fetch(_SCHEMAS.sql):
        out.append(f"CREATE SCHEMA {schema['name']};\n")
    for ext in await conn.fetch(_EXTENSIONS.sql):
        where = "" if ext["schema_name"] == "public" else f" SCHEMA {ext['schema_name']}"
        out.append(f"CREATE EXTENSION {ext['name']}{where};\n")
    for typ in await conn.fetch(_TYPES.sql):
        name = _name(typ["schema_name"], typ["name"])
        if typ["kind"] == "e":
            out.append(f"CREATE TYPE {name} AS ENUM ({typ['labels'] or ''});\n")
            continue
        line = f"CREATE DOMAIN {name} AS {typ['base_type']}"
        if typ["default_expr"] is not None:
            line += f" DEFAULT {typ['default_expr']}"
        if typ["not_null"]:
            line += " NOT NULL"
        if typ["checks"]:
            line += f" {typ['checks']}"
        out.append(line + ";\n")
    for seq in await conn.fetch(_SEQUENCES.sql):
        line = (
            f"CREATE SEQUENCE {_name(seq['schema_name'], seq['name'])} AS {seq['data_type']} "
            f"START WITH {seq['start_value']} INCREMENT BY {seq['increment_by']} "
            f"MINVALUE {seq['min_value']} MAXVALUE {seq['max_value']} CACHE {seq['cache_size']}"
        )
        if seq["cycle"]:
            line += " CYCLE"
        if seq["owned_by"]:
            line += f" OWNED BY {seq['owned_by']}"
        out.append(line + ";\n")
    for fn in await conn.fetch(_FUNCTIONS.sql):
        out.append(_unqualify_public(fn["definition"].strip()) + ";\n")

    columns: dict[tuple[str, str], list[str]] = defaultdict(list)
    for col in await conn.fetch(_COLUMNS.sql):
        columns[(col["schema_name"], col["table_name"])].append(_column_line(col))
    constraints: dict[tuple[str, str], list[str]] = defaultdict(list)
    for con in await conn.fetch(_CONSTRAINTS.sql):
        constraints[(con["schema_name"], con["table_name"])].append(
            f"    CONSTRAINT {con['name']} {con['definition']}"
        )
    for table in await conn.fetch(_TABLES.sql):
        key = (table["schema_name"], table["table_name"])
        name = _name(*key)
        unlogged = "UNLOGGED " if table["unlogged"] else ""
        if table["partition_of"]:
            parent = table["partition_of"].removeprefix("public.")
            body = ",\n".join(constraints.get(key, []))
            line = f"CREATE {unlogged}TABLE {name} PARTITION OF {parent}"
            line += f" (\n{body}\n)" if body else ""
            line += f" {table['partition_bound']}"
        else:
            body = ",\n".join(columns.get(key, []) + constraints.get(key, []))
            line = f"CREATE {unlogged}TABLE {name} (\n{body}\n)"
            if table["partition_key"]:
                line += f" PARTITION BY {table['partition_key']}"
        if table["options"]:
            line += f" WITH ({table['options']})"
        out.append(line + ";\n")

    for idx in await conn.fetch(_INDEXES.sql):
        flag = "-- INVALID: a failed CREATE INDEX CONCURRENTLY left it behind\n"
        out.append((flag if idx["invalid"] else "") + _unqualify_public(idx["definition"]) + ";\n")
    for trg in await conn.fetch(_TRIGGERS.sql):
        out.append(_unqualify_public(trg["definition"]) + ";\n")
    for view in await conn.fetch(_VIEWS.sql):
        definition = view["definition"].rstrip()
        if version < 16:
            definition = normalize_view_definition(definition)
        kind = "MATERIALIZED VIEW" if view["materialized"] else "VIEW"
        out.append(f"CREATE {kind} {_name(view['schema_name'], view['name'])} AS\n{definition}\n")
    for rls in await conn.fetch(_ROW_SECURITY.sql):
        name = _name(rls["schema_name"], rls["table_name"])
        lines = []
        if rls["enabled"]:
            lines.append(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;")
        if rls["forced"]:
            lines.append(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY;")
        out.append("\n".join(lines) + "\n")
    for pol in await conn.fetch(_POLICIES.sql):
        line = (
            f"CREATE POLICY {pol['name']} ON {_name(pol['schema_name'], pol['table_name'])}"
            f" AS {'PERMISSIVE' if pol['permissive'] else 'RESTRICTIVE'}"
            f" FOR {pol['command']} TO {pol['roles']}"
        )
        if pol["using_expr"] is not None:
            line += f"\n    USING ({pol['using_expr']})"
        if pol["check_expr"] is not None:
            line += f"\n    WITH CHECK ({pol['check_expr']})"
        out.append(line + ";\n")
    grants = [
        f"GRANT {g['privileges']} ON {g['object_type']} "
        f"{g['object_name'].removeprefix('public.')} TO {g['grantee']};"
        for g in await conn.fetch(_GRANTS.sql)
    ]
    if grants:
        out.append("\n".join(grants) + "\n")
    defaults = [
        "ALTER DEFAULT PRIVILEGES"
        + (f" IN SCHEMA {d['schema_name']}" if d["schema_name"] else "")
        + f" GRANT {d['privileges']} ON {d['object_kind']} TO {d['grantee']};"
        for d in await conn.fetch(_DEFAULT_PRIVILEGES.sql)
    ]
    if defaults:
        out.append("\n".join(defaults) + "\n")
    # The history belongs to the schema: a database restored from this file alone is at this
    # version (`hypernet db baseline --to N` records it).
    history = await history_in_transaction(conn)
    if history:
        out.append(
            "-- Applied migrations (public.schema_migrations), oldest first:\n"
            + "".join(f"-- {a.label}\n" for a in history)
        )
    return "\n".join(out)


async def dump_fresh(dsn: str, settings: Settings, migrations_dir: Path | None = None) -> str:
    """The snapshot of exactly what the migration files build: a scratch database on the same
    server is migrated from empty, dumped and dropped, so local drift never leaks into it."""
    migrations = load_migrations() if migrations_dir is None else load_migrations(migrations_dir)
    async with (
        scratch_database(dsn, settings, prefix="hypernet_dump", migrations=migrations) as scratch,
        connection(scratch, settings, "hypernet-dump") as conn,
    ):
        return await dump_schema(conn)
