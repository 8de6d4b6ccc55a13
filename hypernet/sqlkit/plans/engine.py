"""The engine: EXPLAIN named queries on one connection and give a verdict on each."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import asyncpg

from hypernet.db.queries import Query, registry
from hypernet.sqlkit.plans.reading import (
    fold_partitions,
    indexes_used,
    modifies_rows,
    partitions_read,
    plan_shape,
    root_node,
    seq_scanned,
)
from hypernet.sqlkit.plans.sampling import Sampler, pick_params
from hypernet.sqlkit.plans.verdicts import (
    LARGE_TABLE_ROWS,
    PlanError,
    Verdict,
    declaration,
    judge,
    judge_partitions,
    skip_reason,
    small_data_hint,
)

_EXPLAIN = "EXPLAIN (FORMAT JSON) "
_EXPLAIN_ANALYZE = "EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS, TIMING) "
_EXPLAIN_BUFFERS = "EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS, TIMING OFF) "

_SERVER_VERSION = "catalog/server_version"
_TABLE_ROWS = "catalog/table_row_estimates"
_PARTITION_ROOTS = "catalog/partition_roots"
_DROP_INDEX = "tooling/drop_index"
_FORCE_GENERIC = "tooling/force_generic_plans"
_HYPOPG_AVAILABLE = "catalog/hypopg_available"
_HYPOPG_CREATE_EXTENSION = "catalog/create_extension_hypopg"
_HYPOPG_CREATE = "catalog/create_hypothetical_index"
_HYPOPG_RESET = "catalog/reset_hypothetical_indexes"


class _Rollback(Exception):
    """Raised inside a transaction only to roll it back."""


def _writes(verdict: Verdict) -> bool:
    """Whether the plan changes rows. Its run is rolled back, but not without a trace: the dead
    row versions and the cleared visibility-map bits it leaves change what every later run
    touches (an index-only count of 7 buffers read 618 after a rolled-back UPDATE of the same
    rows). So `sql check --analyze` measures every read first, then the writes one after the
    other in name order: on a freshly seeded database (`--scratch`, the test suite) each run
    starts from the same state and gives the same figures; on a database measured before, the
    writes' traces are there until VACUUM clears them."""
    plan = verdict.plan
    return plan is not None and modifies_rows(plan)


# -- running EXPLAIN ----------------------------------------------------------------------------


async def table_row_estimates(conn: asyncpg.Connection) -> dict[str, int]:
    rows = await conn.fetch(registry()[_TABLE_ROWS].sql)
    return {r["table_name"]: int(r["estimated_rows"]) for r in rows}


async def server_version(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval(registry()[_SERVER_VERSION].sql))


