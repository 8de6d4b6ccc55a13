"""HTTP handlers for /v1/locations: parse, validate, call LocationMapper, encode."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_key, page_of
from hypernet.api.problems import ProblemError, invalid
from hypernet.domain.fields import AwareDatetime
from hypernet.domain.locations import (
    Location,
    LocationCreate,
    LocationImport,
    LocationImportResult,
    LocationPatch,
    LocationWindowQuery,
)
from hypernet.domain.page import Page
from hypernet.mappers.locations import LocationMapper

# The window list pages by the recorded_at of the last point shown (unique among live points).
WindowKey = tuple[AwareDatetime]


def by_recorded_at(location: Location) -> tuple[datetime]:
    return (location.recorded_at,)


async def list_locations(request: web.Request) -> web.Response:
    q = read_query(request, LocationWindowQuery)
    if q.to <= q.from_:
        raise invalid("to", "must be after from", where="query")
    key = decode_key(q.cursor, WindowKey)
    rows = await LocationMapper(db(request)).list_window(
        user_id(request), q.from_, q.to, limit=q.limit + 1, after=None if key is None else key[0]
    )
    return json_response(page_of(rows, q.limit, by_recorded_at))


async def latest_location(request: web.Request) -> web.Response:
    location = await LocationMapper(db(request)).latest(user_id(request))
    if location is None:
        raise ProblemError(404, "no location recorded yet")
    return json_response(location, etag=location.updated_at)


async def import_locations(request: web.Request) -> web.Response:
    points = await read_json(request, LocationImport)
    # A writing route: db() is the request's transaction, which the staging table lives in.
    result = await LocationMapper(db(request)).import_points(user_id(request), points)
    return json_response(result)


LOCATIONS = Lifecycle(
    path="/v1/locations",
    tag="locations",
    noun="location",
    mapper=LocationMapper,
    item=Location,
    create=LocationCreate,
    patch=LocationPatch,
    summaries={
        "create": "Record a location point (one live point per recorded_at: 409)",
        "update": "Change a location point's coordinates, accuracy, altitude, activity, metadata",
    },
    # A live point at the same recorded_at (409), on create and on restore.
    create_errors=(400, 401, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/locations", list_locations,
          "Where the caller was between from and to: live points, oldest first", "locations",
          query=LocationWindowQuery, response=Page[Location], errors=(400, 401, 422)),
    # Before the lifecycle's /{id}, so that these paths are never read as an id.
    Route("GET", "/v1/locations/latest", latest_location,
          "The last known position: the live point recorded last", "locations",
          response=Location, etag=True, errors=(401, 404)),
    *lifecycle_routes(LOCATIONS),
    Route("POST", "/v1/locations/import", import_locations,
          "Import up to 50,000 points idempotently (a point at an instant already held is "
          "existing)", "locations",
          body=LocationImport, response=LocationImportResult, errors=(400, 401, 413, 422)),
]
# fmt: on
