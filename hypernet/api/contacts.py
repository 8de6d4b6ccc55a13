"""HTTP handlers for /v1/contacts: parse, validate, call ContactMapper, encode."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from hypernet.api.http import Route, db, json_response, read_json, read_query, user_id
from hypernet.api.lifecycle import ONE, Lifecycle, lifecycle_routes
from hypernet.api.pagination import decode_key, page_of
from hypernet.api.problems import invalid
from hypernet.domain.contacts import (
    Contact,
    ContactCreate,
    ContactImport,
    ContactListQuery,
    ContactPatch,
)
from hypernet.domain.imports import ImportResult
from hypernet.domain.page import Page
from hypernet.mappers.contacts import ContactFilter, ContactMapper

# The alphabetical list pages by (display_name, id) of the last contact shown.
NameKey = tuple[str, UUID]


def by_name(contact: Contact) -> tuple[str, UUID]:
    return contact.display_name, contact.id


async def list_contacts(request: web.Request) -> web.Response:
    q = read_query(request, ContactListQuery)
    if q.email is not None and q.phone is not None:
        raise invalid("phone", "use on its own", "give email or phone, not both")
    key = decode_key(q.cursor, NameKey)
    rows = await ContactMapper(db(request)).list_live(
        user_id(request),
        limit=q.limit + 1,
        after=(None, None) if key is None else key,
        where=ContactFilter(email=q.email, phone=q.phone),
    )
    return json_response(page_of(rows, q.limit, by_name))


async def import_contacts(request: web.Request) -> web.Response:
    items = await read_json(request, ContactImport)
    result = await ContactMapper(db(request)).import_batch(user_id(request), items)
    return json_response(result)


CONTACTS = Lifecycle(
    path="/v1/contacts",
    tag="contacts",
    noun="contact",
    mapper=ContactMapper,
    item=Contact,
    create=ContactCreate,
    patch=ContactPatch,
    # An import key already held by a live contact (409), on create and on restore.
    create_errors=(400, 401, 409, 422),
    restore_errors=(*ONE, 409),
)

# fmt: off
ROUTES = [
    Route("GET", "/v1/contacts", list_contacts,
          "List live contacts alphabetically, or those with one e-mail address or phone number",
          "contacts", query=ContactListQuery, response=Page[Contact], errors=(400, 401, 422)),
    *lifecycle_routes(CONTACTS),
    Route("POST", "/v1/contacts/import", import_contacts,
          "Import a batch of up to 1,000 contacts idempotently", "contacts",
          body=ContactImport, response=ImportResult, errors=(400, 401, 413, 422)),
]
# fmt: on
