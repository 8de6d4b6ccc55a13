#!/usr/bin/env python3
"""Benchmark the timeline: page 1 against page 200 of the heaviest seeded user's timeline.

Starts a throwaway PostgreSQL (the embedded one, or --bindir), migrates and seeds it as the test
suite does (`hypernet seed`, 2,000 users by default), picks the user owning the most media (the
largest timeline), walks the timeline (every type, no window) page by page to the cursor of page
200, then measures page 1 and page 200 side by side, alternating, through TimelineMapper on one
connection (the named query as the service runs it, prepared once, so PostgreSQL settles on
its generic plan as it does in the service). Prints the median and p90 of each and the ratio of
the medians: a keyset page should cost what the first page costs, however deep.

    python scripts/bench_timeline.py [--users 2000] [--scale 1] [--rounds 50] [--limit 50]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypernet.core.config import Settings  # noqa: E402
from hypernet.db.cluster import LocalCluster, embedded_bindir  # noqa: E402
from hypernet.db.pool import connect  # noqa: E402
from hypernet.db.queries import query  # noqa: E402
from hypernet.db.scratch import create_database, migrate  # noqa: E402
from hypernet.domain.timeline import TIMELINE_TYPES  # noqa: E402
from hypernet.mappers.timeline import TimelineMapper  # noqa: E402
from hypernet.sqlkit.seed import SeedConfig, seed_database  # noqa: E402

_HEAVY_OWNERS = query("tooling/sample_heavy_owners")
DEEP_PAGE = 200


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=50, help="runs of each page")
    parser.add_argument("--limit", type=int, default=50, help="items a page")
    parser.add_argument("--bindir", help="PostgreSQL bin dir (default: the embedded one)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="hypernet-bench-timeline-"))
    cluster = LocalCluster(
        tmp / "pgdata",
        bindir=Path(args.bindir) if args.bindir else embedded_bindir(),
        settings={"shared_buffers": "512MB", "max_connections": "100"},
    )
    cluster.start()
    try:
        settings = Settings(statement_timeout=3600, command_timeout=3600)
        dsn = await create_database(cluster.dsn(), settings, "bench")
        await migrate(dsn, settings)
        started = time.perf_counter()
        report = await seed_database(
            dsn, settings, SeedConfig(users=args.users, scale=args.scale), progress_stream=None
        )
        print(
            f"seeded {sum(report.counts.values()):,} rows ({args.users:,} users) in "
            f"{time.perf_counter() - started:.0f} s"
        )
        conn = await connect(dsn, settings, "bench")
        try:
            version = await conn.fetchval("SHOW server_version")
            user = (await conn.fetchval(_HEAVY_OWNERS.sql, "media"))[0]
            mapper = TimelineMapper(conn)
            types = list(TIMELINE_TYPES)

            async def page(after: Any) -> list[Any]:
                return await mapper.list_window(
                    user, from_at=None, to_at=None, types=types, limit=args.limit + 1, after=after
                )

            first: Any = (None, None)
            after = first
            walked = 0
            for _ in range(DEEP_PAGE - 1):
                rows = await page(after)
                walked += min(len(rows), args.limit)
                if len(rows) <= args.limit:
                    raise SystemExit(
                        f"the heaviest user's timeline has fewer than {DEEP_PAGE} pages"
                    )
                last = rows[args.limit - 1]
                after = (last.at, last.id)
            deep = after
            timings: dict[str, list[float]] = {"page 1": [], f"page {DEEP_PAGE}": []}
            for _ in range(args.rounds):
                for label, key in (("page 1", first), (f"page {DEEP_PAGE}", deep)):
                    t0 = time.perf_counter()
                    rows = await page(key)
                    timings[label].append((time.perf_counter() - t0) * 1000)
                    assert len(rows) == args.limit + 1
        finally:
            await conn.close()
    finally:
        cluster.destroy()

    print(
        f"timeline of the heaviest user ({walked:,} items before page {DEEP_PAGE}), "
        f"{args.limit} items a page, every type, {args.rounds} runs of each page alternating, "
        f"PostgreSQL {version}"
    )
    medians = {}
    for label, values in timings.items():
        medians[label] = statistics.median(values)
        print(
            f"  {label:>9}: median {medians[label]:.2f} ms   p90 {percentile(values, 0.9):.2f} ms"
        )
    ratio = medians[f"page {DEEP_PAGE}"] / medians["page 1"]
    print(f"  ratio page {DEEP_PAGE} / page 1 (medians): {ratio:.2f}  (must be <= 1.5)")
    if ratio > 1.5:
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
