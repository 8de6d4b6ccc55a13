"""Throwaway databases on a server: create, migrate, drop (sql check --scratch, db dump, tests)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from urllib.parse import quote, urlsplit, urlunsplit

from hypernet.core.config import Settings
from hypernet.db.migrate import Migration, Migrator
from hypernet.db.pool import connection
from hypernet.db.queries import query

_CREATE_DATABASE = query("catalog/create_database")
_DROP_DATABASE = query("catalog/drop_database")


def with_database(dsn: str, database: str) -> str:
    """The same server and credentials as `dsn`, another database."""
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path="/" + quote(database, safe="")))


async def create_database(
    admin_dsn: str, settings: Settings, name: str, template: str = "template1"
) -> str:
    """Create `name` as a copy of `template`; answers its DSN."""
    async with connection(admin_dsn, settings, "hypernet-admin") as admin:
        await admin.execute(_CREATE_DATABASE.with_identifiers(database=name, template=template))
    return with_database(admin_dsn, name)


async def drop_database(admin_dsn: str, settings: Settings, name: str) -> None:
    async with connection(admin_dsn, settings, "hypernet-admin") as admin:
        await admin.execute(_DROP_DATABASE.with_identifiers(database=name))


async def migrate(
    dsn: str, settings: Settings, migrations: Sequence[Migration] | None = None
) -> None:
    """Apply every migration (the files under schema/migrations unless given) to `dsn`."""
    async with connection(dsn, settings, "hypernet-migrate") as conn:
        async with Migrator(
            conn,
            None if migrations is None else list(migrations),
            lock_timeout=settings.lock_timeout,
        ) as m:
            await m.migrate()


@asynccontextmanager
async def scratch_database(
    dsn: str,
    settings: Settings,
    *,
    prefix: str = "hypernet_scratch",
    migrated: bool = True,
    migrations: Sequence[Migration] | None = None,
) -> AsyncIterator[str]:
    """A database that exists for the block only, on the server of `dsn`, built from template0
    (nothing a site added to template1 leaks in) and, unless told otherwise, fully migrated."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    scratch = await create_database(dsn, settings, name, template="template0")
    try:
        if migrated:
            await migrate(scratch, settings, migrations)
        yield scratch
    finally:
        await drop_database(dsn, settings, name)
