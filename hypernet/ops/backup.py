"""`hypernet db backup` and `db restore`: a pg_dump archive with a manifest that proves it.

A backup is two files: FILE, a pg_dump custom-format archive (any pg_restore reads it), and
FILE.manifest.json, which says what the archive holds: the server and its version, the
migration version, and for every table its row count and an order-free checksum of its rows,
all read in the very snapshot pg_dump dumps (pg_export_snapshot, pg_dump --snapshot), with the
archive's size and SHA-256. A restore goes into an empty database only, checks the archive
against the manifest first, and afterwards proves the result: the same tables with the same
counts and checksums, the same migration version, and `db verify` clean.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import asyncpg

from hypernet.core.config import Settings
from hypernet.db.cluster import ClusterError, embedded_bindir
from hypernet.db.migrate import Migrator, history_in_transaction, load_migrations
from hypernet.db.pool import embedded_cluster, init_connection, server_settings
from hypernet.db.queries import query
from hypernet.db.scratch import create_database, with_database

FORMAT = "hypernet-backup/1"
MANIFEST_SUFFIX = ".manifest.json"

_LIST_TABLES = query("backup/list_tables")
_TABLE_CHECKSUM = query("backup/table_checksum")
_ROW_TEXT_STYLES = query("backup/set_local_row_text_styles")
_EXPORT_SNAPSHOT = query("backup/export_snapshot")
_SERVER_IDENTITY = query("backup/server_identity")
_APPLICATION_RELATIONS = query("backup/application_relations")
_ENSURE_APP_ROLE = query("backup/ensure_app_role")
_DATABASE_EXISTS = query("catalog/database_exists")
_VACUUM_ANALYZE = query("tooling/vacuum_analyze")

Progress = Callable[[str], None]


def _quiet(line: str) -> None:
    pass


class BackupError(Exception):
    """A backup or restore could not be made or proven; the message says why and what to do."""


# -- the manifest -------------------------------------------------------------------------------


@dataclass
class TableFigures:
    schema: str
    table: str
    rows: int
    checksum: str

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}"


@dataclass
class Snapshot:
    """What a database holds at one instant: what the manifest records and a restore is
    compared with."""

    server_version: str
    server_major: int
    database: str
    migration_version: int
    migrations_applied: int
    tables: list[TableFigures] = field(default_factory=list)


def manifest_path(archive: Path) -> Path:
    return archive.with_name(archive.name + MANIFEST_SUFFIX)


def _manifest(
    snapshot: Snapshot, archive: Path, pg_dump_major: int, pg_dump_version: str
) -> dict[str, object]:
    return {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": snapshot.database,
        "server_version": snapshot.server_version,
        "server_major": snapshot.server_major,
        "pg_dump_version": pg_dump_version,
        "pg_dump_major": pg_dump_major,
        "migration_version": snapshot.migration_version,
        "migrations_applied": snapshot.migrations_applied,
        "archive": {
            "file": archive.name,
            "bytes": archive.stat().st_size,
            "sha256": _sha256(archive),
        },
        "checksum": "sum of hashtextextended(row text, 0) over the table's rows",
        "tables": [
            {"schema": t.schema, "table": t.table, "rows": t.rows, "checksum": t.checksum}
            for t in snapshot.tables
        ],
    }


def _write_manifest(
    snapshot: Snapshot, partial: Path, archive: Path, pg_dump_major: int, pg_dump_version: str
) -> dict[str, object]:
    """Name the finished dump `archive` and write its manifest beside it."""
    partial.rename(archive)
    manifest = _manifest(snapshot, archive, pg_dump_major, pg_dump_version)
    manifest_path(archive).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(archive: Path) -> dict[str, object]:
    path = manifest_path(archive)
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{path}: no manifest next to the archive; a backup is both files (the manifest "
            "is what proves the restore)"
        ) from None
    except json.JSONDecodeError as exc:
        raise BackupError(f"{path}: not a manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a {FORMAT} manifest")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- reading a database -------------------------------------------------------------------------


@asynccontextmanager
async def _connection(
    dsn: str, settings: Settings, application_name: str
) -> AsyncIterator[asyncpg.Connection]:
    """A connection with no time limits: checksumming a large table takes as long as it takes,
    and the snapshot's transaction waits, idle, for pg_dump to finish with it."""
    conn = await asyncpg.connect(
        dsn,
        timeout=settings.connect_timeout,
        command_timeout=None,
        server_settings={
            **server_settings(settings, application_name),
            "statement_timeout": "0",
            "idle_in_transaction_session_timeout": "0",
        },
    )
    await init_connection(conn)
    try:
        yield conn
    finally:
        await conn.close()


