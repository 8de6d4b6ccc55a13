"""Ordinary hostile input answers a clear 4xx naming what is wrong, never a 500 and never the
schema's internals: deeply nested JSON, NUL, e-mail addresses at the edge of the rule, bare
numbers for date-times, taken addresses, violated constraints."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, make_mocked_request

from hypernet.api.app import ROUTES, VERSION
from hypernet.api.http import MAX_JSON_DEPTH, json_depth_exceeds
from hypernet.api.openapi import build_openapi
from hypernet.api.problems import _database_problem
from hypernet.db.queries import query
from tests.conftest import register_and_login

Client = TestClient[Any, Any]

PHOTO = {
    "filename": "a.jpg",
    "media_type": "photo",
    "mime_type": "image/jpeg",
    "size": 1,
    "file_path": "a.jpg",
}


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


async def post_raw(
    client: Client, path: str, body: str, headers: dict[str, str], method: str = "POST"
) -> Any:
    return await client.request(
        method, path, data=body, headers={**headers, "Content-Type": "application/json"}
    )


async def assert_problem(resp: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert resp.status == status, await resp.text()
    assert resp.content_type == "application/problem+json"
    problem: dict[str, Any] = await resp.json()
    if path is not None:
        assert [e["path"] for e in problem["errors"]] == [path], problem
    return problem


# -- JSON nested deep ----------------------------------------------------------------------


async def test_json_nested_2000_deep_is_400_on_every_kind_of_route(
    client: Client, alice: dict[str, str]
) -> None:
    deep = nested(2000)
    created = await client.post("/v1/media", json=PHOTO, headers=alice)
    media_id = (await created.json())["id"]
    for method, path, body in [
        ("POST", "/v1/auth/register", '{"email": "d@example.com", "password": ' + deep + "}"),
        ("POST", "/v1/auth/login", '{"email": ' + deep + "}"),
        ("POST", "/v1/notes", '{"title": "t", "metadata": ' + deep + "}"),
        ("PATCH", f"/v1/media/{media_id}", '{"metadata": ' + deep + "}"),
        (
            "POST",
            "/v1/media/import",
            "[" + json.dumps({**PHOTO, "metadata": {}})[:-1] + ', "x": ' + deep + "}]",
        ),
        ("POST", "/v1/links", "[" * 2000 + "]" * 2000),
    ]:
        resp = await post_raw(client, path, body, alice, method)
        problem = await assert_problem(resp, 400)
        assert f"more than {MAX_JSON_DEPTH} levels deep" in problem["detail"], path


async def test_metadata_a_decoder_accepts_but_nested_past_the_limit_is_400_not_500(
    client: Client, alice: dict[str, str]
) -> None:
    # 940 levels: msgspec decoded them, and storing them ran asyncpg's encoder out of stack.
    for depth in (MAX_JSON_DEPTH, 940):
        body = json.dumps(PHOTO)[:-1] + ', "metadata": ' + nested(depth) + "}"
        resp = await post_raw(client, "/v1/media", body, alice)
        await assert_problem(resp, 400)
    body = json.dumps(PHOTO)[:-1] + ', "metadata": ' + nested(MAX_JSON_DEPTH - 2) + "}"
    resp = await post_raw(client, "/v1/media", body, alice)
    assert resp.status == 201, await resp.text()
    resp = await client.get(f"/v1/media/{(await resp.json())['id']}", headers=alice)
    assert resp.status == 200


async def test_a_metadata_filter_nested_deep_is_422_naming_it(
    client: Client, alice: dict[str, str]
) -> None:
    resp = await client.get("/v1/media", params={"metadata": '{"a": ' + "[" * 2000}, headers=alice)
    await assert_problem(resp, 422, "metadata")


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    assert not json_depth_exceeds(b'{"a": "' + b"[" * 500 + b'"}')
    assert not json_depth_exceeds(b'["\\"' + b"[" * 500 + b'"]')
    assert json_depth_exceeds(b'["\\\\"' + b"[" * 129 + b"]" * 129 + b"]")
    assert not json_depth_exceeds(b"[" * 128 + b"]" * 128)
    assert json_depth_exceeds(b"[" * 129 + b"]" * 129)
    assert not json_depth_exceeds(b"[" + b"[{}]," * 10_000 + b"[]]")


# -- NUL in the e-mail of login and registration -------------------------------------------


async def test_nul_in_the_email_of_login_or_registration_is_422_naming_it(
    client: Client,
) -> None:
    resp = await client.post(
        "/v1/auth/login", json={"email": "a\u0000@example.com", "password": "whatever1"}
    )
    problem = await assert_problem(resp, 422, "$.email")
    assert "NUL" in problem["errors"][0]["message"]
    resp = await client.post(
        "/v1/auth/register",
        json={"email": "a\u0000@example.com", "password": "correct horse", "display_name": "A"},
    )
    await assert_problem(resp, 422, "$.email")


# -- e-mail addresses at the edge of the rule ----------------------------------------------

# Address -> whether the rule takes it: no '@' but the one, no control characters (C0, DEL, C1),
# no Unicode space or separator (nor U+FEFF) on either side. Python's \s and ECMA-262's \s
# disagreed on U+001C..U+001F, U+0085 (Python only) and U+FEFF (ECMA only).
EDGE_ADDRESSES: dict[str, bool] = {
    "ada@example.com": True,
    "äda@exämple.com": True,
    "a\u200bda@example.com": True,  # zero-width space: a format character, not a space
    "a\u180eda@example.com": True,  # no longer a space in Unicode (nor in either engine)
    "ada@example.com\n": False,  # Python's $ matches before a final newline; ECMA's does not
    "a\u001cda@example.com": False,
    "a\u001fda@example.com": False,
    "a\u0085da@example.com": False,
    "a\u007fda@example.com": False,
    "a\u00a0da@example.com": False,
    "a\u2028da@example.com": False,
    "a\u3000da@example.com": False,
    "\ufeffada@example.com": False,
    "a da@example.com": False,
    "a\tda@example.com": False,
    "ada@exa@mple.com": False,
    "@example.com": False,
}


def ecma_262_matches(pattern: str, candidates: list[str]) -> list[bool] | None:
    """The pattern evaluated by a JavaScript engine, as an OpenAPI client would; None without
    node."""
    node = shutil.which("node")
    if node is None:
        return None
    script = (
        "const [p, c] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(c.map((s) => new RegExp(p).test(s))));"
    )
    done = subprocess.run(
        [node, "-e", script],
        input=json.dumps([pattern, candidates]),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    matches: list[bool] = json.loads(done.stdout)
    return matches


async def test_the_email_rule_is_the_same_in_the_service_and_in_the_openapi_document(
    client: Client,
) -> None:
    document = await (await client.get("/openapi.json")).json()
    pattern = document["components"]["schemas"]["RegisterRequest"]["properties"]["email"]["pattern"]
    for shorthand in ("\\s", "\\S", "\\d", "\\w", "\\b", "\\Z", "\\A"):
        assert shorthand not in pattern  # classes whose meaning differs between engines
    addresses = list(EDGE_ADDRESSES)
    in_javascript = ecma_262_matches(pattern, addresses)
    if in_javascript is not None:
        assert dict(zip(addresses, in_javascript, strict=True)) == EDGE_ADDRESSES
    for number, address in enumerate(addresses):
        resp = await client.post(
            "/v1/auth/register",
            json={"email": address, "password": "correct horse", "display_name": f"E{number}"},
        )
        if EDGE_ADDRESSES[address]:
            assert resp.status == 201, (address, await resp.text())
        else:
            problem = await assert_problem(resp, 422, "$.email")
            message = problem["errors"][0]["message"]
            assert message.startswith("not an e-mail address"), (address, message)
            assert "NUL" not in problem["detail"]


async def test_contact_addresses_follow_the_same_rule(
    client: Client, alice: dict[str, str]
) -> None:
    resp = await client.get(
        "/v1/contacts", params={"email": "a\u001cda@example.com"}, headers=alice
    )
    problem = await assert_problem(resp, 422, "email")
    assert problem["errors"][0]["message"].startswith("not an e-mail address")


# -- date-times in the query ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/v1/media", {"taken_after": "8"}, "taken_after"),
        ("/v1/media", {"taken_before": "1700000000.5"}, "taken_before"),
        ("/v1/media", {"taken_after": "2026-01-01"}, "taken_after"),
        ("/v1/media", {"taken_after": "2026-01-01T00:00:00"}, "taken_after"),
        (
            "/v1/locations",
            {"from": "0", "to": "2026-01-01T00:00:00Z"},
            "from",
        ),
        ("/v1/tasks/due", {"before": "-1"}, "before"),
    ],
)
async def test_a_query_date_time_that_is_not_rfc_3339_is_refused_naming_it(
    client: Client, alice: dict[str, str], path: str, params: dict[str, str], name: str
) -> None:
    resp = await client.get(path, params=params, headers=alice)
    problem = await assert_problem(resp, 422, name)
    assert "RFC 3339" in problem["detail"]


async def test_rfc_3339_date_times_in_the_query_are_taken(
    client: Client, alice: dict[str, str]
) -> None:
    for value in (
        "2026-01-01T00:00:00Z",
        "2026-01-01t00:00:00z",
        "2026-01-01T00:00:00.123456+02:00",
        "2026-01-01 00:00:00-05:30",
    ):
        resp = await client.get("/v1/media", params={"taken_after": value}, headers=alice)
        assert resp.status == 200, (value, await resp.text())


# -- registration of a taken address -------------------------------------------------------


async def test_registering_a_taken_address_is_409_by_decision(client: Client) -> None:
    """Kept on purpose (README, "Registration"): the address is the login, and a silent
    success would leave a mistyped or forgotten registration undetectable."""
    await register_and_login(client, "taken@example.com")
    resp = await client.post(
        "/v1/auth/register",
        json={"email": "taken@example.com", "password": "another one", "display_name": "B"},
    )
    problem = await assert_problem(resp, 409)
    assert problem["detail"] == "an account with this e-mail address already exists"


# -- constraint names stay out of problem details ------------------------------------------


async def constraint_names(pool: asyncpg.Pool) -> set[str]:
    async with pool.acquire() as conn:
        constraints = await conn.fetch(query("catalog/list_constraints").sql)
        indexes = await conn.fetch(query("catalog/list_indexes").sql)
    return {r["name"] for r in constraints} | {r["name"] for r in indexes}


async def test_no_problem_detail_names_a_constraint(
    client: Client, alice: dict[str, str], pool: asyncpg.Pool
) -> None:
    names = await constraint_names(pool)
    assert "bookmarks_live_url_key" in names and "notes_live_source_key" in names
    source = {"source_platform": "evernote", "source_object_id": "n-1"}
    clashes = [
        ("/v1/bookmarks", {"url": "https://example.com/x", "title": "x"}),
        ("/v1/notes", {"title": "n", **source}),
        ("/v1/profile/attributes", {"key": "shoe_size", "value": "42"}),
        ("/v1/social/accounts", {"platform": "mastodon", "handle": "ada"}),
    ]
    for path, body in clashes:
        first = await client.post(path, json=body, headers=alice)
        assert first.status == 201, (path, await first.text())
        resp = await client.post(path, json=body, headers=alice)
        problem = await assert_problem(resp, 409)
        assert not any(name in problem["detail"] for name in names), problem["detail"]
    detail = (
        await (await client.post("/v1/notes", json={"title": "n", **source}, headers=alice)).json()
    )["detail"]
    assert detail == "an object with the same source_platform and source_object_id already exists"


async def test_every_check_constraint_is_answered_in_words(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as conn:
        constraints = await conn.fetch(query("catalog/list_constraints").sql)
    request = make_mocked_request("POST", "/v1/anything")
    checks = [r for r in constraints if r["kind"] == "c"]
    assert len(checks) > 100
    for row in checks:
        error = asyncpg.exceptions.CheckViolationError.new(
            {
                "C": "23514",
                "M": "new row violates check constraint",
                "n": row["name"],
                "t": row["table_name"],
                "D": "Failing row contains (...).",
            }
        )
        response = _database_problem(request, error)
        assert response.status == 422
        assert isinstance(response.body, bytes)
        detail = json.loads(response.body)["detail"]
        assert row["name"] not in detail, detail


# -- what the plumbing answers is in the OpenAPI document ----------------------------------


def test_every_route_documents_what_the_plumbing_can_answer() -> None:
    document = build_openapi(ROUTES, VERSION)
    for route in ROUTES:
        responses = document["paths"][route.path][route.method.lower()]["responses"]
        where = f"{route.method} {route.path}"
        if route.body is not None:
            for status in ("400", "408", "413", "415", "422"):
                assert status in responses, f"{where}: {status}"
        if not route.public:
            assert "401" in responses, where
        if "{" in route.path:
            assert {"400", "404"} <= set(responses), where


async def test_wrong_content_type_and_oversized_bodies_are_documented_answers(
    client: Client, alice: dict[str, str]
) -> None:
    document = await (await client.get("/openapi.json")).json()
    resp = await client.post(
        "/v1/notes", data="title=t", headers={**alice, "Content-Type": "text/plain"}
    )
    await assert_problem(resp, 415)
    assert "415" in document["paths"]["/v1/notes"]["post"]["responses"]
    resp = await client.post(
        "/v1/notes/00000000-0000-0000-0000-000000000001/restore", headers=alice
    )
    await assert_problem(resp, 404)
    assert "404" in document["paths"]["/v1/notes/{id}/restore"]["post"]["responses"]
