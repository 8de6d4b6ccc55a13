"""Seeds social_posts: about thirty per user at scale 1.0, Zipf over users (a few with
thousands, many with a handful; none for a user without an account), spread over the user's
accounts, posted over eight years with recent years busier, most imported, about one in seven a
reply (half of those in one long thread per user), skewed like counts, a few percent in the
trash. Posts of a trashed account are trashed at the account's instant, as the API does."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.social_accounts import SEEDED_SOCIAL_ACCOUNTS, accounts_per_user
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US, YEAR_US, zipf_counts

# Posts per user at scale 1.0, on average over every user (those without an account included,
# whose share is not made: about 59,000 posts for the default 2,000 users).
POSTS_PER_USER = 40.0
_TEXTS = (
    "Shipped it.",
    "Reading about B-trees again. They never get old.",
    "Who else is at the conference this week?",
    "New blog post: keyset pagination, or why OFFSET hurts.",
    "Coffee first.",
    "Thread on what I learned migrating a database without downtime:",
    "Sunset from the office window.",
    "Agreed!",
    "This is the way.",
    "Photos from the weekend hike.",
)
_LANGS = ('{"lang": "en"}', '{"lang": "fr"}', '{"lang": "de"}', "{}", "{}", "{}")
_POST_COLUMNS = (
    "user_id",
    "id",
    "account_id",
    "platform",
    "posted_at",
    "text",
    "url",
    "reply_to_post_id",
    "like_count",
    "share_count",
    "reply_count",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_integration_id",
    "source_platform",
    "source_object_id",
)
# One COPY per this many rows.
_CHUNK = 50_000


@functools.cache
def posts_per_user(users: int, scale: float, seed: int) -> tuple[int, ...]:
    """Posts per user, drawn from a stream of their own; none for a user without an account."""
    rng = random.Random(f"social_posts/{seed}")
    counts = zipf_counts(rng, users, round(users * POSTS_PER_USER * scale))
    accounts = accounts_per_user(users, scale, seed)
    return tuple(n if a else 0 for n, a in zip(counts, accounts, strict=True))


def _rows(ctx: SeedContext, users: Sequence[SeededUser]) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    anchor, day, window = ANCHOR_US, DAY_US, TRASH_WINDOW_US
    by_user = ctx.get(SEEDED_SOCIAL_ACCOUNTS)
    counts = posts_per_user(ctx.config.users, ctx.config.scale, ctx.config.seed)
    n_texts, n_langs = len(_TEXTS), len(_LANGS)
    for user in users:
        count = counts[user.number]
        accounts = by_user.get(user.number, [])
        if not count or not accounts:
            continue
        # Oldest first, so that a reply always names a post made before it.
        moments = sorted(anchor - int(rand() * rand() * 8 * YEAR_US) - day for _ in range(count))
        made: list[str] = []
        for k, posted in enumerate(moments):
            # Skewed over the accounts too: the first accounts post the most.
            account = accounts[int(rand() * rand() * len(accounts))]
            post_id = new_uuid()
            reply_to = None
            if made and rand() < 0.15:
                # Half the replies go to the user's first post: one long thread per user.
                reply_to = made[0] if rand() < 0.5 else made[int(rand() * len(made))]
            made.append(post_id)
            created = min(anchor, max(posted, account.created_at) + int(rand() * day))
            deleted = account.deleted_at
            if deleted is not None:
                created = min(created, deleted)
                if rand() < 0.03:
                    # Trashed on its own before its account went.
                    deleted = created + int(rand() * (deleted - created))
            elif rand() < 0.03:
                deleted = max(created, anchor - int(rand() * window))
            imported = rand() < 0.7
            likes = int(rand() ** 6 * 20_000)
            yield (
                user.id,
                post_id,
                account.id,
                account.platform,
                posted,
                _TEXTS[int(rand() * n_texts)],
                f"https://{account.host}/{account.handle}/posts/{k}" if imported else None,
                reply_to,
                likes,
                int(likes * rand() * 0.2),
                int(rand() ** 4 * 300),
                created,
                created if deleted is None else deleted,
                deleted,
                _LANGS[int(rand() * n_langs)],
                None,
                account.platform if imported else None,
                f"{account.platform}-post-{k}" if imported else None,
            )


async def _load(ctx: SeedContext) -> None:
    counts = posts_per_user(ctx.config.users, ctx.config.scale, ctx.config.seed)
    group: list[SeededUser] = []
    size = 0
    for user in ctx.get(SEEDED_USERS):
        group.append(user)
        size += counts[user.number]
        if size >= _CHUNK:
            await ctx.copy("social_posts", _POST_COLUMNS, _rows(ctx, group))
            group, size = [], 0
    if group:
        await ctx.copy("social_posts", _POST_COLUMNS, _rows(ctx, group))


def _planned(config: SeedConfig) -> int:
    return sum(posts_per_user(config.users, config.scale, config.seed))


SOCIAL_POSTS = TableSeed(
    name="social_posts",
    tables=("social_posts",),
    load=_load,
    planned_rows=_planned,
    after=("users", "social_accounts"),
    stream="load_social_posts",
)
