"""Seeds rate_limits: the counters a busy moment leaves, about 3 per user at scale 1.0 (6,000 for
the default 2,000 users). Most count logins and refreshes of accounts (keys: SHA-256 hex, as the
service stores them) and of client addresses (10.0.0.0/8, one per row); a few are failed-login
counts, some of them at a lockout. Windows of five minutes, ending in the last day before the
data's "now" (so `hypernet db purge` finds them all ended)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US

RATE_LIMIT_ROWS_PER_USER = 3
# Scopes, weighted as a service counts them: every login and refresh twice (address, account).
_SCOPES = (
    ("login/address",) * 6
    + ("login/account",) * 6
    + ("refresh/address",) * 8
    + ("refresh/account",) * 8
    + ("register/address", "register/account", "password_check/account")
    + ("login/failures",) * 2
)
_COLUMNS = ("scope", "key", "hits", "window_end")


def _total(config: SeedConfig) -> int:
    return round(config.users * RATE_LIMIT_ROWS_PER_USER * config.scale)


def _rows(ctx: SeedContext, total: int) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    bits = ctx.rng.getrandbits
    for n in range(total):
        scope = _SCOPES[int(rand() * len(_SCOPES))]
        if scope.endswith("/address"):
            # A counter for the address: unique per row, so (scope, key) is too.
            key = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        else:
            key = format(bits(256), "064x")
        hits = 1 + int(rand() * rand() * (14 if scope == "login/failures" else 12))
        yield scope, key, hits, ANCHOR_US - int(rand() * DAY_US)


async def _load(ctx: SeedContext) -> None:
    await ctx.copy("rate_limits", _COLUMNS, _rows(ctx, _total(ctx.config)))


RATE_LIMITS = TableSeed(
    name="rate_limits",
    tables=("rate_limits",),
    load=_load,
    planned_rows=_total,
)
