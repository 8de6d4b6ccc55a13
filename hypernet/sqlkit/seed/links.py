"""Seeds the links besides album membership: `variant_of` (an edit of an item), `duplicate_of`
pairs stored as two mirror rows, and `source` links from imported media to their integration."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.media import SEEDED_MEDIA
from hypernet.sqlkit.seed.users import SEEDED_USERS, media_per_user
from hypernet.sqlkit.seed.values import ANCHOR_US, ENCODE, TRASH_WINDOW_US

# The albums seeder writes its contains links with these too.
LINK_COLUMNS = (
    "user_id",
    "id",
    "from_object_type",
    "from_object_id",
    "to_object_type",
    "to_object_id",
    "link_type",
    "strength",
    "sort_order",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
)
# Per media item at scale 1.0: how often it is an edited variant of the item made before it, and
# how often a pair of items is a found duplicate (a symmetric link: two rows, one each way).
VARIANT_RATE = 0.02
DUPLICATE_RATE = 0.01
# How often an item imported through an integration also has a source link to it (seed 001's
# "Media -> Integration (via Link, type='source')"), as an import client may record.
SOURCE_RATE = 0.25
_VARIANT_METADATA = tuple(
    ENCODE({"edit": edit}).decode() for edit in ("crop", "filter", "rotate", "retouch")
)
_DUPLICATE_METADATA = ENCODE({"detected_by": "hash"}).decode()


@functools.cache
def _plan_links(users: int, media_total: int, seed: int) -> tuple[tuple[int, int], ...]:
    """(variant_of links, duplicate pairs) per user, from a random stream of its own."""
    rng = random.Random(f"links/{seed}")
    rand = rng.random
    planned = []
    for media in media_per_user(users, media_total, seed):
        variants = min(media - 1, int(media * VARIANT_RATE * 2 * rand())) if media > 1 else 0
        pairs = min(media // 2, int(media * DUPLICATE_RATE * 2 * rand()))
        planned.append((variants, pairs))
    return tuple(planned)


def _other_link_rows(config: SeedConfig) -> int:
    planned = _plan_links(config.users, config.media_total, config.seed)
    return sum(variants + 2 * pairs for variants, pairs in planned)


def _other_links(
    ctx: SeedContext, sources: Sequence[list[tuple[int, str]]]
) -> Iterator[tuple[Any, ...]]:
    """variant_of links (an edit to the item made just before it), duplicate_of pairs (two
    mirror rows, live or trashed together, as sql/links/insert.sql and soft_delete.sql keep
    them) and source links from imported media to their integration."""
    rng = ctx.rng
    rand = rng.random
    new_uuid = ctx.new_uuid
    anchor, window = ANCHOR_US, TRASH_WINDOW_US
    config = ctx.config
    planned = _plan_links(config.users, config.media_total, config.seed)
    made = ctx.get(SEEDED_MEDIA)
    users = ctx.get(SEEDED_USERS)
    for user, (variants, pairs), imported in zip(users, planned, sources, strict=True):
        if not variants and not pairs and not imported:
            continue
        uid = user.id
        ids = made.ids[user.number]
        media = len(ids) // 16
        span = anchor - user.created_at
        for position, integration in imported:
            created = anchor - int(rand() * rand() * span)
            yield (
                uid,
                new_uuid(),
                "media",
                ids[position * 16 : position * 16 + 16].hex(),
                "integration",
                integration,
                "source",
                1.0,
                0,
                created,
                created,
                None,
                "{}",
            )
        for position in sorted(rng.sample(range(1, media), variants)):
            created = anchor - int(rand() * rand() * span)
            deleted = max(created, anchor - int(rand() * window)) if rand() < 0.02 else None
            yield (
                uid,
                new_uuid(),
                "media",
                ids[position * 16 : position * 16 + 16].hex(),
                "media",
                ids[position * 16 - 16 : position * 16].hex(),
                "variant_of",
                1.0,
                0,
                created,
                deleted or created,
                deleted,
                _VARIANT_METADATA[int(rand() * len(_VARIANT_METADATA))],
            )
        for pair in sorted(rng.sample(range(media // 2), pairs)):
            one = ids[pair * 32 : pair * 32 + 16].hex()
            other = ids[pair * 32 + 16 : pair * 32 + 32].hex()
            created = anchor - int(rand() * rand() * span)
            deleted = max(created, anchor - int(rand() * window)) if rand() < 0.02 else None
            strength = round(0.8 + 0.2 * rand(), 3)
            for source, target in ((one, other), (other, one)):
                yield (
                    uid,
                    new_uuid(),
                    "media",
                    source,
                    "media",
                    target,
                    "duplicate_of",
                    strength,
                    0,
                    created,
                    deleted or created,
                    deleted,
                    _DUPLICATE_METADATA,
                )


async def _load(ctx: SeedContext) -> None:
    rand = ctx.rng.random
    made = ctx.get(SEEDED_MEDIA).sources
    # Which imported items have a source link depends on which media were imported: known only
    # now, so the progress bar learns of these rows here.
    sources = [
        [s for s in made.get(user.number, ()) if rand() < SOURCE_RATE]
        for user in ctx.get(SEEDED_USERS)
    ]
    ctx.progress.expect(sum(len(s) for s in sources))
    await ctx.copy("links", LINK_COLUMNS, _other_links(ctx, sources))


LINKS = TableSeed(
    name="links",
    tables=("links",),
    load=_load,
    planned_rows=_other_link_rows,
    after=("users", "media"),
    stream="load_links",
)
