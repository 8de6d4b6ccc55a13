"""Seeds tasks: about twenty per user at scale 1.0 (40,000 for the default 2,000 users), Zipf
over users (the heaviest has about 4,900, most a handful), made over the account's life with
recent months busier. A quarter are subtasks of a recent task, nesting down to three levels
below a top-level task; seven in ten sit in one of the user's projects (a subtask in its
parent's). Old tasks are mostly done (some cancelled), recent ones mostly open; nearly half have
a due date, so many open ones are overdue. A few percent are in the trash, with their subtasks
(trashed at the parent's instant, as the API does); a third are imported."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.projects import SEEDED_PROJECTS, SeededProject, tasks_per_user
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US

_TITLES = (
    "Buy milk",
    "Call the plumber",
    "Renew passport",
    "Book dentist appointment",
    "Write quarterly report",
    "Review pull request",
    "Pay electricity bill",
    "Plan the weekend trip",
    "Water the plants",
    "Reply to Sam",
    "Back up the laptop",
    "Prepare slides",
    "Fix the squeaky door",
    "Order birthday present",
    "Read chapter 4",
    "Clean the gutters",
)
_NOTES = (
    None,
    None,
    None,
    "See the thread from last week.",
    "- [ ] draft\n- [ ] review\n- [ ] send",
    "**Before Friday.**",
)
_METADATA = ("{}", "{}", "{}", '{"labels": ["home"]}', '{"labels": ["errand"]}')
# (status weights) of a task made more than 60 days before the data's "now", and of a newer one.
_OLD_STATUS = [
    s
    for w, s in ((82, "done"), (8, "cancelled"), (2, "in_progress"), (8, "todo"))
    for _ in range(w)
]
_NEW_STATUS = [
    s
    for w, s in ((35, "done"), (5, "cancelled"), (15, "in_progress"), (45, "todo"))
    for _ in range(w)
]
_PRIORITY = (0, 0, 0, 0, 0, 1, 1, 2, 2, 3)
_COLUMNS = (
    "user_id",
    "id",
    "title",
    "notes",
    "status",
    "priority",
    "due_at",
    "completed_at",
    "project_id",
    "parent_task_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)
# Subtasks nest at most this deep in the seed (the API allows ten).
_SEED_DEPTH = 3
# One COPY per this many rows.
_CHUNK = 50_000


def _rows(ctx: SeedContext, users: Sequence[SeededUser]) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    counts = tasks_per_user(ctx.config.users, ctx.config.scale, ctx.config.seed)
    projects_of = ctx.get(SEEDED_PROJECTS).by_user
    anchor, day, window = ANCHOR_US, DAY_US, TRASH_WINDOW_US
    recent_cut = anchor - 60 * day
    n_titles, n_notes, n_meta = len(_TITLES), len(_NOTES), len(_METADATA)
    n_old, n_new, n_prio = len(_OLD_STATUS), len(_NEW_STATUS), len(_PRIORITY)
    for user in users:
        count = counts[user.number]
        if not count:
            continue
        projects = projects_of.get(user.number, [])
        span = anchor - user.created_at
        # Oldest first, so that a parent is always made before its subtasks.
        moments = sorted(anchor - int(rand() * rand() * span) for _ in range(count))
        # The last few tasks made: (id, depth, project, deleted_at), subtask candidates.
        recent: list[tuple[str, int, SeededProject | None, int | None]] = []
        for k, created in enumerate(moments):
            task_id = new_uuid()
            parent_id = project = deleted = None
            depth = 0
            if recent and rand() < 0.25:
                p_id, p_depth, p_project, p_deleted = recent[int(rand() * len(recent))]
                # Under a trashed parent only if made before it went (then it went with it).
                if p_depth < _SEED_DEPTH and (p_deleted is None or created <= p_deleted):
                    parent_id, depth, project, deleted = p_id, p_depth + 1, p_project, p_deleted
            if parent_id is None and projects and rand() < 0.7:
                # Skewed: the first projects hold the most tasks.
                project = projects[int(rand() * rand() * len(projects))]
            # Nothing is put in a project after it went to the trash.
            if project is not None and project.deleted_at is not None:
                if created > project.deleted_at:
                    project = None
            if deleted is None and rand() < 0.03:
                deleted = max(created, anchor - int(rand() * window))
            status = (
                _OLD_STATUS[int(rand() * n_old)]
                if created < recent_cut
                else _NEW_STATUS[int(rand() * n_new)]
            )
            due = created + int((0.1 + rand() * rand() * 30) * day) if rand() < 0.45 else None
            completed = None
            if status == "done":
                completed = min(anchor, created + int(rand() * rand() * 20 * day))
            touched = completed if completed is not None else created
            imported = rand() < 0.35
            recent.append((task_id, depth, project, deleted))
            if len(recent) > 8:
                del recent[0]
            yield (
                user.id,
                task_id,
                _TITLES[int(rand() * n_titles)],
                _NOTES[int(rand() * n_notes)],
                status,
                _PRIORITY[int(rand() * n_prio)],
                due,
                completed,
                None if project is None else project.id,
                parent_id,
                created,
                deleted if deleted is not None else min(anchor, touched + int(rand() * day)),
                deleted,
                _METADATA[int(rand() * n_meta)],
                "todoist" if imported else None,
                f"td-{k}" if imported else None,
            )


async def _load(ctx: SeedContext) -> None:
    counts = tasks_per_user(ctx.config.users, ctx.config.scale, ctx.config.seed)
    group: list[SeededUser] = []
    size = 0
    for user in ctx.get(SEEDED_USERS):
        group.append(user)
        size += counts[user.number]
        if size >= _CHUNK:
            await ctx.copy("tasks", _COLUMNS, _rows(ctx, group))
            group, size = [], 0
    if group:
        await ctx.copy("tasks", _COLUMNS, _rows(ctx, group))


def _planned(config: SeedConfig) -> int:
    return sum(tasks_per_user(config.users, config.scale, config.seed))


TASKS = TableSeed(
    name="tasks",
    tables=("tasks",),
    load=_load,
    planned_rows=_planned,
    after=("users", "projects"),
    stream="load_tasks",
)
