"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio

import msgspec
from aiohttp import web

from hypernet.api.http import POOL, REVOCATIONS, SHUTTING_DOWN, Route, json_response
from hypernet.db.queries import query

_PING = query("health/ping")


class Health(msgspec.Struct):
    status: str


async def live(request: web.Request) -> web.Response:
    return json_response(Health(status="ok"))


async def ready(request: web.Request) -> web.Response:
    """Ready when the database answers within a second, the service is not shutting down, and
    its revocation feed is current (else it might accept access tokens of ended sessions)."""
    if request.app[SHUTTING_DOWN]:
        return json_response(Health(status="shutting down"), 503)
    if not request.app[REVOCATIONS].current:
        return json_response(Health(status="revocations not current"), 503)
    try:
        await asyncio.wait_for(request.app[POOL].fetchval(_PING.sql), timeout=1.0)
    except Exception:  # any failure at all means "not ready"
        return json_response(Health(status="database unavailable"), 503)
    return json_response(Health(status="ok"))


# fmt: off
ROUTES = [
    Route("GET", "/health/live", live, "The process is up", "health", response=Health, public=True),
    Route(
        "GET",
        "/health/ready",
        ready,
        "The service can answer requests",
        "health",
        response=Health,
        public=True,
        errors=(503,),
    ),
]
# fmt: on
