"""Integration secrets: sealed with AES-256-GCM in the application, never returned by the API,
never in plaintext in the database or a dump, bound to their row, and rotatable to a new key
while they stay readable."""

from __future__ import annotations

import asyncio
import base64
import os
import stat
import sys
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from hypernet.core.config import PROJECT_ROOT, ConfigError, Settings, load_settings
from hypernet.core.crypto import Keyring, SecretDecryptionError, encode_key, load_or_create_keyring
from hypernet.db.cluster import embedded_bindir
from hypernet.mappers.integrations import IntegrationSecretsMapper
from hypernet.ops.key_rotation import rotate
from tests.conftest import TEST_SETTINGS, Server
from tests.test_integrations import create_integration

Client = TestClient[Any, Any]

ACCESS = "ya29.access-PLAINTEXT-7f3a9c"
REFRESH = "1//refresh-PLAINTEXT-c0ffee"


def service_keyring() -> Keyring:
    return load_or_create_keyring(TEST_SETTINGS)


async def connect_with_secrets(
    client: Client, headers: dict[str, str], **secrets: Any
) -> dict[str, Any]:
    """An integration with tokens stored through the API; returns the integration."""
    integration = await create_integration(client, headers)
    body = {"access_token": ACCESS, "refresh_token": REFRESH, **secrets}
    resp = await client.put(
        f"/v1/integrations/{integration['id']}/secrets", json=body, headers=headers
    )
    assert resp.status == 204, await resp.text()
    return integration


