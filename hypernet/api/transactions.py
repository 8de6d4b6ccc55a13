"""HTTP handlers for /v1/transactions: parse, validate, call TransactionMapper, encode."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.fields import is_time_zone
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.domain.transactions import (
    Transaction,
    TransactionCreate,
    TransactionImport,
    TransactionListQuery,
    TransactionPatch,
    TransactionSummary,
    TransactionSummaryQuery,
)
from hypernet.mappers.transactions import TransactionFilter, TransactionMapper


def by_occurred_at(row: Any) -> tuple[datetime, UUID]:
    return row.occurred_at, row.id


async def list_transactions(request: web.Request) -> web.Response:
    q = read_query(request, TransactionListQuery)
    if q.category is not None and q.account_name is not None:
        raise invalid(
            "account_name",
            "use on its own",
            "category and account_name cannot be combined",
            where="query",
        )
    if q.from_ is not None and q.to is not None and q.to <= q.from_:
        raise invalid("to", "must be after from", where="query")
    rows = await TransactionMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        where=TransactionFilter(
            category=q.category, account_name=q.account_name, start=q.from_, end=q.to
        ),
    )
    return json_response(page_of(rows, q.limit, by_occurred_at))


async def transaction_summary(request: web.Request) -> web.Response:
    q = read_query(request, TransactionSummaryQuery)
    if q.to <= q.from_:
        raise invalid("to", "must be after from", where="query")
    if not is_time_zone(q.tz):
        raise invalid("tz", "not a time zone of the IANA database", where="query")
    mapper = TransactionMapper(db(request))
    if q.by == "month":
        totals = await mapper.summary_by_month(user_id(request), q.from_, q.to, q.tz)
    else:
        totals = await mapper.summary_by_category(user_id(request), q.from_, q.to)
    return json_response(
        TransactionSummary(from_=q.from_, to=q.to, by=q.by, tz=q.tz, totals=totals)
    )


async def import_transactions(request: web.Request) -> web.Response:
    items = await read_json(request, TransactionImport)
    result = await TransactionMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


TRANSACTIONS = Lifecycle(
    path="/v1/transactions",
    tag="transactions",
    noun="transaction",
    mapper=TransactionMapper,
    item=Transaction,
    create=TransactionCreate,
    patch=TransactionPatch,
    summaries={
        "create": "Record a money transaction",
        "update": "Change a transaction (amount, currency, category, pending, ...)",
    },
    # A source_integration_id that is not a live integration of the caller (404); a live
    # transaction with the same import key (409).
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/transactions", list_transactions,
          "List live transactions, newest first: all, of one category or of one account, "
          "optionally within [from, to)", "transactions", query=TransactionListQuery,
          response=Page[Transaction], errors=(400, 401, 422)),
    # Before the routes with {id}, so that /summary and /import are never read as an id.
    Route("GET", "/v1/transactions/summary", transaction_summary,
          "Totals per month or per category, per currency, over [from, to)", "transactions",
          query=TransactionSummaryQuery, response=TransactionSummary, errors=(400, 401, 422)),
    Route("POST", "/v1/transactions/import", import_transactions,
          "Import a batch of up to 1,000 transactions idempotently", "transactions",
          body=TransactionImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
    *lifecycle_routes(TRANSACTIONS),
]
# fmt: on
