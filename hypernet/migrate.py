"""The migration runner: plain SQL files with an up and a down part, applied under an advisory lock.

A migration is `schema/migrations/NNNN_description.sql`:

    -- Why this migration exists, in a sentence or two.
    -- migrate:up
    CREATE TABLE ...;
    -- migrate:down
    DROP TABLE ...;

A file whose header holds `-- migrate:no-transaction` runs outside a transaction, statement by
statement (for CREATE INDEX CONCURRENTLY). Every other file runs in one transaction, so a failure
leaves the database at the previous version.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from hypernet.config import MIGRATIONS_DIR
from hypernet.queries import query

_FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any 64-bit number unique to this purpose; shared by every migrator of every Hypernet database.
ADVISORY_LOCK_KEY = 7_311_042_021_001

_CREATE_TABLE = query("migrations/create_table")
_LIST_APPLIED = query("migrations/list_applied")
_RECORD = query("migrations/record_applied")
_FORGET = query("migrations/forget_applied")
_LOCK = query("migrations/acquire_lock")
_UNLOCK = query("migrations/release_lock")
_SET_LOCK_TIMEOUT = query("migrations/set_lock_timeout")


class MigrationError(Exception):
    """A migration file is malformed, has been edited after it was applied, or failed."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    up: list[str]
    down: list[str]
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
    applied_at: object
    execution_ms: int


def split_statements(sql: str) -> list[str]:
    """Split a script into statements, respecting quotes, dollar quotes and comments."""
    statements: list[str] = []
    buf: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j == -1 else j + 1
            buf.append(sql[i:j])
            i = j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j == -1 else j + 2
            buf.append(sql[i:j])
            i = j
        elif ch in ("'", '"'):
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            buf.append(sql[i : j + 1])
            i = j + 1
        elif ch == "$" and (m := re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", sql[i:])):
            tag = m.group(0)
            j = sql.find(tag, i + len(tag))
            j = n if j == -1 else j + len(tag)
            buf.append(sql[i:j])
            i = j
        elif ch == ";":
            statements.append("".join(buf))
            buf = []
            i += 1
        else:
            buf.append(ch)
            i += 1
    statements.append("".join(buf))
    return [s.strip() for s in statements if _has_code(s)]


def _has_code(statement: str) -> bool:
    stripped = re.sub(r"--[^\n]*", "", statement)
    stripped = re.sub(r"/\*.*?\*/", "", stripped, flags=re.S)
    return bool(stripped.strip())


def parse_migration(path: Path) -> Migration:
    m = _FILE_RE.match(path.name)
    if not m:
        raise MigrationError(f"{path.name}: migration files are named NNNN_description.sql")
    text = path.read_text()
    up_marker = re.search(r"^--\s*migrate:up\s*$", text, re.M)
    down_marker = re.search(r"^--\s*migrate:down\s*$", text, re.M)
    if not up_marker or not down_marker or down_marker.start() < up_marker.start():
        raise MigrationError(
            f"{path.name}: needs a '-- migrate:up' part then a '-- migrate:down' part"
        )
    header = text[: up_marker.start()]
    transactional = not re.search(r"^--\s*migrate:no-transaction\s*$", header, re.M)
    up = split_statements(text[up_marker.end() : down_marker.start()])
    down = split_statements(text[down_marker.end() :])
    if not up:
        raise MigrationError(f"{path.name}: the up part is empty")
    checksum = hashlib.sha256(text.encode()).hexdigest()
    return Migration(int(m.group(1)), m.group(2), path, up, down, transactional, checksum)


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = [parse_migration(p) for p in sorted(folder.glob("*.sql"))]
    seen: dict[int, Migration] = {}
    for mig in migrations:
        if mig.version in seen:
            raise MigrationError(
                f"{mig.label} and {seen[mig.version].label} share version {mig.version}"
            )
        seen[mig.version] = mig
    return migrations


def new_migration(description: str, folder: Path = MIGRATIONS_DIR) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "_", description.lower()).strip("_")
    if not slug:
        raise MigrationError("the description must contain letters or digits")
    existing = [parse_migration(p).version for p in folder.glob("*.sql")]
    version = max(existing, default=0) + 1
    path = folder / f"{version:04d}_{slug}.sql"
    path.write_text(
        f"-- {description}\n-- Why: (explain why this change is needed)\n"
        "-- migrate:up\n\n-- migrate:down\n"
    )
    return path


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


