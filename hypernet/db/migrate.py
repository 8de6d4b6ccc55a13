"""The migration runner: plain SQL files with an up and a down part, applied under an advisory lock.

A migration is `schema/migrations/NNNN_description.sql`:

    -- Why this migration exists, in a sentence or two.
    -- migrate:up
    CREATE TABLE ...;
    -- migrate:down
    DROP TABLE ...;

A file whose header holds `-- migrate:no-transaction` runs outside a transaction, statement by
statement (for CREATE INDEX CONCURRENTLY). Every other file runs in one transaction together with
the row that records it, so a failure leaves the database at the previous version.

Migrations apply in version order and history is linear: a pending file numbered below an
applied one is refused (renumber it), because rollbacks undo versions newest first.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice, pairwise
from pathlib import Path

import asyncpg

from hypernet.core.config import MIGRATIONS_DIR
from hypernet.db import sqlscan
from hypernet.db.queries import query
from hypernet.db.sqlscan import Statement

_FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any 64-bit number unique to this purpose. Advisory locks are per database, so migrators of
# different databases on one server never wait for each other.
ADVISORY_LOCK_KEY = 7_311_042_021_001
# asyncpg has no public "no timeout" value, and its command_timeout would otherwise cut a long
# migration short; a week is "no limit" in practice.
_UNBOUNDED_SECONDS = 7 * 24 * 3600.0
# How often a migrator that found another one at work asks for the lock again.
_LOCK_POLL_SECONDS = 0.05

_CREATE_TABLE = query("migrations/create_table")
_LIST_APPLIED = query("migrations/list_applied")
_RECORD = query("migrations/record_applied")
_FORGET = query("migrations/forget_applied")
_LOCK = query("migrations/acquire_lock")
_UNLOCK = query("migrations/release_lock")
_SET_TIMEOUTS = query("migrations/set_session_timeouts")
_RESET_SESSION = query("migrations/reset_session")
_TRACKING_COLUMNS = query("migrations/tracking_table_columns")
_LOCK_HOLDER = query("migrations/lock_holder")
# What public.schema_migrations must look like: name, type, not null.
TRACKING_COLUMNS = (
    ("version", "integer", True),
    ("name", "text", True),
    ("checksum", "text", True),
    ("applied_at", "timestamp with time zone", True),
    ("execution_ms", "integer", True),
)
# How often a waiting migrator says again that it is still waiting, and for whom.
_WAIT_REPORT_SECONDS = 10.0


class MigrationError(Exception):
    """A migration file is malformed, has been edited after it was applied, or failed."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    up: list[Statement]
    down: list[Statement]
    transactional: bool
    checksum: str

    @property
    def label(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Applied:
    version: int
    name: str
    checksum: str
    applied_at: datetime
    execution_ms: int

    @property
    def label(self) -> str:
        return f"{self.version:04d}_{self.name}.sql"


# -- statements ------------------------------------------------------------------------------


def _controls_transaction(statement: Statement) -> bool:
    words = list(islice(sqlscan.words(statement.sql), 2))
    if not words:
        return False
    if words[0] in ("begin", "commit", "end", "abort"):
        return True
    if words[0] == "start" and words[1:] == ["transaction"]:
        return True
    return words[0] == "rollback" and words[1:] != ["to"]


# -- files -----------------------------------------------------------------------------------


def _marker(name: str) -> re.Pattern[str]:
    return re.compile(rf"^--\s*migrate:{name}\s*$", re.M)


_UP, _DOWN, _NO_TRANSACTION = _marker("up"), _marker("down"), _marker("no-transaction")


def parse_migration(path: Path) -> Migration:
    m = _FILE_RE.match(path.name)
    if not m:
        raise MigrationError(f"{path.name}: migration files are named NNNN_description.sql")
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MigrationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise MigrationError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    # Checkouts that turn LF into CRLF must not look like an edit of an applied migration, and
    # an editor's byte-order mark must not hide a marker on the first line.
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n")
    ups, downs = list(_UP.finditer(text)), list(_DOWN.finditer(text))
    if len(ups) != 1 or len(downs) != 1 or downs[0].start() < ups[0].start():
        raise MigrationError(
            f"{path.name}: needs one '-- migrate:up' line, then one '-- migrate:down' line"
        )
    up_marker, down_marker = ups[0], downs[0]
    header = text[: up_marker.start()]
    above = sqlscan.split_statements(header, 1)
    if above:
        raise MigrationError(
            f"{path.name}:{above[0].line}: SQL above '-- migrate:up' would never run "
            f"({above[0].excerpt(1)}); only comments belong in the header"
        )
    no_tx = list(_NO_TRANSACTION.finditer(text))
    if any(marker.start() > up_marker.start() for marker in no_tx):
        raise MigrationError(
            f"{path.name}: '-- migrate:no-transaction' belongs in the header, "
            "before '-- migrate:up'"
        )
    transactional = not _NO_TRANSACTION.search(header)
    up_line = text.count("\n", 0, up_marker.end()) + 1
    down_line = text.count("\n", 0, down_marker.end()) + 1
    up = sqlscan.split_statements(text[up_marker.end() : down_marker.start()], up_line)
    down = sqlscan.split_statements(text[down_marker.end() :], down_line)
    if not up:
        raise MigrationError(f"{path.name}: the up part is empty")
    if transactional:
        for stmt in up + down:
            if _controls_transaction(stmt):
                raise MigrationError(
                    f"{path.name}:{stmt.line}: remove the transaction control statement "
                    f"({stmt.excerpt(1)}); the runner already wraps each migration in one "
                    "transaction (mark the file '-- migrate:no-transaction' to run without one)"
                )
    checksum = hashlib.sha256(text.encode()).hexdigest()
    return Migration(int(m.group(1)), m.group(2), path, up, down, transactional, checksum)


_VERSION_PREFIX_RE = re.compile(r"^\d{4}_")


def stray_files(folder: Path = MIGRATIONS_DIR) -> list[str]:
    """What load_migrations leaves out of the folder, each with the reason: every command says
    so rather than stop (a notes.sql next to the migrations) or ignore it without a word."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    stray = []
    for entry in entries:
        if entry.is_dir():
            if entry.name.endswith(".sql"):
                stray.append(f"{entry.name}: a directory, not a migration file; ignored")
        elif entry.suffix == ".sql" and not _VERSION_PREFIX_RE.match(entry.name):
            stray.append(
                f"{entry.name}: not named NNNN_description.sql, so not a migration; ignored"
            )
    return stray


def version_gaps(migrations: list[Migration]) -> list[str]:
    """Versions missing between the first and the last file: harmless if never used, a lost
    file if it was."""
    versions = sorted(m.version for m in migrations)
    gaps = []
    for before, after in pairwise(versions):
        if after > before + 1:
            missing = (
                f"{before + 1:04d}"
                if after == before + 2
                else f"{before + 1:04d} to {after - 1:04d}"
            )
            gaps.append(f"no migration {missing} between {before:04d} and {after:04d}")
    return gaps


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    if not folder.is_dir():
        raise MigrationError(f"{folder}: the migrations folder does not exist")
    try:
        candidates = sorted(
            p for p in folder.iterdir() if p.suffix == ".sql" and _VERSION_PREFIX_RE.match(p.name)
        )
    except OSError as exc:
        raise MigrationError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from None
    # A directory is reported by stray_files; a file that starts like a migration but is not
    # named like one is refused, since it was surely meant to be one.
    migrations = [parse_migration(p) for p in candidates if not p.is_dir()]
    seen: dict[int, Migration] = {}
    for mig in migrations:
        if mig.version in seen:
            raise MigrationError(
                f"{mig.label} and {seen[mig.version].label} share version {mig.version}"
            )
        seen[mig.version] = mig
    return migrations


def new_migration(
    description: str, folder: Path = MIGRATIONS_DIR, *, transactional: bool = True
) -> Path:
    """Create the next numbered migration file with empty up and down parts."""
    slug = re.sub(r"[^a-z0-9]+", "_", description.lower()).strip("_")
    if not slug:
        raise MigrationError("the description must contain letters or digits")
    description = " ".join(description.split())
    versions = [int(m.group(1)) for p in folder.glob("*.sql") if (m := _FILE_RE.match(p.name))]
    version = max(versions, default=0) + 1
    if version > 9999:
        raise MigrationError("migration numbers have four digits; 9999 is the last")
    path = folder / f"{version:04d}_{slug}.sql"
    no_tx = "" if transactional else "-- migrate:no-transaction\n"
    with path.open("x", encoding="utf-8") as f:
        f.write(
            f"-- {description}\n-- Why: (explain why this change is needed)\n{no_tx}"
            "-- migrate:up\n\n-- migrate:down\n"
        )
    return path


# -- applying --------------------------------------------------------------------------------

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _interval(seconds: float | None) -> str:
    """A PostgreSQL timeout setting; 0 switches the limit off."""
    return "0" if seconds is None else f"{max(1, int(seconds * 1000))}ms"


async def _check_tracking_table(conn: asyncpg.Connection) -> bool:
    """True when public.schema_migrations exists and is the runner's own table; False when it
    does not exist; MigrationError when a table of that name is something else."""
    columns = [
        (r["name"], r["data_type"], r["not_null"]) for r in await conn.fetch(_TRACKING_COLUMNS.sql)
    ]
    if not columns:
        return False
    if columns != list(TRACKING_COLUMNS):
        found = ", ".join(f"{name} {kind}" for name, kind, _ in columns)
        expected = ", ".join(f"{name} {kind} NOT NULL" for name, kind, _ in TRACKING_COLUMNS)
        raise MigrationError(
            f"public.schema_migrations is not the table this runner keeps its history in (it has "
            f"{found}; expected {expected}); refusing to read or change it: rename that table, or "
            "point the runner at the right database"
        )
    return True


async def read_history(conn: asyncpg.Connection) -> list[Applied]:
    """Every applied migration, oldest first, read without a lock and without creating
    anything: `status` and `verify` work beside a running migration and as a read-only role."""
    async with conn.transaction(readonly=True):
        return await history_in_transaction(conn)


async def history_in_transaction(conn: asyncpg.Connection) -> list[Applied]:
    """read_history inside a transaction the caller holds (the schema dump's snapshot)."""
    if not await _check_tracking_table(conn):
        return []
    return [Applied(**dict(r)) for r in await conn.fetch(_LIST_APPLIED.sql)]


class MigrationWaitTimeout(MigrationError):
    """Another migrator held the lock for longer than the runner was allowed to wait."""


class Migrator:
    """Applies and rolls back migrations on one connection, under a session advisory lock.

    Use it as `async with Migrator(conn) as m:`; every method needs the lock.
    """

    def __init__(
        self,
        conn: asyncpg.Connection,
        migrations: list[Migration] | None = None,
        *,
        lock_timeout: float = 5.0,
        statement_timeout: float | None = None,
        wait_timeout: float | None = None,
        progress: Progress = _quiet,
    ) -> None:
        self.conn = conn
        self.migrations = load_migrations() if migrations is None else migrations
        self.lock_timeout = lock_timeout
        # How long to wait for another migrator's lock; None: as long as it takes.
        self.wait_timeout = wait_timeout
        # None: a migration may run as long as it needs (building an index on a big table).
        self.statement_timeout = statement_timeout
        self.progress = progress
        self._locked = False

    @property
    def _timeout(self) -> float:
        """Client-side bound for one statement: a little above the server's own."""
        if self.statement_timeout is None:
            return _UNBOUNDED_SECONDS
        return self.statement_timeout + 5.0

    async def __aenter__(self) -> Migrator:
        # The connection may carry the service's lock_timeout and statement_timeout: while
        # waiting for another migrator both are off (it may be building an index for minutes).
        await self.conn.fetchval(_SET_TIMEOUTS.sql, "0", "0")
        await self._wait_for_lock()
        self._locked = True
        try:
            await self._reset_session()
            if not await _check_tracking_table(self.conn):
                await self.conn.execute(_CREATE_TABLE.sql)
        except BaseException:
            await self._unlock(quietly=True)
            raise
        return self

    async def _wait_for_lock(self) -> None:
        """Take the migrators' lock, polled (see sql/migrations/acquire_lock.sql); while another
        migrator holds it, say who it is every few seconds, and give up after wait_timeout."""
        started = time.monotonic()
        reported = None
        while not await self.conn.fetchval(_LOCK.sql, ADVISORY_LOCK_KEY):
            waited = time.monotonic() - started
            if self.wait_timeout is not None and waited >= self.wait_timeout:
                holder = await self._lock_holder()
                raise MigrationWaitTimeout(
                    f"gave up after waiting {waited:.0f} s for another migrator ({holder}); "
                    "run again once it is done, or allow a longer wait "
                    "(HYPERNET_MIGRATION_WAIT_TIMEOUT)"
                )
            if reported is None or time.monotonic() - reported >= _WAIT_REPORT_SECONDS:
                reported = time.monotonic()
                self.progress(
                    f"waiting for another migrator ({await self._lock_holder()}), "
                    f"{waited:.0f} s so far"
                )
            await asyncio.sleep(_LOCK_POLL_SECONDS)

    async def _lock_holder(self) -> str:
        row = await self.conn.fetchrow(_LOCK_HOLDER.sql, ADVISORY_LOCK_KEY)
        if row is None:
            return "it has just let go"
        who = f"backend pid {row['pid']}"
        if row["user_name"]:
            who += f", user {row['user_name']}"
        if row["application_name"]:
            who += f", application {row['application_name']}"
        if row["client_addr"]:
            who += f", from {row['client_addr']}"
        if row["state"] == "active" and row["query"]:
            statement = " ".join(row["query"].split())[:100]
            who += f", running for {row['query_seconds']:.0f} s: {statement}"
        elif row["state"]:
            who += f", {row['state']}"
        return who

    async def _reset_session(self) -> None:
        """The session as it connected, with the runner's own timeouts: what every migration
        starts from, whatever the one before it SET."""
        await self.conn.execute(_RESET_SESSION.sql)
        # Bound lock waits, so no DDL queues forever behind a long transaction (and blocks
        # every query that queues behind the DDL in turn).
        await self.conn.fetchval(
            _SET_TIMEOUTS.sql, _interval(self.lock_timeout), _interval(self.statement_timeout)
        )

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        await self._unlock(quietly=exc_type is not None)

    async def _unlock(self, *, quietly: bool) -> None:
        if not self._locked:
            return
        self._locked = False
        if self.conn.is_closed():
            return  # the server released the session's lock with the session
        try:
            await self.conn.fetchval(_UNLOCK.sql, ADVISORY_LOCK_KEY)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            # Closing the session releases its advisory locks too; and the error that brought
            # us here is the one worth reporting.
            self.conn.terminate()
            if not quietly:
                raise

    def _require_lock(self) -> None:
        if not self._locked:
            raise MigrationError("use the Migrator as `async with Migrator(conn) as m:`")

    async def applied(self) -> list[Applied]:
        self._require_lock()
        rows = await self.conn.fetch(_LIST_APPLIED.sql)
        return [Applied(**dict(r)) for r in rows]

    async def baseline(self, to: int) -> list[Migration]:
        """Record every migration up to version `to` as applied without running it: for a
        database whose schema was made another way (restored from schema/schema.sql, or built
        by hand to match). Refused once any migration is applied."""
        applied = await self.applied()
        if applied:
            raise MigrationError(
                f"the database already has {len(applied)} applied migration(s), up to version "
                f"{max(a.version for a in applied)}; a baseline is only for a database without "
                "history"
            )
        if to not in {m.version for m in self.migrations}:
            raise MigrationError(f"--to {to}: there is no migration {to:04d}")
        chosen = [m for m in self.migrations if m.version <= to]
        async with self.conn.transaction():
            for mig in chosen:
                await self.conn.execute(_RECORD.sql, mig.version, mig.name, mig.checksum, 0)
        for mig in chosen:
            self.progress(f"recorded {mig.label} as applied (not run)")
        return chosen

    def verify(self, applied: list[Applied]) -> list[str]:
        """Problems with already-applied migrations: edited or missing files."""
        by_version = {m.version: m for m in self.migrations}
        problems = []
        for a in applied:
            mig = by_version.get(a.version)
            if mig is None:
                problems.append(f"{a.label} was applied but its file is missing")
            elif mig.checksum != a.checksum:
                problems.append(
                    f"{mig.label} was edited after it was applied (checksum differs); "
                    "restore the file and put the change in a new migration"
                )
        return problems

    def pending(self, applied: list[Applied]) -> list[Migration]:
        done = {a.version for a in applied}
        return [m for m in self.migrations if m.version not in done]

    @property
    def latest(self) -> int:
        return max((m.version for m in self.migrations), default=0)

    async def migrate(self, to: int | None = None, dry_run: bool = False) -> list[Migration]:
        """Apply pending migrations up to version `to` (default: all), oldest first."""
        applied = await self.applied()
        problems = self.verify(applied)
        if problems:
            raise MigrationError("refusing to migrate: " + "; ".join(problems))
        current = max((a.version for a in applied), default=0)
        pending = self.pending(applied)
        behind = [m for m in pending if m.version < current]
        if behind:
            raise MigrationError(
                f"{behind[0].label} is pending but version {current} is already applied; "
                f"renumber it after {self.latest:04d} (history is linear)"
            )
        if to is not None:
            if to != 0 and to not in {m.version for m in self.migrations}:
                raise MigrationError(f"--to {to}: there is no migration {to:04d}")
            if to < current:
                raise MigrationError(
                    f"the database is at version {current}, past --to {to}; "
                    "use `hypernet db rollback` to go back"
                )
            pending = [m for m in pending if m.version <= to]
        for mig in pending:
            if dry_run:
                how = "" if mig.transactional else ", without a transaction"
                self.progress(f"would apply {mig.label} ({_count(mig.up)}{how})")
                continue
            elapsed = await self._run(mig, mig.up)
            self.progress(f"applied {mig.label} in {elapsed} ms ({_count(mig.up)})")
        return pending

    async def rollback(
        self, steps: int | None = 1, *, to: int | None = None, dry_run: bool = False
    ) -> list[Migration]:
        """Undo the newest `steps` applied migrations, or every one above version `to`."""
        if to is not None:
            if to < 0:
                raise MigrationError("--to must be 0 or a migration number")
        elif steps is None or steps < 1:
            raise MigrationError("--steps must be at least 1")
        applied = sorted(await self.applied(), key=lambda a: a.version, reverse=True)
        chosen = [a for a in applied if a.version > to] if to is not None else applied[:steps]
        by_version = {m.version: m for m in self.migrations}
        plan: list[Migration] = []
        for a in chosen:
            mig = by_version.get(a.version)
            if mig is None:
                raise MigrationError(f"cannot roll back {a.label}: its file is missing")
            if mig.checksum != a.checksum:
                raise MigrationError(
                    f"cannot roll back {mig.label}: it was edited after it was applied, so its "
                    "down part may not undo what was applied; restore the file first"
                )
            if not mig.down:
                raise MigrationError(f"cannot roll back {mig.label}: its down part is empty")
            plan.append(mig)
        for mig in plan:
            if dry_run:
                self.progress(f"would roll back {mig.label} ({_count(mig.down)})")
                continue
            elapsed = await self._run(mig, mig.down, down=True)
            self.progress(f"rolled back {mig.label} in {elapsed} ms ({_count(mig.down)})")
        return plan

    async def _run(self, mig: Migration, statements: list[Statement], down: bool = False) -> int:
        self._require_lock()
        started = time.monotonic()

        async def run_all() -> None:
            for number, stmt in enumerate(statements, 1):
                try:
                    await self.conn.execute(stmt.sql, timeout=self._timeout)
                except (asyncpg.PostgresError, TimeoutError) as exc:
                    raise MigrationError(
                        _failure(mig, down, statements, number, exc, self)
                    ) from exc

        async def record() -> None:
            if down:
                await self.conn.execute(_FORGET.sql, mig.version)
            else:
                await self.conn.execute(
                    _RECORD.sql, mig.version, mig.name, mig.checksum, _ms(started)
                )

        await self._reset_session()
        if mig.transactional:
            async with self.conn.transaction():
                await run_all()
                # Within the transaction too: a SET (or SET ROLE) in the file must not decide
                # whether or where it is recorded.
                await self._reset_session()
                await record()
        else:
            await run_all()
            await self._reset_session()
            await record()
        return _ms(started)


def _count(statements: list[Statement]) -> str:
    return f"{len(statements)} statement" + ("" if len(statements) == 1 else "s")


def _failure(
    mig: Migration,
    down: bool,
    statements: list[Statement],
    number: int,
    exc: BaseException,
    migrator: Migrator,
) -> str:
    """A message naming the file, the line and the statement that failed, and what it left."""
    stmt = statements[number - 1]
    where = f"{stmt.line}"
    position = getattr(exc, "position", None)
    if position and str(position).isdigit():
        # The position counts characters from the first one sent, from 1; the line counts from
        # the statement's first code.
        comments = stmt.sql[: len(stmt.sql) - len(stmt.code)]
        before = stmt.sql[: int(position) - 1]
        line = stmt.line + before.count("\n") - comments.count("\n")
        column = len(before) - (before.rfind("\n") + 1) + 1
        where = f"{line}:{column}"
    part = "down" if down else "up"
    if isinstance(exc, asyncpg.PostgresError):
        what = f"{type(exc).__name__}: {exc}"
        for extra in (getattr(exc, "detail", None), getattr(exc, "hint", None)):
            if extra:
                what += f" ({extra})"
    else:
        what = "no answer from the server in time"
    lines = [
        f"{mig.path.name}:{where}: {part} statement {number} of {len(statements)} failed: {what}"
    ]
    if isinstance(exc, asyncpg.LockNotAvailableError):
        lines.append(
            f"  another session held a lock this statement needs for longer than lock_timeout "
            f"({migrator.lock_timeout:g}s); retry when it is gone, or raise HYPERNET_LOCK_TIMEOUT"
        )
    elif isinstance(exc, asyncpg.ActiveSQLTransactionError):
        lines.append(
            "  this statement cannot run in a transaction: mark the file "
            "'-- migrate:no-transaction' (in its header) and make each statement idempotent"
        )
    recorded = "stays recorded as applied" if down else "is not recorded"
    if mig.transactional:
        lines.append(f"  rolled back: the database is unchanged by {mig.path.name}")
    elif number > 1:
        lines.append(
            f"  no transaction: statements 1 to {number - 1} stay done and the migration "
            f"{recorded}; make them idempotent (IF EXISTS / IF NOT EXISTS) before retrying, and "
            "drop any INVALID index a failed CREATE INDEX CONCURRENTLY left"
        )
    else:
        lines.append(
            f"  no transaction: nothing else ran and the migration {recorded}; drop any "
            "INVALID index a failed CREATE INDEX CONCURRENTLY left before retrying"
        )
    lines.append("  statement:")
    lines.extend("    " + text for text in stmt.excerpt().splitlines())
    return "\n".join(lines)
