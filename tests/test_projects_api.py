"""Projects through the HTTP API: the life of a project, the active and archived lists by name,
what its trash and its purge do to its tasks, import, validation and isolation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def project(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": f"Project {uuid.uuid4().hex[:6]}",
        "description": "Things to get done",
        "color": "#3366CC",
        "metadata": {"icon": "rocket"},
    }
    item.update(overrides)
    return item


async def create_project(
    client: Client, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    resp = await client.post("/v1/projects", json=project(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def names(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/projects", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [p["name"] for p in (await resp.json())["items"]]


async def task_in(client: Client, headers: dict[str, str], project_id: str) -> dict[str, Any]:
    resp = await client.post(
        "/v1/tasks", json={"title": "Task", "project_id": project_id}, headers=headers
    )
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def test_a_project_can_be_fetched_patched_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create_project(client, alice, name="Garden")
    assert (created["status"], created["color"]) == ("active", "#3366cc")
    resp = await client.get(f"/v1/projects/{created['id']}", headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    resp = await client.patch(
        f"/v1/projects/{created['id']}",
        json={"name": "Garden 2026", "color": None},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert (body["name"], body["color"], body["description"]) == (
        "Garden 2026",
        None,
        "Things to get done",
    )
    stale = await client.patch(
        f"/v1/projects/{created['id']}", json={"name": "x"}, headers={**alice, "If-Match": etag}
    )
    assert stale.status == 412
    assert (await (await client.get(f"/v1/projects/{created['id']}", headers=alice)).json())[
        "name"
    ] == "Garden 2026"


async def test_active_projects_are_listed_by_name_and_archived_ones_apart(
    client: Client, alice: dict
) -> None:
    for name in ("Work", "Garden", "Books", "House", "Attic"):
        await create_project(client, alice, name=name)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        body = await (await client.get("/v1/projects", params=params, headers=alice)).json()
        seen.extend(p["name"] for p in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["Attic", "Books", "Garden", "House", "Work"]
    listed = await (await client.get("/v1/projects", headers=alice)).json()
    by_name = {p["name"]: p["id"] for p in listed["items"]}
    resp = await client.patch(
        f"/v1/projects/{by_name['House']}", json={"status": "archived"}, headers=alice
    )
    assert resp.status == 200
    assert await names(client, alice) == ["Attic", "Books", "Garden", "Work"]
    assert await names(client, alice, status="archived") == ["House"]
    bad = await client.get("/v1/projects", params={"status": "done"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "status"


async def test_a_trashed_project_keeps_its_tasks_and_takes_no_new_ones(
    client: Client, alice: dict
) -> None:
    proj = await create_project(client, alice)
    task = await task_in(client, alice, proj["id"])
    assert (await client.delete(f"/v1/projects/{proj['id']}", headers=alice)).status == 204
    assert (await client.get(f"/v1/projects/{proj['id']}", headers=alice)).status == 404
    trash = await (await client.get("/v1/projects/trash", headers=alice)).json()
    assert [p["id"] for p in trash["items"]] == [proj["id"]]
    # The task stays live and still names its project, for a restore to find.
    body = await (await client.get(f"/v1/tasks/{task['id']}", headers=alice)).json()
    assert body["project_id"] == proj["id"]
    resp = await client.post(
        "/v1/tasks", json={"title": "New", "project_id": proj["id"]}, headers=alice
    )
    assert resp.status == 404
    assert (await resp.json())["errors"][0]["path"] == "$.project_id"
    resp = await client.patch(
        f"/v1/tasks/{task['id']}", json={"project_id": proj["id"]}, headers=alice
    )
    assert resp.status == 404
    restored = await client.post(f"/v1/projects/{proj['id']}/restore", headers=alice)
    assert restored.status == 200
    listed = await client.get("/v1/tasks", params={"project_id": proj["id"]}, headers=alice)
    assert [t["id"] for t in (await listed.json())["items"]] == [task["id"]]


async def test_purging_a_project_detaches_its_tasks_live_or_trashed(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    proj = await create_project(client, alice)
    live = await task_in(client, alice, proj["id"])
    trashed = await task_in(client, alice, proj["id"])
    r = await client.delete(f"/v1/tasks/{trashed['id']}", headers=alice)
    assert r.status == 204, await r.text()
    assert (await client.delete(f"/v1/projects/{proj['id']}", headers=alice)).status == 204
    await age_trash(conn, "projects", [proj["id"]], days=31)
    totals = await purge(conn, retention=timedelta(days=30))
    assert (totals["projects"], totals["tasks"]) == (1, 0)
    assert (await client.post(f"/v1/projects/{proj['id']}/restore", headers=alice)).status == 404
    body = await (await client.get(f"/v1/tasks/{live['id']}", headers=alice)).json()
    assert (body["project_id"], body["title"]) == (None, "Task")
    back = await client.post(f"/v1/tasks/{trashed['id']}/restore", headers=alice)
    assert back.status == 200
    assert (await back.json())["project_id"] is None


async def test_import_is_idempotent_and_a_live_import_key_is_409(
    client: Client, alice: dict
) -> None:
    batch = [
        project(name=f"Imported {i}", source_platform="todoist", source_object_id=f"p{i}")
        for i in range(3)
    ]
    first = await (await client.post("/v1/projects/import", json=batch, headers=alice)).json()
    assert (first["created"], first["existing"]) == (3, 0)
    resp = await client.post(
        "/v1/projects/import", json=[*batch, project(name="Fresh")], headers=alice
    )
    again = await resp.json()
    assert (again["created"], again["existing"]) == (1, 3)
    assert again["ids"][:3] == first["ids"]
    dup = await client.post(
        "/v1/projects",
        json=project(source_platform="todoist", source_object_id="p0"),
        headers=alice,
    )
    assert dup.status == 409
    assert (await client.delete(f"/v1/projects/{first['ids'][0]}", headers=alice)).status == 204
    await create_project(client, alice, source_platform="todoist", source_object_id="p0")
    resp = await client.post(f"/v1/projects/{first['ids'][0]}/restore", headers=alice)
    assert resp.status == 409


async def test_bad_input_is_422_with_the_field_path_and_stores_nothing(
    client: Client, alice: dict
) -> None:
    cases = [
        ({"name": ""}, "$.name"),
        ({"name": "x" * 201}, "$.name"),
        (project(color="red"), "$.color"),
        (project(status="done"), "$.status"),
        (project(name="a\u0000b"), "$.name"),
        (project(metadata={"k": "nul \u0000 inside"}), "$.metadata.k"),
        (project(source_object_id="x"), "$"),
        (project(owner="me"), "$"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/projects", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        assert resp.content_type == "application/problem+json"
        assert (await resp.json())["errors"][0]["path"] == path, body
    assert await names(client, alice) == []
    created = await create_project(client, alice)
    resp = await client.patch(f"/v1/projects/{created['id']}", json={"status": None}, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.status"


async def test_other_users_project_and_integration_are_404(
    client: Client, alice: dict, bob: dict
) -> None:
    mine = await create_project(client, alice)
    for method, url in (
        ("GET", f"/v1/projects/{mine['id']}"),
        ("PATCH", f"/v1/projects/{mine['id']}"),
        ("DELETE", f"/v1/projects/{mine['id']}"),
        ("POST", f"/v1/projects/{mine['id']}/restore"),
    ):
        body = {"name": "taken"} if method == "PATCH" else None
        resp = await client.request(method, url, json=body, headers=bob)
        assert resp.status == 404, (method, url)
    integration = await client.post(
        "/v1/integrations",
        json={"integration_type": "google_calendar", "display_name": "Google"},
        headers=alice,
    )
    integration_id = (await integration.json())["id"]
    resp = await client.post(
        "/v1/projects", json=project(source_integration_id=integration_id), headers=bob
    )
    assert resp.status == 404
    assert (await resp.json())["errors"][0]["path"] == "$.source_integration_id"
    ok = await create_project(client, alice, source_integration_id=integration_id)
    assert ok["source_integration_id"] == integration_id
    assert await names(client, bob) == []
