"""`hypernet db purge`: hard-delete what stayed in the trash past retention, in small batches."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from hypernet.mappers.ai_interactions import AiInteractionMapper
from hypernet.mappers.albums import AlbumMapper
from hypernet.mappers.bookmarks import BookmarkMapper
from hypernet.mappers.calendar_events import CalendarEventMapper
from hypernet.mappers.chat_messages import ChatMessageMapper
from hypernet.mappers.contacts import ContactMapper
from hypernet.mappers.devices import DeviceMapper
from hypernet.mappers.documents import DocumentMapper
from hypernet.mappers.emails import EmailMapper
from hypernet.mappers.health_records import HealthRecordMapper
from hypernet.mappers.integrations import IntegrationMapper
from hypernet.mappers.links import LinkMapper
from hypernet.mappers.locations import LocationMapper
from hypernet.mappers.media import MediaMapper
from hypernet.mappers.notes import NoteMapper
from hypernet.mappers.notifications import NotificationMapper
from hypernet.mappers.profile_attributes import ProfileAttributeMapper
from hypernet.mappers.projects import ProjectMapper
from hypernet.mappers.rate_limits import RateLimitMapper
from hypernet.mappers.refresh_tokens import RefreshTokenMapper
from hypernet.mappers.revoked_sessions import RevokedSessionMapper
from hypernet.mappers.social_accounts import SocialAccountMapper
from hypernet.mappers.social_posts import SocialPostMapper
from hypernet.mappers.tasks import TaskMapper
from hypernet.mappers.transactions import TransactionMapper
from hypernet.mappers.web_pages import WebPageMapper
from hypernet.ops.erasure import finish_erasures

# One batch: delete up to batch_size rows deleted before the cut-off, return how many went.
PurgeBatch = Callable[[asyncpg.Connection, datetime, int], Awaitable[int]]


@dataclass(frozen=True)
class PurgeStep:
    name: str
    batch: PurgeBatch


# Albums before media (an album's links go with it), media before links (a media item's links
# go with it), so the last step finds only links deleted on their own.
STEPS: list[PurgeStep] = [
    PurgeStep("albums", lambda c, cut, n: AlbumMapper(c).purge_expired(cut, n)),
    # Documents before the media they name, so that the media trigger finds no trashed document
    # left to update; a purged media item leaves its live documents, which stop naming it
    # (trigger media_clear_documents): the order is for economy, the foreign key needs none.
    PurgeStep("documents", lambda c, cut, n: DocumentMapper(c).purge_expired(cut, n)),
    PurgeStep("media", lambda c, cut, n: MediaMapper(c).purge_expired(cut, n)),
    PurgeStep("links", lambda c, cut, n: LinkMapper(c).purge_expired(cut, n)),
    # Its tokens go with it; media imported through it stay and stop naming it.
    PurgeStep("integrations", lambda c, cut, n: IntegrationMapper(c).purge_expired(cut, n)),
    # Expired sessions go whatever the retention: an expired refresh token is useless.
    PurgeStep("refresh_tokens", lambda c, cut, n: RefreshTokenMapper(c).purge_expired(n)),
    # A revoked session's row goes once no access token of it can be unexpired (a day).
    PurgeStep("revoked_sessions", lambda c, cut, n: RevokedSessionMapper(c).purge_expired(n)),
    # Rate-limit counters whose window or lockout has ended, whatever the retention: they count
    # nothing any more (a lockout's end is in the audit log: auth.login_locked says until when).
    PurgeStep("rate_limits", lambda c, cut, n: RateLimitMapper(c).purge_expired(n)),
    # Bookmarks before the pages they name; a purged page leaves its live bookmarks, which stop
    # naming it (trigger web_pages_clear_bookmarks).
    PurgeStep("bookmarks", lambda c, cut, n: BookmarkMapper(c).purge_expired(cut, n)),
    PurgeStep("web_pages", lambda c, cut, n: WebPageMapper(c).purge_expired(cut, n)),
    # Trashed messages count in no thread: the thread summaries stay as they are.
    PurgeStep("emails", lambda c, cut, n: EmailMapper(c).purge_expired(cut, n)),
    # Replies that stay stop naming the messages purged; conversations need nothing (trashed
    # messages count in none).
    PurgeStep("chat_messages", lambda c, cut, n: ChatMessageMapper(c).purge_expired(cut, n)),
    PurgeStep("ai_interactions", lambda c, cut, n: AiInteractionMapper(c).purge_expired(cut, n)),
    # Posts before their accounts: an account goes once its posts (trashed with it) are gone;
    # the replies of a purged post stay and stop naming it.
    PurgeStep("social_posts", lambda c, cut, n: SocialPostMapper(c).purge_expired(cut, n)),
    PurgeStep("social_accounts", lambda c, cut, n: SocialAccountMapper(c).purge_expired(cut, n)),
    PurgeStep("contacts", lambda c, cut, n: ContactMapper(c).purge_expired(cut, n)),
    PurgeStep("notifications", lambda c, cut, n: NotificationMapper(c).purge_expired(cut, n)),
    PurgeStep(
        "profile_attributes", lambda c, cut, n: ProfileAttributeMapper(c).purge_expired(cut, n)
    ),
    PurgeStep("devices", lambda c, cut, n: DeviceMapper(c).purge_expired(cut, n)),
    PurgeStep("transactions", lambda c, cut, n: TransactionMapper(c).purge_expired(cut, n)),
    PurgeStep("notes", lambda c, cut, n: NoteMapper(c).purge_expired(cut, n)),
    # Tasks before projects (fewer tasks left for a purged project to detach). A task's subtasks
    # expire with it or before it; those a batch leaves stop naming it. A purged project's
    # tasks, live or trashed, stay and stop naming it.
    PurgeStep("tasks", lambda c, cut, n: TaskMapper(c).purge_expired(cut, n)),
    PurgeStep("projects", lambda c, cut, n: ProjectMapper(c).purge_expired(cut, n)),
    PurgeStep("calendar_events", lambda c, cut, n: CalendarEventMapper(c).purge_expired(cut, n)),
    PurgeStep("locations", lambda c, cut, n: LocationMapper(c).purge_expired(cut, n)),
    PurgeStep("health_records", lambda c, cut, n: HealthRecordMapper(c).purge_expired(cut, n)),
    # Account erasures stopped between removing the account and the last of its audit trail.
    PurgeStep("account_erasures", finish_erasures),
    # The audit log has no step: nothing is ever trashed there, and its retention is whole
    # months dropped by `hypernet db maintain` (HYPERNET_AUDIT_RETENTION_DAYS).
]


async def purge(
    conn: asyncpg.Connection,
    *,
    retention: timedelta,
    batch_size: int = 1000,
    progress: Callable[[str], None] = lambda line: None,
    steps: list[PurgeStep] | None = None,
) -> dict[str, int]:
    """Each batch is its own short transaction, so no lock is held for long and a stopped purge
    loses nothing; rows a user's request holds are skipped and taken next time."""
    cutoff = datetime.now(UTC) - retention
    totals: dict[str, int] = {}
    for step in steps or STEPS:
        total = 0
        started = time.monotonic()
        while True:
            n = await step.batch(conn, cutoff, batch_size)
            total += n
            if n:
                rate = total / max(time.monotonic() - started, 1e-6)
                progress(f"{step.name}: {total} purged ({rate:,.0f} rows/s)")
            if n < batch_size:
                break
        totals[step.name] = total
        progress(f"{step.name}: done, {total} purged (deleted before {cutoff:%Y-%m-%d %H:%M})")
    return totals
