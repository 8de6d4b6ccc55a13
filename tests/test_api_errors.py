"""Bad input gets a clear 4xx problem+json and changes nothing; database trouble is a 503."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

import asyncpg
import msgspec
import pytest
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.api.problems import validation_error
from hypernet.core.config import Settings
from hypernet.db.pool import create_pool
from tests.conftest import JWT_SECRET, TEST_SETTINGS, register_and_login
from tests.test_media_api import create, photo

Client = TestClient[Any, Any]


async def assert_problem(resp: Any, status: int, path: str | None = None) -> dict[str, Any]:
    assert resp.status == status, await resp.text()
    assert resp.content_type == "application/problem+json"
    body = await resp.json()
    assert body["status"] == status
    assert body["detail"]
    assert "Traceback" not in body["detail"]
    if path is not None:
        assert [e["path"] for e in body["errors"]] == [path]
    return body


async def assert_nothing_stored(client: Client, headers: dict[str, str]) -> None:
    listing = await (await client.get("/v1/media", headers=headers)).json()
    assert listing["items"] == []


async def test_malformed_json_is_400(client: Client, alice: dict) -> None:
    resp = await client.post(
        "/v1/media", data=b'{"filename": ', headers={**alice, "Content-Type": "application/json"}
    )
    await assert_problem(resp, 400)
    await assert_nothing_stored(client, alice)


async def test_non_json_body_is_415(client: Client, alice: dict) -> None:
    resp = await client.post("/v1/media", data=b"filename=x", headers=alice)
    await assert_problem(resp, 415)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"size": "big"}, "$.size"),
        ({"size": -1}, "$.size"),
        ({"media_type": "hologram"}, "$.media_type"),
        ({"taken_at": "2026-01-01T00:00:00"}, "$.taken_at"),
        ({"filename": "bad\u0000name.jpg"}, "$.filename"),
        ({"filename": ""}, "$.filename"),
        ({"width": 0}, "$.width"),
        ({"mime_type": "not a mime"}, "$.mime_type"),
        ({"surprise": 1}, "$"),
    ],
)
async def test_invalid_fields_are_422_with_the_field_path(
    client: Client, alice: dict, change: dict[str, Any], path: str
) -> None:
    resp = await client.post("/v1/media", json=photo(**change), headers=alice)
    body = await assert_problem(resp, 422, path)
    assert path in body["detail"]
    await assert_nothing_stored(client, alice)


async def test_nul_character_message_says_what_is_wrong(client: Client, alice: dict) -> None:
    resp = await client.post("/v1/media", json=photo(filename="a\u0000b"), headers=alice)
    body = await assert_problem(resp, 422, "$.filename")
    assert "NUL" in body["detail"]


@pytest.mark.parametrize(
    ("metadata", "path"),
    [
        ({"k": "a\u0000"}, "$.metadata.k"),
        ({"deep": {"list": ["ok", "b\u0000"]}}, "$.metadata.deep.list[1]"),
        ({"we ird": "\u0000"}, '$.metadata["we ird"]'),
        ({"k\u0000": "v"}, '$.metadata["k\\u0000"]'),
    ],
)
async def test_nul_inside_metadata_is_422_with_its_path_and_stores_nothing(
    client: Client, alice: dict, metadata: dict, path: str
) -> None:
    resp = await client.post("/v1/media", json=photo(metadata=metadata), headers=alice)
    body = await assert_problem(resp, 422, path)
    assert "NUL" in body["detail"]
    await assert_nothing_stored(client, alice)


async def test_nul_inside_an_import_item_names_the_item(client: Client, alice: dict) -> None:
    items = [photo(), photo(metadata={"caption": "x\u0000"})]
    resp = await client.post("/v1/media/import", json=items, headers=alice)
    await assert_problem(resp, 422, "$[1].metadata.caption")
    await assert_nothing_stored(client, alice)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "201"},
        {"limit": "ten"},
        {"colour": "red"},
        {"taken_after": "yesterday"},
    ],
)
async def test_bad_list_parameters_are_422(
    client: Client, alice: dict, params: dict[str, str]
) -> None:
    resp = await client.get("/v1/media", params=params, headers=alice)
    await assert_problem(resp, 422)


async def test_forged_cursor_is_400(client: Client, alice: dict) -> None:
    resp = await client.get("/v1/media", params={"cursor": "bm90LWEtY3Vyc29y"}, headers=alice)
    await assert_problem(resp, 400, "cursor")


async def test_bad_uuid_in_path_is_400(client: Client, alice: dict) -> None:
    resp = await client.get("/v1/media/not-a-uuid", headers=alice)
    await assert_problem(resp, 400, "id")


async def test_oversized_body_is_413_and_stores_nothing(pool: asyncpg.Pool, db_dsn: str) -> None:
    small = Settings(**{**_settings_dict(), "max_body_bytes": 4096})
    async with TestClient(TestServer(create_app(small, pool, JWT_SECRET, db_dsn))) as client:
        headers = await register_and_login(client)
        big = [
            photo(filename=f"{i}.jpg", source_platform="x", source_object_id=str(i))
            for i in range(100)
        ]
        resp = await client.post("/v1/media/import", json=big, headers=headers)
        await assert_problem(resp, 413)
        await assert_nothing_stored(client, headers)


def _settings_dict() -> dict[str, Any]:
    return {f: getattr(TEST_SETTINGS, f) for f in TEST_SETTINGS.__struct_fields__}


async def test_unknown_route_is_404_problem(client: Client) -> None:
    await assert_problem(await client.get("/v1/nothing-here"), 404)


async def test_wrong_method_is_405_problem(client: Client, alice: dict) -> None:
    resp = await client.put("/v1/media", json={}, headers=alice)
    body = await assert_problem(resp, 405)
    assert body["title"] == "Method Not Allowed"


async def test_missing_or_bad_token_is_401(client: Client) -> None:
    await assert_problem(await client.get("/v1/media"), 401)
    resp = await client.get("/v1/media", headers={"Authorization": "Bearer nonsense"})
    await assert_problem(resp, 401)
    assert "Bearer" in resp.headers["WWW-Authenticate"]


async def test_restoring_over_a_reimported_item_is_409(client: Client, alice: dict) -> None:
    first = await create(client, alice, source_platform="gp", source_object_id="same")
    assert (await client.delete(f"/v1/media/{first['id']}", headers=alice)).status == 204
    await create(client, alice, source_platform="gp", source_object_id="same")
    resp = await client.post(f"/v1/media/{first['id']}/restore", headers=alice)
    body = await assert_problem(resp, 409)
    assert "source_object_id" in body["detail"]


async def test_write_stuck_behind_a_lock_answers_503_with_retry_after(
    db_dsn: str, alice: dict, client: Client
) -> None:
    media = await create(client, alice)
    impatient = Settings(**{**_settings_dict(), "lock_timeout": 0.2, "statement_timeout": 0.5})
    pool = await create_pool(db_dsn, impatient)
    holder = await asyncpg.connect(db_dsn)
    try:
        async with TestClient(TestServer(create_app(impatient, pool, JWT_SECRET, db_dsn))) as fast:
            tx = holder.transaction()
            await tx.start()
            # Hold the row lock the PATCH needs, as a long-running transaction would.
            await holder.execute(
                "SELECT 1 FROM media WHERE id = $1 FOR UPDATE", uuid.UUID(media["id"])
            )
            resp = await fast.patch(
                f"/v1/media/{media['id']}", json={"filename": "late.jpg"}, headers=alice
            )
            await tx.rollback()
            await assert_problem(resp, 503)
            assert resp.headers["Retry-After"]
    finally:
        await holder.close()
        await pool.close()
    current = await (await client.get(f"/v1/media/{media['id']}", headers=alice)).json()
    assert current["filename"] == "beach.jpg"


async def test_lost_database_answers_503_not_500(db_dsn: str) -> None:
    pool = await create_pool(db_dsn, TEST_SETTINGS)
    async with TestClient(
        TestServer(create_app(TEST_SETTINGS, pool, JWT_SECRET, db_dsn))
    ) as client:
        headers = await register_and_login(client)
        await asyncio.wait_for(pool.close(), 5)
        resp = await client.get("/v1/media", headers=headers)
        await assert_problem(resp, 503)
        ready = await client.get("/health/ready")
        assert ready.status == 503


class _Labelled(msgspec.Struct):
    labels: dict[Annotated[str, msgspec.Meta(max_length=3)], int]


def test_a_bad_key_of_an_object_names_the_object_and_says_it_is_a_key() -> None:
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.json.decode(b'{"labels": {"far-too-long": 1}}', type=_Labelled)
    problem = validation_error(caught.value)
    assert problem.status == 422
    assert problem.errors is not None
    assert [e.path for e in problem.errors] == ["$.labels"]
    assert problem.errors[0].message.startswith("a key: Expected `str` of length <= 3")


async def test_json_nested_deeper_than_the_decoder_goes_is_400(client: Any, alice: Any) -> None:
    deep = "[" * 5000 + "]" * 5000
    body = '{"title": "n", "metadata": {"a": ' + deep + "}}"
    resp = await client.post(
        "/v1/notes", data=body, headers={**alice, "Content-Type": "application/json"}
    )
    assert resp.status == 400, await resp.text()


def test_a_nul_is_found_at_any_depth() -> None:
    from hypernet.api.http import nul_path

    node: Any = "a\x00"
    for _ in range(5000):
        node = [node]
    assert nul_path({"ok": "x", "deep": node}) == "$.deep" + "[0]" * 5000
    assert nul_path({"a": ["x", {"b\x00": 1}], "c": "\x00"}) == '$.a[1]["b\\u0000"]'
