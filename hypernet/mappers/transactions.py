"""TransactionMapper: one user's money transactions and their totals over
sql/transactions/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import NotFound
from hypernet.domain.imports import ImportResult
from hypernet.domain.transactions import (
    Transaction,
    TransactionCreate,
    TransactionTotals,
    check_amount,
)
from hypernet.mappers.imports import import_by_source_key
from hypernet.mappers.integrations import require_live_integrations
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("transactions/get_live")
_GET_ANY = query("transactions/get_any")
_LOCK_MONEY = query("transactions/lock_live_money")
_LIST = query("transactions/list_live_by_occurred_at")
_LIST_OF_CATEGORY = query("transactions/list_live_of_category")
_LIST_OF_ACCOUNT = query("transactions/list_live_of_account")
_SUMMARY_BY_MONTH = query("transactions/summary_by_month")
_SUMMARY_BY_CATEGORY = query("transactions/summary_by_category")
_LIST_TRASH = query("transactions/list_trash")
_INSERT = query("transactions/insert")
_UPDATE = query("transactions/update_live")
_SOFT_DELETE = query("transactions/soft_delete")
_RESTORE = query("transactions/restore")
_IMPORT = query("transactions/import_batch")
_FIND_IMPORTED = query("transactions/find_imported")
_PURGE = query("transactions/purge_expired")


TimeCursor = tuple[datetime | None, UUID | None]
# The lowest id: (t, _NO_ID) is a keyset position above no row at t, so a walk from it starts
# strictly before t.
_NO_ID = UUID(int=0)


def transaction_from_row(row: asyncpg.Record) -> Transaction:
    return Transaction(**row)


def _totals(row: asyncpg.Record, month: str | None, category: str | None) -> TransactionTotals:
    total = row["total"]
    # A sum over no row is null; zero is written with the decimals of the bucket's amounts.
    zero = abs(total) * 0
    return TransactionTotals(
        month=month,
        category=category,
        currency=row["currency"],
        count=row["count"],
        total=total,
        inflow=zero if row["inflow"] is None else row["inflow"],
        outflow=zero if row["outflow"] is None else row["outflow"],
        pending_count=row["pending_count"],
        pending_total=zero if row["pending_total"] is None else row["pending_total"],
    )


@dataclass(frozen=True, slots=True)
class TransactionFilter:
    category: str | None = None
    account_name: str | None = None
    # The window [start, end); None: unbounded on that side.
    start: datetime | None = None
    end: datetime | None = None


class TransactionMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, transaction_id: UUID) -> Transaction | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, transaction_id)
        return None if row is None else transaction_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: TimeCursor = (None, None),
        where: TransactionFilter = TransactionFilter(),
    ) -> list[Transaction]:
        """Live transactions newest first (by occurred_at); each filter has its own index."""
        at, id_ = after
        if where.end is not None and (at is None or id_ is None or (where.end, _NO_ID) < (at, id_)):
            # Below the window's end: the walk starts there, or at the cursor if that is lower.
            at, id_ = where.end, _NO_ID
        if where.category is not None:
            rows = await self.db.fetch(
                _LIST_OF_CATEGORY.sql, user_id, where.category, where.start, at, id_, limit
            )
        elif where.account_name is not None:
            rows = await self.db.fetch(
                _LIST_OF_ACCOUNT.sql, user_id, where.account_name, where.start, at, id_, limit
            )
        else:
            rows = await self.db.fetch(_LIST.sql, user_id, where.start, at, id_, limit)
        return [transaction_from_row(r) for r in rows]

    async def summary_by_month(
        self, user_id: UUID, start: datetime, end: datetime, tz: str
    ) -> list[TransactionTotals]:
        """Totals per month (YYYY-MM in the time zone tz) and currency of [start, end)."""
        rows = await self.db.fetch(_SUMMARY_BY_MONTH.sql, user_id, start, end, tz)
        return [_totals(r, r["month"], None) for r in rows]

    async def summary_by_category(
        self, user_id: UUID, start: datetime, end: datetime
    ) -> list[TransactionTotals]:
        """Totals per category and currency of [start, end), the uncategorized last."""
        rows = await self.db.fetch(_SUMMARY_BY_CATEGORY.sql, user_id, start, end)
        return [_totals(r, None, r["category"]) for r in rows]

    async def list_trash(
        self, user_id: UUID, *, limit: int, after: TimeCursor = (None, None)
    ) -> list[Transaction]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [transaction_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: TransactionCreate) -> Transaction:
        """InvalidField for an amount its currency cannot hold exactly; MissingReferences for a
        source_integration_id that is not a live integration of the user; a live transaction
        with the same import key raises UniqueViolationError."""
        amount = check_amount("$.amount", new.amount, new.currency)
        await require_live_integrations(
            self.db, user_id, {"$.source_integration_id": new.source_integration_id}
        )
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.account_name,
            amount,
            new.currency,
            new.occurred_at,
            new.merchant,
            new.category,
            new.description,
            new.pending,
            new.metadata,
            new.source_integration_id,
            new.source_platform,
            new.source_object_id,
        )
        return transaction_from_row(row)

    async def update(
        self,
        user_id: UUID,
        transaction_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Transaction:
        """Apply the given fields; a new amount or currency is checked against the other (as
        sent, else as stored, locked meanwhile) and the amount rewritten with the currency's
        decimals. NotFound, or PreconditionFailed when the version moved on. Run it in a
        transaction."""
        if "amount" in changes or "currency" in changes:
            held = await self.db.fetchrow(_LOCK_MONEY.sql, user_id, transaction_id)
            if held is None:
                # Not live (or not the user's): nothing to check against, nothing to change.
                raise NotFound(transaction_id)
            currency = changes.get("currency", held["currency"])
            path = "$.amount" if "amount" in changes else "$.currency"
            changes["amount"] = check_amount(path, changes.get("amount", held["amount"]), currency)
        row = await self.db.fetchrow(_UPDATE.sql, user_id, transaction_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, transaction_id, if_updated_at
            ) or NotFound(transaction_id)
        return transaction_from_row(row)

    async def soft_delete(
        self, user_id: UUID, transaction_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, transaction_id, if_updated_at
        )

    async def restore(self, user_id: UUID, transaction_id: UUID) -> Transaction:
        """Back from the trash; a live transaction with the same import key raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, transaction_id)
        if row is None:
            raise NotFound(transaction_id)
        return transaction_from_row(row)

    async def import_batch(self, user_id: UUID, items: Sequence[TransactionCreate]) -> ImportResult:
        """One set-based INSERT for the batch; items already imported (by import key) are
        counted, not copied. Every amount must fit its currency (InvalidField with the item's
        path, nothing stored) and every source_integration_id name a live integration of the
        user (MissingReferences). Run it in a transaction."""
        if not items:
            return ImportResult(created=0, existing=0, ids=[])
        for i, item in enumerate(items):
            item.amount = check_amount(f"$[{i}].amount", item.amount, item.currency)
        await require_live_integrations(
            self.db,
            user_id,
            {
                f"$[{i}].source_integration_id": it.source_integration_id
                for i, it in enumerate(items)
            },
        )
        return await import_by_source_key(self.db, _IMPORT, _FIND_IMPORTED, user_id, items)

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of transactions trashed before the cut-off."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))
