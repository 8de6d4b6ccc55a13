"""Everything one account owns, table by table: the one list the export (GET /v1/me/export)
and the erasure (DELETE /v1/me) read, with the named SQL of each, over sql/account_data/*.sql.

OWNED_TABLES is explicit and in erasure order; tests/test_account_data.py compares it with the
catalog (every table with a user_id column must be here, or in NOT_OWNED with a reason) and
checks the order against every foreign key between them, so a new table cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

import asyncpg

from hypernet.db.queries import Query, query

# The keyset of an export query: its key columns, each with a value below every real key
# (the first batch starts after it). The query takes (user_id, *key, lim) and answers `line`
# (the row as JSON text) and the key columns.
ExportKey = tuple[tuple[str, object], ...]
_NIL = UUID(int=0)
BY_ID: ExportKey = (("id", _NIL),)
_EPOCH = datetime(1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Export:
    query: Query
    key: ExportKey = BY_ID


@dataclass(frozen=True, slots=True)
class OwnedTable:
    """One table of user-owned rows: how it is exported and how it is erased."""

    name: str
    # The NDJSON file of the export, or None with `why` saying why the table is left out.
    export: Export | None
    # The erasure's batches (user_id, batch size -> rows deleted), run in turn, each until it
    # finds nothing; none: `why` says how its rows go instead.
    erase: tuple[Query, ...]
    why: str = ""


# Erasure order: a table whose rows name rows of another (a foreign key) comes before it, so
# no batch ever waits on a foreign key check or leaves a trigger work to do: links first (each
# object's delete_links_of_object trigger then finds none), integrations last of the objects
# (their clear_* triggers then find nothing left to detach). Secrets and sessions go first.
OWNED_TABLES: tuple[OwnedTable, ...] = (
    OwnedTable(
        "integration_secrets",
        None,
        (query("account_data/erase_integration_secrets"),),
        why="sealed OAuth tokens: never returned by the API, and their ciphertext is useless "
        "outside this service; the integrations themselves are exported",
    ),
    OwnedTable(
        "refresh_tokens",
        Export(query("account_data/export_refresh_tokens")),
        (query("account_data/erase_refresh_tokens"),),
    ),
    OwnedTable(
        "links", Export(query("account_data/export_links")), (query("account_data/erase_links"),)
    ),
    OwnedTable(
        "albums", Export(query("account_data/export_albums")), (query("account_data/erase_albums"),)
    ),
    OwnedTable(
        "documents",
        Export(query("account_data/export_documents")),
        (query("account_data/erase_documents"),),
    ),
    OwnedTable(
        "media", Export(query("account_data/export_media")), (query("account_data/erase_media"),)
    ),
    OwnedTable(
        "bookmarks",
        Export(query("account_data/export_bookmarks")),
        (query("account_data/erase_bookmarks"),),
    ),
    OwnedTable(
        "web_pages",
        Export(query("account_data/export_web_pages")),
        (query("account_data/erase_web_pages"),),
    ),
    OwnedTable(
        "emails", Export(query("account_data/export_emails")), (query("account_data/erase_emails"),)
    ),
    OwnedTable(
        "email_thread_labels",
        Export(
            query("account_data/export_email_thread_labels"),
            key=(("thread_id", _NIL), ("label", "")),
        ),
        (query("account_data/erase_email_thread_labels"),),
    ),
    OwnedTable(
        "email_threads",
        Export(query("account_data/export_email_threads"), key=(("thread_id", _NIL),)),
        (query("account_data/erase_email_threads"),),
    ),
    OwnedTable(
        "chat_messages",
        Export(query("account_data/export_chat_messages")),
        (query("account_data/erase_chat_messages"),),
    ),
    OwnedTable(
        "chat_conversations",
        Export(
            query("account_data/export_chat_conversations"),
            key=(("conversation_id", ""), ("platform", "")),
        ),
        (query("account_data/erase_chat_conversations"),),
    ),
    OwnedTable(
        "ai_interactions",
        Export(query("account_data/export_ai_interactions")),
        (query("account_data/erase_ai_interactions"),),
    ),
    OwnedTable(
        "social_posts",
        Export(query("account_data/export_social_posts")),
        (query("account_data/erase_social_posts"),),
    ),
    OwnedTable(
        "social_accounts",
        Export(query("account_data/export_social_accounts")),
        (query("account_data/erase_social_accounts"),),
    ),
    OwnedTable(
        "contacts",
        Export(query("account_data/export_contacts")),
        (query("account_data/erase_contacts"),),
    ),
    OwnedTable(
        "notifications",
        Export(query("account_data/export_notifications")),
        (query("account_data/erase_notifications"),),
    ),
    OwnedTable(
        "profile_attributes",
        Export(query("account_data/export_profile_attributes")),
        (query("account_data/erase_profile_attributes"),),
    ),
    OwnedTable(
        "devices",
        Export(query("account_data/export_devices")),
        (query("account_data/erase_devices"),),
    ),
    OwnedTable(
        "transactions",
        Export(query("account_data/export_transactions")),
        (query("account_data/erase_transactions"),),
    ),
    OwnedTable(
        "notes", Export(query("account_data/export_notes")), (query("account_data/erase_notes"),)
    ),
    OwnedTable(
        "tasks", Export(query("account_data/export_tasks")), (query("account_data/erase_tasks"),)
    ),
    OwnedTable(
        "projects",
        Export(query("account_data/export_projects")),
        (query("account_data/erase_projects"),),
    ),
    OwnedTable(
        "calendar_events",
        Export(query("account_data/export_calendar_events")),
        (query("account_data/erase_calendar_events"),),
    ),
    OwnedTable(
        "locations",
        Export(query("account_data/export_locations"), key=(("id", _NIL), ("recorded_at", _EPOCH))),
        # Live points oldest first, then the trash: see the files for why not by id.
        (
            query("account_data/erase_locations_live"),
            query("account_data/erase_locations_trashed"),
        ),
    ),
    OwnedTable(
        "health_records",
        Export(
            query("account_data/export_health_records"),
            key=(("id", _NIL), ("recorded_at", _EPOCH)),
        ),
        (
            query("account_data/erase_health_records_live"),
            query("account_data/erase_health_records_trashed"),
        ),
    ),
    # Derived from the two above by their triggers (migration 0039), which empty them as the
    # points and records go: erased after them, so these batches normally find nothing.
    OwnedTable(
        "location_stays",
        Export(query("account_data/export_location_stays")),
        (query("account_data/erase_location_stays"),),
    ),
    OwnedTable(
        "health_days",
        Export(query("account_data/export_health_days"), key=(("day", date.min),)),
        (query("account_data/erase_health_days"),),
    ),
    OwnedTable(
        "integrations",
        Export(query("account_data/export_integrations")),
        (query("account_data/erase_integrations"),),
    ),
    OwnedTable(
        "user_emails",
        Export(query("account_data/export_user_emails"), key=()),
        (),
        why="the account's e-mail claim: one row, deleted with the account row (ON DELETE "
        "CASCADE) in remove_account, which frees the address",
    ),
    OwnedTable(
        "audit_log",
        Export(query("account_data/export_audit_log"), key=(("id", _NIL), ("occurred_at", _EPOCH))),
        (),
        why="append-only: erased after the account row, through erase_audit_trail_batch() "
        "(migration 0033), leaving one pseudonymous users.erased event",
    ),
)

# Tables with a user_id column that hold nothing of a live account.
NOT_OWNED: dict[str, str] = {
    "account_erasures": "bookkeeping of an erasure in progress; the account is gone by then",
}

# The account row itself (users has no user_id column: its id is the owner).
ACCOUNT_EXPORT = Export(query("account_data/export_users"), key=())
_REMOVE_ACCOUNT = query("account_data/remove_account")
_ERASE_AUDIT_BATCH = query("account_data/erase_audit_trail_batch")
_OLDEST_UNFINISHED_ERASURE = query("account_data/oldest_unfinished_erasure")


def exported_tables() -> list[tuple[str, Export]]:
    """(file stem, export) of every file of the export, the account first."""
    files = [("account", ACCOUNT_EXPORT)]
    files += [(t.name, t.export) for t in OWNED_TABLES if t.export is not None]
    return files


async def export_batches(
    conn: asyncpg.Connection, export: Export, user_id: UUID, batch_size: int
) -> AsyncIterator[list[str]]:
    """The rows of one export as JSON texts, a batch at a time, by keyset (each batch starts
    after the last key of the one before): at most one batch is in memory. Run them all in one
    REPEATABLE READ transaction and together they are one snapshot."""
    if not export.key:  # the account and its e-mail claim: a row or two
        yield [r["line"] for r in await conn.fetch(export.query.sql, user_id)]
        return
    after = [start for _, start in export.key]
    while True:
        rows = await conn.fetch(export.query.sql, user_id, *after, batch_size)
        if rows:
            yield [r["line"] for r in rows]
        if len(rows) < batch_size:
            return
        after = [rows[-1][column] for column, _ in export.key]


async def erase_batch(
    conn: asyncpg.Connection, erase: Query, user_id: UUID, batch_size: int
) -> int:
    """Delete up to about batch_size rows of the user's with one erase query; how many went."""
    status = await conn.execute(erase.sql, user_id, batch_size)
    return int(status.rsplit(" ", 1)[1])


async def remove_account(conn: asyncpg.Connection, user_id: UUID, pseudonym: UUID) -> bool:
    """Delete the account row (and its e-mail claim) and note the erasure in progress; False
    when the account was already gone."""
    return await conn.fetchval(_REMOVE_ACCOUNT.sql, user_id, pseudonym) is not None


async def erase_audit_batch(conn: asyncpg.Connection, user_id: UUID, batch_size: int) -> int:
    """Delete up to batch_size events of an erased account's audit trail; how many went."""
    erased: int = await conn.fetchval(_ERASE_AUDIT_BATCH.sql, user_id, batch_size)
    return erased


async def oldest_unfinished_erasure(conn: asyncpg.Connection) -> UUID | None:
    """The account of the oldest erasure whose audit trail is not all gone yet, if any."""
    user: UUID | None = await conn.fetchval(_OLDEST_UNFINISHED_ERASURE.sql)
    return user
