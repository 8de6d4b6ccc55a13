#!/usr/bin/env python3
"""Benchmark the API end to end: batch import against raw COPY, then read throughput.

Starts a throwaway PostgreSQL (the embedded one, or --bindir) and `hypernet serve` in a child
process, so the figures include HTTP, JSON and the database, and the load generator (this process)
does not share an event loop with the server. Prints medians of several rounds; the machine is
shared and noisy, so compare figures from one run, never across runs.

    python scripts/bench_api.py [--items 20000] [--seconds 5] [--concurrency 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import aiohttp
import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypernet.core.config import Settings  # noqa: E402
from hypernet.db.cluster import LocalCluster, embedded_bindir  # noqa: E402
from hypernet.db.queries import query  # noqa: E402
from hypernet.db.scratch import create_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def items(n: int, prefix: str) -> list[dict[str, Any]]:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rng = random.Random(7)
    return [
        {
            "filename": f"IMG_{i:06d}.jpg",
            "media_type": "photo",
            "mime_type": "image/jpeg",
            "size": rng.randrange(100_000, 9_000_000),
            "file_path": f"2026/{prefix}/{i}.jpg",
            "width": 4032,
            "height": 3024,
            "taken_at": (start + timedelta(minutes=37 * i)).isoformat(),
            "metadata": {"camera": rng.choice(["X100V", "iPhone 15", "Pixel 8"])},
            "source_platform": "bench",
            "source_object_id": f"{prefix}-{i}",
        }
        for i in range(n)
    ]


async def wait_ready(session: aiohttp.ClientSession, base: str, proc: subprocess.Popen) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"hypernet serve exited with {proc.returncode}")
        try:
            async with session.get(base + "/health/ready") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the service did not become ready")


async def load(
    session: aiohttp.ClientSession, urls: list[str], headers: dict, seconds: float, workers: int
) -> tuple[float, float, float]:
    """Requests per second, median and 99th percentile latency in ms, for `seconds`."""
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    rng = random.Random(1)

    async def worker() -> None:
        while time.monotonic() < deadline:
            url = rng.choice(urls)
            t0 = time.perf_counter()
            async with session.get(url, headers=headers) as resp:
                await resp.read()
                assert resp.status == 200, resp.status
            latencies.append(time.perf_counter() - t0)

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(workers)))
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bindir", help="PostgreSQL bin dir (default: the embedded one)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="hypernet-bench-"))
    cluster = LocalCluster(
        tmp / "pgdata",
        bindir=Path(args.bindir) if args.bindir else embedded_bindir(),
        settings={"shared_buffers": "512MB", "max_connections": "100"},
    )
    cluster.start()
    await create_database(cluster.dsn(), Settings(), "bench")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": cluster.dsn("bench"),
        "HYPERNET_PORT": str(port),
        "HYPERNET_DATA_DIR": str(tmp / "data"),
        "HYPERNET_BCRYPT_ROUNDS": "4",
        "HYPERNET_POOL_MAX_SIZE": "10",
        "HYPERNET_LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before any load
        [sys.executable, "-m", "hypernet", "serve"], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            await wait_ready(session, base, proc)
            account = {"email": "bench@example.com", "password": "benchmark!"}
            await session.post(base + "/v1/auth/register", json={**account, "display_name": "B"})
            async with session.post(base + "/v1/auth/login", json=account) as resp:
                token = (await resp.json())["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            async with session.get(base + "/v1/me", headers=headers) as resp:
                user_id = (await resp.json())["id"]

            # Import: batches of 1,000 over HTTP, against COPY of the same rows into media.
            api_rates, copy_rates = [], []
            for r in range(args.rounds):
                batch_items = items(args.items, f"r{r}")
                t0 = time.perf_counter()
                for i in range(0, len(batch_items), 1000):
                    async with session.post(
                        base + "/v1/media/import", json=batch_items[i : i + 1000], headers=headers
                    ) as resp:
                        assert resp.status == 200, await resp.text()
                api_rates.append(len(batch_items) / (time.perf_counter() - t0))

                conn = await asyncpg.connect(cluster.dsn("bench"))
                records = [
                    (
                        UUID(user_id),
                        it["filename"],
                        it["media_type"],
                        it["mime_type"],
                        it["size"],
                        it["file_path"],
                        datetime.fromisoformat(it["taken_at"]),
                        "bench-copy",
                        f"c{r}-{n}",
                    )
                    for n, it in enumerate(batch_items)
                ]
                t0 = time.perf_counter()
                await conn.copy_records_to_table(
                    "media",
                    records=records,
                    columns=[
                        "user_id",
                        "filename",
                        "media_type",
                        "mime_type",
                        "size",
                        "file_path",
                        "taken_at",
                        "source_platform",
                        "source_object_id",
                    ],
                )
                copy_rates.append(len(records) / (time.perf_counter() - t0))
                await conn.close()
            # Reads are measured in the steady state autovacuum reaches within a minute of a bulk
            # load: until then the planner sees a table it believes empty, and a lookup by id can
            # walk a partial index of the whole user instead of using the primary key.
            conn = await asyncpg.connect(cluster.dsn("bench"))
            await conn.execute(query("tooling/vacuum_analyze").sql)
            await conn.close()
            async with session.get(base + "/v1/media?limit=200", headers=headers) as resp:
                ids = [m["id"] for m in (await resp.json())["items"]]

            api_rate, copy_rate = statistics.median(api_rates), statistics.median(copy_rates)
            print(f"import over HTTP : {api_rate:10,.0f} rows/s (median of {args.rounds})")
            print(f"raw COPY         : {copy_rate:10,.0f} rows/s (median of {args.rounds})")
            print(f"HTTP import / COPY: {api_rate / copy_rate:.2f}")

            scenarios = {
                "GET /v1/media/{id}": [f"{base}/v1/media/{i}" for i in ids],
                "GET /v1/media?limit=50": [f"{base}/v1/media?limit=50"],
            }
            for name, urls in scenarios.items():
                results = [
                    await load(session, urls, headers, args.seconds, args.concurrency)
                    for _ in range(args.rounds)
                ]
                rps = statistics.median(r[0] for r in results)
                p50 = statistics.median(r[1] for r in results)
                p99 = statistics.median(r[2] for r in results)
                print(
                    f"{name:26s}: {rps:8,.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms "
                    f"(median of {args.rounds} x {args.seconds:.0f}s, {args.concurrency} clients)"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        cluster.destroy()


if __name__ == "__main__":
    asyncio.run(main())
