"""HTTP handlers for /v1/devices: parse, validate, call DeviceMapper, encode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_cursor, page_of
from hypernet.domain.devices import Device, DeviceCreate, DeviceImport, DeviceListQuery, DevicePatch
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.mappers.devices import DeviceMapper


def by_last_seen(device: Device) -> tuple[datetime, UUID]:
    return device.last_seen_at, device.id


async def list_devices(request: web.Request) -> web.Response:
    q = read_query(request, DeviceListQuery)
    rows = await DeviceMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=decode_cursor(q.cursor),
        device_type=q.device_type,
    )
    return json_response(page_of(rows, q.limit, by_last_seen))


async def import_devices(request: web.Request) -> web.Response:
    items = await read_json(request, DeviceImport)
    result = await DeviceMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


DEVICES = Lifecycle(
    path="/v1/devices",
    tag="devices",
    noun="device",
    mapper=DeviceMapper,
    item=Device,
    create=DeviceCreate,
    patch=DevicePatch,
    summaries={
        "create": "Add a device (seen now unless last_seen_at says when)",
        "update": "Change a device; last_seen_at only moves forward (an earlier one is ignored)",
    },
    # A source_integration_id that is not a live integration of the caller (404); a live device
    # with the same import key (409), on create and on restore.
    create_errors=(400, 401, 404, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/devices", list_devices,
          "List live devices, most recently seen first, all or of one device_type", "devices",
          query=DeviceListQuery, response=Page[Device], errors=(400, 401, 422)),
    *lifecycle_routes(DEVICES),
    Route("POST", "/v1/devices/import", import_devices,
          "Import a batch of up to 1,000 devices idempotently", "devices",
          body=DeviceImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