@dataclass
class Engine:
    """Explains named queries on one connection, sharing the sampled facts between them."""

    conn: asyncpg.Connection
    large_table_rows: int = LARGE_TABLE_ROWS
    sampler: Sampler = field(init=False)
    _table_rows: dict[str, int] | None = field(default=None, init=False)
    _partition_roots: dict[str, str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.sampler = Sampler(self.conn)

    async def table_rows(self) -> dict[str, int]:
        if self._table_rows is None:
            self._table_rows = await table_row_estimates(self.conn)
        return self._table_rows

    async def partition_roots(self) -> dict[str, str]:
        """Partition (table or index) -> the partitioned table or index at its root."""
        if self._partition_roots is None:
            rows = await self.conn.fetch(registry()[_PARTITION_ROOTS].sql)
            self._partition_roots = {r["name"]: r["root"] for r in rows}
        return self._partition_roots

    async def explain(
        self,
        q: Query,
        params: Mapping[str, Any] | Sequence[Any] | None = None,
        *,
        analyze: bool = False,
        without_indexes: Iterable[str] = (),
        with_indexes: Iterable[str] = (),
    ) -> Verdict:
        """The verdict on one query; `analyze` runs it (rolled back), `without_indexes` drops
        indexes for the duration (rolled back) to show the plan the query would get then, and
        `with_indexes` (CREATE INDEX statements) adds hypothetical ones (hypopg) for the plan."""
        hypothetical = list(with_indexes)
        if hypothetical and analyze:
            raise PlanError("a hypothetical index is only planned, never run: drop --analyze")
        if hypothetical and not await self.conn.fetchval(registry()[_HYPOPG_AVAILABLE].sql):
            version = await server_version(self.conn)
            raise PlanError(
                "--with-index needs the hypopg extension on the server, and this one (PostgreSQL "
                f"{version}) has none. Debian and the PGDG repository package it per version "
                f"(apt-get install postgresql-{version}-hypopg); the embedded PostgreSQL 18 has "
                "none: point DATABASE_URL at a server that has it"
            )
        declared = list(q.uses)
        reason = skip_reason(q)
        if reason is not None:
            return Verdict(q.name, "skipped", reason, declared=declared, declaration=declaration(q))
        prefix = _EXPLAIN_ANALYZE if analyze else _EXPLAIN
        try:
            stmt = await self.conn.prepare(prefix + q.sql)
        except asyncpg.PostgresError as exc:
            return Verdict(q.name, "error", f"cannot prepare: {exc}", declared=declared)
        pg_types = [t.name for t in stmt.get_parameters()]
        values = await pick_params(q, pg_types, self.sampler, params)
        document: Any = None
        generic: Any = None
        # Without parameters the generic plan is the custom one; under ANALYZE, not the point.
        judge_generic = bool(q.params) and not analyze and not q.generic_unchecked
        try:
            # Always inside a transaction that is rolled back: EXPLAIN ANALYZE of a write must
            # change nothing, and neither must a dropped index.
            async with self.conn.transaction():
                for index in without_indexes:
                    await self._drop_index(index)
                if hypothetical:
                    await self._add_hypothetical_indexes(hypothetical)
                try:
                    # A savepoint: after a failed EXPLAIN the session's hypothetical indexes
                    # can still be forgotten (hypopg keeps them outside the transaction).
                    async with self.conn.transaction():
                        document = await stmt.fetchval(*values.values())
                        if judge_generic:
                            generic = await self._generic_plan(q)
                finally:
                    if hypothetical:
                        await self.conn.fetchval(registry()[_HYPOPG_RESET].sql)
                raise _Rollback
        except _Rollback:
            pass
        except (asyncpg.PostgresError, asyncpg.DataError) as exc:
            return Verdict(
                q.name, "error", f"EXPLAIN failed: {exc}", params=values, declared=declared
            )
        if isinstance(document, str):
            document = json.loads(document)
        roots = await self.partition_roots()
        # Judged as a plan over the tables and indexes the query names (see fold_partitions).
        plan = fold_partitions(root_node(document), roots)
        table_rows = await self.table_rows()
        violations = judge(q, plan, table_rows, self.large_table_rows)
        violations += judge_partitions(q, plan)
        generic_indexes: list[str] | None = None
        if generic is not None:
            generic_plan = fold_partitions(
                root_node(json.loads(generic) if isinstance(generic, str) else generic), roots
            )
            generic_indexes = indexes_used(generic_plan)
            by = replace(q, uses=q.generic_uses) if q.generic_uses else q
            violations += [
                message.replace(f"{q.name}: ", f"{q.name}: generic plan: ", 1)
                for message in judge(by, generic_plan, table_rows, self.large_table_rows)
            ]
        return Verdict(
            q.name,
            "violation" if violations else "ok",
            violations=violations,
            params=values,
            indexes=indexes_used(plan),
            seq_scans=seq_scanned(plan),
            shape=plan_shape(plan),
            document=document,
            declared=declared,
            declaration=declaration(q),
            generic_indexes=generic_indexes,
            partitions=partitions_read(plan),
            partition_limits=[(p.table, p.count) for p in q.partition_limits],
            hint=small_data_hint(plan, table_rows, self.large_table_rows) if violations else None,
        )

    async def measure(
        self, q: Query, params: Mapping[str, Any] | Sequence[Any] | None = None
    ) -> tuple[int, int] | None:
        """Run the query once with its sampled parameters (EXPLAIN ANALYZE, in a transaction
        rolled back) and answer (buffers touched: shared hit + read, rows returned), or None
        for a statement the engine does not plan."""
        if skip_reason(q) is not None:
            return None
        stmt = await self.conn.prepare(_EXPLAIN_BUFFERS + q.sql)
        pg_types = [t.name for t in stmt.get_parameters()]
        values = await pick_params(q, pg_types, self.sampler, params)
        document: Any = None
        # Run twice, the second counted: the first run of a statement in a session also reads
        # the catalog for what it opens on the way (the partition an insert is routed to, say:
        # 100 buffers, then 9), which depends on what the session ran before, not on the query.
        for _ in range(2):
            try:
                async with self.conn.transaction():
                    document = await stmt.fetchval(*values.values())
                    raise _Rollback
            except _Rollback:
                pass
            except (asyncpg.PostgresError, asyncpg.DataError):
                # A write whose sampled values the data refuses (a key another row holds, a
                # made-up id a foreign key rejects): its plan is judged, its cost not measured.
                return None
        plan = root_node(json.loads(document) if isinstance(document, str) else document)
        # A node's counts include its children's (and its InitPlans'); planning's are apart.
        buffers = int(plan.get("Shared Hit Blocks", 0)) + int(plan.get("Shared Read Blocks", 0))
        return buffers, int(plan.get("Actual Rows", 0))

    async def _generic_plan(self, q: Query) -> Any:
        """The plan a prepared statement of `q` runs on once PostgreSQL settles on a generic
        plan. EXPLAIN EXECUTE of a statement prepared on this connection, under
        plan_cache_mode = force_generic_plan (local to the caller's transaction); its arguments
        are all NULL, since a generic plan is made without looking at them. PostgreSQL 16's
        EXPLAIN (GENERIC_PLAN) would do without the statement, but 15 has no such option.
        Partition pruning is off while it is made: its NULL arguments would prune every
        partition at executor start-up, and which ones a real run reads depends on values a
        generic plan is not given; so every partition is judged by `uses:` (the custom plan
        shows the pruning, judged by `partitions:`)."""
        # Named by us: asyncpg leaves a statement unnamed when its cache is off, and EXECUTE
        # needs a name. asyncpg closes it on the server once `prepared` is gone, so it is held
        # until the EXPLAIN has run.
        name = f"hypernet_generic_{uuid.uuid4().hex}"
        prepared = await self.conn.prepare(q.sql, name=name)
        await self.conn.execute(registry()[_FORCE_GENERIC].sql)
        nulls = ", ".join("NULL" for _ in q.params)
        # Prepared apart, not through asyncpg's statement cache: each text is used once.
        explain = await self.conn.prepare(f'{_EXPLAIN}EXECUTE "{name}"({nulls})')
        document = await explain.fetchval()
        del prepared
        return document

    async def _add_hypothetical_indexes(self, statements: list[str]) -> None:
        try:
            await self.conn.execute(registry()[_HYPOPG_CREATE_EXTENSION].sql)
        except asyncpg.InsufficientPrivilegeError as exc:
            raise PlanError(
                f"--with-index creates the hypopg extension for the experiment ({exc}): hypopg "
                "is not a trusted extension, so connect as a superuser, or have one run "
                "CREATE EXTENSION hypopg in this database"
            ) from None
        for statement in statements:
            try:
                async with self.conn.transaction():
                    await self.conn.fetchval(registry()[_HYPOPG_CREATE].sql, statement)
            except asyncpg.PostgresError as exc:
                await self.conn.fetchval(registry()[_HYPOPG_RESET].sql)
                raise PlanError(
                    f"cannot make the hypothetical index {statement!r}: {exc}"
                ) from None

    async def _drop_index(self, index: str) -> None:
        try:
            await self.conn.execute(registry()[_DROP_INDEX].with_identifiers(index=index))
        except asyncpg.PostgresError as exc:
            raise PlanError(f"cannot drop index {index} for the experiment: {exc}") from None

    async def check(
        self,
        queries: Iterable[Query] | None = None,
        *,
        without_indexes: Iterable[str] = (),
        params: Mapping[str, Mapping[str, Any]] | None = None,
        analyze: bool = False,
    ) -> list[Verdict]:
        """Verdicts on every named query (or the given ones), in name order; `params` gives
        some queries' parameters by name (those a statistics file brought along); `analyze`
        also runs each (twice, rolled back; reads first, then writes: see _writes) for the
        buffers it touches and the rows it returns."""
        chosen = sorted(queries or registry().values(), key=lambda q: q.name)
        drop = list(without_indexes)
        given = params or {}
        verdicts = []
        writes: list[tuple[Query, Verdict]] = []
        for q in chosen:
            verdict = await self.explain(q, given.get(q.name), without_indexes=drop)
            verdicts.append(verdict)
            if not analyze or verdict.status not in ("ok", "violation"):
                continue
            if _writes(verdict):
                writes.append((q, verdict))
            else:
                await self._measure_into(q, verdict, given.get(q.name))
        # The writes after every read, in name order: see _writes.
        for q, verdict in writes:
            await self._measure_into(q, verdict, given.get(q.name))
        return verdicts

    async def _measure_into(
        self, q: Query, verdict: Verdict, params: Mapping[str, Any] | None
    ) -> None:
        measured = await self.measure(q, params)
        if measured is not None:
            verdict.buffers, verdict.rows = measured
