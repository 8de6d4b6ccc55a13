"""Seeds albums and their membership: about the square root of the user's media count each (a
few users none), sizes skewed (many small albums, a few with hundreds of items), a few percent in
the trash, most with a cover; membership as `contains` links in album order (sort_order 1..n),
a few removed. With triggers off, media_count and the covers are computed here, exactly."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.links import LINK_COLUMNS
from hypernet.sqlkit.seed.media import SEEDED_MEDIA
from hypernet.sqlkit.seed.users import SEEDED_USERS, media_per_user
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    PG_EPOCH,
    TRASH_WINDOW_US,
    UUID_CLEAR,
    UUID_SET,
    YEAR_US,
)

# Albums per user grow with the square root of the user's media: someone with 10,000 photos keeps
# a few dozen albums, not a thousand. Some users keep none.
ALBUMS_PER_SQRT_MEDIA = 1.0
_ALBUM_NAMES = (
    "Holidays",
    "Family",
    "Wedding",
    "Birthday",
    "Garden",
    "Hiking",
    "Best of",
    "Screenshots",
    "Cats",
    "Concerts",
    "Road trip",
    "Kids",
    "Recipes",
    "Work",
    "Lisbon",
    "Snow",
)
_ALBUM_COLUMNS = (
    "user_id",
    "id",
    "name",
    "description",
    "cover_media_id",
    "media_count",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


@dataclass(frozen=True, slots=True)
class PlannedAlbum:
    """One album to seed, drawn before any row is written (so the counts are exact)."""

    user_number: int
    id: str
    start: int  # its members are the user's media from this position (in the order made) ...
    size: int  # ... this many of them, in album order
    created_at: float  # fraction of the way from the user's sign-up to the anchor
    deleted_at: float | None  # fraction of the trash window before the anchor; None: live
    cover: float | None  # where among the members the cover is looked for; None: no cover
    name: int
    imported: bool


@functools.cache
def plan_albums(users: int, media_total: int, seed: int) -> tuple[PlannedAlbum, ...]:
    """Every album to seed, from a random stream of its own. Sizes are skewed (a few large
    albums, many small ones); between a fifth and all of a user's media are in an album, some in
    several (each album is a run of the user's media, and runs overlap)."""
    rng = random.Random(f"albums/{seed}")
    rand = rng.random
    planned: list[PlannedAlbum] = []
    for number, media in enumerate(media_per_user(users, media_total, seed)):
        if rand() < 0.12:
            continue
        count = max(1, int(media**0.5 * ALBUMS_PER_SQRT_MEDIA * (0.3 + 1.4 * rand())))
        members = media * (0.2 + 0.8 * rand())
        weights = [rand() ** 3 + 0.01 for _ in range(count)]
        total = sum(weights)
        for weight in weights:
            size = min(media, max(1, round(members * weight / total))) if media else 0
            planned.append(
                PlannedAlbum(
                    number,
                    f"{(rng.getrandbits(128) & UUID_CLEAR) | UUID_SET:032x}",
                    int(rand() * (media - size + 1)),
                    size,
                    rand(),
                    rand() if rand() < 0.03 else None,
                    rand() if rand() < 0.7 else None,
                    int(rand() * len(_ALBUM_NAMES)),
                    rand() < 0.2,
                )
            )
    return tuple(planned)


def _album_rows(config: SeedConfig) -> tuple[int, int]:
    """(albums, contains links) the albums loader writes."""
    planned = plan_albums(config.users, config.media_total, config.seed)
    return len(planned), sum(a.size for a in planned)


def _contains_rows(
    ctx: SeedContext, albums: Sequence[PlannedAlbum], media_counts: list[int]
) -> Iterator[tuple[Any, ...]]:
    """The membership links of the albums, in album order (sort_order 1..n), a few removed
    (soft-deleted). Fills `media_counts` with what the links trigger would count: the live links
    to live media."""
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    users = ctx.get(SEEDED_USERS)
    media = ctx.get(SEEDED_MEDIA)
    anchor, window = ANCHOR_US, TRASH_WINDOW_US
    for album in albums:
        user = users[album.user_number]
        uid = user.id
        ids = media.ids[album.user_number]
        live = media.live[album.user_number]
        created = user.created_at + int(album.created_at * (anchor - user.created_at))
        counted = 0
        for position in range(album.start, album.start + album.size):
            added = created + int(rand() * rand() * (anchor - created))
            deleted = None
            if rand() < 0.03:
                deleted = max(added, anchor - int(rand() * window))
            elif live[position]:
                counted += 1
            yield (
                uid,
                new_uuid(),
                "album",
                album.id,
                "media",
                ids[position * 16 : position * 16 + 16].hex(),
                "contains",
                1.0,
                position - album.start + 1,
                added,
                deleted or added,
                deleted,
                "{}",
            )
        media_counts.append(counted)


def _cover(ctx: SeedContext, album: PlannedAlbum) -> str | None:
    """The first live member from the album's cover position on: a cover is always live media of
    the same user (a media item going to the trash stops being a cover)."""
    if album.cover is None or album.size == 0:
        return None
    media = ctx.get(SEEDED_MEDIA)
    live = media.live[album.user_number]
    first = int(album.cover * album.size)
    for step in range(album.size):
        position = album.start + (first + step) % album.size
        if live[position]:
            ids = media.ids[album.user_number]
            return ids[position * 16 : position * 16 + 16].hex()
    return None


def _albums(
    ctx: SeedContext, albums: Sequence[PlannedAlbum], media_counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    anchor, window = ANCHOR_US, TRASH_WINDOW_US
    imported: dict[int, int] = {}
    users = ctx.get(SEEDED_USERS)
    for album, media_count in zip(albums, media_counts, strict=True):
        user = users[album.user_number]
        created = user.created_at + int(album.created_at * (anchor - user.created_at))
        deleted = None
        if album.deleted_at is not None:
            deleted = max(created, anchor - int(album.deleted_at * window))
        platform = object_id = None
        if album.imported:
            n = imported[album.user_number] = imported.get(album.user_number, 0) + 1
            platform, object_id = "google_photos", f"gpa-{n}"
        year = (PG_EPOCH.year + created // YEAR_US) if album.name % 3 == 0 else None
        name = _ALBUM_NAMES[album.name]
        yield (
            user.id,
            album.id,
            f"{name} {year}" if year else name,
            "Shared with the family" if album.name % 5 == 0 else None,
            _cover(ctx, album),
            media_count,
            created,
            deleted or created,
            deleted,
            "{}",
            platform,
            object_id,
        )


async def _load(ctx: SeedContext) -> None:
    """Albums per user (skewed, a few in the trash, most with a cover) and their membership as
    contains links. With triggers off, media_count and the covers are what the triggers of
    0004_links_and_albums.sql would have left: counted here, links first."""
    config = ctx.config
    albums = plan_albums(config.users, config.media_total, config.seed)
    media_counts: list[int] = []
    for start in range(0, len(albums), 2000):
        group = albums[start : start + 2000]
        await ctx.copy("links", LINK_COLUMNS, _contains_rows(ctx, group, media_counts))
    await ctx.copy("albums", _ALBUM_COLUMNS, _albums(ctx, albums, media_counts))


ALBUMS = TableSeed(
    name="albums",
    tables=("links", "albums"),
    load=_load,
    planned_rows=lambda config: sum(_album_rows(config)),
    after=("users", "media"),
    stream="load_albums",
)
