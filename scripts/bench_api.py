#!/usr/bin/env python3
"""Benchmark the API end to end on a seeded database: reads, creates and batch import.

Starts a throwaway PostgreSQL (the embedded one, or --bindir), seeds it (`hypernet seed --users
--scale`; the defaults give a million media), and runs `hypernet serve` in a child process with
default settings, so the figures include HTTP, JSON, auth and the database, and the load generator
(this process) does not share an event loop with the server. For each operation and client count
it prints requests/s, p50, p99 and the slowest request, and the service's CPU time per request
(its processes' user + system time over the run divided by the requests: the figure that
survives a noisy machine). Every figure is the median of --rounds rounds; compare figures from
one run, never across runs.

    python scripts/bench_api.py [--users 2000] [--scale 5] [--clients 8,32] [--seconds 5]
                                [--rounds 3] [--workers N] [--items 20000] [--no-import]
                                [--against PATH] [--compare-workers 1,2]

`--against PATH` also serves the same database from another checkout (`git worktree add
/tmp/before <commit>`) on another port, and alternates the two round by round: before and after
measured side by side in one run, with the ratio of each figure. `--compare-workers 1,2` does
the same for `hypernet serve --workers 1` against `--workers 2` of this checkout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
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
from hypernet.db.scratch import create_database, migrate  # noqa: E402
from hypernet.sqlkit.seed import SeedConfig, seed_database  # noqa: E402

SEED_PASSWORD = "hypernet-seed"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (the service and its workers)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def service_pids(proc: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    extra = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [proc.pid, *extra]


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


async def wait_ready(
    session: aiohttp.ClientSession, base: str, proc: subprocess.Popen[bytes]
) -> None:
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


@dataclass
class Round:
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    cpu_us: float
    statuses: dict[int, int]


Request = Callable[[aiohttp.ClientSession, random.Random], Any]


async def run_round(
    session: aiohttp.ClientSession,
    request: Request,
    seconds: float,
    clients: int,
    pids: list[int],
) -> Round:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds

    async def client(n: int) -> None:
        rng = random.Random(n)
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            async with request(session, rng) as resp:
                await resp.read()
                statuses[resp.status] = statuses.get(resp.status, 0) + 1
            latencies.append(time.perf_counter() - t0)

    cpu0 = cpu_seconds(pids)
    started = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(pids) - cpu0
    latencies.sort()
    n = len(latencies)
    return Round(
        rps=n / elapsed,
        p50_ms=statistics.median(latencies) * 1000,
        p99_ms=latencies[max(0, int(n * 0.99) - 1)] * 1000,
        max_ms=latencies[-1] * 1000,
        cpu_us=cpu / n * 1e6,
        statuses=statuses,
    )


def report(name: str, clients: int, rounds: list[Round]) -> None:
    def med(key: str) -> float:
        return statistics.median(getattr(r, key) for r in rounds)

    statuses: dict[int, int] = {}
    for r in rounds:
        for code, count in r.statuses.items():
            statuses[code] = statuses.get(code, 0) + count
    codes = " ".join(f"{code}x{count}" for code, count in sorted(statuses.items()))
    print(
        f"{name:34s} {clients:3d} clients: {med('rps'):7,.0f} req/s  p50 {med('p50_ms'):7.2f} ms  "
        f"p99 {med('p99_ms'):8.2f} ms  max {med('max_ms'):8.1f} ms  "
        f"CPU {med('cpu_us'):6.0f} us/req  [{codes}]",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--clients", default="8,32", help="client counts, comma-separated")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="hypernet serve --workers N")
    parser.add_argument("--items", type=int, default=20_000, help="rows per import round")
    parser.add_argument("--no-import", action="store_true", help="skip the import benchmark")
    parser.add_argument("--only", help="only operations whose name contains this")
    parser.add_argument("--bindir", help="PostgreSQL bin dir (default: the embedded one)")
    parser.add_argument(
        "--against", metavar="PATH", help="also serve from this checkout, side by side (before)"
    )
    parser.add_argument(
        "--compare-workers",
        metavar="A,B",
        help="serve with --workers A and --workers B side by side (A is 'before')",
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the seeded server in DIR, and reuse it when there"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="for the service"
    )
    args = parser.parse_args()
    client_counts = [int(c) for c in args.clients.split(",")]

    # --keep DIR: the seeded server stays in DIR, and a later run with the same DIR reuses it
    # (a million media take minutes to seed); otherwise a temporary directory, removed after.
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hypernet-bench-"))
    reuse = (tmp / "pgdata" / "PG_VERSION").exists() and (tmp / "seeded").exists()
    cluster = LocalCluster(
        tmp / "pgdata",
        bindir=Path(args.bindir) if args.bindir else embedded_bindir(),
        settings={"shared_buffers": "1GB", "max_connections": "200"},
    )
    cluster.start()
    settings = Settings()
    if reuse:
        dsn = cluster.dsn("bench")
        print(f"reusing the seeded database in {tmp}", flush=True)
    else:
        dsn = await create_database(cluster.dsn(), settings, "bench")
        await migrate(dsn, settings)
        t0 = time.perf_counter()
        seeded = await seed_database(
            dsn, settings, SeedConfig(users=args.users, scale=args.scale), progress_stream=None
        )
        print(f"seeded {seeded.rows:,} rows in {time.perf_counter() - t0:.0f} s", flush=True)
        if args.keep:
            (tmp / "seeded").write_text(f"--users {args.users} --scale {args.scale}\n")
    conn = await asyncpg.connect(dsn)
    heavy = UUID(str((await conn.fetchval(query("tooling/sample_heavy_owners").sql, "media"))[0]))
    email = await conn.fetchval(query("tooling/sample_user_email").sql, heavy)
    album = await conn.fetchrow(query("tooling/sample_largest_album").sql, heavy)
    await conn.close()

    # label -> (checkout, workers); with two, "before" and "after" are compared round by round.
    trees: dict[str, tuple[Path, int | None]] = {"": (ROOT, args.workers)}
    if args.against:
        trees = {"before": (Path(args.against), args.workers), "after": (ROOT, args.workers)}
    elif args.compare_workers:
        a, b = (int(n) for n in args.compare_workers.split(","))
        trees = {"before": (ROOT, a), "after": (ROOT, b)}
    services: dict[str, Service] = {}
    try:
        for label, (tree, workers) in trees.items():
            services[label] = start_service(
                tree, dsn, tmp / f"data-{label or 'service'}", args, workers
            )
            if workers:
                print(f"{label or 'service'}: --workers {workers}", flush=True)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            for service in services.values():
                await service.ready(session, email)
            first = next(iter(services.values()))
            async with session.get(first.base + "/v1/media?limit=200", headers=first.headers) as r:
                ids = [m["id"] for m in (await r.json())["items"]]
            print(f"user {heavy} ({len(ids)}+ media), album {album['id']}", flush=True)
            counter = iter(range(10**9))

            def operations(svc: Service) -> dict[str, Request]:
                base, headers = svc.base, svc.headers

                def get_one(s: aiohttp.ClientSession, rng: random.Random) -> Any:
                    return s.get(f"{base}/v1/media/{rng.choice(ids)}", headers=headers)

                def page(s: aiohttp.ClientSession, rng: random.Random) -> Any:
                    return s.get(f"{base}/v1/media?limit=50", headers=headers)

                def album_page(s: aiohttp.ClientSession, rng: random.Random) -> Any:
                    return s.get(f"{base}/v1/albums/{album['id']}/media?limit=50", headers=headers)

                def create(s: aiohttp.ClientSession, rng: random.Random) -> Any:
                    n = next(counter)
                    body = {
                        "filename": f"bench_{n}.jpg",
                        "media_type": "photo",
                        "mime_type": "image/jpeg",
                        "size": 1000 + n,
                        "file_path": f"bench/{n}.jpg",
                        "metadata": {"camera": "X100V"},
                    }
                    return s.post(f"{base}/v1/media", json=body, headers=headers)

                return {
                    "GET /v1/media/{id}": get_one,
                    "GET /v1/media?limit=50": page,
                    "GET /v1/albums/{id}/media?limit=50": album_page,
                    "POST /v1/media": create,
                }

            requests = {label: operations(svc) for label, svc in services.items()}
            for name in requests[next(iter(requests))]:
                if args.only and args.only not in name:
                    continue
                for clients in client_counts:
                    rounds: dict[str, list[Round]] = {label: [] for label in services}
                    for _ in range(args.rounds):  # the services alternate, round by round
                        for label, svc in services.items():
                            rounds[label].append(
                                await run_round(
                                    session, requests[label][name], args.seconds, clients, svc.pids
                                )
                            )
                    for label in services:
                        report(f"{name}{' ' + label if label else ''}", clients, rounds[label])
                    if len(services) == 2:
                        compare(rounds["before"], rounds["after"])

            if not args.no_import:
                for label, svc in services.items():
                    if label:
                        print(f"-- import, {label}", flush=True)
                    await bench_import(session, svc.base, svc.headers, dsn, args, label)
    finally:
        for service in services.values():
            service.stop()
        if args.keep:
            cluster.stop()
        else:
            cluster.destroy()


@dataclass
class Service:
    proc: subprocess.Popen[bytes]
    base: str
    headers: dict[str, str]
    pids: list[int]
    workers: int = 1

    async def ready(self, session: aiohttp.ClientSession, email: str) -> None:
        await wait_ready(session, self.base, self.proc)
        await self.every_worker_answers()
        self.pids = service_pids(self.proc)
        async with session.post(
            self.base + "/v1/auth/login", json={"email": email, "password": SEED_PASSWORD}
        ) as resp:
            assert resp.status == 200, await resp.text()
            token = (await resp.json())["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}

    async def every_worker_answers(self) -> None:
        """Each worker answers (request ids start with a prefix of their process's own); new
        connections, as the kernel spreads connections over the workers, not requests."""
        seen: set[str] = set()
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as fresh:
            while len(seen) < self.workers and time.monotonic() < deadline:
                async with fresh.get(self.base + "/health/live") as resp:
                    seen.add(resp.headers["X-Request-Id"][:16])
                await asyncio.sleep(0.05)
        if len(seen) < self.workers:
            raise SystemExit(f"only {len(seen)} of {self.workers} workers answered within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def start_service(
    tree: Path, dsn: str, data_dir: Path, args: argparse.Namespace, workers: int | None
) -> Service:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "DATABASE_URL": dsn,
        "HYPERNET_PORT": str(port),
        "HYPERNET_DATA_DIR": str(data_dir),
        "HYPERNET_JWT_SECRET": "bench-secret-" + "x" * 40,
        "HYPERNET_LOG_LEVEL": "WARNING",
        **dict(e.split("=", 1) for e in args.env),
    }
    command = [sys.executable, "-m", "hypernet", "serve", "--no-migrate"]
    if workers:
        command += ["--workers", str(workers)]
    proc = subprocess.Popen(command, env=env, cwd=tree)
    return Service(proc, f"http://127.0.0.1:{port}", {}, [proc.pid], workers or 1)


def compare(before: list[Round], after: list[Round]) -> None:
    def med(rounds: list[Round], key: str) -> float:
        return statistics.median(getattr(r, key) for r in rounds)

    print(
        "    after/before: "
        + "  ".join(
            f"{key} {med(after, key) / med(before, key):.2f}"
            for key in ("rps", "p50_ms", "p99_ms", "cpu_us")
        ),
        flush=True,
    )


async def bench_import(
    session: aiohttp.ClientSession,
    base: str,
    headers: dict[str, str],
    dsn: str,
    args: argparse.Namespace,
    label: str = "",
) -> None:
    """Batches of 1,000 over HTTP against COPY of the same rows into media, side by side (each
    service's rows under import keys of its own)."""
    async with session.get(base + "/v1/me", headers=headers) as resp:
        user_id = UUID((await resp.json())["id"])
    api_rates, copy_rates = [], []
    for r in range(args.rounds):
        batch_items = items(args.items, f"{label}r{r}")
        t0 = time.perf_counter()
        for i in range(0, len(batch_items), 1000):
            async with session.post(
                base + "/v1/media/import", json=batch_items[i : i + 1000], headers=headers
            ) as resp:
                assert resp.status == 200, await resp.text()
        api_rates.append(len(batch_items) / (time.perf_counter() - t0))
        conn = await asyncpg.connect(dsn)
        records = [
            (
                user_id,
                it["filename"],
                it["media_type"],
                it["mime_type"],
                it["size"],
                it["file_path"],
                it["width"],
                it["height"],
                datetime.fromisoformat(it["taken_at"]),
                json.dumps(it["metadata"]),
                "bench-copy",
                f"{label}c{r}-{n}",
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
                "width",
                "height",
                "taken_at",
                "metadata",
                "source_platform",
                "source_object_id",
            ],
        )
        copy_rates.append(len(records) / (time.perf_counter() - t0))
        await conn.close()
    api_rate, copy_rate = statistics.median(api_rates), statistics.median(copy_rates)
    print(f"import over HTTP  : {api_rate:10,.0f} rows/s (median of {args.rounds})")
    print(f"raw COPY          : {copy_rate:10,.0f} rows/s (median of {args.rounds})")
    print(f"HTTP import / COPY: {api_rate / copy_rate:.2f}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
