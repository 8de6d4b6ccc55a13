"""The OpenAPI 3.1 document, generated from the route table and its msgspec types."""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin

import msgspec

from hypernet.api.http import Route
from hypernet.api.problems import Problem
from hypernet.domain.audit import AuditEvent
from hypernet.domain.links import ObjectType
from hypernet.domain.page import Page

_REF = "#/components/schemas/{name}"


def _query_parameters(type_: Any, schema: dict[str, Any]) -> list[dict[str, Any]]:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": prop}
        for name, prop in props.items()
    ]


# Names clients already know, kept where the readable default would rename them.
_PUBLISHED_NAMES: dict[Any, str] = {Page[AuditEvent]: "AuditPage"}


def _generic_names(types: list[Any]) -> dict[str, str]:
    """msgspec names a generic struct by its parameters (Page[Media] is "Page_Media_"); publish
    it under a name a client generator makes a readable class of: "MediaPage"."""
    renames: dict[str, str] = {}
    for t in types:
        origin, args = get_origin(t), get_args(t)
        if not (isinstance(origin, type) and issubclass(origin, msgspec.Struct)):
            continue
        names = [a.__name__ for a in args]
        published = _PUBLISHED_NAMES.get(t, "".join(names) + origin.__name__)
        renames[f"{origin.__name__}_{'_'.join(names)}_"] = published
    return renames


def _renamed(node: Any, refs: dict[str, str]) -> Any:
    """The schema tree with every $ref in `refs` pointed at its new name."""
    if isinstance(node, dict):
        return {k: refs.get(v, v) if k == "$ref" else _renamed(v, refs) for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(v, refs) for v in node]
    return node


def _publish_generics(
    types: list[Any], schemas: tuple[Any, ...], components: dict[str, Any]
) -> tuple[list[Any], dict[str, Any]]:
    """The schemas and components with each generic struct under its readable name."""
    renames = _generic_names(types)
    missing = sorted(set(renames) - set(components))
    if missing:
        raise RuntimeError(f"msgspec no longer names generic structs as expected: {missing}")
    refs = {_REF.format(name=old): _REF.format(name=new) for old, new in renames.items()}
    published: dict[str, Any] = {}
    for name, schema in components.items():
        if name in renames:
            name = renames[name]
            schema = {**schema, "title": name}
        published[name] = _renamed(schema, refs)
    return _renamed(list(schemas), refs), published


# What the shared plumbing answers, whatever the handler: documented on every route it can
# happen on, so no route has to remember them.
_PROBLEMS: dict[int, str] = {
    401: "Problem: no valid access token (Authorization: Bearer <token>)",
    404: "Problem: no such object, or not the caller's",
    408: "Problem: the body did not arrive, whole, within HYPERNET_BODY_TIMEOUT seconds; the "
    "connection is closed",
    413: "Problem: the body is larger than HYPERNET_MAX_BODY_BYTES",
    415: "Problem: the body is not application/json",
}


# Path parameters are ids (UUIDs) but for these.
_PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    "object_type": {"type": "string", "enum": sorted(get_args(ObjectType))},
    "conversation_id": {"type": "string", "minLength": 1, "maxLength": 500},
}


def _error_statuses(r: Route) -> list[int]:
    """The route's own statuses and those the plumbing answers on it: a body can be malformed
    (400), slow (408), too large (413), of another type (415) or invalid (422); a route that
    is not public needs a token (401); an id in the path can be malformed (400) or name no
    object of the caller's (404); query parameters can be invalid (422), a cursor forged (400)."""
    statuses = set(r.errors)
    if r.body is not None:
        statuses |= {400, 408, 413, 415, 422}
    if not r.public:
        statuses.add(401)
    if "{" in r.path:
        statuses |= {400, 404}
    if r.query is not None:
        statuses.add(422)
        if "cursor" in r.query.__struct_fields__:
            statuses.add(400)
    return sorted(statuses)


def build_openapi(routes: list[Route], version: str) -> dict[str, Any]:
    types: list[Any] = [Problem]
    for r in routes:
        types.extend(t for t in (r.body, r.response) if t is not None)
    query_types = [r.query for r in routes if r.query is not None]
    all_types = types + query_types
    generated, named = msgspec.json.schema_components(all_types, ref_template=_REF)
    schemas, components = _publish_generics(all_types, generated, named)
    by_type = dict(zip(all_types, schemas, strict=True))
    paths: dict[str, dict[str, Any]] = {}
    for r in routes:
        op: dict[str, Any] = {
            "summary": r.summary,
            "tags": [r.tag],
            "operationId": f"{r.method.lower()}_{r.handler.__name__}",
        }
        params = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": _PATH_PARAMETERS.get(name, {"type": "string", "format": "uuid"}),
            }
            for name in re.findall(r"{(\w+)}", r.path)
        ]
        if r.query is not None:
            qschema: dict[str, Any] = components.get(r.query.__name__) or by_type[r.query]
            params.extend(_query_parameters(r.query, qschema))
        if (r.method in ("PATCH", "PUT", "DELETE") and r.etag) or (r.method == "DELETE" and params):
            params.append(
                {
                    "name": "If-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "ETag from a GET; 412 when the object changed",
                }
            )
        if params:
            op["parameters"] = params
        if r.body is not None:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": by_type[r.body]}},
            }
        ok: dict[str, Any] = {"description": "OK"}
        if r.response is not None:
            ok["content"] = {"application/json": {"schema": by_type[r.response]}}
        if r.response_media_type is not None:
            ok["content"] = {
                r.response_media_type: {
                    "schema": {"type": "string", "contentMediaType": r.response_media_type}
                }
            }
            ok["headers"] = {"Content-Disposition": {"schema": {"type": "string"}}}
        if r.etag:
            ok["headers"] = {"ETag": {"schema": {"type": "string"}}}
        responses: dict[str, Any] = {str(r.status): ok}
        for status in _error_statuses(r):
            responses[str(status)] = {
                "description": _PROBLEMS.get(status, "Problem"),
                "content": {"application/problem+json": {"schema": by_type[Problem]}},
            }
        if 429 in r.errors:
            # A rate limit or a login lockout (hypernet/api/rate_limiting.py).
            responses["429"]["description"] = (
                "Problem: too many attempts from this address or for this account; retry after "
                "Retry-After seconds"
            )
            responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        if r.tag not in ("meta", "health") and "503" not in responses:
            # Any route that reads or writes the database: no pooled connection came free in
            # time, or the database is away. Retry-After says when to try again.
            responses["503"] = {
                "description": "Problem: the database is busy or unavailable; retry after "
                "Retry-After seconds",
                "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                "content": {"application/problem+json": {"schema": by_type[Problem]}},
            }
        op["responses"] = responses
        if not r.public:
            op["security"] = [{"bearer": []}]
        paths.setdefault(r.path, {})[r.method.lower()] = op
    # Query structs are inlined as parameters, not published as schemas.
    for t in query_types:
        components.pop(t.__name__, None)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hypernet data service", "version": version},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }
