"""Seeds integrations and integration_secrets: a few per user (Google Photos, iCloud, Instagram,
Gmail, ...), some in the trash, most with OAuth tokens sealed by hypernet/core/crypto.py (most
under key `seed-2`, a few still under `seed-1`, as half-way through a key rotation)."""

from __future__ import annotations

import functools
import hashlib
import random
import uuid
from dataclasses import dataclass
from typing import Any

from hypernet.core.crypto import Keyring
from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, Shared, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, UUID_CLEAR, UUID_SET

# (probability a user has it, integration_type, the media source_platform it imports or None)
_INTEGRATION_KINDS: tuple[tuple[float, str, str | None], ...] = (
    (0.6, "google_photos", "google_photos"),
    (0.3, "icloud_photos", "icloud"),
    (0.3, "instagram", "instagram"),
    (0.35, "gmail", None),
    (0.15, "google_calendar", None),
    (0.1, "spotify", None),
)
_INTEGRATION_STATUSES = ("active",) * 16 + ("paused", "paused", "revoked", "error")
# The keys seeded secrets are sealed under: `seed-2` is current, `seed-1` is the old key of a
# rotation that is half done. Not secret (derived from a fixed text); only for seeded data.
SEED_SECRET_KEYS = {
    key_id: hashlib.sha256(f"hypernet-seed-secret-key/{key_id}".encode()).digest()
    for key_id in ("seed-1", "seed-2")
}
_INTEGRATION_COLUMNS = (
    "user_id",
    "id",
    "integration_type",
    "display_name",
    "status",
    "sync_cursor",
    "last_synced_at",
    "last_error",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
)
_SECRET_COLUMNS = (
    "user_id",
    "integration_id",
    "key_id",
    "access_token",
    "refresh_token",
    "expires_at",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class _PlannedIntegration:
    """One integration to seed, drawn before any row is written (so the count is exact)."""

    user_number: int
    id: str
    kind: str
    platform: str | None
    status: str
    created_at: float  # fraction of the way from the user's sign-up to the anchor
    deleted_at: float | None  # fraction of the way from its creation to the anchor
    synced_ago: int  # microseconds before the anchor
    cursor: int
    secret_key: str | None  # the key its tokens are sealed under; None: no tokens
    expires_in: int


# user id -> media source_platform -> the id of the user's integration importing from it: what
# imported media name as their source.
PLATFORM_INTEGRATIONS: Shared[dict[str, dict[str, str]]] = Shared("platform integrations", dict)


@functools.cache
def _plan_integrations(users: int, seed: int) -> tuple[_PlannedIntegration, ...]:
    """Every integration to seed, from a random stream of its own: adding this table left every
    row of the tables before it as it was."""
    rng = random.Random(f"integrations/{seed}")
    rand = rng.random
    planned: list[_PlannedIntegration] = []
    for number in range(users):
        for chance, kind, platform in _INTEGRATION_KINDS:
            if rand() >= chance:
                continue
            integration_id = f"{(rng.getrandbits(128) & UUID_CLEAR) | UUID_SET:032x}"
            status = _INTEGRATION_STATUSES[int(rand() * len(_INTEGRATION_STATUSES))]
            # A few are in the trash; their imported media stay, and keep naming them.
            deleted = rand() if rand() < 0.05 else None
            key = None
            if status != "revoked" and rand() >= 0.1:
                key = "seed-1" if rand() < 0.05 else "seed-2"
            planned.append(
                _PlannedIntegration(
                    number,
                    integration_id,
                    kind,
                    platform,
                    status,
                    rand(),
                    deleted,
                    int(rand() * 7 * DAY_US),
                    int(rand() * 1e9),
                    key,
                    int(rand() * DAY_US),
                )
            )
    return tuple(planned)


def _integration_rows(config: SeedConfig) -> tuple[int, int]:
    """(integrations, integration_secrets) the loader writes."""
    planned = _plan_integrations(config.users, config.seed)
    return len(planned), sum(1 for p in planned if p.secret_key is not None)


async def _load(ctx: SeedContext) -> None:
    """A few integrations per user, most with tokens sealed by hypernet/core/crypto.py."""
    keyrings = {key_id: Keyring(SEED_SECRET_KEYS, key_id) for key_id in SEED_SECRET_KEYS}
    anchor = ANCHOR_US
    users = ctx.get(SEEDED_USERS)
    by_platform = ctx.get(PLATFORM_INTEGRATIONS)
    integrations: list[tuple[Any, ...]] = []
    secrets: list[tuple[Any, ...]] = []
    for p in _plan_integrations(ctx.config.users, ctx.config.seed):
        user = users[p.user_number]
        created = user.created_at + int(p.created_at * (anchor - user.created_at))
        deleted = None if p.deleted_at is None else created + int(p.deleted_at * (anchor - created))
        synced = None if p.status == "revoked" else anchor - p.synced_ago
        if p.platform is not None:
            by_platform.setdefault(user.id, {})[p.platform] = p.id
        integrations.append(
            (
                user.id,
                p.id,
                p.kind,
                f"{p.kind.replace('_', ' ').title()} of user {user.number}",
                p.status,
                None if synced is None else f"cursor-{p.cursor}",
                synced,
                "the provider answered 401" if p.status == "error" else None,
                created,
                synced or created,
                deleted,
                "{}",
            )
        )
        if p.secret_key is None:
            continue
        keyring = keyrings[p.secret_key]
        uid, iid = _uuid(user.id), _uuid(p.id)
        secrets.append(
            (
                user.id,
                p.id,
                p.secret_key,
                # The nonce is random: the same seed gives the same rows but not the same bytes.
                keyring.seal(
                    f"seed-access-{p.id}", user_id=uid, integration_id=iid, column="access_token"
                ),
                keyring.seal(
                    f"seed-refresh-{p.id}", user_id=uid, integration_id=iid, column="refresh_token"
                ),
                anchor + p.expires_in,
                created,
                synced or created,
            )
        )
    await ctx.copy("integrations", _INTEGRATION_COLUMNS, iter(integrations))
    await ctx.copy("integration_secrets", _SECRET_COLUMNS, iter(secrets))


def _uuid(text: str) -> uuid.UUID:
    return uuid.UUID(hex=text)


INTEGRATIONS = TableSeed(
    name="integrations",
    tables=("integrations", "integration_secrets"),
    load=_load,
    planned_rows=lambda config: sum(_integration_rows(config)),
    after=("users",),
    stream="load_integrations",
)