class Migrator:
    """Applies and rolls back migrations on one connection, under a session advisory lock."""

    def __init__(
        self,
        conn: asyncpg.Connection,
        migrations: list[Migration] | None = None,
        *,
        lock_timeout: float = 5.0,
        progress: Progress = _quiet,
    ) -> None:
        self.conn = conn
        self.migrations = load_migrations() if migrations is None else migrations
        self.lock_timeout = lock_timeout
        self.progress = progress

    async def _ensure_table(self) -> None:
        await self.conn.execute(_CREATE_TABLE.sql)

    async def applied(self) -> list[Applied]:
        await self._ensure_table()
        rows = await self.conn.fetch(_LIST_APPLIED.sql)
        return [Applied(**dict(r)) for r in rows]

    async def __aenter__(self) -> Migrator:
        # Wait as long as it takes for another migrator; only then bound lock waits.
        await self.conn.fetchval(_LOCK.sql, ADVISORY_LOCK_KEY)
        await self.conn.fetchval(_SET_LOCK_TIMEOUT.sql, f"{int(self.lock_timeout * 1000)}ms")
        await self._ensure_table()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if not self.conn.is_closed():
            await self.conn.fetchval(_UNLOCK.sql, ADVISORY_LOCK_KEY)

    def verify(self, applied: list[Applied]) -> list[str]:
        """Problems with already-applied migrations: edited or missing files."""
        by_version = {m.version: m for m in self.migrations}
        problems = []
        for a in applied:
            mig = by_version.get(a.version)
            if mig is None:
                problems.append(f"{a.version:04d}_{a.name}.sql was applied but its file is missing")
            elif mig.checksum != a.checksum:
                problems.append(f"{mig.label} was edited after it was applied (checksum differs)")
        return problems

    async def migrate(self, to: int | None = None, dry_run: bool = False) -> list[Migration]:
        applied = await self.applied()
        problems = self.verify(applied)
        if problems:
            raise MigrationError("; ".join(problems))
        done = {a.version for a in applied}
        target = to if to is not None else max((m.version for m in self.migrations), default=0)
        pending = [m for m in self.migrations if m.version not in done and m.version <= target]
        for mig in pending:
            if dry_run:
                self.progress(f"would apply {mig.label} ({len(mig.up)} statements)")
                continue
            elapsed = await self._run(mig, mig.up)
            self.progress(f"applied {mig.label} in {elapsed} ms")
        return pending

    async def rollback(self, steps: int = 1, dry_run: bool = False) -> list[Migration]:
        applied = await self.applied()
        by_version = {m.version: m for m in self.migrations}
        undone = []
        for a in sorted(applied, key=lambda a: a.version, reverse=True)[:steps]:
            mig = by_version.get(a.version)
            if mig is None:
                raise MigrationError(
                    f"cannot roll back {a.version:04d}_{a.name}: its file is missing"
                )
            if dry_run:
                self.progress(f"would roll back {mig.label}")
            else:
                await self._run(mig, mig.down, down=True)
                self.progress(f"rolled back {mig.label}")
            undone.append(mig)
        return undone

    async def _run(self, mig: Migration, statements: list[str], down: bool = False) -> int:
        started = time.monotonic()

        async def run_all() -> None:
            for stmt in statements:
                try:
                    await self.conn.execute(stmt)
                except asyncpg.PostgresError as exc:
                    raise MigrationError(
                        f"{mig.label} ({'down' if down else 'up'}) failed: "
                        f"{type(exc).__name__}: {exc}\n  in statement:\n    "
                        + stmt.replace("\n", "\n    ")
                    ) from exc

        async def record() -> None:
            if down:
                await self.conn.execute(_FORGET.sql, mig.version)
            else:
                elapsed = int((time.monotonic() - started) * 1000)
                await self.conn.execute(_RECORD.sql, mig.version, mig.name, mig.checksum, elapsed)

        if mig.transactional:
            async with self.conn.transaction():
                await run_all()
                await record()
        else:
            await run_all()
            await record()
        return int((time.monotonic() - started) * 1000)
