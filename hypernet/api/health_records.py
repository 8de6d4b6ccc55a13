"""HTTP handlers for /v1/health/records and /v1/health/summary: parse, validate, call
HealthRecordMapper, encode."""

from __future__ import annotations

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_cursor, page_of
from hypernet.api.problems import invalid
from hypernet.domain.health_records import (
    HealthRecord,
    HealthRecordCreate,
    HealthRecordImport,
    HealthRecordListQuery,
    HealthRecordPatch,
    HealthSummary,
    HealthSummaryQuery,
)
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.mappers.health_records import HealthRecordMapper


def by_recorded(record: HealthRecord) -> tuple[object, ...]:
    return record.recorded_at, record.id


async def list_health_records(request: web.Request) -> web.Response:
    q = read_query(request, HealthRecordListQuery)
    if q.from_ is not None and q.to is not None and q.to <= q.from_:
        raise invalid("to", "must be after from", where="query")
    rows = await HealthRecordMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        record_type=q.type,
        from_at=q.from_,
        to_at=q.to,
        after=decode_cursor(q.cursor),
    )
    return json_response(page_of(rows, q.limit, by_recorded))


async def health_summary(request: web.Request) -> web.Response:
    q = read_query(request, HealthSummaryQuery)
    days = await HealthRecordMapper(db(request)).summary(
        user_id(request), q.type, q.from_, q.to, q.tz
    )
    return json_response(HealthSummary(type=q.type, from_=q.from_, to=q.to, tz=q.tz, days=days))


async def import_health_records(request: web.Request) -> web.Response:
    items = await read_json(request, HealthRecordImport)
    result = await HealthRecordMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


HEALTH_RECORDS = Lifecycle(
    path="/v1/health/records",
    tag="health",
    noun="health_record",
    mapper=HealthRecordMapper,
    item=HealthRecord,
    create=HealthRecordCreate,
    patch=HealthRecordPatch,
    summaries={"trash": "List soft-deleted health records"},
    # An import key already held by a live record (409), on create and on restore.
    create_errors=(400, 401, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/health/records", list_health_records,
          "List live health records, newest first (?type=, ?from=&to=)", "health",
          query=HealthRecordListQuery, response=Page[HealthRecord], errors=(400, 401, 422)),
    Route("GET", "/v1/health/summary", health_summary,
          "Daily min, max, avg, sum and count of one type of record over a window", "health",
          query=HealthSummaryQuery, response=HealthSummary, errors=(401, 422)),
    *lifecycle_routes(HEALTH_RECORDS),
    Route("POST", "/v1/health/records/import", import_health_records,
          "Import a batch of up to 1,000 health records idempotently", "health",
          body=HealthRecordImport, response=ImportResult, errors=(400, 401, 413, 422)),
]
# fmt: on
