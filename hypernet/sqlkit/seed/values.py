"""The shapes every table's seeder draws from: the data's clock, random streams, skew, encodings.

Timestamps are microseconds since 2000-01-01 UTC (PostgreSQL's own format; the load's connection
sends them as int8), so rows carry plain integers."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import msgspec

# Media per user at scale 1.0, on average; the Zipf skew decides who gets how many.
MEDIA_PER_USER = 100
ZIPF_EXPONENT = 1.0

# The data's "now". Fixed, so the same seed gives the same rows whatever the day it runs.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)

PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
ANCHOR_US = int((ANCHOR - PG_EPOCH).total_seconds()) * 1_000_000
DAY_US = 86_400 * 1_000_000
YEAR_US = 365 * DAY_US
# Albums and links go to the trash in the last 90 days before the anchor,
# like media's: older trash would have been purged (30 days' retention), with some backlog.
TRASH_WINDOW_US = 90 * DAY_US
# Random 128-bit numbers turned into RFC 4122 version 4 UUIDs, like gen_random_uuid() makes.
UUID_CLEAR = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
UUID_SET = (0x4 << 76) | (0x2 << 62)

ENCODE = msgspec.json.Encoder().encode


def stream(seed: int, name: str) -> random.Random:
    """The random stream of one table's seeder (see TableSeed.stream)."""
    return random.Random(f"{seed}/{name}")


def zipf_counts(
    rng: random.Random, users: int, total: int, exponent: float = ZIPF_EXPONENT
) -> list[int]:
    """Split `total` rows over `users` by rank^-exponent, then hand the ranks out at random."""
    weights = [1.0 / (rank**exponent) for rank in range(1, users + 1)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    # The rounding remainder goes to the heaviest users, so the total is exact.
    for i in range(total - sum(counts)):
        counts[i % users] += 1
    rng.shuffle(counts)
    return counts


def inet4(address: int) -> bytes:
    """An IPv4 host address in inet's binary wire format: family, prefix, is_cidr, length."""
    return b"\x02\x20\x00\x04" + address.to_bytes(4, "big")
