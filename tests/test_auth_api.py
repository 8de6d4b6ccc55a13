"""Registration and login: case-insensitive e-mail, bcrypt, short-lived JWTs."""

from __future__ import annotations

import time
from typing import Any

import jwt
from aiohttp.test_utils import TestClient

from tests.conftest import JWT_SECRET, register_and_login

Client = TestClient[Any, Any]


async def test_register_returns_the_account_without_its_password(client: Client) -> None:
    resp = await client.post(
        "/v1/auth/register",
        json={"email": "Carol@Example.com", "password": "long enough", "display_name": "Carol"},
    )
    assert resp.status == 201
    body = await resp.json()
    assert body["email"] == "Carol@Example.com"
    assert body["display_name"] == "Carol"
    assert "password" not in str(body)


async def test_email_is_unique_case_insensitively(client: Client) -> None:
    await register_and_login(client, "dave@example.com")
    resp = await client.post(
        "/v1/auth/register",
        json={"email": "DAVE@example.COM", "password": "long enough", "display_name": "D2"},
    )
    assert resp.status == 409
    assert "already exists" in (await resp.json())["detail"]


async def test_login_is_case_insensitive_and_gives_a_short_lived_bearer_token(
    client: Client,
) -> None:
    await register_and_login(client, "erin@example.com", password="open sesame")
    resp = await client.post(
        "/v1/auth/login", json={"email": "ERIN@example.com", "password": "open sesame"}
    )
    assert resp.status == 200
    body = await resp.json()
    assert body["token_type"] == "bearer"
    assert 0 < body["expires_in"] <= 3600
    claims = jwt.decode(body["access_token"], JWT_SECRET, algorithms=["HS256"], issuer="hypernet")
    assert claims["exp"] - claims["iat"] == body["expires_in"]


async def test_wrong_password_and_unknown_email_look_the_same(client: Client) -> None:
    await register_and_login(client, "frank@example.com", password="right one")
    wrong = await client.post(
        "/v1/auth/login", json={"email": "frank@example.com", "password": "wrong one"}
    )
    unknown = await client.post(
        "/v1/auth/login", json={"email": "nobody@example.com", "password": "wrong one"}
    )
    assert wrong.status == unknown.status == 401
    assert (await wrong.json())["detail"] == (await unknown.json())["detail"]


async def test_short_password_is_refused(client: Client) -> None:
    resp = await client.post(
        "/v1/auth/register",
        json={"email": "g@example.com", "password": "short", "display_name": "G"},
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.password"


async def test_expired_token_is_401(client: Client) -> None:
    headers = await register_and_login(client)
    token = headers["Authorization"].split()[1]
    claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"], issuer="hypernet")
    claims["exp"] = int(time.time()) - 10
    expired = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
    resp = await client.get("/v1/media", headers={"Authorization": f"Bearer {expired}"})
    assert resp.status == 401
    assert "expired" in (await resp.json())["detail"]


async def test_token_signed_with_another_key_is_401(client: Client) -> None:
    headers = await register_and_login(client)
    token = headers["Authorization"].split()[1]
    claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"], issuer="hypernet")
    forged = jwt.encode(claims, "x" * 64, algorithm="HS256")
    resp = await client.get("/v1/media", headers={"Authorization": f"Bearer {forged}"})
    assert resp.status == 401
