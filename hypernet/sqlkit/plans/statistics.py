"""Planner statistics as a file: exported from one database, loaded into an empty one, so that
the plan engine judges every query as it would be planned on the database they came from.

PostgreSQL plans from pg_class (relpages, reltuples, relallvisible), pg_statistic (the pg_stats
view) and one fact it reads from disk: how many pages a relation's file has. A relation whose
file is empty is planned as empty whatever pg_class says, so loading the statistics
(PostgreSQL 18's pg_restore_relation_stats and pg_restore_attribute_stats) is not enough: each
table and index file is also extended, sparsely (no disk used, no row in it), to the number of
pages its statistics claim. That needs the server's data directory on this machine, which the
embedded server of `hypernet` always is.

What stays different from the source database: some index facts are read from the index itself,
not from statistics. A B-tree's height comes from its metapage, so an empty index reports none;
a GIN index's entry and page counts too, so an empty one is costed by rules of thumb. Where two
indexes cost nearly the same, that can tip the choice.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg

from hypernet.db.queries import Query, registry
from hypernet.sqlkit.plans.sampling import Sampler, pick_params
from hypernet.sqlkit.plans.verdicts import skip_reason

FORMAT = "hypernet-planner-statistics/1"
# The pg_stats fields that hold values read from the rows, each with the field that must go with
# it (pg_restore_attribute_stats takes values and frequencies together): what --redact drops.
SAMPLED_FIELDS = {
    "most_common_vals": "most_common_freqs",
    "histogram_bounds": None,
    "most_common_elems": "most_common_elem_freqs",
    "range_bounds_histogram": None,
    # The lengths of the sampled ranges (an event's duration), loaded only with the fraction of
    # empty ranges.
    "range_length_histogram": "range_empty_frac",
}
_COLUMN_FIELDS = (
    "null_frac",
    "avg_width",
    "n_distinct",
    "most_common_vals",
    "most_common_freqs",
    "histogram_bounds",
    "correlation",
    "most_common_elems",
    "most_common_elem_freqs",
    "elem_count_histogram",
    "range_length_histogram",
    "range_empty_frac",
    "range_bounds_histogram",
)
PAGE_SIZE = 8192  # for the report; the files are sized with the server's own block size
RESTORE_VERSION = 18
MAX_SCALE = 1e6
RANGE_STATISTICS_VERSION = 17  # pg_stats has range_length_histogram & co. from 17 on
_RANGE_FIELDS = ("range_length_histogram", "range_empty_frac", "range_bounds_histogram")


class StatisticsError(Exception):
    """A statistics file that cannot be read or loaded here, with what to do about it."""


def _query(name: str) -> Query:
    return registry()[name]


def _plain(value: Any) -> Any:
    """A sampled parameter as JSON: what sampling.coerce reads back for its type."""
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


# -- export -------------------------------------------------------------------------------------


async def export_statistics(conn: asyncpg.Connection, *, redact: bool = False) -> dict[str, Any]:
    """The planner statistics of the connected database as a JSON-ready document: the size of
    every table, partition and index, the pg_stats row of every column and, unless `redact`,
    the parameters the plan engine picks here for each named query (a heavy user's id, a cursor
    half-way through a list), so that plans elsewhere are made for the same values."""
    version = await conn.fetchval(_query("catalog/server_version").sql)
    async with conn.transaction():
        # Histogram bounds are written as text: in the styles every server reads back alike.
        await conn.fetchrow(_query("catalog/set_local_output_styles").sql)
        return await _export(conn, int(version), redact)


async def _export(conn: asyncpg.Connection, version: int, redact: bool) -> dict[str, Any]:
    relations = [dict(r) for r in await conn.fetch(_query("catalog/relation_statistics").sql)]
    ranges: dict[tuple[str, str, bool], dict[str, Any]] = {}
    if version >= RANGE_STATISTICS_VERSION:
        for row in await conn.fetch(_query("catalog/column_range_statistics").sql):
            ranges[(row["table_name"], row["column_name"], row["inherited"])] = dict(row)
    columns = []
    for row in await conn.fetch(_query("catalog/column_statistics").sql):
        key = (row["table_name"], row["column_name"], row["inherited"])
        column = {name: None for name in _RANGE_FIELDS} | dict(row)
        column.update({k: v for k, v in ranges.get(key, {}).items() if k in _RANGE_FIELDS})
        if redact:
            for values, freqs in SAMPLED_FIELDS.items():
                column[values] = None
                if freqs:
                    column[freqs] = None
        columns.append(column)
    parameters: dict[str, dict[str, Any]] | None = None
    if not redact:
        parameters = {}
        sampler = Sampler(conn)
        for q in sorted(registry().values(), key=lambda q: q.name):
            if skip_reason(q) is not None or not q.params:
                continue
            try:
                stmt = await conn.prepare(q.sql)
            except asyncpg.PostgresError:
                continue  # the check reports it; nothing to sample for it
            pg_types = [t.name for t in stmt.get_parameters()]
            picked = await pick_params(q, pg_types, sampler)
            parameters[q.name] = {name: _plain(value) for name, value in picked.items()}
    return {
        "format": FORMAT,
        "server_version": version,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "redacted": redact,
        "relations": relations,
        "columns": columns,
        "parameters": parameters,
    }


# -- load ---------------------------------------------------------------------------------------


@dataclass
class LoadReport:
    relations: int = 0
    columns: int = 0
    partitions_created: int = 0
    pages: int = 0  # pages the relation files were given (sparse: no disk is used)
    scale: float = 1.0
    # Exported relations and columns this schema lacks (a file from another migration version).
    not_here: list[str] = field(default_factory=list)
    # Statistics the server refused, each with its reason (a value that does not read as the
    # column's type, say): those are planned from defaults.
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        def some(names: list[str]) -> str:
            return ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")

        missing = (
            f"; {len(self.not_here)} exported relations or columns are not in this schema "
            f"({some(self.not_here)})"
            if self.not_here
            else ""
        )
        refused = (
            f"; {len(self.refused)} statistics refused, planned from defaults "
            f"({some(self.refused)})"
            if self.refused
            else ""
        )
        return (
            f"loaded the statistics of {self.relations} relations and {self.columns} columns "
            f"at scale {self.scale:g} ({self.partitions_created} partitions created, "
            f"{self.pages * PAGE_SIZE / 2**30:,.1f} GiB of sparse pages){missing}{refused}"
        )


def read_statistics(path: Path) -> dict[str, Any]:
    import json

    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise StatisticsError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise StatisticsError(f"{path}: not a statistics file ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StatisticsError(
            f'{path}: not a statistics file of this version (expected "format": "{FORMAT}"; '
            "write one with `hypernet sql stats-export`)"
        )
    return document


def exported_parameters(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The parameters the plan engine picked on the source database, by query (none if the
    file was redacted: the engine then picks from the loaded statistics where it can)."""
    return dict(document.get("parameters") or {})


