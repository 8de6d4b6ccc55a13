"""Seeds refresh_tokens: sessions as chains of rotations, Zipf-skewed per user, the last token of
each chain current or revoked; and revoked_sessions, the row each revoked session leaves (what the
triggers of refresh_tokens write; the load runs with triggers off)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, inet4, zipf_counts

# Refresh tokens per user at scale 1.0, on average. Heavy users (the same Zipf skew) hold more:
# more devices, more sessions, more rotations.
REFRESH_TOKENS_PER_USER = 20
_TOKEN_TTL_US = 30 * DAY_US
_USER_AGENTS = (
    "Hypernet/2.3 (iPhone; iOS 17.2)",
    "Hypernet/2.3 (Android 14; Pixel 8)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/121.0",
    "hypernet-sync/0.9",
)
# How a session that is no longer live ended, weighted: most by logout, a few by theft.
_REVOKE_REASONS = ("logout",) * 6 + ("logout_all",) * 2 + ("password_change", "reuse")
_TOKEN_COLUMNS = (
    "user_id",
    "id",
    "family_id",
    "token_hash",
    "created_at",
    "expires_at",
    "rotated_at",
    "replaced_by",
    "revoked_at",
    "revoke_reason",
    "user_agent",
    "client_addr",
    "session_started_at",
)
_REVOKED_COLUMNS = ("session_id", "revoked_at", "reason")


def _refresh_token_total(config: SeedConfig) -> int:
    return round(config.users * REFRESH_TOKENS_PER_USER * config.scale)


def _refresh_token_rows(
    ctx: SeedContext,
    users: Sequence[SeededUser],
    counts: Sequence[int],
    revoked: list[tuple[Any, ...]],
) -> Iterator[tuple[Any, ...]]:
    """Each user's tokens as sessions: a chain of rotations a few hours to two days apart,
    whose last token is current (live) or was revoked; every other token is rotated. Each
    revoked session's revoked_sessions row is appended to `revoked`."""
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    new_uuid = ctx.new_uuid
    anchor, day = ANCHOR_US, DAY_US
    for user, count in zip(users, counts, strict=True):
        left = count
        while left > 0:
            length = min(left, 1 + int(rand() * rand() * 60))
            left -= length
            family = new_uuid()
            agent = _USER_AGENTS[int(rand() * len(_USER_AGENTS))]
            addr = inet4(
                (10 << 24) | int(rand() * 256) << 16 | int(rand() * 256) << 8 | int(rand() * 256)
            )
            created = anchor - int(rand() * (anchor - user.created_at))
            started = created
            ids = [new_uuid() for _ in range(length)]
            revoke = rand() < 0.6
            reason = _REVOKE_REASONS[int(rand() * len(_REVOKE_REASONS))] if revoke else None
            for i in range(length):
                last = i == length - 1
                next_created = created + int(rand() * 2 * day) + 3_600_000_000
                yield (
                    user.id,
                    ids[i],
                    family,
                    bits(256).to_bytes(32, "big"),
                    created,
                    created + _TOKEN_TTL_US,
                    None if last else next_created,
                    None if last else ids[i + 1],
                    next_created if last and revoke else None,
                    reason if last else None,
                    agent,
                    addr,
                    started,
                )
                if last and revoke:
                    revoked.append((family, next_created, reason))
                created = next_created


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = zipf_counts(ctx.rng, len(users), _refresh_token_total(ctx.config))
    revoked: list[tuple[Any, ...]] = []
    for start in range(0, len(users), 2000):
        group = users[start : start + 2000]
        await ctx.copy(
            "refresh_tokens",
            _TOKEN_COLUMNS,
            _refresh_token_rows(ctx, group, counts[start : start + 2000], revoked),
        )
    ctx.progress.expect(len(revoked))
    await ctx.copy("revoked_sessions", _REVOKED_COLUMNS, iter(revoked))


REFRESH_TOKENS = TableSeed(
    name="refresh_tokens",
    tables=("refresh_tokens", "revoked_sessions"),
    load=_load,
    planned_rows=_refresh_token_total,
    after=("users",),
    stream="load_refresh_tokens",
)
