"""What the load engine and each table's seeder agree on: the size asked for, the declaration a
table module makes (TableSeed), and what its loader gets (SeedContext)."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TextIO, TypeVar, cast

import asyncpg

from hypernet.sqlkit.seed.values import MEDIA_PER_USER, UUID_CLEAR, UUID_SET

if TYPE_CHECKING:
    from hypernet.sqlkit.seed.pipeline import Pipeline

DEFAULT_USERS = 2000
DEFAULT_SCALE = 1.0
DEFAULT_SEED = 1

T = TypeVar("T")


class SeedError(Exception):
    """The database cannot be seeded as asked (it already holds data, or a bad size)."""


@dataclass(frozen=True, slots=True)
class SeedConfig:
    users: int = DEFAULT_USERS
    scale: float = DEFAULT_SCALE
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        if self.users < 1:
            raise SeedError("--users must be at least 1")
        if not 0 < self.scale <= 10_000:
            raise SeedError("--scale must be greater than 0 (and at most 10000)")

    @property
    def media_total(self) -> int:
        return round(self.users * MEDIA_PER_USER * self.scale)


@dataclass(frozen=True, slots=True)
class TableSeed:
    """One table's (or one aggregate's) part of the load, declared by its own module; the engine
    knows a table by this alone, and finds it in the one ordered list of seed/tables.py."""

    name: str
    # Every table its rows go to (ctx.copy refuses any other): their secondary indexes are
    # dropped for the load and built again once no later seed writes the table.
    tables: tuple[str, ...]
    load: Callable[[SeedContext], Awaitable[None]]
    # The rows it will write, for the progress bar (rows known only during the load are added
    # then, with ctx.progress.expect).
    planned_rows: Callable[[SeedConfig], int]
    # The seeds whose rows or shared values it reads: they come before it in the list.
    after: tuple[str, ...] = ()
    # Names its own random stream, so that changing one table's seeder leaves the rows of every
    # other table (and their plans) as they were. Renaming it changes every row it makes; None
    # is the seed's name.
    stream: str | None = None

    @property
    def stream_name(self) -> str:
        return self.stream or self.name


class Shared(Generic[T]):
    """A value one table's seeder leaves in the context for later ones (the users, the ids of
    their media), declared next to the seeder that fills it: the engine needs to know none."""

    __slots__ = ("empty", "name")

    def __init__(self, name: str, empty: Callable[[], T]) -> None:
        self.name = name
        self.empty = empty

    def __repr__(self) -> str:
        return f"Shared({self.name!r})"


class Progress:
    """A progress bar redrawn in place on a terminal; elsewhere (a log, CI) a line at every
    quarter, so the output stays short."""

    def __init__(self, total: int, stream: TextIO | None = sys.stderr, width: int = 30) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.width = width
        self.started = time.perf_counter()
        self._shown = -1
        self._tty = bool(stream is not None and stream.isatty())

    def advance(self, rows: int, label: str) -> None:
        self.done += rows
        if self.stream is None:
            return
        percent = min(100, self.done * 100 // self.total)
        # Redraw only when the percentage moves (a write per row would cost more than the row),
        # and off a terminal only when it passes the next quarter.
        step = 1 if self._tty else 25
        if self._shown >= 0 and percent // step == self._shown // step:
            return
        self._shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        line = f"[{bar}] {percent:3d}% {self.done:,} rows {rate:,.0f} rows/s  {label}"
        if self._tty:
            self.stream.write("\r" + line.ljust(100)[:100])
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def expect(self, rows: int) -> None:
        """More rows to come than planned (a table whose size depends on rows made so far)."""
        self.total += rows

    def close(self) -> None:
        if self.stream is not None and self._tty:
            self.stream.write("\n")
            self.stream.flush()


@dataclass
class SeedContext:
    """What every loader gets: the connection, its own random stream, and what the seeders
    before it left (Shared values)."""

    conn: asyncpg.Connection
    config: SeedConfig
    rng: random.Random
    progress: Progress
    counts: dict[str, int] = field(default_factory=dict)
    # Where rows go: COPY on the load's connection, between index builds (the engine sets it).
    pipeline: Pipeline | None = None
    # The seed whose loader runs now.
    current: TableSeed | None = None
    _shared: dict[Shared[Any], Any] = field(default_factory=dict)

    def get(self, key: Shared[T]) -> T:
        """The value under `key`, made empty on first use."""
        value = self._shared.get(key)
        if value is None:
            value = self._shared[key] = key.empty()
        return cast(T, value)

    def new_uuid(self) -> str:
        # Same text as "%032x" formatting, at half the cost.
        return ((self.rng.getrandbits(128) & UUID_CLEAR) | UUID_SET).to_bytes(16).hex()

    async def copy(
        self, table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]
    ) -> None:
        if self.current is None or table not in self.current.tables:
            name = self.current.name if self.current else "a loader"
            raise SeedError(f"{name} writes {table}: name it in its TableSeed's tables")
        counter = _Counted(rows, self.progress, table)
        if self.pipeline is not None:
            await self.pipeline.copy(table, list(columns), counter)
        else:
            await self.conn.copy_records_to_table(table, columns=list(columns), records=counter)
        self.counts[table] = self.counts.get(table, 0) + counter.count


class _Counted:
    """Counts rows on their way to COPY and moves the progress bar every few thousand."""

    STEP = 5000

    def __init__(self, rows: Iterator[tuple[Any, ...]], progress: Progress, label: str) -> None:
        self.rows = rows
        self.progress = progress
        self.label = label
        self.count = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        step = self.STEP
        pending = 0
        for row in self.rows:
            yield row
            pending += 1
            if pending == step:
                self.count += pending
                self.progress.advance(pending, self.label)
                pending = 0
        self.count += pending
        self.progress.advance(pending, self.label)