def _month_of(bound: str | None) -> dt.date | None:
    """The month of a monthly partition's bound (`FOR VALUES FROM ('2024-01-01 00:00:00+00')
    TO (...)`), None for a DEFAULT partition or another kind of bound."""
    if not bound or "FROM ('" not in bound:
        return None
    try:
        return dt.date.fromisoformat(bound.split("FROM ('", 1)[1][:10])
    except ValueError:
        return None


async def load_statistics(
    conn: asyncpg.Connection, document: Mapping[str, Any], *, scale: float = 1.0
) -> LoadReport:
    """Load exported statistics into the connected database, an empty one migrated to the same
    schema: the missing monthly partitions are made, every size (times `scale`) and column
    statistic is set, and every file is given the pages its size claims. Raises
    StatisticsError where this server cannot (before PostgreSQL 18, or not on this machine)."""
    if not 0 < scale <= MAX_SCALE:
        raise StatisticsError(f"--scale must be a positive number up to {MAX_SCALE:g}")
    version = int(await conn.fetchval(_query("catalog/server_version").sql))
    if version < RESTORE_VERSION:
        raise StatisticsError(
            f"planning from statistics needs PostgreSQL {RESTORE_VERSION} or later "
            f"(pg_restore_relation_stats, pg_restore_attribute_stats); this server is {version}. "
            "Leave DATABASE_URL unset to use the embedded PostgreSQL 18, or point it at an 18"
        )
    report = LoadReport(scale=scale)
    relations = list(document.get("relations") or [])
    here = {r["name"] for r in await conn.fetch(_query("catalog/relation_statistics").sql)}
    ensure_month = _query("partitions/ensure_month").sql
    for rel in relations:
        month = _month_of(rel.get("partition_bound"))
        if rel.get("kind") != "r" or rel["name"] in here or month is None:
            continue
        if rel.get("parent") in here:  # a partition of a table this schema has
            row = await conn.fetchrow(ensure_month, rel["parent"], month)
            report.partitions_created += bool(row and row["created"])
    here = {r["name"] for r in await conn.fetch(_query("catalog/relation_statistics").sql)}
    columns_here = {
        (r["relation_name"], r["column_name"])
        for r in await conn.fetch(_query("catalog/relation_columns").sql)
    }
    warnings: list[str] = []

    def listen(_conn: Any, message: Any) -> None:
        warnings.append(str(getattr(message, "message", message)))

    conn.add_log_listener(listen)
    try:
        restore_relation = _query("catalog/restore_relation_statistics").sql
        for rel in relations:
            if rel["name"] not in here:
                report.not_here.append(rel["name"])
                continue
            tuples = float(rel["reltuples"])
            warnings.clear()
            loaded = await conn.fetchval(
                restore_relation,
                rel["name"],
                _scaled_pages(rel["relpages"], scale),
                tuples * scale if tuples >= 0 else tuples,  # -1: never analyzed, stays so
                _scaled_pages(rel["relallvisible"], scale),
            )
            if loaded and not warnings:
                report.relations += 1
            else:
                report.refused.append(f"{rel['name']}: {'; '.join(warnings) or 'refused'}")
        restore_column = _query("catalog/restore_column_statistics").sql
        for column in document.get("columns") or []:
            name = f"{column['table_name']}.{column['column_name']}"
            if column["table_name"] not in here:
                continue  # its relation is listed already
            if (column["table_name"], column["column_name"]) not in columns_here:
                report.not_here.append(name)
                continue
            warnings.clear()
            loaded = await conn.fetchval(
                restore_column,
                column["table_name"],
                column["column_name"],
                column["inherited"],
                *(column.get(field) for field in _COLUMN_FIELDS),
            )
            if loaded and not warnings:
                report.columns += 1
            else:
                report.refused.append(f"{name}: {'; '.join(warnings) or 'refused'}")
    finally:
        conn.remove_log_listener(listen)
    report.pages = await _size_files(conn)
    return report


