"""Seeds projects: about 3,300 for the default 2,000 users at scale 1.0, following each user's
task count (1 + 0.4 * sqrt(tasks): one or two for most, a few dozen for the heaviest), a fifth
archived, a few percent in the trash, a third imported; the ids are left for the tasks seeder."""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, Shared, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US, zipf_counts

# Tasks per user at scale 1.0, on average (40,000 for the default 2,000 users), Zipf over users:
# the heaviest has about 4,900, most a handful.
TASKS_PER_USER = 20
_NAMES = (
    "Inbox",
    "Home",
    "Work",
    "Groceries",
    "Garden",
    "Side project",
    "Reading list",
    "Travel",
    "Taxes",
    "Renovation",
    "Health",
    "Learning Spanish",
)
_COLORS = ("#db4035", "#ff9933", "#fad000", "#7ecc49", "#299438", "#4073ff", "#884dff", None)
_COLUMNS = (
    "user_id",
    "id",
    "name",
    "description",
    "status",
    "color",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


@dataclass(frozen=True, slots=True)
class SeededProject:
    id: str
    created_at: int
    deleted_at: int | None


@dataclass
class SeededProjects:
    """The projects made, by user number, in the order made (the first are the busiest)."""

    by_user: dict[int, list[SeededProject]] = field(default_factory=dict)


SEEDED_PROJECTS: Shared[SeededProjects] = Shared("projects", SeededProjects)


@functools.cache
def tasks_per_user(users: int, scale: float, seed: int) -> tuple[int, ...]:
    """Tasks per user, drawn from a stream of their own (the projects follow them)."""
    rng = random.Random(f"tasks/{seed}")
    return tuple(zipf_counts(rng, users, round(users * TASKS_PER_USER * scale)))


@functools.cache
def projects_per_user(users: int, scale: float, seed: int) -> tuple[int, ...]:
    return tuple(
        0 if n == 0 else 1 + int(math.sqrt(n) * 0.4) for n in tasks_per_user(users, scale, seed)
    )


def _total(config: SeedConfig) -> int:
    return sum(projects_per_user(config.users, config.scale, config.seed))


def _rows(ctx: SeedContext, users: Sequence[SeededUser]) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    counts = projects_per_user(ctx.config.users, ctx.config.scale, ctx.config.seed)
    made = ctx.get(SEEDED_PROJECTS)
    anchor, day, window = ANCHOR_US, DAY_US, TRASH_WINDOW_US
    n_names, n_colors = len(_NAMES), len(_COLORS)
    for user in users:
        projects: list[SeededProject] = []
        for k in range(counts[user.number]):
            # Early in the account's life, mostly: projects come before the tasks put in them.
            created = user.created_at + int(rand() * rand() * (anchor - user.created_at))
            deleted = None
            if rand() < 0.03:
                deleted = max(created, anchor - int(rand() * window))
            imported = rand() < 0.35
            project_id = new_uuid()
            projects.append(SeededProject(project_id, created, deleted))
            name = _NAMES[k] if k < n_names else f"{_NAMES[int(rand() * n_names)]} {k}"
            yield (
                user.id,
                project_id,
                name,
                "Everything for this, in one place" if rand() < 0.3 else None,
                "archived" if rand() < 0.2 else "active",
                _COLORS[int(rand() * n_colors)],
                created,
                deleted if deleted is not None else min(anchor, created + int(rand() * 60 * day)),
                deleted,
                "{}",
                "todoist" if imported else None,
                f"tp-{k}" if imported else None,
            )
        if projects:
            made.by_user[user.number] = projects


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    await ctx.copy("projects", _COLUMNS, _rows(ctx, users))


PROJECTS = TableSeed(
    name="projects",
    tables=("projects",),
    load=_load,
    planned_rows=_total,
    after=("users",),
    stream="load_projects",
)
