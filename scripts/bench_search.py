#!/usr/bin/env python3
"""Benchmark GET /v1/search on a seeded database: latency for the heaviest users.

Serves a seeded database with `hypernet serve` in a child process (so the figures include HTTP,
JSON, auth and the database) and, for the heaviest owner of media and the heaviest owner of
e-mails (the two largest searchable data sets of the seed), sends each query of a fixed list
one after the other (--requests times): a common word, a word in many e-mails and tasks, a rare
word, a quoted phrase and a word in no item. For each it prints the median and p99 latency, the
hits on the first page, and the service's CPU time per request (user + system time of its
process over the requests: the figure that survives a noisy machine).

    python scripts/bench_search.py --dsn postgresql://...   # an already seeded database
    python scripts/bench_search.py [--users 2000] [--scale 1] [--keep DIR]   # seeds its own

With --dsn, the database must have been seeded by `hypernet seed` (its users log in with the
seed's password) and migrated to this checkout.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from uuid import UUID

import aiohttp
import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_api import Service, cpu_seconds, start_service  # noqa: E402

from hypernet.core.config import Settings  # noqa: E402
from hypernet.db.cluster import LocalCluster, embedded_bindir  # noqa: E402
from hypernet.db.queries import query  # noqa: E402
from hypernet.db.scratch import create_database, migrate  # noqa: E402
from hypernet.sqlkit.seed import SeedConfig, seed_database  # noqa: E402

# (what it stands for, q): words the seeder writes (see hypernet/sqlkit/seed/).
QUERIES = (
    ("common word", "img"),
    ("frequent word", "report"),
    ("rare word", "lease"),
    ("phrase", '"quarterly report"'),
    ("no hit", "xylophone"),
)


async def database(args: argparse.Namespace) -> str:
    if args.dsn:
        return str(args.dsn)
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hypernet-bench-"))
    reuse = (tmp / "pgdata" / "PG_VERSION").exists() and (tmp / "seeded").exists()
    cluster = LocalCluster(
        tmp / "pgdata", bindir=embedded_bindir(), settings={"shared_buffers": "1GB"}
    )
    cluster.start()
    settings = Settings()
    if reuse:
        return cluster.dsn("bench")
    dsn = await create_database(cluster.dsn(), settings, "bench")
    await migrate(dsn, settings)
    t0 = time.perf_counter()
    seeded = await seed_database(
        dsn, settings, SeedConfig(users=args.users, scale=args.scale), progress_stream=None
    )
    print(f"seeded {seeded.rows:,} rows in {time.perf_counter() - t0:.0f} s", flush=True)
    (tmp / "seeded").write_text(f"--users {args.users} --scale {args.scale}\n")
    return dsn


async def heavy_users(dsn: str) -> list[tuple[str, UUID, str]]:
    conn = await asyncpg.connect(dsn)
    try:
        found = []
        for table in ("media", "emails"):
            owners = await conn.fetchval(query("tooling/sample_heavy_owners").sql, table)
            user = UUID(str(owners[0]))
            email = await conn.fetchval(query("tooling/sample_user_email").sql, user)
            found.append((table, user, email))
        return found
    finally:
        await conn.close()


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


async def measure(
    session: aiohttp.ClientSession, service: Service, q: str, requests: int, limit: int
) -> tuple[float, float, float, int]:
    url = service.base + "/v1/search"
    params = {"q": q, "limit": str(limit)}
    async with session.get(url, params=params, headers=service.headers) as resp:  # warm up
        assert resp.status == 200, await resp.text()
        hits = len((await resp.json())["items"])
    times = []
    cpu_before = cpu_seconds(service.pids)
    for _ in range(requests):
        t0 = time.perf_counter()
        async with session.get(url, params=params, headers=service.headers) as resp:
            await resp.read()
            assert resp.status == 200
        times.append((time.perf_counter() - t0) * 1000)
    cpu_ms = (cpu_seconds(service.pids) - cpu_before) * 1000 / requests
    return statistics.median(times), p99(times), cpu_ms, hits


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", help="an already seeded database (owner's login)")
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", metavar="DIR", help="keep the seeded server in DIR, reuse it")
    parser.add_argument("--requests", type=int, default=100, help="per query and user")
    parser.add_argument("--limit", type=int, default=20, help="hits per page")
    args = parser.parse_args()
    dsn = await database(args)
    users = await heavy_users(dsn)
    tmp = Path(tempfile.mkdtemp(prefix="hypernet-bench-search-"))
    service = start_service(ROOT, dsn, tmp / "data", argparse.Namespace(env=[]), workers=None)
    try:
        async with aiohttp.ClientSession() as session:
            print(
                f"{'user':<26} {'query':<30} {'hits':>4} {'median ms':>10} {'p99 ms':>8} "
                f"{'CPU ms/req':>10}"
            )
            for table, user, email in users:
                await service.ready(session, email)
                for label, q in QUERIES:
                    median, high, cpu, hits = await measure(
                        session, service, q, args.requests, args.limit
                    )
                    print(
                        f"{'heaviest of ' + table:<26} {label + ' ' + q:<30} {hits:>4} "
                        f"{median:>10.1f} {high:>8.1f} {cpu:>10.2f}",
                        flush=True,
                    )
                print(f"  ({table}: user {user})")
    finally:
        service.stop()


if __name__ == "__main__":
    asyncio.run(main())
