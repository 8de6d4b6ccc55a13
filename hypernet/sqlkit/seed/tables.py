"""The one list of what `hypernet seed` loads, in load order: a new table is a module declaring
its TableSeed, and one line here.

The load runs with triggers off, foreign-key checks included (session_replication_role =
replica, what pg_restore does for a data-only restore): checking each media row's user costs as
much as storing the row. So a seeder writes rows that are consistent by construction, and fills
in itself whatever a trigger would maintain (updated_at, counts such as album media_count); and
a seeder comes after those whose rows its rows point at (TableSeed.after, checked below).
One kind of trigger does fire: the search vector triggers (0038) are ENABLE ALWAYS, so each
searchable row gets its vector, with its owner's language, as it is copied in; a vector cannot
be made in Python, and an UPDATE of every row afterwards would leave each table twice its size."""

from __future__ import annotations

from hypernet.sqlkit.seed.ai_interactions import AI_INTERACTIONS
from hypernet.sqlkit.seed.albums import ALBUMS
from hypernet.sqlkit.seed.audit_log import AUDIT_LOG
from hypernet.sqlkit.seed.bookmarks import BOOKMARKS
from hypernet.sqlkit.seed.calendar_events import CALENDAR_EVENTS
from hypernet.sqlkit.seed.chat_messages import CHAT_MESSAGES
from hypernet.sqlkit.seed.contacts import CONTACTS
from hypernet.sqlkit.seed.context import TableSeed
from hypernet.sqlkit.seed.devices import DEVICES
from hypernet.sqlkit.seed.documents import DOCUMENTS
from hypernet.sqlkit.seed.emails import EMAILS
from hypernet.sqlkit.seed.health_records import HEALTH_RECORDS
from hypernet.sqlkit.seed.integrations import INTEGRATIONS
from hypernet.sqlkit.seed.links import LINKS
from hypernet.sqlkit.seed.locations import LOCATIONS
from hypernet.sqlkit.seed.media import MEDIA
from hypernet.sqlkit.seed.notes import NOTES
from hypernet.sqlkit.seed.notifications import NOTIFICATIONS
from hypernet.sqlkit.seed.profile_attributes import PROFILE_ATTRIBUTES
from hypernet.sqlkit.seed.projects import PROJECTS
from hypernet.sqlkit.seed.rate_limits import RATE_LIMITS
from hypernet.sqlkit.seed.refresh_tokens import REFRESH_TOKENS
from hypernet.sqlkit.seed.social_accounts import SOCIAL_ACCOUNTS
from hypernet.sqlkit.seed.social_posts import SOCIAL_POSTS
from hypernet.sqlkit.seed.tasks import TASKS
from hypernet.sqlkit.seed.timeline import TIMELINE
from hypernet.sqlkit.seed.transactions import TRANSACTIONS
from hypernet.sqlkit.seed.users import USERS
from hypernet.sqlkit.seed.web_pages import WEB_PAGES

SEEDS: tuple[TableSeed, ...] = (
    USERS,
    INTEGRATIONS,
    MEDIA,
    # The tables whose rows take Python the longest to make come right after media, so that
    # they are made while the server builds the indexes of media (the engine's pipeline).
    ALBUMS,
    LINKS,
    AUDIT_LOG,
    REFRESH_TOKENS,
    WEB_PAGES,
    BOOKMARKS,
    EMAILS,
    CHAT_MESSAGES,
    AI_INTERACTIONS,
    SOCIAL_ACCOUNTS,
    SOCIAL_POSTS,
    CONTACTS,
    NOTIFICATIONS,
    PROFILE_ATTRIBUTES,
    DEVICES,
    TRANSACTIONS,
    NOTES,
    DOCUMENTS,
    PROJECTS,
    TASKS,
    CALENDAR_EVENTS,
    LOCATIONS,
    HEALTH_RECORDS,
    TIMELINE,
    RATE_LIMITS,
)


def _check_order(seeds: tuple[TableSeed, ...]) -> None:
    seen: set[str] = set()
    for seed in seeds:
        missing = [name for name in seed.after if name not in seen]
        if missing:
            raise RuntimeError(f"seed {seed.name} needs {', '.join(missing)} loaded before it")
        if seed.name in seen:
            raise RuntimeError(f"two seeds are named {seed.name}")
        seen.add(seed.name)
    streams = [seed.stream_name for seed in seeds]
    if len(set(streams)) != len(streams):
        raise RuntimeError("two seeds draw from one random stream: they would make the same rows")


_check_order(SEEDS)

# Every table the seeds write, each once: what --reset empties and the load drops indexes of.
SEEDED_TABLES = tuple(dict.fromkeys(table for seed in SEEDS for table in seed.tables))
