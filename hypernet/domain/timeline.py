"""The timeline: one item of any type in a common shape, and the query of GET /v1/timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from hypernet.domain.fields import AwareDatetime
from hypernet.domain.page import PageQuery

# What the timeline shows, each at its own time: media when taken (else stored), social posts
# when posted, emails when sent (sent and received alike), calendar events when they start,
# tasks when completed (open ones do not appear), notes when created, transactions when they
# occurred, stays (places visited, derived from location points) when they began, and health
# days (a day's summary of health records) at their UTC midnight.
TimelineType = Literal[
    "media",
    "social_post",
    "email",
    "calendar_event",
    "task",
    "note",
    "transaction",
    "stay",
    "health_day",
]
TIMELINE_TYPES: tuple[str, ...] = TimelineType.__args__  # type: ignore[attr-defined]


class TimelineItem(msgspec.Struct, kw_only=True):
    """One thing that happened: its type and id (GET /v1/<type's path>/{id} fetches media,
    posts, emails, events, tasks, notes and transactions), when, a title and a short summary."""

    type: str
    id: UUID
    at: datetime
    title: str
    summary: str | None


class TimelineQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/timeline: items with `at` in [from, to) (either bound may be left out), newest
    first; `types` a comma-separated list of the types to show (default: every type)."""

    from_: AwareDatetime | None = msgspec.field(name="from", default=None)
    to: AwareDatetime | None = None
    types: str | None = None