async def test_stored_secrets_open_through_the_mapper(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    integration = await connect_with_secrets(client, alice, expires_at="2026-09-01T10:00:00Z")
    user_id, integration_id = uuid.UUID(integration["user_id"]), uuid.UUID(integration["id"])
    secrets = await IntegrationSecretsMapper(owner_pool, service_keyring()).get(
        user_id, integration_id
    )
    assert secrets is not None
    assert (secrets.access_token, secrets.refresh_token) == (ACCESS, REFRESH)
    assert secrets.expires_at is not None and secrets.expires_at.year == 2026
    assert secrets.key_id == "test-1"
    assert ACCESS not in repr(secrets) and REFRESH not in repr(secrets)


async def test_the_api_never_returns_secrets(client: Client, alice: dict) -> None:
    integration = await connect_with_secrets(client, alice, expires_at="2026-09-01T10:00:00Z")
    url = f"/v1/integrations/{integration['id']}"
    texts = []
    for path in (url, "/v1/integrations", "/v1/audit", "/openapi.json"):
        resp = await client.get(path, headers=alice)
        assert resp.status == 200
        texts.append(await resp.text())
    assert not any(ACCESS in t or REFRESH in t for t in texts)
    shown = await (await client.get(url, headers=alice)).json()
    assert shown["has_secrets"] is True
    assert shown["secrets_expire_at"] == "2026-09-01T10:00:00Z"
    assert "access_token" not in shown and "refresh_token" not in shown


async def test_a_secret_write_is_audited_without_the_tokens(client: Client, alice: dict) -> None:
    integration = await connect_with_secrets(client, alice)
    events = await (await client.get("/v1/audit", headers=alice)).json()
    writes = [e for e in events["items"] if e["action"] == "integrations.put_integration_secrets"]
    assert len(writes) == 1
    assert writes[0]["object_id"] == integration["id"]
    assert writes[0]["object_type"] == "integrations"
    assert ACCESS not in str(writes[0]) and REFRESH not in str(writes[0])


async def test_secrets_are_replaced_and_forgotten_and_move_the_etag(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    integration = await connect_with_secrets(client, alice)
    url = f"/v1/integrations/{integration['id']}"
    etag = (await client.get(url, headers=alice)).headers["ETag"]
    resp = await client.put(
        url + "/secrets", json={"access_token": "second"}, headers={**alice, "If-Match": etag}
    )
    assert resp.status == 204
    new_etag = resp.headers["ETag"]
    assert new_etag != etag
    assert (await client.get(url, headers=alice)).headers["ETag"] == new_etag
    stale = await client.put(
        url + "/secrets", json={"access_token": "third"}, headers={**alice, "If-Match": etag}
    )
    assert stale.status == 412
    mapper = IntegrationSecretsMapper(owner_pool, service_keyring())
    user_id, integration_id = uuid.UUID(integration["user_id"]), uuid.UUID(integration["id"])
    secrets = await mapper.get(user_id, integration_id)
    assert secrets is not None
    assert (secrets.access_token, secrets.refresh_token) == ("second", None)
    assert (await client.delete(url + "/secrets", headers=alice)).status == 204
    assert await mapper.get(user_id, integration_id) is None
    shown = await (await client.get(url, headers=alice)).json()
    assert (shown["has_secrets"], shown["secrets_expire_at"]) == (False, None)


async def test_bad_secret_bodies_are_422_and_never_echo_a_token(
    client: Client, alice: dict
) -> None:
    integration = await create_integration(client, alice)
    url = f"/v1/integrations/{integration['id']}/secrets"
    bad = [
        {"refresh_token": ACCESS},
        {"access_token": ""},
        {"access_token": ACCESS, "expires_at": "tomorrow"},
        {"access_token": ACCESS, "expires_at": "2026-01-01T00:00:00"},
        {"access_token": ACCESS, "scope": ACCESS},
        {"access_token": ACCESS * 1000},
        {"access_token": 12345},
    ]
    for body in bad:
        resp = await client.put(url, json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        assert ACCESS not in await resp.text()
    shown = await (await client.get(f"/v1/integrations/{integration['id']}", headers=alice)).json()
    assert shown["has_secrets"] is False


async def test_a_pg_dump_holds_no_plaintext_token_and_no_key(
    client: Client, alice: dict, bob: dict, db_dsn: str, pg_server: Server
) -> None:
    for headers in (alice, bob):
        await connect_with_secrets(client, headers)
    bindir = pg_server.bindir or embedded_bindir()
    proc = await asyncio.create_subprocess_exec(
        str(bindir / "pg_dump"),
        "--no-owner",
        "--dbname",
        db_dsn,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    dump = out.decode()
    # The dump holds the rows: sealed, in a COPY block of integration_secrets.
    assert "COPY public.integration_secrets" in dump
    rows = dump.split("COPY public.integration_secrets", 1)[1].split("\\.", 1)[0]
    assert rows.count("\\\\x01") >= 4  # access and refresh token of two rows, format byte 1
    key = base64.b64decode((TEST_SETTINGS.secret_keys or "").split(":", 1)[1])
    for needle in (ACCESS, REFRESH, "PLAINTEXT", base64.b64encode(key).decode(), key.hex()):
        assert needle not in dump
        assert needle.encode().hex() not in dump


async def test_the_database_refuses_a_plaintext_token(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    integration = await create_integration(client, alice)
    with pytest.raises(asyncpg.CheckViolationError, match="access_token_sealed"):
        await conn.execute(
            "INSERT INTO integration_secrets (user_id, integration_id, key_id, access_token) "
            "VALUES ($1, $2, 'test-1', $3)",
            uuid.UUID(integration["user_id"]),
            uuid.UUID(integration["id"]),
            ACCESS.encode(),
        )


async def test_a_tampered_ciphertext_does_not_decrypt(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    integration = await connect_with_secrets(client, alice)
    user_id, integration_id = uuid.UUID(integration["user_id"]), uuid.UUID(integration["id"])
    await conn.execute(
        "UPDATE integration_secrets "
        "SET access_token = set_byte(access_token, 20, get_byte(access_token, 20) # 1) "
        "WHERE integration_id = $1",
        integration_id,
    )
    mapper = IntegrationSecretsMapper(conn, service_keyring())
    with pytest.raises(SecretDecryptionError, match="does not authenticate"):
        await mapper.get(user_id, integration_id)


async def test_a_ciphertext_moved_to_another_row_or_column_does_not_decrypt(
    client: Client, alice: dict, bob: dict, conn: asyncpg.Connection
) -> None:
    first = await connect_with_secrets(client, alice)
    second = await connect_with_secrets(client, alice)
    bobs = await connect_with_secrets(client, bob)
    mapper = IntegrationSecretsMapper(conn, service_keyring())

    def ids(i: dict[str, Any]) -> tuple[uuid.UUID, uuid.UUID]:
        return uuid.UUID(i["user_id"]), uuid.UUID(i["id"])

    # Alice's second integration gets her first one's ciphertexts.
    await conn.execute(
        "UPDATE integration_secrets AS t SET access_token = f.access_token, "
        "refresh_token = f.refresh_token FROM integration_secrets AS f "
        "WHERE f.integration_id = $1 AND t.integration_id = $2",
        ids(first)[1],
        ids(second)[1],
    )
    with pytest.raises(SecretDecryptionError, match="copied from another row"):
        await mapper.get(*ids(second))
    # Bob's row gets Alice's: another user too.
    await conn.execute(
        "UPDATE integration_secrets AS t SET access_token = f.access_token "
        "FROM integration_secrets AS f WHERE f.integration_id = $1 AND t.integration_id = $2",
        ids(first)[1],
        ids(bobs)[1],
    )
    with pytest.raises(SecretDecryptionError):
        await mapper.get(*ids(bobs))
    # The refresh token in the access token's place.
    await conn.execute(
        "UPDATE integration_secrets SET access_token = refresh_token, "
        "refresh_token = access_token WHERE integration_id = $1",
        ids(first)[1],
    )
    with pytest.raises(SecretDecryptionError):
        await mapper.get(*ids(first))


async def test_a_row_under_a_key_that_is_not_configured_says_so(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    integration = await connect_with_secrets(client, alice)
    other = Keyring({"elsewhere": os.urandom(32)}, "elsewhere")
    mapper = IntegrationSecretsMapper(owner_pool, other)
    with pytest.raises(SecretDecryptionError, match="'test-1', which is not configured"):
        await mapper.get(uuid.UUID(integration["user_id"]), uuid.UUID(integration["id"]))


async def test_rotate_key_reseals_everything_while_old_rows_stay_readable(
    client: Client, alice: dict, bob: dict, conn: asyncpg.Connection
) -> None:
    connected = [await connect_with_secrets(client, h) for h in (alice, bob, alice, bob, alice)]
    plain = await connect_with_secrets(client, alice, refresh_token=None)
    connected.append(plain)
    old = service_keyring()
    new_key = os.urandom(32)
    both = Keyring({"test-1": load_key(old), "k2": new_key}, "k2")

    async def all_open(keyring: Keyring) -> list[tuple[str, str | None]]:
        mapper = IntegrationSecretsMapper(conn, keyring)
        found = []
        for i in connected:
            s = await mapper.get(uuid.UUID(i["user_id"]), uuid.UUID(i["id"]))
            assert s is not None
            found.append((s.access_token, s.refresh_token))
        return found

    expected = [(ACCESS, REFRESH)] * 5 + [(ACCESS, None)]
    # Midway: one batch moved, the rest still under the old key; every row opens.
    async with conn.transaction():
        batch = await IntegrationSecretsMapper(conn, both).reseal_batch(2)
    assert (batch.resealed, batch.failed) == (2, [])
    keys = await conn.fetch("SELECT key_id, count(*) FROM integration_secrets GROUP BY 1")
    assert {r["key_id"]: r["count"] for r in keys} == {"test-1": 4, "k2": 2}
    assert await all_open(both) == expected

    lines: list[str] = []
    assert await rotate(conn, both, batch_size=3, progress=lines.append) == 4
    assert lines[0].startswith("4 secret(s) to re-encrypt under key 'k2'")
    assert any(line.startswith("re-encrypted 4/4") for line in lines)
    assert lines[-1].startswith("done: 4 re-encrypted")
    assert await conn.fetchval("SELECT array_agg(DISTINCT key_id) FROM integration_secrets") == [
        "k2"
    ]
    # The old key can go now.
    assert await all_open(Keyring({"k2": new_key}, "k2")) == expected
    # And a second run has nothing to do.
    assert await rotate(conn, both, progress=lines.append) == 0


def load_key(keyring: Keyring) -> bytes:
    """The test key's bytes (the keyring itself never hands them out)."""
    assert keyring.current_id == "test-1"
    return base64.b64decode((TEST_SETTINGS.secret_keys or "").split(":", 1)[1])


async def test_rotate_key_command_reseals_with_a_progress_line(
    client: Client, alice: dict, db_dsn: str, owner_pool: asyncpg.Pool, tmp_path: Path
) -> None:
    connected = [await connect_with_secrets(client, alice) for _ in range(3)]
    new_key = os.urandom(32)
    env = {
        **os.environ,
        "DATABASE_URL": db_dsn,
        "HYPERNET_DATA_DIR": str(tmp_path),
        "HYPERNET_SECRET_KEYS": f"{TEST_SETTINGS.secret_keys},{encode_key('k2', new_key)}",
        "HYPERNET_SECRET_KEY_ID": "k2",
    }

    async def hypernet(*args: str) -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "hypernet",
            *args,
            env=env,
            cwd=PROJECT_ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await proc.communicate()
        shown = out.decode() + err.decode()
        assert new_key.hex() not in shown and base64.b64encode(new_key).decode() not in shown
        assert proc.returncode is not None
        return proc.returncode, out.decode() + err.decode()

    code, text = await hypernet("secrets", "status")
    assert code == 0, text
    assert "test-1: 3 secret(s) (old, configured)" in text
    code, text = await hypernet("secrets", "rotate-key", "--batch-size", "2")
    assert code == 0, text
    assert "re-encrypted 2/3" in text and "re-encrypted 3/3" in text
    assert "every secret is under key 'k2'" in text
    code, text = await hypernet("secrets", "status")
    assert code == 0 and "  k2: current" in text and "  test-1:" not in text, text
    mapper = IntegrationSecretsMapper(owner_pool, Keyring({"k2": new_key}, "k2"))
    for i in connected:
        s = await mapper.get(uuid.UUID(i["user_id"]), uuid.UUID(i["id"]))
        assert s is not None and s.access_token == ACCESS


async def test_rotate_key_stops_on_a_row_that_does_not_open(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    integration = await connect_with_secrets(client, alice)
    await conn.execute(
        "UPDATE integration_secrets "
        "SET access_token = set_byte(access_token, 30, get_byte(access_token, 30) # 1) "
        "WHERE integration_id = $1",
        uuid.UUID(integration["id"]),
    )
    both = Keyring({"test-1": load_key(service_keyring()), "k2": os.urandom(32)}, "k2")
    from hypernet.ops.key_rotation import RotationError

    with pytest.raises(RotationError, match=f"integration {integration['id']}"):
        await rotate(conn, both, progress=lambda line: None)
    assert await conn.fetchval("SELECT key_id FROM integration_secrets") == "test-1"


def test_secret_key_settings_fail_in_one_line_naming_the_variable() -> None:
    good = base64.b64encode(os.urandom(32)).decode()
    short = base64.b64encode(os.urandom(16)).decode()
    cases = {
        "HYPERNET_SECRET_KEYS": {"HYPERNET_SECRET_KEYS": f"k1:{short}"},
        "HYPERNET_SECRET_KEY_ID": {
            "HYPERNET_SECRET_KEYS": f"k1:{good}",
            "HYPERNET_SECRET_KEY_ID": "k9",
        },
    }
    for var, env in cases.items():
        with pytest.raises(ConfigError) as info:
            load_settings(env)
        message = str(info.value)
        assert var in message and "\n" not in message
        assert short not in message and good not in message
    for env in (
        {"HYPERNET_SECRET_KEYS": f"k1:{good},k2:{good}"},  # which one is current?
        {"HYPERNET_SECRET_KEY_ID": "k1"},
        {"HYPERNET_SECRET_KEYS": "not a key list"},
        {"HYPERNET_SECRET_KEYS": f"k1:{good},k1:{good}", "HYPERNET_SECRET_KEY_ID": "k1"},
    ):
        with pytest.raises(ConfigError, match="HYPERNET_SECRET_KEY"):
            load_settings(env)
    settings = load_settings({"HYPERNET_SECRET_KEYS": f"k1:{good}"})
    keyring = load_or_create_keyring(settings)
    assert keyring.current_id == "k1"
    assert good not in repr(settings) and good not in repr(keyring)


def test_without_configured_keys_one_is_made_once_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=str(tmp_path / "data"))
    first = load_or_create_keyring(settings)
    path = tmp_path / "data" / "secret-keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = load_or_create_keyring(settings)
    assert first.current_id == second.current_id
    user, integration = uuid.uuid4(), uuid.uuid4()
    sealed = first.seal("tok", user_id=user, integration_id=integration, column="access_token")
    opened = second.open(
        second.current_id, sealed, user_id=user, integration_id=integration, column="access_token"
    )
    assert opened == "tok"
