"""The load's connection as a pipeline: rows handed over a step at a time and streamed to COPY by
a task of its own, and the seeded tables' secondary indexes dropped before and built after."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from hypernet.db.queries import query
from hypernet.sqlkit.seed.context import SeedError

_REBUILDABLE_INDEXES = query("tooling/list_rebuildable_indexes")
_DROP_INDEX = query("tooling/drop_index_for_load")
_MAINTENANCE_WORK_MEM = query("tooling/set_local_maintenance_work_mem")
# What each index build after the load may sort in (the setting is local to the transaction).
INDEX_BUILD_MEMORY = "512MB"


async def prepare_connection(conn: asyncpg.Connection) -> None:
    """Binary COPY with the cheapest encodings: timestamps as integers, JSON as ready text,
    addresses as ready bytes; none of them calls Python per value."""
    # Microseconds since 2000-01-01 UTC are PostgreSQL's own timestamp format, which is an int8
    # on the wire: rows carry plain integers, encoded by asyncpg's own int8 codec.
    await conn.set_builtin_type_codec("timestamptz", schema="pg_catalog", codec_name="int8")
    # The default jsonb codec takes already-encoded text, which the rows hold.
    await conn.reset_type_codec("jsonb", schema="pg_catalog")
    # inet in its binary wire format, made by values.inet4 (asyncpg's codec parses every value).
    await conn.set_type_codec(
        "inet", schema="pg_catalog", encoder=bytes, decoder=bytes, format="binary"
    )


@dataclass(frozen=True, slots=True)
class Index:
    schema: str
    name: str
    table: str
    definition: str


class Pipeline:
    """The load's connection, fed by a task of its own: a loader hands it rows a step at a time
    and goes on making the next ones, while the task streams them to the server, one COPY per
    hand-over, and, once no later loader writes a table, the batch of that table's index builds.
    So the server inserts and sorts on one core while Python makes rows on the other: rows are
    made ahead whenever the server is busy (a build, a slow COPY), at most AHEAD steps of them.

    A connection does one thing at a time: statements run in the order they were handed over,
    in the load's transaction."""

    STEP = 1_000  # rows made between two turns of the event loop (the sender's chance to run)
    AHEAD = 500  # steps made ahead at most (memory), however long a build takes

    def __init__(self, conn: asyncpg.Connection, indexes: Sequence[Index]) -> None:
        self.conn = conn
        self.pending = list(indexes)
        self._jobs: asyncio.Queue[Job | None] = asyncio.Queue()
        self._room = asyncio.Semaphore(self.AHEAD)
        self._sender = asyncio.create_task(self._send())

    async def copy(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        """Hand the rows over; returns once every row is made (not necessarily sent)."""
        feed: asyncio.Queue[list[tuple[Any, ...]] | None] = asyncio.Queue()
        self._jobs.put_nowait(Job(table, columns, feed))
        left = iter(rows)
        while True:
            step = list(itertools.islice(left, self.STEP))
            if step:
                await self._room.acquire()
                feed.put_nowait(step)
            await self._turn()
            if len(step) < self.STEP:
                break
        feed.put_nowait(None)

    async def execute(self, statement: str, *args: Any) -> None:
        """Run one statement after every row handed over so far (the partitions a loader's
        rows need, made before its COPY)."""
        self._jobs.put_nowait(Job(statements=statement, args=args))
        await self._turn()

    async def build(self, tables: Iterable[str]) -> None:
        """Build the indexes of these tables after every row handed over so far."""
        wanted = set(tables)
        batch = [i for i in self.pending if i.table in wanted]
        if not batch:
            return
        self.pending = [i for i in self.pending if i.table not in wanted]
        # pg_get_indexdef's own text: CREATE INDEX statements, schema-qualified, no semicolon;
        # one simple-query message runs them in order.
        self._jobs.put_nowait(Job(statements=";\n".join(i.definition for i in batch)))
        await self._turn()

    async def finish(self) -> None:
        """Build whatever is left, and wait until every row and index is in."""
        await self.build({i.table for i in self.pending})
        self._jobs.put_nowait(None)
        await self._sender

    async def abandon(self) -> None:
        """After a failure: stop sending (a COPY under way is aborted; the load rolls back)."""
        if not self._sender.done():
            self._sender.cancel()
        with contextlib.suppress(BaseException):
            await self._sender

    async def _turn(self) -> None:
        await asyncio.sleep(0)
        if self._sender.done():
            # The sender failed (a COPY or a build): stop making rows, say why.
            await self._sender
            raise SeedError("the load stopped before every row was made")

    async def _send(self) -> None:
        while (job := await self._jobs.get()) is not None:
            if job.feed is None:
                await self.conn.execute(job.statements, *job.args)
            else:
                await self.conn.copy_records_to_table(
                    job.table, columns=job.columns, records=self._rows(job.feed)
                )

    async def _rows(
        self, feed: asyncio.Queue[list[tuple[Any, ...]] | None]
    ) -> AsyncIterator[tuple[Any, ...]]:
        while (step := await feed.get()) is not None:
            self._room.release()
            for row in step:
                yield row


@dataclass(frozen=True, slots=True)
class Job:
    """One COPY, fed step by step, or one batch of index builds (or one statement)."""

    table: str = ""
    columns: list[str] = field(default_factory=list)
    feed: asyncio.Queue[list[tuple[Any, ...]] | None] | None = None
    statements: str = ""
    args: tuple[Any, ...] = ()


async def drop_secondary_indexes(conn: asyncpg.Connection, tables: Sequence[str]) -> list[Index]:
    """Drop the indexes of these tables (the seeded ones) that no constraint owns, for the rest
    of the load's transaction, and say what they were.

    Maintaining seven indexes of media (a GIN one among them) row by row costs more than storing
    the rows; building each once over the loaded table is a sort, several times cheaper: what
    pg_restore does. Primary keys and unique constraints stay (foreign keys depend on them), and
    a unique index that is dropped checks every row again when it is built. Other sessions wait
    on the tables until the load commits; a failed load rolls the drops back with the rows.
    """
    rows = await conn.fetch(_REBUILDABLE_INDEXES.sql, list(tables))
    indexes = [Index(r["schema_name"], r["name"], r["table_name"], r["definition"]) for r in rows]
    for index in indexes:
        await conn.execute(_DROP_INDEX.with_identifiers(schema=index.schema, index=index.name))
    # Each build sorts every row of its table: let it do so in memory.
    await conn.fetchval(_MAINTENANCE_WORK_MEM.sql, INDEX_BUILD_MEMORY)
    return indexes
