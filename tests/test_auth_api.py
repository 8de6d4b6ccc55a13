"""Registration and login: case-insensitive e-mail, bcrypt, short-lived JWTs."""

from __future__ import annotations

import time
from typing import Any

import asyncpg
import bcrypt
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


# bcrypt reads 72 bytes; these are longer, one in ASCII and one in multi-byte UTF-8.
LONG_PASSWORDS = {
    "73 ASCII bytes": "x" * 73,
    "200 bytes of UTF-8": "pâté à l'œuf, 🔑" * 9 + "é",
}


async def test_passwords_longer_than_72_bytes_register_log_in_and_change_and_every_byte_counts(
    client: Client,
) -> None:
    assert [len(p.encode()) for p in LONG_PASSWORDS.values()] == [73, 200]
    for number, password in enumerate(LONG_PASSWORDS.values()):
        email = f"long-{number}@example.com"
        await register_and_login(client, email, password)
        # The bytes past the 72nd count: a password differing only there is wrong.
        wrong = password[:-1] + ("y" if password[-1] != "y" else "z")
        resp = await client.post("/v1/auth/login", json={"email": email, "password": wrong})
        assert resp.status == 401, await resp.text()
        # Change it to the other long one and back, logging in with each.
        other = next(p for p in LONG_PASSWORDS.values() if p != password)
        for old, new in ((password, other), (other, password)):
            resp = await client.post("/v1/auth/login", json={"email": email, "password": old})
            assert resp.status == 200, await resp.text()
            token = (await resp.json())["access_token"]
            resp = await client.patch(
                "/v1/me",
                json={"password": new, "current_password": old},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert resp.status == 200, await resp.text()
            resp = await client.post("/v1/auth/login", json={"email": email, "password": new})
            assert resp.status == 200, await resp.text()


async def test_a_long_password_against_an_account_hashed_before_is_a_plain_401_not_a_500(
    client: Client, conn: asyncpg.Connection
) -> None:
    """An account whose hash is plain bcrypt (made before passwords were pre-hashed) still logs
    in with its password, and a password over 72 bytes is simply wrong for it."""
    await register_and_login(client, "old@example.com")
    legacy = bcrypt.hashpw(b"correct horse", bcrypt.gensalt(4)).decode()
    await conn.execute("UPDATE users SET password_hash = $1", legacy)
    for password in LONG_PASSWORDS.values():
        resp = await client.post(
            "/v1/auth/login", json={"email": "old@example.com", "password": password}
        )
        assert resp.status == 401, await resp.text()
    resp = await client.post(
        "/v1/auth/login", json={"email": "old@example.com", "password": "correct horse"}
    )
    assert resp.status == 200, await resp.text()
    token = (await resp.json())["access_token"]
    resp = await client.patch(
        "/v1/me",
        json={"password": "correct horse battery", "current_password": "x" * 73},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status == 403, await resp.text()


async def test_the_password_limit_is_stated_in_the_openapi_document(client: Client) -> None:
    doc = await (await client.get("/openapi.json")).json()
    schemas = doc["components"]["schemas"]
    assert schemas["RegisterRequest"]["properties"]["password"]["maxLength"] == 1024
    resp = await client.post(
        "/v1/auth/register",
        json={"email": "max@example.com", "password": "é" * 1025, "display_name": "Max"},
    )
    assert resp.status == 422
    assert [e["path"] for e in (await resp.json())["errors"]] == ["$.password"]
