"""Builds the aiohttp application from the route table."""

from __future__ import annotations

import itertools
import logging
import secrets
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import asyncpg
import msgspec
from aiohttp import web

from hypernet.api import (
    ai_interactions,
    albums,
    audit,
    auth,
    bookmarks,
    calendar_events,
    chat_messages,
    contacts,
    devices,
    documents,
    emails,
    health,
    health_records,
    integrations,
    links,
    locations,
    media,
    notes,
    notifications,
    profile_attributes,
    projects,
    search,
    social_accounts,
    social_posts,
    tasks,
    timeline,
    transactions,
    users,
    web_pages,
)
from hypernet.api.admission import admission_middleware
from hypernet.api.auditing import audit_middleware
from hypernet.api.http import (
    OPENAPI,
    POOL,
    REQUEST_ID,
    REVOCATIONS,
    SETTINGS,
    SHUTTING_DOWN,
    TOKENS,
    Route,
)
from hypernet.api.keys import KEY_COLUMNS, KEYRING, ROUTE_TABLE
from hypernet.api.observability import install as install_observability
from hypernet.api.observability import observe_middleware
from hypernet.api.openapi import build_openapi
from hypernet.api.problems import problem_middleware
from hypernet.api.revocations import RevocationFeed
from hypernet.core.config import Settings
from hypernet.core.crypto import load_or_create_keyring
from hypernet.core.security import TokenIssuer
from hypernet.db.pool import ACTING_USER, BoundedPool
from hypernet.db.queries import query
from hypernet.db.replicas import open_replicas

log = logging.getLogger("hypernet.api")

_KEY_COLUMNS_QUERY = query("catalog/list_key_columns")

VERSION = "0.1.0"


async def openapi_document(request: web.Request) -> web.Response:
    return web.Response(body=request.app[OPENAPI], content_type="application/json")


ROUTES: list[Route] = [
    *health.ROUTES,
    Route("GET", "/openapi.json", openapi_document, "This document", "meta", public=True),
    *auth.ROUTES,
    *media.ROUTES,
    *albums.ROUTES,
    *links.ROUTES,
    *integrations.ROUTES,
    *audit.ROUTES,
    *users.ROUTES,
    *search.ROUTES,
    *web_pages.ROUTES,
    *bookmarks.ROUTES,
    *emails.ROUTES,
    *chat_messages.ROUTES,
    *ai_interactions.ROUTES,
    *social_accounts.ROUTES,
    *social_posts.ROUTES,
    *contacts.ROUTES,
    *notifications.ROUTES,
    *profile_attributes.ROUTES,
    *devices.ROUTES,
    *transactions.ROUTES,
    *notes.ROUTES,
    *documents.ROUTES,
    *projects.ROUTES,
    *tasks.ROUTES,
    *calendar_events.ROUTES,
    *locations.ROUTES,
    *health_records.ROUTES,
    *timeline.ROUTES,
]


# Request ids: a random prefix per process and a counter, unique without asking the kernel for
# randomness on every request (uuid4 was 4% of a GET's CPU).
_REQUEST_ID_PREFIX = secrets.token_hex(8)
_request_numbers = itertools.count(1)


@web.middleware
async def acting_user_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Each request starts acting for nobody (row-level security shows it no user's rows) until
    it authenticates; what it set is undone on the way out, whatever task serves the next one."""
    token = ACTING_USER.set("")
    try:
        return await handler(request)
    finally:
        ACTING_USER.reset(token)


@web.middleware
async def request_id_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    incoming = request.headers.get("X-Request-Id", "")
    if 0 < len(incoming) <= 100 and incoming.isprintable():
        rid = incoming
    else:
        rid = f"{_REQUEST_ID_PREFIX}{next(_request_numbers):016x}"
    request[REQUEST_ID] = rid
    response = await handler(request)
    response.headers["X-Request-Id"] = rid
    return response


_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@web.middleware
async def read_your_writes_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """A request that may have written marks its user once it is done (its transaction is
    committed by then), so that their next reads come from the primary, not from a replica that
    may not have the write yet (hypernet/db/replicas.py). Installed only with replicas."""
    try:
        return await handler(request)
    finally:
        replicas = request.app[POOL].replicas
        if replicas is not None and request.method not in _READ_METHODS:
            replicas.wrote(ACTING_USER.get())


async def _serve_replicas(app: web.Application, dsn: str) -> AsyncIterator[None]:
    """HYPERNET_REPLICA_URLS: each replica judged once before the first request, then watched;
    `dsn` is the primary's, where the watch samples its WAL position."""
    replicas = await open_replicas(app[SETTINGS], app[POOL], dsn)
    if replicas is None:
        yield
        return
    try:
        await replicas.start()
    except BaseException:
        await replicas.stop()
        raise
    app[POOL].replicas = replicas
    log.info(
        "reading from %d replica(s): %s",
        len(replicas.replicas),
        ", ".join(
            f"{r.label} ({'available' if r.available else r.why_not})" for r in replicas.replicas
        ),
    )
    yield
    app[POOL].replicas = None
    await replicas.stop()


async def _revocation_feed(app: web.Application) -> AsyncIterator[None]:
    """Revocations are loaded before the first request is served, and followed until shutdown."""
    feed = app[REVOCATIONS]
    await feed.start(wait=app[SETTINGS].connect_timeout)
    yield
    await feed.stop()


async def _read_key_columns(app: web.Application) -> None:
    """The columns of each unique key and foreign key, for wording a violation of it."""
    rows = await app[POOL].fetch(_KEY_COLUMNS_QUERY.sql)
    app[KEY_COLUMNS] = {r["name"]: list(r["columns"]) for r in rows}


def create_app(
    settings: Settings, pool: asyncpg.Pool, jwt_secret: str, dsn: str
) -> web.Application:
    """The application over `pool`; `dsn` is where its revocation feed opens a connection of
    its own (the pool's database)."""
    # Admission (authentication, the whole body) comes before the audit middleware takes a
    # pooled connection: a client that is slow or not signed in never holds one.
    middlewares = [
        observe_middleware,
        acting_user_middleware,
        request_id_middleware,
        problem_middleware,
        admission_middleware,
        *([read_your_writes_middleware] if settings.replica_url_list else []),
        audit_middleware,
    ]
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=middlewares)
    app[POOL] = BoundedPool(pool, settings.pool_acquire_timeout)
    install_observability(app, settings)
    app[SETTINGS] = settings
    app[SHUTTING_DOWN] = []
    app[TOKENS] = TokenIssuer(jwt_secret, settings.access_token_ttl)
    app[REVOCATIONS] = RevocationFeed(dsn, settings, app[TOKENS].revoked)
    app.cleanup_ctx.append(_revocation_feed)
    app.cleanup_ctx.append(partial(_serve_replicas, dsn=dsn))
    app.on_startup.append(_read_key_columns)
    app[KEYRING] = load_or_create_keyring(settings)
    app[OPENAPI] = msgspec.json.encode(build_openapi(ROUTES, VERSION))
    app[ROUTE_TABLE] = {(r.method, r.path): r for r in ROUTES}
    for route in ROUTES:
        app.router.add_route(route.method, route.path, route.handler)
    return app
