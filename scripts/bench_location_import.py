#!/usr/bin/env python3
"""Benchmark the location import against raw COPY of the same rows into the same table.

Starts a throwaway PostgreSQL (the embedded one, or --bindir), migrates it, makes the monthly
partitions of the points' months (as `hypernet db maintain` would), and runs `hypernet serve` in
a child process. Each round imports a fresh batch of points three ways, side by side:

- POST /v1/locations/import: the whole service path (HTTP, JSON decoding and validation, COPY into
  the temporary staging table, one INSERT ... SELECT ... ON CONFLICT DO NOTHING into locations,
  the audit row, the commit);
- LocationMapper.import_points: the database part of that path alone, on one connection (the
  points already decoded);
- raw COPY of the same rows straight into locations, for another user (the same months and
  partitions, no staging table, no conflict check).

Then the same batch again through the service, where every point exists already. Prints the
medians of several rounds and the ratios to raw COPY; the machine is shared and noisy, so
compare figures from one run, never across runs.

    python scripts/bench_location_import.py [--points 50000] [--rounds 3]
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
import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypernet.core.config import Settings  # noqa: E402
from hypernet.db.cluster import LocalCluster, embedded_bindir  # noqa: E402
from hypernet.db.pool import connect  # noqa: E402
from hypernet.db.scratch import create_database, migrate  # noqa: E402
from hypernet.domain.locations import LocationCreate  # noqa: E402
from hypernet.domain.partitions import month_of, months_between  # noqa: E402
from hypernet.mappers.locations import LocationMapper, staging_records  # noqa: E402
from hypernet.mappers.partitions import PartitionMapper  # noqa: E402

# Where the points are: consecutive batches, a point every 10 seconds, from here on.
START = datetime(2025, 1, 1, tzinfo=UTC)
STEP = timedelta(seconds=10)
# Raw COPY writes the same columns (metadata takes its default, the '{}' every point has here:
# the service's jsonb codec is text, which binary COPY cannot send).
COLUMNS = (
    "user_id",
    "recorded_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "altitude_m",
    "activity",
    "source_platform",
    "source_object_id",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def batch(n: int, first: datetime) -> list[dict[str, Any]]:
    """A phone's track: a point every 10 s, GPS accuracy, a walk's altitude."""
    rng = random.Random(first.timestamp())
    lat, lon = 52.52, 13.405
    points = []
    for i in range(n):
        lat += (rng.random() - 0.5) * 1e-4
        lon += (rng.random() - 0.5) * 1e-4
        points.append(
            {
                "recorded_at": (first + i * STEP).isoformat().replace("+00:00", "Z"),
                "latitude": round(lat, 6),
                "longitude": round(lon, 6),
                "accuracy_m": round(3 + rng.random() * 15, 1),
                "altitude_m": round(30 + rng.random() * 10, 1),
                "activity": "walking",
            }
        )
    return points


async def wait_ready(session: aiohttp.ClientSession, base: str, proc: subprocess.Popen) -> None:
    for _ in range(600):
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


async def account(session: aiohttp.ClientSession, base: str, name: str) -> tuple[dict, UUID]:
    login = {"email": f"{name}@example.com", "password": "benchmark!"}
    await session.post(base + "/v1/auth/register", json={**login, "display_name": name})
    async with session.post(base + "/v1/auth/login", json=login) as resp:
        headers = {"Authorization": f"Bearer {(await resp.json())['access_token']}"}
    async with session.get(base + "/v1/me", headers=headers) as resp:
        return headers, UUID((await resp.json())["id"])


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--points", type=int, default=50_000, help="points per import request")
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
    settings = Settings(statement_timeout=600, command_timeout=600)
    dsn = await create_database(cluster.dsn(), settings, "bench")
    await migrate(dsn, settings)
    # Every month the rounds touch gets its partition first, as maintain would have made it.
    span = (args.rounds + 1) * args.points * STEP
    conn = await connect(dsn, settings, "bench")
    for month in months_between(month_of(START), month_of(START + span)):
        async with conn.transaction():
            await PartitionMapper(conn).ensure_month("locations", month)
    version = await conn.fetchval("SHOW server_version")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": dsn,
        "HYPERNET_PORT": str(port),
        "HYPERNET_DATA_DIR": str(tmp / "data"),
        "HYPERNET_BCRYPT_ROUNDS": "4",
        "HYPERNET_LOG_LEVEL": "WARNING",
        "HYPERNET_STATEMENT_TIMEOUT": "600",
        "HYPERNET_COMMAND_TIMEOUT": "600",
    }
    proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before any load
        [sys.executable, "-m", "hypernet", "serve"], env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    rates: dict[str, list[float]] = {"http": [], "mapper": [], "copy": [], "again": []}
    decode = msgspec.json.Decoder(list[LocationCreate]).decode
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=900)) as session:
            await wait_ready(session, base, proc)
            http_headers, _ = await account(session, base, "http")
            _, mapper_user = await account(session, base, "mapper")
            _, copy_user = await account(session, base, "copy")
            json_headers = {**http_headers, "Content-Type": "application/json"}
            for r in range(args.rounds):
                points = batch(args.points, START + r * args.points * STEP)
                body = msgspec.json.encode(points)
                structs = decode(body)
                records = [(copy_user, *row[:6], *row[7:]) for row in staging_records(structs)]
                n = len(points)

                t0 = time.perf_counter()
                async with session.post(
                    base + "/v1/locations/import", data=body, headers=json_headers
                ) as resp:
                    result = await resp.json()
                    assert resp.status == 200 and result["created"] == n, result
                rates["http"].append(n / (time.perf_counter() - t0))

                t0 = time.perf_counter()
                async with conn.transaction():
                    done = await LocationMapper(conn).import_points(mapper_user, structs)
                    assert done.created == n, done
                rates["mapper"].append(n / (time.perf_counter() - t0))

                t0 = time.perf_counter()
                await conn.copy_records_to_table("locations", records=records, columns=COLUMNS)
                rates["copy"].append(n / (time.perf_counter() - t0))

                t0 = time.perf_counter()
                async with session.post(
                    base + "/v1/locations/import", data=body, headers=json_headers
                ) as resp:
                    result = await resp.json()
                    assert resp.status == 200 and result["existing"] == n, result
                rates["again"].append(n / (time.perf_counter() - t0))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        await conn.close()
        cluster.destroy()

    median = {k: statistics.median(v) for k, v in rates.items()}
    copy = median["copy"]
    print(
        f"location import, {args.points:,} points a request, median of {args.rounds} rounds, "
        f"PostgreSQL {version} (embedded), into monthly partitions"
    )
    print("  POST /v1/locations/import (HTTP + JSON + staging COPY + INSERT ... ON CONFLICT)")
    print(f"      {median['http']:>10,.0f} rows/s   {median['http'] / copy:.2f} x raw COPY")
    print("  LocationMapper.import_points (staging COPY + INSERT ... ON CONFLICT)")
    print(f"      {median['mapper']:>10,.0f} rows/s   {median['mapper'] / copy:.2f} x raw COPY")
    print("  raw COPY of the same rows into locations (another user)")
    print(f"      {copy:>10,.0f} rows/s   1.00")
    print("  POST /v1/locations/import of the same batch again (every point exists)")
    print(f"      {median['again']:>10,.0f} rows/s   {median['again'] / copy:.2f} x raw COPY")


if __name__ == "__main__":
    asyncio.run(main())
