"""Seeds audit_log: Zipf-skewed per user, in time order from sign-up on: logins and refreshes
most, then the API's writes, each naming the object it touched (the user's own media and
albums)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.albums import plan_albums
from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.media import SEEDED_MEDIA
from hypernet.sqlkit.seed.partitions import ensure_months
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, ENCODE, inet4, zipf_counts

# Events per user at scale 1.0, on average; heavy users (the same Zipf skew) log more.
AUDIT_EVENTS_PER_USER = 50
# (weight, action, object_type, what the object is, method, path) as the API records them: the
# auth handlers their own events, the audit middleware "<tag>.<handler>" for every write.
_AUDIT_ACTIONS: tuple[tuple[int, str, str | None, str, str, str], ...] = (
    (30, "auth.login", "session", "session", "", ""),
    (25, "auth.refresh", "session", "session", "", ""),
    (3, "auth.login_failed", None, "", "", ""),
    (3, "auth.logout", "auth", "", "POST", "/v1/auth/logout"),
    (15, "media.create_media", "media", "media", "POST", "/v1/media"),
    (6, "media.update_media", "media", "media", "PATCH", "/v1/media/{}"),
    (4, "media.delete_media", "media", "media", "DELETE", "/v1/media/{}"),
    (1, "media.restore_media", "media", "media", "POST", "/v1/media/{}/restore"),
    (2, "media.import_media", "media", "", "POST", "/v1/media/import"),
    (3, "albums.create_album", "albums", "album", "POST", "/v1/albums"),
    (5, "albums.add_album_media", "albums", "album", "POST", "/v1/albums/{}/media"),
    (1, "links.create_link", "links", "", "POST", "/v1/links"),
    (1, "users.update_me", "users", "", "PATCH", "/v1/me"),
)
_AUDIT_TABLE = [action for action in _AUDIT_ACTIONS for _ in range(action[0])]
_AUDIT_COLUMNS = (
    "user_id",
    "id",
    "occurred_at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "request_id",
    "client_addr",
    "details",
)
_WRITE_STATUS = {"POST": 201, "PATCH": 200, "DELETE": 204}


def _audit_total(config: SeedConfig) -> int:
    return round(config.users * AUDIT_EVENTS_PER_USER * config.scale)


def _audit_rows(
    ctx: SeedContext,
    users: Sequence[SeededUser],
    counts: Sequence[int],
    albums: dict[int, list[str]],
) -> Iterator[tuple[Any, ...]]:
    """Each user's events from sign-up to the anchor, in time order, from a few addresses."""
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    new_uuid = ctx.new_uuid
    table = _AUDIT_TABLE
    n_table = len(table)
    anchor = ANCHOR_US
    encode = ENCODE
    media_ids = ctx.get(SEEDED_MEDIA).ids
    for user, count in zip(users, counts, strict=True):
        uid = user.id
        ids = media_ids.get(user.number, b"")
        media = len(ids) // 16
        own_albums = albums.get(user.number, ())
        addresses = [inet4((10 << 24) | bits(24)) for _ in range(1 + int(rand() * 4))]
        span = anchor - user.created_at
        times = sorted(user.created_at + int(rand() * span) for _ in range(count))
        for occurred in times:
            _, action, object_type, kind, method, path = table[int(rand() * n_table)]
            object_id = None
            if kind == "media" and media:
                k = int(rand() * media)
                object_id = ids[k * 16 : k * 16 + 16].hex()
            elif kind == "album" and own_albums:
                object_id = own_albums[int(rand() * len(own_albums))]
            elif kind:
                object_id = new_uuid()
            if method:
                shown = path.format(object_id) if "{}" in path else path
                details = encode({"method": method, "path": shown, "status": _WRITE_STATUS[method]})
            elif action == "auth.login_failed":
                details = encode({"email": f"user{user.number}@example.com"})
            else:
                details = b"{}"
            yield (
                uid,
                new_uuid(),
                occurred,
                None if action == "auth.login_failed" else uid,
                action,
                object_type,
                object_id,
                f"{bits(128):032x}",
                addresses[int(rand() * len(addresses))],
                details.decode(),
            )


async def _load(ctx: SeedContext) -> None:
    """Many events per user over time: logins and refreshes most, then the API's writes."""
    users = ctx.get(SEEDED_USERS)
    counts = zipf_counts(ctx.rng, len(users), _audit_total(ctx.config))
    config = ctx.config
    albums: dict[int, list[str]] = {}
    for album in plan_albums(config.users, config.media_total, config.seed):
        albums.setdefault(album.user_number, []).append(album.id)
    # The log is partitioned by month: every month from the first sign-up on gets its partition.
    await ensure_months(ctx, "audit_log", min(u.created_at for u in users), ANCHOR_US - 1)
    for start in range(0, len(users), 2000):
        group = users[start : start + 2000]
        await ctx.copy(
            "audit_log",
            _AUDIT_COLUMNS,
            _audit_rows(ctx, group, counts[start : start + 2000], albums),
        )


AUDIT_LOG = TableSeed(
    name="audit_log",
    tables=("audit_log",),
    load=_load,
    planned_rows=_audit_total,
    after=("users", "media"),
    stream="load_audit_log",
)
