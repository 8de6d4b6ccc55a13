"""Finds the database to use: DATABASE_URL, or the embedded PostgreSQL under the data folder."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from hypernet.config import Settings
from hypernet.db import connect, embedded_cluster
from hypernet.queries import query

log = logging.getLogger("hypernet")

EMBEDDED_DATABASE = "hypernet"

_DATABASE_EXISTS = query("catalog/database_exists")
_CREATE_DATABASE = query("catalog/create_database")
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
        admin = await connect(cluster.dsn("postgres"), settings, "hypernet-admin")
        try:
            if not await admin.fetchval(_DATABASE_EXISTS.sql, EMBEDDED_DATABASE):
                try:
                    await admin.execute(
                        _CREATE_DATABASE.with_identifiers(
                            database=EMBEDDED_DATABASE, template="template1"
                        )
                    )
                except asyncpg.DuplicateDatabaseError:
                    pass  # another hypernet command on this data folder created it just now
        finally:
            await admin.close()
        conn = await connect(cluster.dsn(EMBEDDED_DATABASE), settings, "hypernet-admin")
        try:
            try:
                await conn.execute(_CREATE_PGSS.sql)
            except (asyncpg.UniqueViolationError, asyncpg.DuplicateObjectError):
                pass  # IF NOT EXISTS still races with a second command starting at once
        finally:
            await conn.close()
        yield cluster.dsn(EMBEDDED_DATABASE)
    finally:
        if not already_running:
            log.info("stopping embedded PostgreSQL")
            await asyncio.to_thread(cluster.stop)
