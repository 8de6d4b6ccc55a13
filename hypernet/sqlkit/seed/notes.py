"""Seeds notes: about 15 per user at scale 1.0 (30,000 for the default 2,000 users), Zipf over
users (the heaviest writes thousands, most users a handful), written over the years since sign-up
and denser recently, most edited within days of being written and some much later; a few pinned,
a sixth archived, a few percent in the trash, a fifth imported from another notes app. Bodies are
Markdown of very different lengths (a one-line reminder to a long journal entry), picked from a
few texts made once, so a row costs no text of its own."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    TRASH_WINDOW_US,
    stream,
    zipf_counts,
)

NOTES_PER_USER = 15

_TITLES = (
    "Groceries",
    "Ideas",
    "Meeting notes",
    "Packing list",
    "Books to read",
    "Journal",
    "Recipe: sourdough",
    "Gift ideas",
    "Passwords hint (not the passwords)",
    "Weekly review",
    "Garden plan",
    "Talk outline",
)
_WORDS = (
    "call buy remember plan write ask book fix send check milk bread eggs tomatoes garden "
    "meeting project budget trip train hotel idea draft review chapter recipe flour water salt"
).split()
_PLATFORMS = (("evernote", "en-"), ("google_keep", "keep-"), ("apple_notes", "an-"))
_COLUMNS = (
    "user_id",
    "id",
    "title",
    "body",
    "pinned",
    "archived",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _total(config: SeedConfig) -> int:
    return round(config.users * NOTES_PER_USER * config.scale)


def _bodies() -> list[str]:
    """Markdown bodies from a line to some 8,000 characters, made once: a row picks one (the
    short ones more often)."""
    rng = stream(0, "note_bodies")
    words = _WORDS
    bodies = []
    for n in range(24):
        lines = []
        for _ in range(1 + n * n // 4):
            kind = rng.random()
            text = " ".join(words[int(rng.random() * len(words))] for _ in range(3 + n // 3))
            if kind < 0.4:
                lines.append(f"- [ ] {text}")
            elif kind < 0.5:
                lines.append(f"## {text.capitalize()}")
            else:
                lines.append(text.capitalize() + ".")
        bodies.append("\n".join(lines))
    return bodies


def _rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    bodies = _bodies()
    n_bodies, n_titles = len(bodies), len(_TITLES)
    anchor, day, window = ANCHOR_US, DAY_US, TRASH_WINDOW_US
    for user, count in zip(users, counts, strict=True):
        imported = [0, 0, 0]
        span = anchor - user.created_at
        for _ in range(count):
            # Denser toward the anchor: most notes are recent.
            created = anchor - int((1.0 - rand() ** 0.5) * span)
            # Most are edited within days; a few (a running list) much later.
            if rand() < 0.8:
                updated = min(anchor, created + int(rand() * rand() * 3 * day))
            else:
                updated = created + int(rand() * (anchor - created))
            deleted = None
            if rand() < 0.03:
                # Trashing moves updated_at too (trigger set_updated_at).
                deleted = updated = max(updated, anchor - int(rand() * window))
            platform = object_id = None
            if rand() < 0.2:
                p = int(rand() * 3)
                imported[p] += 1
                platform, prefix = _PLATFORMS[p]
                object_id = f"{prefix}{imported[p]}"
            yield (
                user.id,
                new_uuid(),
                None if rand() < 0.15 else _TITLES[int(rand() * n_titles)],
                # Squared: short bodies are the common case, long ones the tail.
                bodies[int(rand() * rand() * n_bodies)],
                rand() < 0.04,
                rand() < 0.16,
                created,
                updated,
                deleted,
                "{}",
                platform,
                object_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = zipf_counts(ctx.rng, len(users), _total(ctx.config))
    await ctx.copy("notes", _COLUMNS, _rows(ctx, users, counts))


NOTES = TableSeed(
    name="notes",
    tables=("notes",),
    load=_load,
    planned_rows=_total,
    after=("users",),
    stream="load_notes",
)
