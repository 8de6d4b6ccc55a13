"""Seeds notifications: Zipf-distributed per user (the heaviest user has thousands), over the
two years before the data's "now" and denser recently; nearly every one older than a month is
read (read within a few days of arriving), about half the recent ones unread; most about one of
the user's media items, a few imported from an external service, a few percent in the trash."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedContext, TableSeed
from hypernet.sqlkit.seed.media import SEEDED_MEDIA
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    TRASH_WINDOW_US,
    YEAR_US,
    zipf_counts,
)

# Notifications per user at scale 1.0, on average.
NOTIFICATIONS_PER_USER = 30

# (weight, kind, title, about a media item)
_KINDS: tuple[tuple[int, str, str, bool], ...] = (
    (40, "memory.on_this_day", "On this day: a photo from years ago", True),
    (25, "sync.finished", "Your photos finished syncing", False),
    (12, "album.suggested", "A new album suggestion is ready", True),
    (10, "github.mention", "You were mentioned in a discussion", False),
    (6, "storage.almost_full", "Your storage is almost full", False),
    (5, "sync.failed", "A sync could not finish", False),
    (2, "security.new_login", "A new sign-in to your account", False),
)
_KIND_TABLE = [kind for kind in _KINDS for _ in range(kind[0])]
_COLUMNS = (
    "user_id",
    "id",
    "kind",
    "title",
    "body",
    "is_read",
    "read_at",
    "object_type",
    "object_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _notification_rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    new_uuid = ctx.new_uuid
    media = ctx.get(SEEDED_MEDIA)
    anchor, day, window = ANCHOR_US, DAY_US, TRASH_WINDOW_US
    n_kinds = len(_KIND_TABLE)
    for user, count in zip(users, counts, strict=True):
        start = max(user.created_at, anchor - 2 * YEAR_US)
        ids = media.ids.get(user.number, b"")
        n_media = len(ids) // 16
        imported = 0
        for _ in range(count):
            _, kind, title, about_media = _KIND_TABLE[int(rand() * n_kinds)]
            # Denser toward the anchor: most notifications are recent.
            created = anchor - int((1.0 - rand() ** 0.5) * (anchor - start))
            recent = anchor - created < 30 * day
            is_read = rand() < (0.5 if recent else 0.995)
            read_at = min(anchor, created + int(rand() * rand() * 3 * day)) if is_read else None
            object_type = object_id = None
            if about_media and n_media:
                at = int(rand() * n_media) * 16
                object_type, object_id = "media", ids[at : at + 16].hex()
            deleted = None
            if rand() < 0.02:
                deleted = max(created, anchor - int(rand() * window))
            platform = source_id = None
            if kind == "github.mention":
                imported += 1
                platform, source_id = "github", f"gh-{imported}"
            yield (
                user.id,
                new_uuid(),
                kind,
                title,
                None,
                is_read,
                read_at,
                object_type,
                object_id,
                created,
                read_at or created,
                deleted,
                "{}",
                platform,
                source_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    total = round(ctx.config.users * NOTIFICATIONS_PER_USER * ctx.config.scale)
    counts = zipf_counts(ctx.rng, len(users), total)
    await ctx.copy("notifications", _COLUMNS, _notification_rows(ctx, users, counts))


NOTIFICATIONS = TableSeed(
    name="notifications",
    tables=("notifications",),
    load=_load,
    planned_rows=lambda config: round(config.users * NOTIFICATIONS_PER_USER * config.scale),
    after=("users", "media"),
    stream="load_notifications",
)
