"""Seeds bookmarks: about 10 per user at scale 1.0 (20,000 for the default 2,000 users), Zipf over
users, tags drawn from a small skewed vocabulary (one rare tag), folders in a browser's tree
(most in the bookmarks bar, a long tail of sub-folders, some in none), a third pointing at one of
the user's saved pages, a few percent in the trash, a third imported from a browser."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US, zipf_counts
from hypernet.sqlkit.seed.web_pages import SEEDED_WEB_PAGES

BOOKMARKS_PER_USER = 10

# Tags with a long tail; the last is rare on purpose (a tag filter that should use the GIN index).
_TAGS = (
    (300, "reading"),
    (200, "work"),
    (120, "python"),
    (100, "recipes"),
    (80, "travel"),
    (60, "postgres"),
    (50, "news"),
    (40, "design"),
    (20, "finance"),
    (2, "genealogy"),
)
_TAG_TABLE = [tag for weight, tag in _TAGS for _ in range(weight)]
_FOLDERS = (
    (300, "Bookmarks Bar"),
    (150, "Bookmarks Bar/Work"),
    (60, "Bookmarks Bar/Work/Projects"),
    (40, "Bookmarks Bar/Work (old)"),
    (80, "Bookmarks Bar/News"),
    (100, "Other Bookmarks"),
    (60, "Other Bookmarks/Recipes"),
    (30, "Other Bookmarks/Travel/2024"),
    (10, "Mobile Bookmarks"),
    (170, None),
)
_FOLDER_TABLE = [folder for weight, folder in _FOLDERS for _ in range(weight)]
_HOSTS = ("github.com", "stackoverflow.com", "www.youtube.com", "example.org", "news.example.com")
_COLUMNS = (
    "user_id",
    "id",
    "url",
    "title",
    "description",
    "tags",
    "folder_path",
    "web_page_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _total(config: SeedConfig) -> int:
    return round(config.users * BOOKMARKS_PER_USER * config.scale)


def _rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    pages_of = ctx.get(SEEDED_WEB_PAGES).pages
    n_tags, n_folders = len(_TAG_TABLE), len(_FOLDER_TABLE)
    anchor = ANCHOR_US
    for user, count in zip(users, counts, strict=True):
        pages = pages_of.get(user.number, [])
        imported = 0
        for k in range(count):
            page_id = None
            # The k-th bookmark may name the k-th page: each page is bookmarked at most once, so
            # the url (the page's canonical address) stays unique among the user's bookmarks.
            if k < len(pages) and rand() < 0.35:
                page_id, url = pages[k]
            else:
                url = f"https://{_HOSTS[int(rand() * len(_HOSTS))]}/b/{k}"
            tags = list(
                dict.fromkeys(_TAG_TABLE[int(rand() * n_tags)] for _ in range(int(rand() * 4)))
            )
            created = user.created_at + int(rand() * (anchor - user.created_at))
            deleted = None
            if rand() < 0.03:
                deleted = max(created, anchor - int(rand() * TRASH_WINDOW_US))
            platform = object_id = None
            if rand() < 0.3:
                imported += 1
                platform, object_id = "chrome", f"ch-{imported}"
            yield (
                user.id,
                new_uuid(),
                url,
                f"Bookmark {k}",
                "Worth keeping" if rand() < 0.2 else None,
                tags,
                _FOLDER_TABLE[int(rand() * n_folders)],
                page_id,
                created,
                min(anchor, created + int(rand() * 10 * DAY_US)),
                deleted,
                "{}",
                platform,
                object_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = zipf_counts(ctx.rng, len(users), _total(ctx.config))
    await ctx.copy("bookmarks", _COLUMNS, _rows(ctx, users, counts))


BOOKMARKS = TableSeed(
    name="bookmarks",
    tables=("bookmarks",),
    load=_load,
    planned_rows=_total,
    after=("users", "web_pages"),
    stream="load_bookmarks",
)
