"""Seeds social_accounts: about two per user, skewed (a fifth of users keep none, most one to
three, a few social-media managers dozens), on a skewed set of platforms, about half imported
from the platform, a few percent in the trash (their posts go with them: see social_posts)."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, Shared, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS
from hypernet.sqlkit.seed.values import ANCHOR_US, TRASH_WINDOW_US, zipf_counts

# Accounts per user at scale 1.0, on average: most from a small per-user draw, the rest Zipf
# (a few users with dozens).
ACCOUNTS_PER_USER = 2.0
_ZIPF_SHARE = 0.15
# How many accounts a typical user keeps: weights of 0, 1, 2, ... accounts.
_SMALL_COUNTS = (20, 35, 20, 11, 7, 4, 3)
_SMALL_TABLE = [n for n, weight in enumerate(_SMALL_COUNTS) for _ in range(weight)]
# (weight, platform, host the profile lives on)
_PLATFORMS: tuple[tuple[int, str, str], ...] = (
    (30, "twitter", "x.com"),
    (20, "instagram", "www.instagram.com"),
    (12, "mastodon", "mastodon.social"),
    (12, "bluesky", "bsky.app"),
    (10, "facebook", "www.facebook.com"),
    (8, "linkedin", "www.linkedin.com"),
    (5, "tiktok", "www.tiktok.com"),
    (3, "threads", "www.threads.net"),
)
_PLATFORM_TABLE = [(name, host) for weight, name, host in _PLATFORMS for _ in range(weight)]
_NAMES = (
    "ada ada_l lovelace grace_h hopper edsger turing_fan bletchley liskov knuth tex_wizard "
    "radia hedy linus_t guido yukihiro barbara lamport paxos raft shafi sammet"
).split()

SOCIAL_ACCOUNT_COLUMNS = (
    "user_id",
    "id",
    "platform",
    "handle",
    "display_name",
    "profile_url",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_integration_id",
    "source_platform",
    "source_object_id",
)


@dataclass(frozen=True, slots=True)
class SeededAccount:
    """What the posts seeder needs of one account."""

    id: str
    platform: str
    handle: str
    host: str
    created_at: int
    deleted_at: int | None


# user number -> the user's accounts, in the order made.
SEEDED_SOCIAL_ACCOUNTS: Shared[dict[int, list[SeededAccount]]] = Shared("social accounts", dict)


@functools.cache
def accounts_per_user(users: int, scale: float, seed: int) -> tuple[int, ...]:
    """Accounts per user, drawn from a stream of their own (the posts seeder plans by it)."""
    rng = random.Random(f"social_accounts/{seed}")
    rand = rng.random
    total = round(users * ACCOUNTS_PER_USER * scale)
    heavy = zipf_counts(rng, users, round(total * _ZIPF_SHARE))
    small_scale = (total - sum(heavy)) / (users * sum(_SMALL_TABLE) / len(_SMALL_TABLE))
    return tuple(
        int(_SMALL_TABLE[int(rand() * len(_SMALL_TABLE))] * small_scale + rand()) + extra
        for extra in heavy
    )


def _rows(ctx: SeedContext) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    anchor, window = ANCHOR_US, TRASH_WINDOW_US
    made = ctx.get(SEEDED_SOCIAL_ACCOUNTS)
    users = ctx.get(SEEDED_USERS)
    counts = accounts_per_user(ctx.config.users, ctx.config.scale, ctx.config.seed)
    for user, count in zip(users, counts, strict=True):
        accounts: list[SeededAccount] = []
        for k in range(count):
            platform, host = _PLATFORM_TABLE[int(rand() * len(_PLATFORM_TABLE))]
            # Unique per user by k, whatever the platform.
            name = _NAMES[int(rand() * len(_NAMES))]
            handle = f"{name}{k}" if k else name
            if platform == "mastodon":
                handle += "@mastodon.social"
            created = user.created_at + int(rand() * rand() * (anchor - user.created_at))
            deleted = None
            if rand() < 0.04:
                deleted = max(created, anchor - int(rand() * window))
            imported = rand() < 0.5
            accounts.append(SeededAccount(ctx.new_uuid(), platform, handle, host, created, deleted))
            account = accounts[-1]
            yield (
                user.id,
                account.id,
                platform,
                handle,
                f"{name.replace('_', ' ').title()} on {platform}" if rand() < 0.8 else None,
                f"https://{host}/{handle}",
                created,
                deleted or created,
                deleted,
                '{"verified": true}' if rand() < 0.05 else "{}",
                None,
                platform if imported else None,
                f"{platform}-user-{user.number}-{k}" if imported else None,
            )
        made[user.number] = accounts


async def _load(ctx: SeedContext) -> None:
    await ctx.copy("social_accounts", SOCIAL_ACCOUNT_COLUMNS, _rows(ctx))


def _planned(config: SeedConfig) -> int:
    return sum(accounts_per_user(config.users, config.scale, config.seed))


SOCIAL_ACCOUNTS = TableSeed(
    name="social_accounts",
    tables=("social_accounts",),
    load=_load,
    planned_rows=_planned,
    after=("users",),
    stream="load_social_accounts",
)