async def _read_snapshot(conn: asyncpg.Connection, progress: Progress) -> Snapshot:
    """Counts and checksums of every table, inside the caller's REPEATABLE READ transaction."""
    await conn.fetchrow(_ROW_TEXT_STYLES.sql)
    identity = await conn.fetchrow(_SERVER_IDENTITY.sql)
    history = await history_in_transaction(conn)
    snapshot = Snapshot(
        server_version=identity["server_version"],
        server_major=identity["server_version_num"] // 10000,
        database=identity["database_name"],
        migration_version=max((a.version for a in history), default=0),
        migrations_applied=len(history),
    )
    tables = await conn.fetch(_LIST_TABLES.sql)
    for number, t in enumerate(tables, 1):
        started = time.monotonic()
        row = await conn.fetchrow(
            _TABLE_CHECKSUM.with_identifiers(schema=t["schema_name"], table=t["table_name"])
        )
        figures = TableFigures(t["schema_name"], t["table_name"], row["row_count"], row["checksum"])
        snapshot.tables.append(figures)
        progress(
            f"  [{number}/{len(tables)}] {figures.name}: {figures.rows} rows "
            f"({time.monotonic() - started:.1f} s)"
        )
    return snapshot


# -- the client tools ---------------------------------------------------------------------------


def _tool_major(path: Path) -> tuple[int, str] | None:
    import subprocess

    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"\(PostgreSQL\) ((\d+)\S*)", out)
    return (int(m.group(2)), m.group(1)) if m else None


def find_tool(name: str, at_least: int, settings: Settings) -> tuple[Path, int, str]:
    """pg_dump or pg_restore of PostgreSQL `at_least` or the nearest newer one (an older client
    cannot read a newer server or archive; a newer one can): from the embedded server's bin
    directory, /usr/lib/postgresql/*/bin, and PATH."""
    folders: list[Path] = [embedded_cluster(settings).bindir]
    try:
        folders.append(embedded_bindir())
    except ClusterError:
        pass
    folders += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    on_path = shutil.which(name)
    candidates = [f / name for f in folders] + ([Path(on_path)] if on_path else [])
    found: dict[int, tuple[Path, int, str]] = {}
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            version = _tool_major(path)
            if version is not None:
                found.setdefault(version[0], (path, version[0], version[1]))
    fitting = sorted(major for major in found if major >= at_least)
    if not fitting:
        seen = ", ".join(f"{found[m][0]} ({m})" for m in sorted(found)) or "none"
        raise BackupError(
            f"no {name} of PostgreSQL {at_least} or newer on this machine (found: {seen}); "
            f"install the PostgreSQL {at_least} client programs (postgresql-client-{at_least})"
        )
    return found[fitting[0]]


def _libpq_target(dsn: str) -> tuple[str, dict[str, str]]:
    """The URI for a client tool's --dbname without its password, and the environment that
    carries the password instead (a command line is visible to every user of the machine)."""
    parts = urlsplit(dsn)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        parts = parts._replace(netloc=f"{user}@{host}" if user else host)
    return urlunsplit(parts), env


async def _run_tool(proc: asyncio.subprocess.Process, name: str) -> None:
    _, stderr = await proc.communicate()
    if proc.returncode != 0:
        message = stderr.decode(errors="replace").strip()[-2000:]
        raise BackupError(f"{name} failed (exit status {proc.returncode}): {message}")


# -- backup -------------------------------------------------------------------------------------


