"""Finds the database to use: DATABASE_URL, or the embedded PostgreSQL under the data folder."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from hypernet.core.config import Settings
from hypernet.db.pool import connection, embedded_cluster
from hypernet.db.queries import query
from hypernet.db.scratch import create_database

log = logging.getLogger("hypernet")

EMBEDDED_DATABASE = "hypernet"

_DATABASE_EXISTS = query("catalog/database_exists")
_CREATE_PGSS = query("catalog/create_extension_pg_stat_statements")


@asynccontextmanager
async def database_url(settings: Settings) -> AsyncIterator[str]:
    """Yield a connection URL; an embedded server this started is stopped on the way out."""
    if settings.database_url:
        yield settings.database_url
        return
    cluster = embedded_cluster(settings)
    already_running = cluster.running_port() is not None
    if not already_running:
        log.info("starting embedded PostgreSQL in %s", cluster.datadir)
    await asyncio.to_thread(cluster.start)
    try:
        async with connection(cluster.dsn("postgres"), settings, "hypernet-admin") as admin:
            exists = await admin.fetchval(_DATABASE_EXISTS.sql, EMBEDDED_DATABASE)
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
        yield cluster.dsn(EMBEDDED_DATABASE)
    finally:
        if not already_running:
            log.info("stopping embedded PostgreSQL")
            await asyncio.to_thread(cluster.stop)


@asynccontextmanager
async def connected(
    settings: Settings, application_name: str = "hypernet"
) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the configured database (embedded server started and stopped around it
    when nothing runs it yet), closed on the way out: what every one-shot command works on."""
    async with database_url(settings) as dsn, connection(dsn, settings, application_name) as conn:
        yield conn
