"""What a request must pass before it may take a database connection: authentication, and its
whole body, read within a time bound.

The audit middleware behind these opens a writing request's transaction on a pooled connection;
anything that waits on the client (a body trickled byte by byte) or refuses the client (no
token) happens here first, so neither can hold one of the pool's few connections.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from hypernet.api.http import SETTINGS, TOKENS, USER_ID, Route, require_json_body
from hypernet.api.keys import ROUTE_TABLE
from hypernet.api.problems import ProblemError, problem_response
from hypernet.core.security import InvalidToken
from hypernet.db.pool import ACTING_USER


def route_of(request: web.Request) -> Route | None:
    """The route-table row of the matched route; None for a 404 or 405."""
    resource = request.match_info.route.resource
    if resource is None:
        return None
    route: Route | None = request.app[ROUTE_TABLE].get((request.method, resource.canonical))
    return route


def authenticate(request: web.Request) -> None:
    """Set the caller from `Authorization: Bearer <access token>`, or answer 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProblemError(
            401,
            "send Authorization: Bearer <access token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        request[USER_ID] = request.app[TOKENS].verify(token.strip())
    except InvalidToken as exc:
        raise ProblemError(
            401, str(exc), headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
        ) from None
    # Before any connection is taken: each one the request takes acts for this user (row-level
    # security), set as it is acquired, with no extra round trip.
    ACTING_USER.set(str(request[USER_ID]))


@web.middleware
async def admission_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Authenticate every route that is not public, then read the body of a route that takes
    one, whole, within HYPERNET_BODY_TIMEOUT. Only then does the request go on to the audit
    middleware and the handler, which may take a pooled connection."""
    route = route_of(request)
    if route is None:
        return await handler(request)
    if not route.public:
        authenticate(request)
    if route.body is not None and request.body_exists:
        require_json_body(request)
        bound = request.app[SETTINGS].body_timeout
        try:
            async with asyncio.timeout(bound):
                # Cached on the request: read_json() in the handler gets these bytes.
                await request.read()
        except TimeoutError:
            response = problem_response(
                request,
                408,
                f"the request body did not arrive within {bound:g} s; send it at once",
            )
            # The connection ends with this answer (aiohttp drains what is left of the body for
            # at most its lingering time, on no database connection).
            response.force_close()
            return response
    return await handler(request)
