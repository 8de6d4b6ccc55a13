"""`hypernet serve` as a process: it migrates, serves, and on SIGTERM lets in-flight requests
finish before it exits."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import uuid

import aiohttp
import asyncpg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_sigterm_lets_an_in_flight_request_finish(db_dsn: str, tmp_path: object) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_dsn,
        "HYPERNET_PORT": str(port),
        "HYPERNET_DATA_DIR": str(tmp_path),
        "HYPERNET_BCRYPT_ROUNDS": "4",
        "HYPERNET_LOCK_TIMEOUT": "30",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "hypernet",
        "serve",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    holder = await asyncpg.connect(db_dsn)
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(150):
                try:
                    async with http.get(base + "/health/ready") as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            account = {"email": "s@example.com", "password": "long enough"}
            await http.post(base + "/v1/auth/register", json={**account, "display_name": "S"})
            async with http.post(base + "/v1/auth/login", json=account) as resp:
                headers = {"Authorization": "Bearer " + (await resp.json())["access_token"]}
            async with http.post(
                base + "/v1/media",
                headers=headers,
                json={
                    "filename": "a.jpg",
                    "media_type": "photo",
                    "mime_type": "image/jpeg",
                    "size": 1,
                    "file_path": "a.jpg",
                },
            ) as resp:
                media_id = (await resp.json())["id"]

            # Hold the row, so the PATCH below is in flight when the signal arrives.
            tx = holder.transaction()
            await tx.start()
            await holder.execute(
                "SELECT 1 FROM media WHERE id = $1 FOR UPDATE", uuid.UUID(media_id)
            )
            patch = asyncio.create_task(
                http.patch(
                    f"{base}/v1/media/{media_id}", json={"filename": "b.jpg"}, headers=headers
                )
            )
            await asyncio.sleep(0.5)
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)
            await tx.rollback()
            resp = await asyncio.wait_for(patch, 20)
            assert resp.status == 200
            assert (await resp.json())["filename"] == "b.jpg"
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        output = (await proc.stdout.read()).decode() if proc.stdout else ""
        assert "finishing in-flight requests" in output
    finally:
        await holder.close()
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
