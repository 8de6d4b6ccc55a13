"""`hypernet serve --workers N`: N service processes on one port, looked after by this one.

The supervisor migrates once and keeps the embedded server (if any) running, then starts N
`hypernet serve --no-migrate` processes that each bind the port with SO_REUSEPORT (the kernel
spreads new connections over them) and connect to the database it names for them. A worker that
dies is started again; one that cannot even start (three exits within seconds of starting) stops
them all. So does a port already held (found before any worker starts), and so do read replicas
(their read-your-writes marks would not reach the other workers). Workers die with the
supervisor, however it dies. SIGTERM or SIGINT is passed on: each worker finishes its in-flight
requests and exits, then the supervisor does.

Per process, not shared: the pool (N times HYPERNET_POOL_MAX_SIZE connections in all), the
token cache and the metrics (worker i serves them on the port of HYPERNET_METRICS_ADDRESS
plus i).
"""

from __future__ import annotations

import asyncio
import ctypes
import errno
import logging
import os
import signal
import socket
import sys
import time

from hypernet.api.server import apply_migrations
from hypernet.core.config import Settings, metrics_listen_address
from hypernet.core.crypto import load_or_create_keyring
from hypernet.core.security import load_or_create_secret
from hypernet.db.target import database_urls

log = logging.getLogger("hypernet")

# A worker that exits this soon after starting did not get to serve: after so many in a row,
# starting it again will not help (the port is taken, the settings are refused).
_QUICK_EXIT_SECONDS = 5.0
_QUICK_EXITS_TO_GIVE_UP = 3


_PR_SET_PDEATHSIG = 1


class WorkersFailed(RuntimeError):
    """A worker could not start, several times over, or cannot start at all (the port is
    taken, replicas with workers); nothing was left running."""


def _die_with_the_supervisor() -> None:
    """In each worker, before it runs: SIGTERM when the supervisor dies, however it dies (a
    SIGKILL, the OOM killer), so no orphan keeps a share of the port."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _port_is_free(host: str, port: int) -> None:
    """Bind the port once without SO_REUSEPORT: workers of an earlier supervisor, or another
    service, holding it make this fail, where the workers' own binds would share it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            why = "address already in use" if exc.errno == errno.EADDRINUSE else str(exc)
            raise WorkersFailed(f"cannot serve on {host}:{port}: {why}") from None


def _worker_environment(
    settings: Settings, service_url: str, owner_url: str, index: int
) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": service_url, "HYPERNET_OWNER_DATABASE_URL": owner_url}
    where = metrics_listen_address(settings)
    if where is not None:
        host, port = where
        host = f"[{host}]" if ":" in host else host
        env["HYPERNET_METRICS_ADDRESS"] = f"{host}:{port + index}"
    return env


async def _run_worker(
    index: int,
    env: dict[str, str],
    stopping: asyncio.Event,
    procs: dict[int, asyncio.subprocess.Process],
) -> None:
    """Keep worker `index` running until the supervisor stops."""
    quick_exits = 0
    while not stopping.is_set():
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "hypernet",
            "serve",
            "--no-migrate",
            "--reuse-port",
            env=env,
            preexec_fn=_die_with_the_supervisor,
        )
        procs[index] = proc
        if stopping.is_set():  # the stop came while it was being started
            proc.send_signal(signal.SIGTERM)
            await proc.wait()
            return
        log.info("worker %d started (pid %d)", index, proc.pid)
        code = await proc.wait()
        if stopping.is_set():
            return
        quick_exits = quick_exits + 1 if time.monotonic() - started < _QUICK_EXIT_SECONDS else 0
        if quick_exits >= _QUICK_EXITS_TO_GIVE_UP:
            raise WorkersFailed(
                f"worker {index} exited {quick_exits} times within {_QUICK_EXIT_SECONDS:g} s of "
                f"starting (last exit code {code}); its output above says why"
            )
        log.warning(
            "worker %d (pid %d) exited with code %d; starting it again", index, proc.pid, code
        )
        await asyncio.sleep(min(1.0, 0.2 * quick_exits))


async def serve_workers(settings: Settings, workers: int, migrate: bool = True) -> None:
    if settings.replica_url_list:
        # Read-your-writes marks live in the process that saw the write; the next request may
        # reach another worker, which would read a replica that lacks it.
        raise WorkersFailed(
            "--workers with HYPERNET_REPLICA_URLS is refused: a user's reads after their write "
            "could reach another worker, which does not know of the write; run one process "
            "per host (or per port) with read replicas"
        )
    _port_is_free(settings.host, settings.port)
    # Made once here, so the workers read the same secret and keys rather than race to make them.
    load_or_create_secret(settings.jwt_secret, settings.data_path)
    load_or_create_keyring(settings)
    async with database_urls(settings) as targets:
        await apply_migrations(settings, targets.owner, migrate)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        procs: dict[int, asyncio.subprocess.Process] = {}
        keepers = [
            asyncio.create_task(
                _run_worker(
                    i,
                    _worker_environment(settings, targets.service, targets.owner, i),
                    stopping,
                    procs,
                )
            )
            for i in range(workers)
        ]
        log.info("serving on http://%s:%d with %d workers", settings.host, settings.port, workers)
        stopped = asyncio.create_task(stopping.wait())
        failure: BaseException | None = None
        try:
            done, _ = await asyncio.wait([stopped, *keepers], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task is not stopped and task.exception() is not None:
                    failure = task.exception()
        finally:
            stopping.set()
            log.info("shutting down: the workers finish their in-flight requests")
            for proc in list(procs.values()):
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
            # One deadline for all: they stop side by side, not one after the other.
            running = list(procs.values())
            if running:
                await asyncio.wait(
                    [asyncio.ensure_future(proc.wait()) for proc in running],
                    timeout=settings.shutdown_timeout + 5,
                )
            for proc in running:
                if proc.returncode is None:
                    log.warning("worker pid %d did not stop in time; killed", proc.pid)
                    proc.kill()
                    await proc.wait()
            for task in keepers:
                task.cancel()
            await asyncio.gather(*keepers, stopped, return_exceptions=True)
        if failure is not None:
            raise failure
