"""`hypernet db purge`: trash older than the retention period goes, in batches; nothing else."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_albums_api import add, album, create_album
from tests.test_media_api import create as create_media

Client = TestClient[Any, Any]


async def age_trash(conn: asyncpg.Connection, table: str, ids: list[str], days: int) -> None:
    # Test set-up only: pretend these rows went to the trash `days` ago.
    await conn.execute(
        f"UPDATE {table} SET deleted_at = now() - make_interval(days => $2) WHERE id = ANY($1)",
        [uuid.UUID(i) for i in ids],
        days,
    )


async def test_purge_removes_only_trash_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    a = await create_album(client, alice)
    old = [(await create_media(client, alice))["id"] for _ in range(5)]
    recent = (await create_media(client, alice))["id"]
    live = (await create_media(client, alice))["id"]
    await add(client, alice, a["id"], [*old, recent, live])
    for media_id in [*old, recent]:
        assert (await client.delete(f"/v1/media/{media_id}", headers=alice)).status == 204
    await age_trash(conn, "media", old, days=31)
    lines: list[str] = []
    totals = await purge(conn, retention=timedelta(days=30), batch_size=2, progress=lines.append)
    assert totals["media"] == 5
    assert any("media: 4 purged" in line for line in lines)  # progress after each batch
    trash = await (await client.get("/v1/media/trash", headers=alice)).json()
    assert [m["id"] for m in trash["items"]] == [recent]
    assert (await album(client, alice, a["id"]))["media_count"] == 1
    restored = await client.post(f"/v1/media/{recent}/restore", headers=alice)
    assert restored.status == 200
    assert (await album(client, alice, a["id"]))["media_count"] == 2
    links_to_old = await client.get("/v1/links", params={"to": old[0]}, headers=alice)
    assert (await links_to_old.json())["items"] == []


async def test_purged_album_takes_its_links(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    a = await create_album(client, alice)
    m = (await create_media(client, alice))["id"]
    await add(client, alice, a["id"], [m])
    await client.delete(f"/v1/albums/{a['id']}", headers=alice)
    await age_trash(conn, "albums", [a["id"]], days=40)
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["albums"] == 1
    links = await (await client.get("/v1/links", params={"to": m}, headers=alice)).json()
    assert links["items"] == []
    assert (await client.get(f"/v1/media/{m}", headers=alice)).status == 200


async def test_purge_command_prints_progress(db_dsn: str) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "hypernet",
        "db",
        "purge",
        "--retention-days",
        "30",
        env={**os.environ, "DATABASE_URL": db_dsn},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert "media: done, 0 purged" in out.decode()
    assert out.decode().strip().splitlines()[-1].startswith("purged ")
