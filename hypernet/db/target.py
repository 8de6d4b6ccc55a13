"""Finds the database to use: DATABASE_URL, or the embedded PostgreSQL under the data folder."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from hypernet.core.config import Settings
from hypernet.db.pool import connection, embedded_cluster
from hypernet.db.queries import query
from hypernet.db.roles import SERVICE_ROLE, grant_embedded_logins, with_login
from hypernet.db.scratch import create_database

log = logging.getLogger("hypernet")

EMBEDDED_DATABASE = "hypernet"

_DATABASE_EXISTS = query("catalog/database_exists")
_CREATE_PGSS = query("catalog/create_extension_pg_stat_statements")


@dataclass(frozen=True)
class Targets:
    """Where to connect: `owner` migrates and runs the tools, `service` serves the API."""

    owner: str
    service: str


@asynccontextmanager
async def database_urls(settings: Settings) -> AsyncIterator[Targets]:
    """The owner's and the service's URLs; an embedded server this started is stopped on the way
    out. With DATABASE_URL the service logs in with it and the owner with
    HYPERNET_OWNER_DATABASE_URL (or DATABASE_URL too, when unset). The embedded server's service
    role gets a login of its own here, with a password kept in the data folder."""
    if settings.database_url:
        yield Targets(settings.owner_database_url or settings.database_url, settings.database_url)
        return
    cluster = embedded_cluster(settings)
    already_running = cluster.running_port() is not None
    if not already_running:
        log.info("starting embedded PostgreSQL in %s", cluster.datadir)
    await asyncio.to_thread(cluster.start)
    try:
        async with connection(cluster.dsn("postgres"), settings, "hypernet-admin") as admin:
            exists = await admin.fetchval(_DATABASE_EXISTS.sql, EMBEDDED_DATABASE)
            passwords = await grant_embedded_logins(admin, cluster.datadir)
        if not exists:
            try:
                await create_database(cluster.dsn("postgres"), settings, EMBEDDED_DATABASE)
            except asyncpg.DuplicateDatabaseError:
                pass  # another hypernet command on this data folder created it just now
        async with connection(cluster.dsn(EMBEDDED_DATABASE), settings, "hypernet-admin") as conn:
            try:
                await conn.execute(_CREATE_PGSS.sql)
            except (asyncpg.UniqueViolationError, asyncpg.DuplicateObjectError):
                pass  # IF NOT EXISTS still races with a second command starting at once
        owner = cluster.dsn(EMBEDDED_DATABASE)
        yield Targets(owner, with_login(owner, SERVICE_ROLE, passwords[SERVICE_ROLE]))
    finally:
        if not already_running:
            log.info("stopping embedded PostgreSQL")
            await asyncio.to_thread(cluster.stop)


@asynccontextmanager
async def database_url(settings: Settings) -> AsyncIterator[str]:
    """The owner's URL (migrations, seed, purge, maintain, the sql tools): see database_urls."""
    async with database_urls(settings) as targets:
        yield targets.owner


@asynccontextmanager
async def connected(
    settings: Settings, application_name: str = "hypernet"
) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the configured database (embedded server started and stopped around it
    when nothing runs it yet), closed on the way out: what every one-shot command works on."""
    async with database_url(settings) as dsn, connection(dsn, settings, application_name) as conn:
        yield conn
