"""Named queries measured where they run: the pool's connection class counts and times each one.

Every named statement starts with `/* hypernet:<aggregate>/<name> */` (hypernet/db/queries.py),
so the connection knows the name from the text alone and no mapper changes to be measured.
Per statement this costs two clock reads, a dictionary look-up and a histogram update. What it
records: the count and duration per name (Prometheus), the name in the running request's list
(QUERY_NAMES, set by the request middleware, for its log line), and a warning with the name and
duration when a query takes longer than the slow-query threshold. Never the parameters: they
hold people's data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any, TypeVar

import asyncpg
from prometheus_client.metrics import Counter, Histogram

from hypernet.core.metrics import QUERIES, QUERY_DURATION

T = TypeVar("T")

log = logging.getLogger("hypernet.db.slow")

_TAG = "/* hypernet:"

# The names of the named queries the current request ran, in order; None outside a request.
QUERY_NAMES: ContextVar[list[str] | None] = ContextVar("hypernet_query_names", default=None)

# A query slower than this (seconds) is logged; set from HYPERNET_SLOW_QUERY_MS at start-up.
_slow_after = 0.25


def set_slow_query_threshold(milliseconds: int) -> None:
    global _slow_after
    _slow_after = milliseconds / 1000


class _Named:
    """One named query's metric children, looked up once (prometheus_client's labels() takes a
    lock and validates on every call)."""

    __slots__ = ("duration", "errors", "name", "ok")

    def __init__(self, name: str) -> None:
        self.name = name
        self.ok: Counter = QUERIES.labels(name, "ok")
        self.errors: Counter = QUERIES.labels(name, "error")
        self.duration: Histogram = QUERY_DURATION.labels(name)


# Statement text -> its name's metrics. Keyed by the text each mapper holds (one string object per
# query, whose hash Python keeps), bounded by the number of named SQL files.
_named: dict[str, _Named] = {}


def _named_query(sql: str) -> _Named | None:
    found = _named.get(sql)
    if found is None and sql.startswith(_TAG):
        end = sql.find(" */", len(_TAG))
        if end > 0:
            found = _named[sql] = _Named(sql[len(_TAG) : end])
    return found


def _finish(named: _Named, started: float, failed: bool) -> None:
    elapsed = time.perf_counter() - started
    (named.errors if failed else named.ok).inc()
    named.duration.observe(elapsed)
    names = QUERY_NAMES.get()
    if names is not None:
        names.append(named.name)
    if elapsed >= _slow_after:
        log.warning(
            "slow query %s: %.1f ms",
            named.name,
            elapsed * 1000,
            extra={"fields": {"query": named.name, "duration_ms": round(elapsed * 1000, 3)}},
        )


async def _measured(named: _Named | None, run: Awaitable[T]) -> T:
    """Await `run`, counting and timing it under the statement's name when it has one."""
    if named is None:
        return await run
    started = time.perf_counter()
    failed = True
    try:
        result = await run
        failed = False
        return result
    finally:
        _finish(named, started, failed)


class InstrumentedConnection(asyncpg.Connection):
    """asyncpg's connection, measuring the named statements it runs (other text runs as is)."""

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> list[Any]:
        return await _measured(_named_query(query), super().fetch(query, *args, **kwargs))

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await _measured(_named_query(query), super().fetchrow(query, *args, **kwargs))

    async def fetchval(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await _measured(_named_query(query), super().fetchval(query, *args, **kwargs))

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> str:
        return str(await _measured(_named_query(query), super().execute(query, *args, **kwargs)))

    async def executemany(self, command: str, args: Any, **kwargs: Any) -> None:
        await _measured(_named_query(command), super().executemany(command, args, **kwargs))
