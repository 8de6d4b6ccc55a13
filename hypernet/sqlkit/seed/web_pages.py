"""Seeds web_pages: about 5 per user at scale 1.0 (10,000 for the default 2,000 users), Zipf
over users (a few heavy readers with hundreds, most users a handful or none), saved over the
years since sign-up, most unread or read and few being read, some saved with tracking parameters
on the url, a few percent in the trash, a fifth imported from a read-later service."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, Shared, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    ENCODE,
    TRASH_WINDOW_US,
    stream,
    zipf_counts,
)

WEB_PAGES_PER_USER = 5

_SITES = (
    ("en.wikipedia.org", "Wikipedia", "wiki"),
    ("www.nytimes.com", "The New York Times", "2025"),
    ("lwn.net", "LWN.net", "Articles"),
    ("www.postgresql.org", "PostgreSQL", "docs/current"),
    ("news.ycombinator.com", "Hacker News", "item"),
    ("medium.com", "Medium", "p"),
    ("www.theguardian.com", "The Guardian", "world"),
    ("blog.example.com", "Example Blog", "posts"),
    ("docs.python.org", "Python documentation", "3/library"),
    ("www.seriouseats.com", "Serious Eats", "recipes"),
)
_WORDS = (
    "index vacuum query planner keyset cursor sharding replica recipe bread garden travel "
    "lisbon history science music climate economy design python postgres rust network cache"
).split()
# (weight, reading_state): most saved pages are never read; few are half read at any time.
_STATES = ((50, "unread"), (5, "reading"), (30, "read"), (15, "archived"))
_STATE_TABLE = [state for weight, state in _STATES for _ in range(weight)]
_COLUMNS = (
    "user_id",
    "id",
    "url",
    "canonical_url",
    "title",
    "site_name",
    "content_text",
    "fetched_at",
    "reading_state",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


@dataclass
class SeededWebPages:
    """What bookmarks point at, by user number: the (id, canonical_url) of each page made."""

    pages: dict[int, list[tuple[str, str]]] = field(default_factory=dict)


SEEDED_WEB_PAGES: Shared[SeededWebPages] = Shared("web_pages", SeededWebPages)


def _total(config: SeedConfig) -> int:
    return round(config.users * WEB_PAGES_PER_USER * config.scale)


def _texts() -> list[str]:
    """A few dozen readable texts of different lengths, made once: a row picks one."""
    rng = stream(0, "web_page_texts")
    texts = []
    for n in range(40):
        words = [_WORDS[int(rng.random() * len(_WORDS))] for _ in range(30 + n * n * 3)]
        texts.append(" ".join(words).capitalize() + ".")
    return texts


def _rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    texts = _texts()
    made = ctx.get(SEEDED_WEB_PAGES)
    meta_choices = ["{}", ENCODE({"word_count": 900}).decode(), ENCODE({"lang": "en"}).decode()]
    anchor, day = ANCHOR_US, DAY_US
    for user, count in zip(users, counts, strict=True):
        pages: list[tuple[str, str]] = []
        imported = 0
        for k in range(count):
            host, site_name, section = _SITES[int(rand() * rand() * len(_SITES))]
            slug = "-".join(_WORDS[int(rand() * len(_WORDS))] for _ in range(3))
            canonical = f"https://{host}/{section}/{slug}-{k}"
            url = canonical + "?utm_source=newsletter" if rand() < 0.2 else canonical
            created = user.created_at + int(rand() * (anchor - user.created_at))
            fetched = None if rand() < 0.05 else created + int(rand() * 600_000_000)
            deleted = None
            if rand() < 0.03:
                deleted = max(created, anchor - int(rand() * TRASH_WINDOW_US))
            platform = object_id = None
            if rand() < 0.2:
                imported += 1
                platform, object_id = "pocket", f"pk-{imported}"
            page_id = new_uuid()
            pages.append((page_id, canonical))
            yield (
                user.id,
                page_id,
                url,
                canonical,
                slug.replace("-", " ").title(),
                site_name,
                None if fetched is None else texts[int(rand() * len(texts))],
                fetched,
                _STATE_TABLE[int(rand() * len(_STATE_TABLE))],
                created,
                # Read or re-filed some time after it was saved.
                min(anchor, created + int(rand() * 30 * day)),
                deleted,
                meta_choices[int(rand() * 3)],
                platform,
                object_id,
            )
        made.pages[user.number] = pages


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = zipf_counts(ctx.rng, len(users), _total(ctx.config))
    await ctx.copy("web_pages", _COLUMNS, _rows(ctx, users, counts))


WEB_PAGES = TableSeed(
    name="web_pages",
    tables=("web_pages",),
    load=_load,
    planned_rows=_total,
    after=("users",),
    stream="load_web_pages",
)
