"""GDPR: the account export (GET /v1/me/export) and erasure (DELETE /v1/me), and the one list
of user-owned tables both read, held against the catalog."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import io
import json
import time
import tracemalloc
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from hypernet.api.keys import POOL
from hypernet.db.pool import APP_ROLE
from hypernet.mappers.account_data import NOT_OWNED, OWNED_TABLES
from hypernet.ops import erasure, export
from hypernet.ops.erasure import erase_account, pseudonym_of
from hypernet.ops.purge import purge
from tests.conftest import register_and_login
from tests.test_tenant_isolation import BODIES, objects_of_a

Client = TestClient[Any, Any]

# Every table with a user_id column, straight from the catalog (partitions left out: their
# parent stands for them).
_USER_OWNED_TABLES = """
SELECT c.relname
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND a.attname = 'user_id'
    AND NOT a.attisdropped
    AND c.relkind IN ('r', 'p')
    AND NOT c.relispartition
ORDER BY c.relname
"""

# Foreign keys between two tables of the public schema: (referencing, referenced).
_FOREIGN_KEYS = """
SELECT DISTINCT
    src.relname AS referencing,
    dst.relname AS referenced
FROM pg_constraint AS k
JOIN pg_class AS src ON src.oid = k.conrelid
JOIN pg_class AS dst ON dst.oid = k.confrelid
WHERE k.contype = 'f'
    AND NOT src.relispartition
