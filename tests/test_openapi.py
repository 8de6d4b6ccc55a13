"""/openapi.json is generated from the route table and covers every route."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient
from openapi_spec_validator import validate

from hypernet.api.app import ROUTES

Client = TestClient[Any, Any]


async def test_openapi_document_is_valid_3_1_and_lists_every_route(client: Client) -> None:
    resp = await client.get("/openapi.json")
    assert resp.status == 200
    doc = await resp.json()
    assert doc["openapi"].startswith("3.1")
    validate(doc)
    listed = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    assert listed == {(r.method, r.path) for r in ROUTES}


async def test_every_registered_route_is_in_the_route_table(client: Client) -> None:
    registered = {
        (r.method, r.resource.canonical)
        for r in client.app.router.routes()
        if r.method != "HEAD" and r.resource is not None
    }
    assert registered == {(r.method, r.path) for r in ROUTES}


async def test_health_probes_answer(client: Client) -> None:
    assert (await client.get("/health/live")).status == 200
    ready = await client.get("/health/ready")
    assert ready.status == 200
    assert (await ready.json()) == {"status": "ok"}
