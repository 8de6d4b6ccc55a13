"""Least privilege (issue 11, finding 3): the service logs in as a role that is neither the owner
nor a superuser and cannot become one, its grants are what its queries need table by table, it
never reads a password hash, and the read-only role reads without writing or seeing secrets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from hypernet.db.roles import SERVICE_ROLE, login_privileges
from tests.conftest import TEST_SETTINGS, readonly_dsn, register_and_login

Client = TestClient[Any, Any]

# What the service role may do on each table (partitions carry their parent's grants). A new
# table fails test_every_table_has_the_service_privileges_it_was_given until it is named here:
# its migration gets S/I/U/D from the default privileges of 0002; narrow them there
# (REVOKE DELETE ... FROM hypernet_app) to what its named queries need.
SELECT_INSERT_UPDATE = {"SELECT", "INSERT", "UPDATE"}
EVERYTHING = {"SELECT", "INSERT", "UPDATE", "DELETE"}
# Deletes are soft but for account erasure (DELETE /v1/me, 0037), which row-level security
# limits to the caller's own rows.
ERASABLE = EVERYTHING
SERVICE_PRIVILEGES: dict[str, set[str]] = {
    "ai_interactions": ERASABLE,
    # Erasures in progress: the service notes one; the owner finishes and removes it.
    "account_erasures": {"SELECT", "INSERT"},
    # Counters the service keeps itself (a login forgets its failures, an ended lock goes).
    "rate_limits": EVERYTHING,
    # Read by the revocation feed, added to by the triggers on refresh_tokens; purged by the owner.
    "revoked_sessions": {"SELECT", "INSERT"},
    "albums": ERASABLE,
    "audit_log": {"SELECT", "INSERT"},
    "bookmarks": ERASABLE,
    "calendar_events": ERASABLE,
    # Kept by triggers on chat_messages and emails, which run with the writer's privileges.
    "chat_conversations": EVERYTHING,
    "chat_messages": ERASABLE,
    "contacts": ERASABLE,
    "devices": ERASABLE,
    "documents": ERASABLE,
    "email_thread_labels": EVERYTHING,
    "email_threads": EVERYTHING,
    "emails": ERASABLE,
    "health_records": ERASABLE,
    # Kept by triggers on health_records and locations (0039), which run with the writer's
    # privileges; erased with the account.
    "health_days": EVERYTHING,
    "location_stays": EVERYTHING,
    # DELETE /v1/integrations/{id}/secrets.
    "integration_secrets": EVERYTHING,
    "integrations": ERASABLE,
    "links": ERASABLE,
    "locations": ERASABLE,
    "media": ERASABLE,
    "notes": ERASABLE,
    "notifications": ERASABLE,
    "profile_attributes": ERASABLE,
    "projects": ERASABLE,
    "refresh_tokens": ERASABLE,
    "schema_migrations": set(),
    "social_accounts": ERASABLE,
    "social_posts": ERASABLE,
    "tasks": ERASABLE,
    "transactions": ERASABLE,
    "user_emails": {"SELECT"},
    # Registration goes through register_user(). Column grants only: SELECT of every column
    # but password_hash (see test_the_service_reads_no_password_hash_yet_logs_in).
    "users": {"DELETE"},
    "web_pages": ERASABLE,
}

TABLE_PRIVILEGES = """
SELECT
    c.relname AS table_name,
    array(
        SELECT p
        FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p
        WHERE has_table_privilege($1, c.oid, p)
    ) AS privileges
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND c.relkind IN ('r', 'p')
    AND NOT c.relispartition
ORDER BY c.relname
"""


@pytest.fixture
async def service(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the service's own pool, with no `role` setting to hide behind."""
    async with pool.acquire() as conn:
        await conn.execute("RESET ROLE")
        yield conn


async def test_the_service_logs_in_as_neither_owner_nor_superuser(
    service: asyncpg.Connection,
) -> None:
    privileges = await login_privileges(service)
    assert privileges.login == SERVICE_ROLE
    assert privileges.excess() == []
    assert not privileges.bypasses_row_security


async def test_the_service_cannot_become_the_owner(service: asyncpg.Connection) -> None:
    owner = (await login_privileges(service)).owner
    assert owner and owner != SERVICE_ROLE
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await service.execute(f'SET ROLE "{owner}"')
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await service.execute(f'SET SESSION AUTHORIZATION "{owner}"')


async def test_the_service_cannot_switch_off_the_audit_logs_trigger(
    service: asyncpg.Connection,
) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await service.execute("SET session_replication_role = replica")


async def test_the_service_cannot_rewrite_the_audit_log(
    service: asyncpg.Connection, client: Client
) -> None:
    await register_and_login(client)
    for statement in (
        "UPDATE audit_log SET action = 'x.y'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await service.execute(statement)


async def test_the_service_reads_no_password_hash_yet_logs_in(
    service: asyncpg.Connection, client: Client
) -> None:
    headers = await register_and_login(client, "hash@example.com")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await service.fetch("SELECT password_hash FROM users")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await service.fetch("SELECT * FROM users")
    # What the API needs of the table still works: the profile, and a password change.
    resp = await client.patch(
        "/v1/me",
        json={"current_password": "correct horse", "password": "battery staple"},
        headers=headers,
    )
    assert resp.status == 200, await resp.text()
    resp = await client.post(
        "/v1/auth/login", json={"email": "hash@example.com", "password": "battery staple"}
    )
    assert resp.status == 200


async def test_the_service_hard_deletes_only_the_rows_of_the_user_it_acts_for(
    service: asyncpg.Connection, client: Client
) -> None:
    await register_and_login(client)
    # Erasure's deletes reach no one's rows but the acting user's (row-level security)...
    for table in ("media", "links", "refresh_tokens", "users"):
        assert await service.execute(f"DELETE FROM {table}") == "DELETE 0"
    # ...and an e-mail claim or the audit trail it may not delete at all.
    for table in ("user_emails", "audit_log"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await service.execute(f"DELETE FROM {table}")


async def test_every_table_has_the_service_privileges_it_was_given(
    conn: asyncpg.Connection,
) -> None:
    granted = {
        r["table_name"]: set(r["privileges"])
        for r in await conn.fetch(TABLE_PRIVILEGES, SERVICE_ROLE)
    }
    undeclared = sorted(set(granted) - set(SERVICE_PRIVILEGES))
    assert not undeclared, (
        f"new tables {undeclared}: declare the service's privileges in SERVICE_PRIVILEGES "
        "(and narrow its grants in the migration to what its queries need)"
    )
    wrong = {t: sorted(p) for t, p in granted.items() if p != SERVICE_PRIVILEGES[t]}
    assert not wrong, f"the service's privileges differ from SERVICE_PRIVILEGES: {wrong}"


async def test_the_reader_reads_but_never_writes_nor_sees_secrets(
    db_dsn: str, client: Client
) -> None:
    await register_and_login(client)
    reader = await asyncpg.connect(readonly_dsn(db_dsn), timeout=TEST_SETTINGS.connect_timeout)
    try:
        assert (await reader.fetchval("SELECT count(*) FROM users")) == 1
        assert (await reader.fetchval("SELECT count(*) FROM audit_log")) >= 2
        for statement in (
            "SELECT password_hash FROM users",
            "SELECT * FROM integration_secrets",
            "SELECT * FROM refresh_tokens",
            "INSERT INTO audit_log (user_id, action) VALUES (gen_random_uuid(), 'x.y')",
            "UPDATE users SET display_name = 'x'",
            "DELETE FROM media",
            "SET ROLE hypernet_app",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await reader.execute(statement)
    finally:
        await reader.close()
