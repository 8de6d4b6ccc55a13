"""HTTP handlers for /v1/profile: the profile as one object, and its attributes one by one
(parse, validate, call ProfileAttributeMapper, encode)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_key, page_of
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.domain.profile_attributes import (
    Profile,
    ProfileAttribute,
    ProfileAttributeCreate,
    ProfileAttributeImport,
    ProfileAttributeListQuery,
    ProfileAttributePatch,
)
from hypernet.mappers.profile_attributes import ProfileAttributeMapper

# The list pages by the key of the last attribute shown (keys are unique among live ones).
KeyCursor = tuple[str]


def by_key(attribute: Any) -> tuple[str]:
    return (attribute.key,)


async def get_profile(request: web.Request) -> web.Response:
    profile = await ProfileAttributeMapper(db(request)).profile(user_id(request))
    return json_response(profile)


async def list_profile_attributes(request: web.Request) -> web.Response:
    q = read_query(request, ProfileAttributeListQuery)
    key = decode_key(q.cursor, KeyCursor)
    rows = await ProfileAttributeMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=None if key is None else key[0],
        visibility=q.visibility,
    )
    return json_response(page_of(rows, q.limit, by_key))


async def import_profile_attributes(request: web.Request) -> web.Response:
    items = await read_json(request, ProfileAttributeImport)
    result = await ProfileAttributeMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


PROFILE_ATTRIBUTES = Lifecycle(
    path="/v1/profile/attributes",
    tag="profile",
    noun="profile_attribute",
    mapper=ProfileAttributeMapper,
    item=ProfileAttribute,
    create=ProfileAttributeCreate,
    patch=ProfileAttributePatch,
    summaries={
        "create": "Add a profile attribute (one live attribute per key)",
        "trash": "List soft-deleted profile attributes",
        "get": "Fetch one profile attribute",
        "update": "Change a profile attribute (key, value, visibility, metadata)",
        "delete": "Move a profile attribute to the trash (its key is free again)",
        "restore": "Restore a profile attribute from the trash, unless its key was taken since",
    },
    # A source_integration_id that is not a live integration of the caller (404); a live
    # attribute of the same key or import key (409), on create, on a new key and on restore.
    create_errors=(400, 401, 404, 409, 422),
    update_errors=(*ONE, 409, 412, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/profile", get_profile,
          "The caller's profile: every live attribute as one object {key: value}", "profile",
          response=Profile, errors=(401,)),
    Route("GET", "/v1/profile/attributes", list_profile_attributes,
          "List live profile attributes in key order, all or of one visibility", "profile",
          query=ProfileAttributeListQuery, response=Page[ProfileAttribute],
          errors=(400, 401, 422)),
    *lifecycle_routes(PROFILE_ATTRIBUTES),
    Route("POST", "/v1/profile/attributes/import", import_profile_attributes,
          "Import a batch of up to 1,000 profile attributes idempotently (a key already live "
          "is kept, not overwritten)", "profile",
          body=ProfileAttributeImport, response=ImportResult, errors=(400, 401, 404, 413, 422)),
]
# fmt: on