"""


async def user_owned_tables(conn: asyncpg.Connection) -> list[str]:
    return [r["relname"] for r in await conn.fetch(_USER_OWNED_TABLES)]


async def rows_of(conn: asyncpg.Connection, user: uuid.UUID) -> dict[str, int]:
    """How many rows of each user-owned table (from the catalog) name this user."""
    counts = {}
    for table in await user_owned_tables(conn):
        counts[table] = await conn.fetchval(
            f"SELECT count(*) FROM {table} WHERE user_id = $1", user
        )
    counts["users"] = await conn.fetchval("SELECT count(*) FROM users WHERE id = $1", user)
    return counts


async def me(client: Client, headers: dict[str, str]) -> uuid.UUID:
    return uuid.UUID((await (await client.get("/v1/me", headers=headers)).json())["id"])


async def download(client: Client, headers: dict[str, str]) -> bytes:
    resp = await client.get("/v1/me/export", headers=headers)
    assert resp.status == 200, await resp.text()
    assert resp.headers["Content-Type"] == "application/zip"
    assert resp.headers["Content-Disposition"].startswith("attachment; filename=")
    return await resp.read()


# -- the list of owned tables against the catalog ------------------------------------------------


async def test_every_table_with_a_user_id_is_exported_and_erased_or_says_why(
    conn: asyncpg.Connection,
) -> None:
    catalog = set(await user_owned_tables(conn))
    listed = [t.name for t in OWNED_TABLES]
    assert len(listed) == len(set(listed))
    assert catalog - set(NOT_OWNED) == set(listed), (
        "add each new user-owned table to OWNED_TABLES in hypernet/mappers/account_data.py "
        "(with its export_ and erase_ queries) or to NOT_OWNED with a reason"
    )
    for table in OWNED_TABLES:
        assert table.export is not None or table.why, table.name
        assert table.erase or table.why, table.name


async def test_erasure_order_deletes_each_referencing_table_before_the_table_it_references(
    conn: asyncpg.Connection,
) -> None:
    position = {t.name: i for i, t in enumerate(OWNED_TABLES) if t.erase}
    for fk in await conn.fetch(_FOREIGN_KEYS):
        src, dst = fk["referencing"], fk["referenced"]
        if src in position and dst in position and src != dst:
            assert position[src] < position[dst], f"{src} names {dst}: erase {src} first"


# -- export --------------------------------------------------------------------------------------


async def test_the_export_holds_every_type_of_the_caller_with_counts_and_checksums(
    client: Client,
) -> None:
    a = await register_and_login(client, "exporter@example.com")
    b = await register_and_login(client, "neighbour@example.com")
    ids = await objects_of_a(client, a)
    secrets = await client.put(
        f"/v1/integrations/{ids['integration']}/secrets",
        headers=a,
        json=BODIES[("PUT", "/v1/integrations/{id}/secrets")],
    )
    assert secrets.status < 300, await secrets.text()
    b_ids = await objects_of_a(client, b)
    archive = zipfile.ZipFile(io.BytesIO(await download(client, a)))
    assert archive.testzip() is None
    manifest = json.loads(archive.read("manifest.json"))
    names = set(archive.namelist())
    expected = {"account.ndjson", "manifest.json"} | {
        f"{t.name}.ndjson" for t in OWNED_TABLES if t.export is not None
    }
    assert names == expected
    assert "integration_secrets.ndjson" not in names
    assert "integration_secrets" in manifest["left_out"]
    text_of_all = ""
    for entry in manifest["files"]:
        data = archive.read(entry["file"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        lines = data.decode().splitlines()
        assert len(lines) == entry["rows"], entry["file"]
        for line in lines:
            row = json.loads(line)
            assert isinstance(row, dict)
            owner = row.get("user_id", row.get("id"))
            assert owner == str(manifest["user_id"]) or entry["table"] != "account", row
            if "user_id" in row:
                assert row["user_id"] == manifest["user_id"], (entry["file"], row)
        text_of_all += data.decode()
    rows = {e["table"]: e["rows"] for e in manifest["files"]}
    assert rows["account"] == 1
    assert rows["media"] == 2
    for table in (
        "albums",
        "links",
        "integrations",
        "emails",
        "email_threads",
        "chat_messages",
        "chat_conversations",
        "ai_interactions",
        "social_accounts",
        "social_posts",
        "contacts",
        "notifications",
        "profile_attributes",
        "devices",
        "transactions",
        "notes",
        "documents",
        "projects",
        "calendar_events",
        "locations",
        "health_records",
        "web_pages",
        "bookmarks",
        "user_emails",
    ):
        assert rows[table] >= 1, table
    assert rows["tasks"] == 2
    assert rows["refresh_tokens"] >= 1
    assert rows["audit_log"] >= 20  # every write of objects_of_a, and the login
    for oid in ids.values():
        assert oid in text_of_all
    for oid in b_ids.values():
        if oid not in ids.values():  # the chat conversation id is the same text for both
            assert oid not in text_of_all, f"B's {oid} in A's export"
    assert "neighbour@example.com" not in text_of_all
    account = json.loads(archive.read("account.ndjson"))
    assert account["email"] == "exporter@example.com"
    assert "password_hash" not in account and "$2b$" not in text_of_all
    assert "token_hash" not in text_of_all
    assert "access_token" not in text_of_all


async def test_the_export_is_audited(client: Client, pool: asyncpg.Pool) -> None:
    a = await register_and_login(client)
    await download(client, a)
    events = await (await client.get("/v1/audit?limit=50", headers=a)).json()
    assert "users.export" in [e["action"] for e in events["items"]]


async def test_a_large_export_streams_in_flat_memory(
    client: Client, conn: asyncpg.Connection
) -> None:
    """200,000 location points (about 60 MB of NDJSON) download while Python's allocations
    stay a small fraction of that: batches through a cursor, never the whole table."""
    a = await register_and_login(client, "traveller@example.com")
    owner = await me(client, a)
    n = 200_000
    start = datetime(2025, 1, 1, tzinfo=UTC)
    await conn.execute("RESET ROLE")
    await conn.copy_records_to_table(
        "locations",
        records=(
            (owner, uuid.uuid4(), start + timedelta(seconds=60 * i), 52.0 + i * 1e-6, 13.0, 5.0)
            for i in range(n)
        ),
        columns=["user_id", "id", "recorded_at", "latitude", "longitude", "accuracy_m"],
    )
    gc.collect()
    tracemalloc.start()
    try:
        resp = await client.get("/v1/me/export", headers=a)
        assert resp.status == 200
        total = 0
        zipped = io.BytesIO()  # the compressed bytes, to check them after the measurement
        async for chunk in resp.content.iter_chunked(1 << 16):
            total += len(chunk)
            zipped.write(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    archive = zipfile.ZipFile(zipped)
    manifest = json.loads(archive.read("manifest.json"))
    locations = next(f for f in manifest["files"] if f["table"] == "locations")
    assert locations["rows"] == n
    uncompressed = locations["bytes"]
    peak_without_download = peak - total  # the test keeps the compressed download itself
    print(
        f"\nexport of {n:,} points: {uncompressed / 1e6:.1f} MB of NDJSON, {total / 1e6:.1f} MB "
        f"zipped; Python peak {peak / 1e6:.1f} MB, "
        f"{peak_without_download / 1e6:.1f} MB without the downloaded bytes the test keeps"
    )
    assert uncompressed > 30_000_000
    assert peak_without_download < uncompressed / 5


async def test_a_slow_download_does_not_hold_a_database_connection(
    client: Client, conn: asyncpg.Connection
) -> None:
    """The client reads one kilobyte and stalls; the export still finishes reading the database
    and gives its connection back while the rest of the download waits for the client. (Socket
    buffers on loopback absorb a megabyte or more, so this holds a direct stream to account
    only beyond that; the guarantee itself is structural: the reader writes to the spool.)"""
    a = await register_and_login(client, "slow@example.com")
    owner = await me(client, a)
    await conn.execute("RESET ROLE")
    start = datetime(2025, 6, 1, tzinfo=UTC)
    await conn.copy_records_to_table(
        "locations",
        records=(
            (owner, uuid.uuid4(), start + timedelta(seconds=i), 40.0, 3.0) for i in range(40_000)
        ),
        columns=["user_id", "id", "recorded_at", "latitude", "longitude"],
    )
    pool = client.app[POOL].pool
    resp = await client.get("/v1/me/export", headers=a)
    assert resp.status == 200
    first = await resp.content.read(1024)
    deadline = time.monotonic() + 60
    while pool.get_idle_size() < pool.get_size():
        assert time.monotonic() < deadline, "the export still holds its connection"
        await asyncio.sleep(0.05)
    rest = await resp.read()
    assert len(rest) > 500_000  # what was still unread when the connection came back
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(first + rest)).read("manifest.json"))
    assert {f["table"]: f["rows"] for f in manifest["files"]}["locations"] == 40_000


# -- erasure ------------------------------------------------------------------------------------


async def test_erasing_the_account_leaves_no_row_of_it_in_any_user_owned_table(
    client: Client, conn: asyncpg.Connection
) -> None:
    a = await register_and_login(client, "leaving@example.com")
    b = await register_and_login(client, "staying@example.com")
    ids = await objects_of_a(client, a)
    put = await client.put(
        f"/v1/integrations/{ids['integration']}/secrets",
        headers=a,
        json=BODIES[("PUT", "/v1/integrations/{id}/secrets")],
    )
    assert put.status < 300
    await objects_of_a(client, b)
    login = await client.post(
        "/v1/auth/login", json={"email": "leaving@example.com", "password": "correct horse"}
    )
    refresh_token = (await login.json())["refresh_token"]
    a_id, b_id = await me(client, a), await me(client, b)
    await conn.execute("RESET ROLE")
    before = await rows_of(conn, a_id)
    assert before["integration_secrets"] == 1 and before["audit_log"] > 20
    b_before = await rows_of(conn, b_id)

    resp = await client.delete("/v1/me", headers=a, json={"password": "correct horse"})
    assert resp.status == 204, await resp.text()

    after = await rows_of(conn, a_id)
    assert after == dict.fromkeys(after, 0), {k: v for k, v in after.items() if v}
    assert await rows_of(conn, b_id) == b_before
    # The trail keeps one pseudonymous event, and nothing that names the account.
    erased = await conn.fetch(
        "SELECT user_id, actor_id, client_addr, details FROM audit_log WHERE action = $1",
        "users.erased",
    )
    assert len(erased) == 1
    assert erased[0]["user_id"] == pseudonym_of(a_id) != a_id
    assert erased[0]["actor_id"] is None and erased[0]["client_addr"] is None
    assert str(a_id) not in json.dumps(erased[0]["details"])
    assert await conn.fetchval("SELECT count(*) FROM account_erasures") == 0
    # An access token issued before is refused at once: the erasure ended its sessions.
    assert (await client.get("/v1/me", headers=a)).status == 401
    assert (await client.get("/v1/media", headers=a)).status == 401
    write = await client.post("/v1/notes", headers=a, json={"title": "after"})
    assert write.status == 401
    assert await rows_of(conn, a_id) == after
    # The session is gone, and the address is free again.
    resp = await client.post("/v1/auth/refresh", json={"refresh_token": refresh_token})
    assert resp.status == 401
    again = await register_and_login(client, "leaving@example.com")
    assert await me(client, again) != a_id


async def test_a_wrong_or_missing_password_erases_nothing(
    client: Client, conn: asyncpg.Connection
) -> None:
    a = await register_and_login(client)
    await objects_of_a(client, a)
    a_id = await me(client, a)
    await conn.execute("RESET ROLE")
    before = await rows_of(conn, a_id)
    wrong = await client.delete("/v1/me", headers=a, json={"password": "wrong horse"})
    assert wrong.status == 403
    assert (await wrong.json())["errors"][0]["path"] == "$.password"
    too_long = await client.delete("/v1/me", headers=a, json={"password": "é" * 40})
    assert too_long.status == 403  # 80 bytes: more than bcrypt reads, and no stored password is
    missing = await client.delete("/v1/me", headers=a, json={})
    assert missing.status == 422
    assert "`password`" in await missing.text()
    no_body = await client.delete("/v1/me", headers=a)
    assert no_body.status in (400, 415)
    anonymous = await client.delete("/v1/me", json={"password": "correct horse"})
    assert anonymous.status == 401
    after = await rows_of(conn, a_id)
    assert after["audit_log"] == before["audit_log"] + 2  # the refusals, recorded
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    assert (await client.get("/v1/me", headers=a)).status == 200


async def test_the_audit_trail_of_a_live_account_cannot_be_erased(
    client: Client, conn: asyncpg.Connection
) -> None:
    a = await register_and_login(client)
    a_id = await me(client, a)
    await conn.execute(f"SET ROLE {APP_ROLE}")
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="existing account"):
        await conn.fetchval("SELECT erase_audit_trail_batch($1, 10)", a_id)
    # Not even by setting the variable the erasure uses: the service role may not DELETE.
    async with conn.transaction():
        await conn.execute("SELECT set_config('hypernet.erasing_user_id', $1, true)", str(a_id))
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DELETE FROM audit_log WHERE user_id = $1", a_id)
    await conn.execute("RESET ROLE")
    # An account that is gone without an erasure in progress keeps its trail too.
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="no erasure"):
        await conn.fetchval("SELECT erase_audit_trail_batch($1, 10)", uuid.uuid4())
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await conn.execute("DELETE FROM audit_log WHERE user_id = $1", a_id)


async def test_erasing_tens_of_thousands_of_rows_runs_in_short_batches(
    client: Client, conn: asyncpg.Connection, pool: asyncpg.Pool
) -> None:
    a = await register_and_login(client, "heavy@example.com")
    b = await register_and_login(client, "light@example.com")
    a_id, b_id = await me(client, a), await me(client, b)
    await conn.execute("RESET ROLE")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    n_points, n_media = 40_000, 15_000
    await conn.copy_records_to_table(
        "locations",
        records=(
            (a_id, uuid.uuid4(), start + timedelta(minutes=30 * i), 48.0, 2.0)
            for i in range(n_points)
        ),
        columns=["user_id", "id", "recorded_at", "latitude", "longitude"],
    )
    await conn.copy_records_to_table(
        "media",
        records=(
            (a_id, uuid.uuid4(), f"p{i}.jpg", "photo", "image/jpeg", 1, f"p/{i}.jpg")
            for i in range(n_media)
        ),
        columns=["user_id", "id", "filename", "media_type", "mime_type", "size", "file_path"],
    )
    b_before = await rows_of(conn, b_id)
    started = time.monotonic()
    report = await erase_account(client.app[POOL], a_id, batch_size=5000)
    seconds = time.monotonic() - started
    print(
        f"\nerased {sum(report.rows.values()):,} rows in {report.batches} batches "
        f"of at most 5,000 in {seconds:.2f} s"
    )
    assert report.rows["locations"] == n_points and report.rows["media"] == n_media
    assert report.batches >= (n_points + n_media) // 5000
    after = await rows_of(conn, a_id)
    assert after == dict.fromkeys(after, 0)
    assert await rows_of(conn, b_id) == b_before


async def test_an_erasure_stopped_before_its_audit_trail_is_finished_by_the_purge(
    client: Client, conn: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = await register_and_login(client)
    await objects_of_a(client, a)
    a_id = await me(client, a)

    async def crash(*args: Any) -> int:
        raise RuntimeError("the process stopped here")

    monkeypatch.setattr(erasure, "erase_audit_batch", crash)
    with pytest.raises(RuntimeError):
        await erase_account(client.app[POOL], a_id)
    monkeypatch.undo()
    await conn.execute("RESET ROLE")
    left = await rows_of(conn, a_id)
    assert left["users"] == 0 and left["audit_log"] > 20 and left["account_erasures"] == 1
    totals = await purge(conn, retention=timedelta(days=30), batch_size=7)
    assert totals["account_erasures"] == left["audit_log"]
    after = await rows_of(conn, a_id)
    assert after == dict.fromkeys(after, 0)


async def test_an_export_that_fails_half_way_breaks_off_the_download_and_frees_its_connection(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headers are sent by then, so no problem document can follow: the chunked body stops
    without its last chunk, and the client sees the download fail rather than end."""
    a = await register_and_login(client)
    await objects_of_a(client, a)
    real = export.export_batches
    calls = 0

    async def failing(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise RuntimeError("the database went away")
        async for lines in real(*args):
            yield lines

    monkeypatch.setattr(export, "export_batches", failing)
    resp = await client.get("/v1/me/export", headers=a)
    assert resp.status == 200
    with pytest.raises(aiohttp.ClientPayloadError):
        await asyncio.wait_for(resp.read(), timeout=30)
    pool = client.app[POOL].pool
    for _ in range(100):
        if pool.get_idle_size() == pool.get_size():
            break
        await asyncio.sleep(0.05)
    assert pool.get_idle_size() == pool.get_size()
