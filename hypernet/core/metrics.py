"""The service's Prometheus metrics: one registry per process, and every metric it exposes.

The registry is the service's own (not prometheus_client's global one), so what `/metrics`
shows is exactly what is declared here, plus the process collector (CPU, memory, open files).
Labels stay bounded: a route is its template (`/v1/media/{id}`, never the raw path) and a query
its file name (`media/get_live`), so the number of series is fixed by the code, not the traffic.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)

# Seconds. A GET of one object takes about a millisecond; the statement timeout is 15 s.
_LATENCY_BUCKETS = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0,
)  # fmt: skip

HTTP_REQUESTS = Counter(
    "hypernet_http_requests",
    "HTTP requests answered, by method, route template and status",
    ("method", "route", "status"),
    registry=REGISTRY,
)
HTTP_DURATION = Histogram(
    "hypernet_http_request_duration_seconds",
    "Time from a request reaching the application to its response being ready, by route",
    ("method", "route"),
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
HTTP_IN_FLIGHT = Gauge(
    "hypernet_http_requests_in_flight",
    "Requests being handled now",
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "hypernet_rate_limited",
    "Requests answered 429 Too Many Requests, by route template",
    ("route",),
    registry=REGISTRY,
)
QUERIES = Counter(
    "hypernet_db_queries",
    "Named queries run, by name and outcome (ok, error)",
    ("query", "outcome"),
    registry=REGISTRY,
)
QUERY_DURATION = Histogram(
    "hypernet_db_query_duration_seconds",
    "Time of one named query as the service sees it (round trip included), by name",
    ("query",),
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
POOL_SIZE = Gauge(
    "hypernet_db_pool_size",
    "Connections the pool holds open now",
    registry=REGISTRY,
)
POOL_MAX_SIZE = Gauge(
    "hypernet_db_pool_max_size",
    "The most connections the pool may open (HYPERNET_POOL_MAX_SIZE)",
    registry=REGISTRY,
)
POOL_IN_USE = Gauge(
    "hypernet_db_pool_in_use",
    "Pooled connections lent out to requests now",
    registry=REGISTRY,
)
POOL_WAITING = Gauge(
    "hypernet_db_pool_waiting",
    "Requests waiting for a pooled connection now",
    registry=REGISTRY,
)
POOL_EXHAUSTED = Counter(
    "hypernet_db_pool_exhausted",
    "Requests that waited HYPERNET_POOL_ACQUIRE_TIMEOUT for a connection in vain (answered 503)",
    registry=REGISTRY,
)
MIGRATION_VERSION = Gauge(
    "hypernet_schema_migration_version",
    "The newest migration applied to the database, read at start-up after migrating",
    registry=REGISTRY,
)
REPLICA_AVAILABLE = Gauge(
    "hypernet_db_replica_available",
    "1 while a read replica may answer reads (up, following the primary, within the lag bound)",
    ("replica",),
    registry=REGISTRY,
)
REPLICA_LAG = Gauge(
    "hypernet_db_replica_lag_seconds",
    "How far behind the primary a read replica was at its last check (NaN: unknown)",
    ("replica",),
    registry=REGISTRY,
)
REPLICA_READS = Counter(
    "hypernet_db_replica_reads",
    "Named queries a read replica answered, by replica",
    ("replica",),
    registry=REGISTRY,
)
REPLICA_PASSED_OVER = Counter(
    "hypernet_db_replica_passed_over",
    "Reads a replica could have answered that the primary answered, by why: read_your_writes "
    "(the user wrote moments ago), unavailable (every replica down, lagging or not checked "
    "lately), failed (the replica failed the read; the primary ran it again)",
    ("reason",),
    registry=REGISTRY,
)
