"""What an operator sees: Prometheus /metrics on a listener of its own, and the JSON log lines
(access line per request, slow named queries by name and never with their parameters)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import msgspec
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from hypernet.api.app import create_app
from hypernet.api.keys import POOL
from hypernet.api.observability import start_metrics_listener
from hypernet.api.problems import ProblemError, problem_middleware
from hypernet.cli import main
from hypernet.core.config import ConfigError, load_settings
from hypernet.core.metrics import REGISTRY
from hypernet.db.migrate import load_migrations
from hypernet.db.pool import create_pool
from tests.conftest import (
    JWT_SECRET,
    TEST_SETTINGS,
    Server,
    create_database,
    drop_database,
    service_dsn,
)
from tests.test_serve import free_port

EMAIL = "metrics-person@example.com"
MEDIA = {
    "filename": "a.jpg",
    "media_type": "photo",
    "mime_type": "image/jpeg",
    "size": 1,
    "file_path": "a.jpg",
}


def samples(text: str, name: str, **labels: str) -> list[Sample]:
    """The samples of that name whose labels include those given."""
    return [
        s
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    ]


def value(text: str, name: str, **labels: str) -> float:
    found = samples(text, name, **labels)
    assert len(found) == 1, f"{name} {labels}: {found}"
    return found[0].value


@dataclass
class Served:
    """One `hypernet serve` run: what was done against it, what it exposed and logged."""

    metrics: str = ""
    api_metrics_status: int = 0
    user_id: str = ""
    request_id: str = ""
    log_lines: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
async def served(
    pg_server: Server, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Served]:
    """`hypernet serve` with JSON logs, every query slow (threshold 0) and metrics on a port of
    their own; a person registers, logs in, creates a media item and reads it twice."""
    name = f"hn_obs_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    tmp = tmp_path_factory.mktemp("observability")
    port, metrics_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": dsn,
        "HYPERNET_PORT": str(port),
        "HYPERNET_DATA_DIR": str(tmp),
        "HYPERNET_BCRYPT_ROUNDS": "4",
        "HYPERNET_LOG_FORMAT": "json",
        "HYPERNET_SLOW_QUERY_MS": "0",
        "HYPERNET_METRICS_ADDRESS": f"127.0.0.1:{metrics_port}",
    }
    log_path = tmp / "stderr.log"
    with log_path.open("wb") as log_file:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hypernet", "serve", env=env, stdout=log_file, stderr=log_file
        )
    run = Served()
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(150):
                try:
                    async with http.get(base + "/health/ready") as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            account = {"email": EMAIL, "password": "long enough"}
            async with http.post(
                base + "/v1/auth/register", json={**account, "display_name": "M"}
            ) as resp:
                assert resp.status == 201, await resp.text()
            async with http.post(base + "/v1/auth/login", json=account) as resp:
                headers = {"Authorization": "Bearer " + (await resp.json())["access_token"]}
            async with http.get(base + "/v1/me", headers=headers) as resp:
                run.user_id = (await resp.json())["id"]
            async with http.post(base + "/v1/media", headers=headers, json=MEDIA) as resp:
                media_id = (await resp.json())["id"]
            run.request_id = f"obs-{uuid.uuid4().hex}"
            for rid in (run.request_id, None):
                async with http.get(
                    f"{base}/v1/media/{media_id}",
                    headers={**headers, **({"X-Request-Id": rid} if rid else {})},
                ) as resp:
                    assert resp.status == 200
            async with http.get(base + "/metrics") as resp:
                run.api_metrics_status = resp.status
            async with http.get(f"http://127.0.0.1:{metrics_port}/metrics") as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
                run.metrics = await resp.text()
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
        run.log_lines = log_path.read_text().splitlines()
        yield run
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await drop_database(pg_server, name)


def test_metrics_count_requests_by_method_route_template_and_status(served: Served) -> None:
    route = "/v1/media/{id}"
    text = served.metrics
    assert value(text, "hypernet_http_requests_total", method="GET", route=route, status="200") == 2
    assert value(text, "hypernet_http_requests_total", method="POST", route="/v1/media") == 1
    # Never the raw path: one series per route, whatever the ids.
    assert "/v1/media/" + "0" not in text and 'route="/v1/media/{id}"' in text


def test_metrics_time_requests_in_a_histogram_per_route(served: Served) -> None:
    labels = {"method": "GET", "route": "/v1/media/{id}"}
    text = served.metrics
    assert value(text, "hypernet_http_request_duration_seconds_count", **labels) == 2
    buckets = samples(text, "hypernet_http_request_duration_seconds_bucket", **labels)
    assert len(buckets) > 5
    assert max(b.value for b in buckets if b.labels["le"] == "+Inf") == 2


def test_metrics_count_and_time_named_queries_by_name(served: Served) -> None:
    text = served.metrics
    assert value(text, "hypernet_db_queries_total", query="media/get_live", outcome="ok") >= 2
    assert value(text, "hypernet_db_query_duration_seconds_count", query="media/get_live") >= 2
    assert value(text, "hypernet_db_queries_total", query="media/insert", outcome="ok") == 1


def test_metrics_show_the_pool_and_the_migration_version(served: Served) -> None:
    text = served.metrics
    assert value(text, "hypernet_db_pool_size") >= 1
    assert value(text, "hypernet_db_pool_max_size") == 32
    assert value(text, "hypernet_db_pool_in_use") == 0
    assert value(text, "hypernet_db_pool_waiting") == 0
    newest = load_migrations()[-1].version
    assert value(text, "hypernet_schema_migration_version") == newest


def test_metrics_are_not_served_on_the_api_port(served: Served) -> None:
    assert served.api_metrics_status == 404


def test_json_log_lines_parse_and_carry_request_id_user_id_and_query_names(
    served: Served,
) -> None:
    lines = [json.loads(line) for line in served.log_lines]
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    access = [line for line in lines if line["logger"] == "hypernet.access"]
    # One access line per request, the failed /metrics on the API port included.
    assert [a["route"] for a in access].count("/v1/media/{id}") == 2
    assert any(a["route"] == "unmatched" and a["status"] == 404 for a in access)
    (read,) = [a for a in access if a["request_id"] == served.request_id]
    assert read["user_id"] == served.user_id
    assert read["method"] == "GET" and read["status"] == 200
    assert read["route"] == "/v1/media/{id}"
    # media/get_live, after session/act_for_user when the connection acted for someone else.
    assert read["queries"][-1] == "media/get_live"
    assert set(read["queries"]) <= {"session/act_for_user", "media/get_live"}
    assert read["duration_ms"] > 0


def test_a_slow_query_is_logged_by_name_without_its_parameters(served: Served) -> None:
    lines = [json.loads(line) for line in served.log_lines]
    slow = [line for line in lines if line["logger"] == "hypernet.db.slow"]
    during_read = [s for s in slow if s.get("request_id") == served.request_id]
    (read,) = [s for s in during_read if s["query"] == "media/get_live"]
    assert read["user_id"] == served.user_id
    assert read["duration_ms"] >= 0
    assert "media/get_live" in read["message"]
    # The e-mail was a parameter of the registration's and the login's queries.
    assert any(s["query"].startswith("users/") for s in slow)
    assert not any(EMAIL in line for line in served.log_lines)


async def test_pool_gauges_count_a_request_waiting_for_a_connection(db_dsn: str) -> None:
    settings = msgspec.structs.replace(
        TEST_SETTINGS,
        pool_min_size=1,
        pool_max_size=1,
        # The waiter must still be waiting when a slow machine gets round to scraping.
        pool_acquire_timeout=60.0,
        metrics_address=f"127.0.0.1:{free_port()}",
    )
    pool = await create_pool(service_dsn(db_dsn), settings)
    app = create_app(settings, pool, JWT_SECRET, service_dsn(db_dsn))
    runner = await start_metrics_listener(app, settings)
    assert runner is not None
    try:
        bounded = app[POOL]
        async with aiohttp.ClientSession() as http, bounded.acquire():
            waiter = asyncio.create_task(bounded.fetchval("select 1"))
            # A loaded machine may take a while to get the waiter queued: ask until it shows.
            for _ in range(50):
                await asyncio.sleep(0.1)
                async with http.get(f"http://{settings.metrics_address}/metrics") as resp:
                    text = await resp.text()
                if value(text, "hypernet_db_pool_waiting") == 1:
                    break
            assert value(text, "hypernet_db_pool_size") == 1
            assert value(text, "hypernet_db_pool_in_use") == 1
            assert value(text, "hypernet_db_pool_waiting") == 1
        assert await waiter == 1
        assert bounded.waiting == 0
    finally:
        await runner.cleanup()
        await pool.close()


async def test_a_429_problem_counts_as_rate_limited_for_its_route() -> None:
    async def limited(request: web.Request) -> web.Response:
        raise ProblemError(429, "slow down", headers={"Retry-After": "1"})

    app = web.Application(middlewares=[problem_middleware])
    app.router.add_get("/limited/{id}", limited)
    before = REGISTRY.get_sample_value("hypernet_rate_limited_total", {"route": "/limited/{id}"})
    async with TestClient(TestServer(app)) as client:
        for n in range(3):
            assert (await client.get(f"/limited/{n}")).status == 429
    after = REGISTRY.get_sample_value("hypernet_rate_limited_total", {"route": "/limited/{id}"})
    assert (after or 0) - (before or 0) == 3


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"HYPERNET_METRICS_ADDRESS": "0.0.0.0:9464"}, "not a loopback address"),
        ({"HYPERNET_METRICS_ADDRESS": "metrics.example.com:9464"}, "not a loopback address"),
        ({"HYPERNET_METRICS_ADDRESS": "9464"}, "expected host:port"),
        ({"HYPERNET_METRICS_ADDRESS": "127.0.0.1:99999"}, "expected host:port"),
        ({"HYPERNET_METRICS_PUBLIC": "maybe"}, "HYPERNET_METRICS_PUBLIC='maybe' is invalid"),
        ({"HYPERNET_LOG_FORMAT": "xml"}, "HYPERNET_LOG_FORMAT='xml' is invalid"),
        ({"HYPERNET_SLOW_QUERY_MS": "-1"}, "HYPERNET_SLOW_QUERY_MS='-1' is invalid"),
    ],
)
def test_a_public_or_malformed_metrics_address_is_refused(env: dict[str, str], error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        load_settings(env)


def test_a_public_metrics_address_is_taken_when_said_so() -> None:
    settings = load_settings(
        {"HYPERNET_METRICS_ADDRESS": "0.0.0.0:9464", "HYPERNET_METRICS_PUBLIC": "true"}
    )
    assert settings.metrics_address == "0.0.0.0:9464" and settings.metrics_public
    assert load_settings({}).metrics_address is None


def test_serve_refuses_to_start_with_a_public_metrics_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYPERNET_METRICS_ADDRESS", "0.0.0.0:9464")
    monkeypatch.delenv("HYPERNET_METRICS_PUBLIC", raising=False)
    assert main(["serve"]) == 2
    assert "HYPERNET_METRICS_PUBLIC=true" in capsys.readouterr().err
