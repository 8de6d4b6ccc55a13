"""`hypernet serve` as a process: it migrates, serves, and on SIGTERM lets in-flight requests
finish before it exits."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import uuid
from pathlib import Path

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


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


async def _wait_ready(http: aiohttp.ClientSession, base: str) -> None:
    for _ in range(200):
        try:
            async with http.get(base + "/health/ready") as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the service never became ready")


async def _drain(stream: asyncio.StreamReader | None, into: bytearray) -> None:
    """Read a child's output as it comes (a pipe nobody reads fills up and blocks the writer)."""
    while stream is not None and (chunk := await stream.read(65536)):
        into += chunk


async def test_workers_share_one_port_and_a_dead_worker_is_replaced(
    db_dsn: str, tmp_path: object
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_dsn,
        "HYPERNET_PORT": str(port),
        "HYPERNET_DATA_DIR": str(tmp_path),
        "HYPERNET_BCRYPT_ROUNDS": "4",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hypernet", "serve", "--workers", "2", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output = bytearray()
    drained = asyncio.create_task(_drain(proc.stdout, output))
    base = f"http://127.0.0.1:{port}"
    try:
        # A new connection per request: the kernel spreads connections, not requests.
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True), timeout=aiohttp.ClientTimeout(10)
        ) as http:
            await _wait_ready(http, base)
            for _ in range(100):
                if len(_children(proc.pid)) == 2:
                    break
                await asyncio.sleep(0.1)
            workers = _children(proc.pid)
            assert len(workers) == 2

            async def answering_processes() -> set[str]:
                # Request ids start with a prefix of the process's own.
                prefixes = set()
                for _ in range(30):
                    async with http.get(base + "/health/live") as resp:
                        assert resp.status == 200
                        prefixes.add(resp.headers["X-Request-Id"][:16])
                return prefixes

            async def both_answer(what: str) -> None:
                for _ in range(60):  # a worker is ready a few seconds after it starts
                    if len(await answering_processes()) == 2:
                        return
                    await asyncio.sleep(0.5)
                raise AssertionError(what)

            await both_answer("the two workers never both answered")
            os.kill(min(workers), signal.SIGKILL)
            for _ in range(100):
                now = _children(proc.pid)
                if len(now) == 2 and now != workers:
                    break
                await asyncio.sleep(0.1)
            assert len(now) == 2 and min(workers) not in now
            await both_answer("the replacement worker never answered")
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        assert not _children(proc.pid)
        await drained
        assert "with 2 workers" in output.decode()
        assert "exited with code -9; starting it again" in output.decode()
    finally:
        await _stop_all(proc)


async def _stop_all(proc: asyncio.subprocess.Process) -> None:
    """Stop the supervisor and, should it fail to, its workers (they hold the database)."""
    workers = _children(proc.pid)
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _any_alive(pids: set[int]) -> bool:
    return any(Path(f"/proc/{pid}").exists() for pid in pids)


async def test_workers_die_with_their_supervisor(db_dsn: str, tmp_path: object) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_dsn, "HYPERNET_PORT": str(port),
           "HYPERNET_DATA_DIR": str(tmp_path)}  # fmt: skip
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hypernet", "serve", "--workers", "2", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession() as http:
            await _wait_ready(http, f"http://127.0.0.1:{port}")
        workers = _children(proc.pid)
        assert len(workers) == 2
        proc.kill()  # SIGKILL: the supervisor cannot pass anything on
        await proc.wait()
        for _ in range(100):
            if not _any_alive(workers):
                break
            await asyncio.sleep(0.1)
        assert not _any_alive(workers), "orphaned workers"
    finally:
        await _stop_all(proc)


async def test_workers_on_a_taken_port_stop_at_once_with_the_reason(
    db_dsn: str, tmp_path: object
) -> None:
    with socket.socket() as taken:  # held without SO_REUSEPORT, as by another service
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, output = await _serve_workers(
            db_dsn, tmp_path, HYPERNET_PORT=str(taken.getsockname()[1])
        )
    assert code == 1
    assert "address already in use" in output


async def test_a_worker_that_keeps_failing_to_start_stops_the_service(
    db_dsn: str, tmp_path: object
) -> None:
    # Worker i serves metrics on the port plus i: worker 1's would be 65536, a setting refused.
    code, output = await _serve_workers(
        db_dsn, tmp_path, HYPERNET_PORT=str(free_port()), HYPERNET_METRICS_ADDRESS="127.0.0.1:65535"
    )
    assert code == 1
    assert "worker 1 exited 3 times within 5 s of starting (last exit code 2)" in output
    assert "HYPERNET_METRICS_ADDRESS" in output


async def test_workers_with_read_replicas_are_refused(db_dsn: str, tmp_path: object) -> None:
    code, output = await _serve_workers(
        db_dsn, tmp_path, HYPERNET_PORT=str(free_port()), HYPERNET_REPLICA_URLS=db_dsn
    )
    assert code == 1
    assert "--workers with HYPERNET_REPLICA_URLS is refused" in output


async def _serve_workers(db_dsn: str, tmp_path: object, **env: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hypernet", "serve", "--workers", "2",
        env={**os.environ, "DATABASE_URL": db_dsn, "HYPERNET_DATA_DIR": str(tmp_path), **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        output, _ = await asyncio.wait_for(proc.communicate(), 120)
    finally:
        if proc.returncode is None:
            await _stop_all(proc)
    return int(proc.returncode or 0), output.decode()


def test_workers_must_be_a_small_whole_number() -> None:
    import subprocess

    for bad in ("0", "two", "100"):
        run = subprocess.run(
            [sys.executable, "-m", "hypernet", "serve", "--workers", bad],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert run.returncode == 2
        assert "--workers" in run.stderr
