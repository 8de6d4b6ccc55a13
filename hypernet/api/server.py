"""`hypernet serve`: migrate, open the pool, serve HTTP, and shut down gracefully on a signal."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from hypernet.api.app import create_app
from hypernet.api.http import SHUTTING_DOWN
from hypernet.api.observability import record_migration_version, start_metrics_listener
from hypernet.core.config import Settings
from hypernet.core.security import load_or_create_secret
from hypernet.db.migrate import Migrator
from hypernet.db.pool import connection, create_pool
from hypernet.db.roles import login_privileges
from hypernet.db.rows import row_shape_mismatches
from hypernet.db.target import database_urls

log = logging.getLogger("hypernet")


class RowShapeError(RuntimeError):
    """A statement's columns are not the fields its rows are built into (hypernet/db/rows.py)."""


async def apply_migrations(settings: Settings, owner_url: str, migrate: bool) -> None:
    """Apply the pending migrations (unless told not to) as the owner, then publish the schema
    version the service runs on (the metric)."""
    async with connection(owner_url, settings, "hypernet-migrate") as conn:
        if migrate:
            async with Migrator(
                conn,
                lock_timeout=settings.lock_timeout,
                wait_timeout=settings.migration_wait_timeout,
                progress=log.info,
            ) as migrator:
                await migrator.migrate()
        await record_migration_version(conn)


async def serve(settings: Settings, migrate: bool = True, *, reuse_port: bool = False) -> None:
    """One service process. `reuse_port`: one of several on the same port (SO_REUSEPORT; the
    kernel spreads connections over them), as the workers of `serve --workers N` are."""
    secret = load_or_create_secret(settings.jwt_secret, settings.data_path)
    async with database_urls(settings) as targets:
        await apply_migrations(settings, targets.owner, migrate)
        pool = await create_pool(targets.service, settings)
        async with pool.acquire() as conn:
            mismatches = await row_shape_mismatches(conn)
            excess = (await login_privileges(conn)).excess()
        if excess:
            # Kept working (an existing DATABASE_URL set-up), but said loudly: the service's SQL
            # could SET ROLE back to the owner and rewrite what the grants protect.
            log.warning(
                "the service's database login %s; give it a login of its own (see the README, "
                "Security model: DATABASE_URL as hypernet_app, HYPERNET_OWNER_DATABASE_URL for "
                "migrations and tools)",
                ", ".join(excess),
            )
        if mismatches:
            await pool.close()
            raise RowShapeError("; ".join(mismatches))
        app = create_app(settings, pool, secret, targets.service)
        runner = web.AppRunner(
            app,
            shutdown_timeout=settings.shutdown_timeout,
            # The access line is written by observe_middleware (hypernet/api/observability.py),
            # in the log format chosen, with the route, user id and named queries.
            access_log=None,
        )
        await runner.setup()
        metrics_runner = None
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            metrics_runner = await start_metrics_listener(app, settings)
            site = web.TCPSite(runner, settings.host, settings.port, reuse_port=reuse_port or None)
            await site.start()
            log.info("serving on http://%s:%d", settings.host, settings.port)
            await stop.wait()
            log.info("shutting down: finishing in-flight requests")
            app[SHUTTING_DOWN].append(True)
        finally:
            # Stops accepting, lets in-flight requests finish (up to shutdown_timeout), then closes.
            await runner.cleanup()
            if metrics_runner is not None:
                await metrics_runner.cleanup()
            await pool.close()
