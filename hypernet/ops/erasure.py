"""Erasing an account (DELETE /v1/me): every owned row hard-deleted in short batches, then the
account row, then its audit trail, leaving one pseudonymous record that an erasure happened."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

import asyncpg

from hypernet.db.pool import ACTING_USER, BoundedPool
from hypernet.domain.audit import NewAuditEvent
from hypernet.mappers.account_data import (
    OWNED_TABLES,
    erase_audit_batch,
    erase_batch,
    oldest_unfinished_erasure,
    remove_account,
)
from hypernet.mappers.audit import AuditMapper

# Rows per batch: each batch is its own transaction of a few milliseconds to a few hundred, so
# no lock is held for long and no transaction grows with the account.
BATCH_SIZE = 5000

# The audit trail keeps an erasure under uuid5(this, user id), never the id itself: the log
# alone does not say whose account it was, but whoever holds the old id (the person, a support
# ticket) can find that, and when, it was erased. The id was random (122 bits), so the pseudonym
# cannot be reversed by trying ids.
ERASURE_NAMESPACE = UUID("6d0c2b1e-7a4f-5c1b-9f0e-3e8f1d2a4b6c")


def pseudonym_of(user_id: UUID) -> UUID:
    return uuid.uuid5(ERASURE_NAMESPACE, str(user_id))


@dataclass
class ErasureReport:
    pseudonym: UUID
    rows: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0


async def erase_account(
    pool: BoundedPool, user_id: UUID, *, request_id: str | None = None, batch_size: int = BATCH_SIZE
) -> ErasureReport:
    """Erase as the account itself: under row-level security every batch's connection acts for
    it, whoever calls (a request has already authenticated as it; see _erase for the rest)."""
    token = ACTING_USER.set(str(user_id))
    try:
        return await _erase(pool, user_id, request_id=request_id, batch_size=batch_size)
    finally:
        ACTING_USER.reset(token)


async def _erase(
    pool: BoundedPool, user_id: UUID, *, request_id: str | None = None, batch_size: int = BATCH_SIZE
) -> ErasureReport:
    """Each batch takes a pooled connection, runs one short transaction and gives it back, so
    an erasure never holds a connection for long and other users' requests interleave. A stop
    half-way loses nothing: the account row goes only once every owned table is empty (rows a
    concurrent request of the account adds meanwhile go with it, ON DELETE CASCADE), and an
    erasure whose audit trail is not finished is named in account_erasures."""
    started = time.monotonic()
    report = ErasureReport(pseudonym_of(user_id))
    for table in OWNED_TABLES:
        if not table.erase:
            continue
        total = 0
        for erase in table.erase:
            while True:
                async with pool.acquire() as conn, conn.transaction():
                    n = await erase_batch(conn, erase, user_id, batch_size)
                report.batches += 1
                total += n
                if n == 0 or n < batch_size:
                    break
        report.rows[table.name] = total
    async with pool.acquire() as conn, conn.transaction():
        await remove_account(conn, user_id, report.pseudonym)
        # No client address, no request path: nothing here may point back at the person.
        await AuditMapper(conn).record(
            NewAuditEvent(
                user_id=report.pseudonym,
                action="users.erased",
                object_type="users",
                request_id=request_id,
                details={"rows": report.rows, "batch_size": batch_size},
            )
        )
    report.batches += 1
    audit = 0
    while True:
        async with pool.acquire() as conn, conn.transaction():
            n = await erase_audit_batch(conn, user_id, batch_size)
        report.batches += 1
        audit += n
        if n < batch_size:
            break
    report.rows["audit_log"] = audit
    report.seconds = time.monotonic() - started
    return report


async def finish_erasures(conn: asyncpg.Connection, _cutoff: datetime, batch_size: int) -> int:
    """`hypernet db purge`'s step for erasures stopped after the account row went (a crash, a
    restart): erase what is left of their audit trails, a batch a transaction; the events
    erased."""
    total = 0
    while (user := await oldest_unfinished_erasure(conn)) is not None:
        total += await erase_audit_batch(conn, user, batch_size)
    return total