def _scaled_pages(pages: Any, scale: float) -> int:
    """A page count times the scale, within int4; -1 (a partitioned table's: none) stays."""
    count = int(pages)
    return count if count < 0 else min(round(count * scale), 2**31 - 1)


async def _size_files(conn: asyncpg.Connection) -> int:
    """Extend every relation file to the pages pg_class now says it has (sparse files; each
    1 GB segment but the last full, as PostgreSQL lays them out). The planner reads a relation's
    size from its file, not from pg_class."""
    try:
        rows = await conn.fetch(_query("catalog/relation_files").sql)
    except asyncpg.InsufficientPrivilegeError as exc:
        raise StatisticsError(
            f"planning from statistics reads where the server keeps its files ({exc}): connect "
            "as a superuser or a member of pg_read_all_settings"
        ) from None
    total = 0
    for row in rows:
        pages = int(row["relpages"])
        if pages <= 0 or not row["file_path"]:
            continue
        directory = Path(row["data_directory"])
        _same_server(directory, int(row["system_identifier"]))
        page_bytes = int(row["block_size"])
        segment_pages = int(row["segment_bytes"]) // page_bytes
        base = directory / row["file_path"]
        try:
            owner = base.stat()
            if owner.st_size >= pages * page_bytes:
                continue
            for segment in range((pages - 1) // segment_pages + 1):
                path = base if segment == 0 else base.with_name(f"{base.name}.{segment}")
                size = min(pages - segment * segment_pages, segment_pages) * page_bytes
                if not path.exists():
                    path.touch(mode=0o600)
                    os.chown(path, owner.st_uid, owner.st_gid)
                if path.stat().st_size < size:
                    os.truncate(path, size)
        except OSError as exc:
            raise StatisticsError(
                "planning from statistics gives each empty table and index file the size its "
                f"statistics claim, which needs the server's data directory on this machine "
                f"({exc}); use the embedded PostgreSQL (leave DATABASE_URL unset) or a local "
                "server this user may write to"
            ) from None
        total += pages
    return total


_CHECKED_DIRECTORIES: set[Path] = set()


def _same_server(directory: Path, system_identifier: int) -> None:
    """Refuse to touch a data directory on this machine that is not the connected server's (a
    remote server whose data_directory path happens to exist here too)."""
    if directory in _CHECKED_DIRECTORIES:
        return
    try:
        with (directory / "global" / "pg_control").open("rb") as control:
            local = struct.unpack("<Q", control.read(8))[0]
    except OSError as exc:
        raise StatisticsError(
            "planning from statistics gives each empty table and index file the size its "
            f"statistics claim, which needs the server's data directory on this machine ({exc}); "
            "use the embedded PostgreSQL (leave DATABASE_URL unset) or a local server"
        ) from None
    if local != system_identifier:
        raise StatisticsError(
            f"{directory} on this machine belongs to another PostgreSQL server than the one "
            "connected to: planning from statistics needs the server to be on this machine"
        )
    _CHECKED_DIRECTORIES.add(directory)