async def backup(
    dsn: str, settings: Settings, archive: Path, progress: Progress = _quiet
) -> dict[str, object]:
    """Dump the database of `dsn` into `archive` and write its manifest; answers the manifest."""
    if await asyncio.to_thread(archive.exists):
        raise BackupError(f"{archive} exists already; name a new file (-o FILE)")
    partial = archive.with_name(archive.name + ".partial")
    async with _connection(dsn, settings, "hypernet-backup") as conn:
        major = int(await conn.fetchval(_SERVER_IDENTITY.sql, column=1)) // 10000
        pg_dump, pg_dump_major, pg_dump_version = await asyncio.to_thread(
            find_tool, "pg_dump", major, settings
        )
        progress(f"dumping with {pg_dump} ({pg_dump_version}) to {archive}")
        target, env = _libpq_target(dsn)
        started = time.monotonic()
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot_id = await conn.fetchval(_EXPORT_SNAPSHOT.sql)
            proc = await asyncio.create_subprocess_exec(
                str(pg_dump),
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={partial}",
                f"--dbname={target}",
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            dumping = asyncio.ensure_future(_run_tool(proc, "pg_dump"))
            # pg_dump reads the same snapshot meanwhile; the transaction that exported it stays
            # open until pg_dump is done (it must, for pg_dump to import it). Whichever of the
            # two fails first stops the other: no hour of checksums after a failed dump.
            progress("counting and checksumming every table in the dump's snapshot:")
            reading = asyncio.ensure_future(_read_snapshot(conn, progress))
            try:
                await asyncio.wait({reading, dumping}, return_when=asyncio.FIRST_EXCEPTION)
                for task in (dumping, reading):
                    if task.done() and (failure := task.exception()) is not None:
                        raise failure
                snapshot = await reading
                await dumping
            except BaseException:
                if proc.returncode is None:
                    proc.kill()
                for task in (reading, dumping):
                    task.cancel()
                await asyncio.gather(reading, dumping, return_exceptions=True)
                partial.unlink(missing_ok=True)
                raise
    # Hashing a large archive takes a while: off the event loop.
    manifest = await asyncio.to_thread(
        _write_manifest, snapshot, partial, archive, pg_dump_major, pg_dump_version
    )
    rows = sum(t.rows for t in snapshot.tables)
    progress(
        f"backed up {snapshot.database} (PostgreSQL {snapshot.server_version}, migration "
        f"version {snapshot.migration_version}): {len(snapshot.tables)} tables, {rows} rows, "
        f"{manifest['archive']['bytes']} bytes in {time.monotonic() - started:.1f} s"  # type: ignore[index]
    )
    progress(f"wrote {archive} and {manifest_path(archive)}; keep both, and the keys apart")
    return manifest


# -- restore ------------------------------------------------------------------------------------


@dataclass
class Verification:
    problems: list[str]
    tables: int
    rows: int

    @property
    def ok(self) -> bool:
        return not self.problems


def check_archive(archive: Path, manifest: dict[str, object]) -> None:
    """The archive is the one the manifest describes: same size, same SHA-256."""
    described = manifest.get("archive")
    if not isinstance(described, dict):
        raise BackupError(f"{manifest_path(archive)}: names no archive")
    size = archive.stat().st_size
    if size != described.get("bytes") or _sha256(archive) != described.get("sha256"):
        raise BackupError(
            f"{archive} is not the archive its manifest describes (size or SHA-256 differs): "
            "it was changed or cut short since the backup"
        )


async def verify_restore(
    dsn: str, settings: Settings, manifest: dict[str, object], progress: Progress = _quiet
) -> Verification:
    """Compare the database of `dsn` with what the manifest says the backup held."""
    async with _connection(dsn, settings, "hypernet-restore-verify") as conn:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await _read_snapshot(conn, progress)
            applied = await history_in_transaction(conn)
        edited = Migrator(conn, load_migrations()).verify(applied)
    problems: list[str] = []
    expected = {
        f"{t['schema']}.{t['table']}": t
        for t in manifest["tables"]  # type: ignore[attr-defined]
    }
    found = {t.name: t for t in snapshot.tables}
    for name in sorted(expected.keys() - found.keys()):
        problems.append(f"table {name} is missing")
    for name in sorted(found.keys() - expected.keys()):
        problems.append(f"table {name} is not in the backup")
    for name in sorted(expected.keys() & found.keys()):
        want, got = expected[name], found[name]
        if want["rows"] != got.rows:
            problems.append(f"table {name}: {got.rows} rows, the backup held {want['rows']}")
        elif want["checksum"] != got.checksum:
            problems.append(
                f"table {name}: the same {got.rows} rows by count, but their contents differ "
                "(checksum)"
            )
    if snapshot.migration_version != manifest["migration_version"]:
        problems.append(
            f"migration version {snapshot.migration_version}, the backup was at "
            f"{manifest['migration_version']}"
        )
    problems += [f"db verify: {p}" for p in edited]
    return Verification(problems, len(found), sum(t.rows for t in snapshot.tables))


def _database_of(dsn: str) -> str:
    name = unquote(urlsplit(dsn).path.lstrip("/"))
    if not name:
        raise BackupError("the database URL names no database; say which with --database")
    return name


async def _prepare_target(dsn: str, settings: Settings, name: str, progress: Progress) -> str:
    """The DSN of database `name` on the server of `dsn`, created when missing; refused when
    it holds anything."""
    unreachable: Exception | None = None
    # CREATE DATABASE runs from any database of the server; the configured one may be the
    # one to create, and a hosted server may not let this user into "postgres".
    for admin_db in ("postgres", "template1", _database_of(dsn)):
        try:
            async with _connection(with_database(dsn, admin_db), settings, "hypernet-restore") as a:
                exists = await a.fetchval(_DATABASE_EXISTS.sql, name)
                if not exists:
                    # template0: nothing a site added to template1 collides with the dump.
                    await create_database(
                        with_database(dsn, admin_db), settings, name, template="template0"
                    )
                    progress(f"created database {name}")
                try:
                    await a.execute(_ENSURE_APP_ROLE.sql)
                except asyncpg.InsufficientPrivilegeError as exc:
                    raise BackupError(
                        f"the restoring user cannot create or join the service's role "
                        f"hypernet_app ({exc}); have a superuser create it (CREATE ROLE "
                        "hypernet_app NOLOGIN) and grant it to this user, then restore again"
                    ) from None
            break
        except (
            asyncpg.InvalidCatalogNameError,
            asyncpg.InvalidAuthorizationSpecificationError,
            # No CONNECT on that database, or no CREATEDB: the next one says the same, and
            # the message names it.
            asyncpg.InsufficientPrivilegeError,
        ) as exc:
            unreachable = exc
    else:
        raise BackupError(f"cannot prepare database {name} on the server: {unreachable}")
    target = with_database(dsn, name)
    if exists:
        async with _connection(target, settings, "hypernet-restore") as conn:
            held = [r["relation_name"] for r in await conn.fetch(_APPLICATION_RELATIONS.sql)]
        if held:
            raise BackupError(
                f"database {name} is not empty (it holds {', '.join(held)}"
                f"{', ...' if len(held) == 5 else ''}); a backup is restored into an empty "
                "database only: name a new one with --database NAME, or drop this one first"
            )
    return target


async def restore(
    dsn: str,
    settings: Settings,
    archive: Path,
    database: str | None = None,
    progress: Progress = _quiet,
) -> Verification:
    """Restore `archive` into database `database` (default: the one of `dsn`) on the server of
    `dsn`, then verify it against the manifest."""
    manifest = read_manifest(archive)
    await asyncio.to_thread(check_archive, archive, manifest)
    progress(
        f"{archive}: {manifest['database']} at migration version {manifest['migration_version']}"
        f", PostgreSQL {manifest['server_version']}, made {manifest['created_at']}; "
        "archive intact (SHA-256 matches)"
    )
    name = database or _database_of(dsn)
    target = await _prepare_target(dsn, settings, name, progress)
    async with _connection(target, settings, "hypernet-restore") as conn:
        major = int(await conn.fetchval(_SERVER_IDENTITY.sql, column=1)) // 10000
    dump_major = int(manifest["pg_dump_major"])  # type: ignore[call-overload]
    pg_restore, _, version = await asyncio.to_thread(
        find_tool, "pg_restore", max(major, dump_major), settings
    )
    progress(f"restoring into {name} with {pg_restore} ({version})")
    started = time.monotonic()
    uri, env = _libpq_target(target)
    proc = await asyncio.create_subprocess_exec(
        str(pg_restore),
        # All or nothing: a failed restore leaves the database as empty as it was.
        "--single-transaction",
        "--exit-on-error",
        # The restoring user owns what it restores, as the migrating user does: the original
        # owner may not exist on this server.
        "--no-owner",
        f"--dbname={uri}",
        str(archive),
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    await _run_tool(proc, "pg_restore")
    progress(f"restored in {time.monotonic() - started:.1f} s")
    # pg_restore brings no planner statistics and no visibility map: without this the service
    # would plan blind and read the heap for every index-only scan until autovacuum came round.
    started = time.monotonic()
    async with _connection(target, settings, "hypernet-restore") as conn:
        await conn.execute(_VACUUM_ANALYZE.sql)
    progress(f"vacuumed and analyzed in {time.monotonic() - started:.1f} s")
    progress("verifying against the manifest:")
    return await verify_restore(target, settings, manifest, progress)
