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


async def test_every_list_documents_the_schema_of_its_items(client: Client) -> None:
    doc = await (await client.get("/openapi.json")).json()
    schemas = doc["components"]["schemas"]

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        ref: str | None = schema.get("$ref")
        return schemas[ref.rsplit("/", 1)[1]] if ref else schema

    lists = {
        (method.upper(), path): resolve(
            op["responses"]["200"]["content"]["application/json"]["schema"]
        )
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if any(p["name"] == "cursor" for p in op.get("parameters", []))
    }
    assert ("GET", "/v1/media") in lists and ("GET", "/v1/albums/{id}/media") in lists
    for route, page in lists.items():
        assert page["required"] == ["items", "next_cursor"], route
        item = page["properties"]["items"]["items"]
        assert resolve(item)["type"] == "object" and resolve(item)["properties"], route
    assert schemas["MediaPage"]["properties"]["items"]["items"]["$ref"].endswith("/Media")
