"""What an operator sees of the running service: request metrics and the access log line of
every request (one middleware), and the Prometheus `/metrics` listener apart from the API.

The metrics themselves are declared in hypernet/core/metrics.py; named queries are measured by
the pool's connection class (hypernet/db/instrumented.py); the log formats are
hypernet/core/logs.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import asyncpg
from aiohttp import web
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics import Counter, Histogram

from hypernet.api.keys import AUDIT_USER, POOL, REQUEST_ID, USER_ID
from hypernet.core.config import Settings, metrics_listen_address
from hypernet.core.logs import LOG_CONTEXT
from hypernet.core.metrics import (
    HTTP_DURATION,
    HTTP_IN_FLIGHT,
    HTTP_REQUESTS,
    MIGRATION_VERSION,
    POOL_IN_USE,
    POOL_MAX_SIZE,
    POOL_SIZE,
    POOL_WAITING,
    RATE_LIMITED,
    REGISTRY,
)
from hypernet.db.instrumented import QUERY_NAMES, set_slow_query_threshold
from hypernet.db.migrate import read_history
from hypernet.db.pool import BoundedPool

log = logging.getLogger("hypernet")
access_log = logging.getLogger("hypernet.access")

# The route label of a request no route matched (404, 405): its path would be unbounded.
UNMATCHED = "unmatched"
# Any other method is counted under one label, for the same reason.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A request whose client went away before the answer (nginx's convention).
CLIENT_CLOSED = 499


def route_template(request: web.Request) -> str:
    """The route as declared (`/v1/media/{id}`), never the raw path."""
    resource = request.match_info.route.resource
    return UNMATCHED if resource is None else resource.canonical


class _RequestTrace:
    """What the request lends to the lines logged while it runs, and the queries it ran."""

    __slots__ = ("queries", "request")

    def __init__(self, request: web.Request) -> None:
        self.request = request
        self.queries: list[str] = []

    def log_fields(self) -> dict[str, Any]:
        # The authenticated caller, or the account a login or registration acted on.
        user_id = self.request.get(USER_ID) or self.request.get(AUDIT_USER)
        return {
            "request_id": self.request.get(REQUEST_ID),
            "user_id": None if user_id is None else str(user_id),
        }


# The metric children of each (method, route, status), looked up once: prometheus_client's
# labels() takes a lock and validates its arguments on every call.
_counters: dict[tuple[str, str, int], Counter] = {}
_histograms: dict[tuple[str, str], Histogram] = {}


def _count(method: str, route: str, status: int, seconds: float) -> None:
    counter = _counters.get((method, route, status))
    if counter is None:
        counter = _counters[method, route, status] = HTTP_REQUESTS.labels(method, route, status)
    counter.inc()
    histogram = _histograms.get((method, route))
    if histogram is None:
        histogram = _histograms[method, route] = HTTP_DURATION.labels(method, route)
    histogram.observe(seconds)


# Requests being handled, read when /metrics is scraped (a plain integer: the event loop is the
# only writer, and a Gauge's inc and dec take a lock each, on every request).
_in_flight = [0]
HTTP_IN_FLIGHT.set_function(lambda: _in_flight[0])


def count_rate_limited(request: web.Request | None) -> None:
    """A 429 was answered (called where problems are built, whichever layer refused)."""
    RATE_LIMITED.labels(UNMATCHED if request is None else route_template(request)).inc()


@web.middleware
async def observe_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Counts and times the request by route template and status, collects the names of the
    named queries it runs, and writes its access line. Outermost, so it sees every answer."""
    started = time.perf_counter()
    trace = _RequestTrace(request)
    names_token = QUERY_NAMES.set(trace.queries)
    context_token = LOG_CONTEXT.set(trace)
    _in_flight[0] += 1
    status = 500
    response: web.StreamResponse | None = None
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        # A redirect or the like raised past the problem middleware (which answers errors).
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = CLIENT_CLOSED
        raise
    finally:
        _in_flight[0] -= 1
        seconds = time.perf_counter() - started
        method = request.method if request.method in _METHODS else "other"
        route = route_template(request)
        _count(method, route, status, seconds)
        if access_log.isEnabledFor(logging.INFO):
            _access_line(request, trace, method, route, status, seconds, response)
        LOG_CONTEXT.reset(context_token)
        QUERY_NAMES.reset(names_token)


def _access_line(
    request: web.Request,
    trace: _RequestTrace,
    method: str,
    route: str,
    status: int,
    seconds: float,
    response: web.StreamResponse | None,
) -> None:
    fields = trace.log_fields()
    size = None if response is None else response.content_length
    duration_ms = round(seconds * 1000, 3)
    # The path without its query string: a query may carry search terms.
    access_log.info(
        '%s "%s %s" %d %s %.1fms rid=%s user=%s route=%s queries=%d',
        request.remote,
        request.method,
        request.path,
        status,
        "-" if size is None else size,
        duration_ms,
        fields["request_id"],
        fields["user_id"] or "-",
        route,
        len(trace.queries),
        extra={
            "fields": {
                **fields,
                "method": method,
                "route": route,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
                "bytes": size,
                "remote": request.remote,
                "queries": trace.queries,
            }
        },
    )


def install(app: web.Application, settings: Settings) -> None:
    """Set the process-wide parts from the settings (one service per process)."""
    set_slow_query_threshold(settings.slow_query_ms)
    POOL_MAX_SIZE.set(settings.pool_max_size)


async def record_migration_version(conn: asyncpg.Connection) -> int:
    """Read the newest applied migration into the gauge (at start-up, after migrating)."""
    applied = await read_history(conn)
    version = max((a.version for a in applied), default=0)
    MIGRATION_VERSION.set(version)
    return version


def _pool_gauges(pool: BoundedPool) -> None:
    size = pool.pool.get_size()
    POOL_SIZE.set(size)
    POOL_IN_USE.set(size - pool.pool.get_idle_size())
    POOL_WAITING.set(pool.waiting)


async def start_metrics_listener(api: web.Application, settings: Settings) -> web.AppRunner | None:
    """Serve GET /metrics on HYPERNET_METRICS_ADDRESS, a listener of its own (the API port never
    serves it); None when the address is unset. Config checks the address is loopback or
    HYPERNET_METRICS_PUBLIC=true."""
    where = metrics_listen_address(settings)
    if where is None:
        return None
    pool = api[POOL]

    async def metrics(request: web.Request) -> web.Response:
        _pool_gauges(pool)
        # The format the scraper asks for (Prometheus text 0.0.4 by default, or OpenMetrics).
        encode, content_type = choose_encoder(request.headers.get("Accept", ""))
        # Rendering thousands of series is CPU work: off the event loop that serves the API.
        body = await asyncio.to_thread(encode, REGISTRY)
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    host, port = where
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    log.info("metrics on http://%s:%d/metrics", host if ":" not in host else f"[{host}]", port)
    return runner
