"""Tasks through the HTTP API: the life of a task, completed_at following status, subtasks (the
subtree in one answer, moves refused when they would close a cycle or nest too deep, even when
two race), trash and restore of a subtree, the lists by status, project and due date, purge,
import, validation and isolation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from hypernet.domain.errors import Conflict
from hypernet.domain.tasks import MAX_DEPTH, TaskCreate
from hypernet.mappers.tasks import TaskMapper
from hypernet.mappers.users import UserMapper
from hypernet.ops.purge import purge
from tests.test_projects_api import create_project
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def task(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": f"Task {uuid.uuid4().hex[:6]}",
        "notes": "- [ ] first\n- [ ] second",
        "priority": 2,
        "metadata": {"labels": ["home"]},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/tasks", json=task(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def get(client: Client, headers: dict[str, str], task_id: str) -> dict[str, Any]:
    resp = await client.get(f"/v1/tasks/{task_id}", headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def patch(
    client: Client, headers: dict[str, str], task_id: str, **changes: Any
) -> tuple[int, dict[str, Any]]:
    resp = await client.patch(f"/v1/tasks/{task_id}", json=changes, headers=headers)
    return resp.status, await resp.json()


async def ids_of(
    client: Client, headers: dict[str, str], url: str = "/v1/tasks", **params: str
) -> list[str]:
    resp = await client.get(url, params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [t["id"] for t in (await resp.json())["items"]]


async def subtree(client: Client, headers: dict[str, str], task_id: str, **params: str) -> Any:
    resp = await client.get(f"/v1/tasks/{task_id}/subtree", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def chain(client: Client, headers: dict[str, str], length: int) -> list[str]:
    """A top-level task and `length - 1` subtasks, each under the one before."""
    made: list[str] = []
    for depth in range(length):
        parent = {"parent_task_id": made[-1]} if made else {}
        made.append((await create(client, headers, title=f"depth {depth}", **parent))["id"])
    return made


async def test_a_task_can_be_fetched_patched_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice, due_at="2026-05-01T09:00:00+02:00")
    assert (created["status"], created["completed_at"], created["due_at"]) == (
        "todo",
        None,
        "2026-05-01T07:00:00Z",
    )
    resp = await client.get(f"/v1/tasks/{created['id']}", headers=alice)
    etag = resp.headers["ETag"]
    resp = await client.patch(
        f"/v1/tasks/{created['id']}",
        json={"title": "Renamed", "due_at": None, "priority": 3},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert (body["title"], body["due_at"], body["priority"], body["notes"]) == (
        "Renamed",
        None,
        3,
        "- [ ] first\n- [ ] second",
    )
    stale = await client.patch(
        f"/v1/tasks/{created['id']}", json={"title": "x"}, headers={**alice, "If-Match": etag}
    )
    assert stale.status == 412
    assert (await get(client, alice, created["id"]))["title"] == "Renamed"


async def test_done_sets_completed_at_and_leaving_done_clears_it(
    client: Client, alice: dict
) -> None:
    t = await create(client, alice)
    status, done = await patch(client, alice, t["id"], status="done")
    assert status == 200
    assert done["completed_at"] is not None
    # Staying done keeps the moment it was done.
    _, renamed = await patch(client, alice, t["id"], title="Still done", status="done")
    assert renamed["completed_at"] == done["completed_at"]
    _, reopened = await patch(client, alice, t["id"], status="in_progress")
    assert (reopened["status"], reopened["completed_at"]) == ("in_progress", None)
    _, cancelled = await patch(client, alice, t["id"], status="cancelled")
    assert cancelled["completed_at"] is None
    # Created done: now, or when an import says it was done.
    assert (await create(client, alice, status="done"))["completed_at"] is not None
    earlier = await create(client, alice, status="done", completed_at="2025-12-24T18:00:00Z")
    assert earlier["completed_at"] == "2025-12-24T18:00:00Z"
    resp = await client.post(
        "/v1/tasks", json=task(completed_at="2025-12-24T18:00:00Z"), headers=alice
    )
    assert resp.status == 422
    assert "completed_at needs status done" in (await resp.json())["detail"]
    resp = await client.patch(
        f"/v1/tasks/{t['id']}", json={"completed_at": "2025-12-24T18:00:00Z"}, headers=alice
    )
    assert resp.status == 422


async def test_completing_a_parent_leaves_its_subtasks_as_they_were(
    client: Client, alice: dict
) -> None:
    parent = await create(client, alice)
    open_child = await create(client, alice, parent_task_id=parent["id"])
    busy_child = await create(client, alice, parent_task_id=parent["id"], status="in_progress")
    grandchild = await create(client, alice, parent_task_id=open_child["id"])
    status, done = await patch(client, alice, parent["id"], status="done")
    assert (status, done["status"]) == (200, "done")
    for child, expected in (
        (open_child, "todo"),
        (busy_child, "in_progress"),
        (grandchild, "todo"),
    ):
        body = await get(client, alice, child["id"])
        assert (body["status"], body["completed_at"]) == (expected, None)
    assert await ids_of(client, alice, status="todo") == [grandchild["id"], open_child["id"]]


async def test_subtree_answers_the_task_and_its_live_subtasks_depth_first(
    client: Client, alice: dict
) -> None:
    root = await create(client, alice, title="root")
    a = await create(client, alice, title="a", parent_task_id=root["id"])
    b = await create(client, alice, title="b", parent_task_id=root["id"])
    a1 = await create(client, alice, title="a1", parent_task_id=a["id"])
    a1x = await create(client, alice, title="a1x", parent_task_id=a1["id"])
    a2 = await create(client, alice, title="a2", parent_task_id=a["id"])
    gone = await create(client, alice, title="gone", parent_task_id=b["id"])
    await create(client, alice, title="elsewhere")
    assert (await client.delete(f"/v1/tasks/{gone['id']}", headers=alice)).status == 204
    tree = await subtree(client, alice, root["id"])
    assert [(n["depth"], n["task"]["title"]) for n in tree["items"]] == [
        (0, "root"),
        (1, "a"),
        (2, "a1"),
        (3, "a1x"),
        (2, "a2"),
        (1, "b"),
    ]
    assert tree["truncated"] is False
    assert tree["items"][2]["task"]["parent_task_id"] == a["id"]
    part = await subtree(client, alice, a["id"], limit="2")
    assert [n["task"]["id"] for n in part["items"]] == [a["id"], a1["id"]]
    assert part["truncated"] is True
    leaf = await subtree(client, alice, a1x["id"])
    assert [(n["depth"], n["task"]["id"]) for n in leaf["items"]] == [(0, a1x["id"])]
    assert a2["id"] in [n["task"]["id"] for n in tree["items"]]
    resp = await client.get(f"/v1/tasks/{gone['id']}/subtree", headers=alice)
    assert resp.status == 404
    resp = await client.get(f"/v1/tasks/{root['id']}/subtree?limit=1001", headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "limit"


async def test_a_move_under_itself_or_its_own_subtask_is_409_and_changes_nothing(
    client: Client, alice: dict
) -> None:
    top, middle, bottom = await chain(client, alice, 3)
    other = await create(client, alice)
    for target in (top, middle, bottom):
        status, problem = await patch(client, alice, top, parent_task_id=target, title="moved")
        assert status == 409, problem
        assert "subtasks" in problem["detail"]
    assert (await get(client, alice, top))["title"] != "moved"
    assert (await get(client, alice, top))["parent_task_id"] is None
    # Moves that close no cycle are fine: the subtree goes along.
    status, moved = await patch(client, alice, middle, parent_task_id=other["id"])
    assert (status, moved["parent_task_id"]) == (200, other["id"])
    tree = await subtree(client, alice, other["id"])
    assert [n["task"]["id"] for n in tree["items"]] == [other["id"], middle, bottom]
    status, back = await patch(client, alice, middle, parent_task_id=None)
    assert (status, back["parent_task_id"]) == (200, None)
    assert [n["task"]["id"] for n in (await subtree(client, alice, top))["items"]] == [top]


async def test_subtasks_nest_at_most_ten_deep(client: Client, alice: dict) -> None:
    deepest = MAX_DEPTH + 1
    made = await chain(client, alice, deepest)
    tree = await subtree(client, alice, made[0])
    assert [n["depth"] for n in tree["items"]] == list(range(deepest))
    resp = await client.post("/v1/tasks", json=task(parent_task_id=made[-1]), headers=alice)
    assert resp.status == 409
    assert f"at most {MAX_DEPTH} ancestors" in (await resp.json())["detail"]
    # A two-level tree fits under depth 8 (its leaf ends at 10), not under depth 9.
    pair_top, pair_leaf = await chain(client, alice, 2)
    status, _ = await patch(client, alice, pair_top, parent_task_id=made[MAX_DEPTH - 1])
    assert status == 409
    status, moved = await patch(client, alice, pair_top, parent_task_id=made[MAX_DEPTH - 2])
    assert status == 200, moved
    assert (await subtree(client, alice, pair_leaf))["items"][0]["task"]["parent_task_id"] == (
        pair_top
    )
    # A trashed subtask still holds its place: the move that would push it too deep is refused.
    top, child, grandchild = await chain(client, alice, 3)
    assert (await client.delete(f"/v1/tasks/{grandchild}", headers=alice)).status == 204
    status, _ = await patch(client, alice, top, parent_task_id=made[MAX_DEPTH - 2])
    assert status == 409
    resp = await client.post(
        "/v1/tasks/import",
        json=[task(), task(parent_task_id=made[-1])],
        headers=alice,
    )
    assert resp.status == 409
    assert "$[1].parent_task_id" in (await resp.json())["detail"]
    assert child


async def test_two_concurrent_moves_cannot_close_a_cycle(owner_pool: asyncpg.Pool) -> None:
    user = await UserMapper(owner_pool).create("mover@example.com", "x" * 60, "Mover")
    a = await TaskMapper(owner_pool).create(user.id, TaskCreate(title="a"))
    b = await TaskMapper(owner_pool).create(user.id, TaskCreate(title="b"))
    async with owner_pool.acquire() as first, owner_pool.acquire() as second:
        tx = first.transaction()
        await tx.start()
        # a goes under b; not yet committed, it holds the user's tree lock.
        await TaskMapper(first).update(user.id, a.id, {"parent_task_id": b.id})

        async def b_under_a() -> None:
            async with second.transaction():
                await TaskMapper(second).update(user.id, b.id, {"parent_task_id": a.id})

        racing = asyncio.create_task(b_under_a())
        await asyncio.sleep(0.3)
        # Without the lock its check would see a still at the top level, and pass.
        assert not racing.done()
        await tx.commit()
        with pytest.raises(Conflict):
            await racing
    moved_a = await TaskMapper(owner_pool).get(user.id, a.id)
    moved_b = await TaskMapper(owner_pool).get(user.id, b.id)
    assert moved_a is not None and moved_b is not None
    assert (moved_a.parent_task_id, moved_b.parent_task_id) == (b.id, None)


async def test_concurrent_opposite_moves_through_the_api_one_wins(
    client: Client, alice: dict
) -> None:
    for _ in range(3):
        a, b = (await create(client, alice))["id"], (await create(client, alice))["id"]
        answers = await asyncio.gather(
            client.patch(f"/v1/tasks/{a}", json={"parent_task_id": b}, headers=alice),
            client.patch(f"/v1/tasks/{b}", json={"parent_task_id": a}, headers=alice),
        )
        assert sorted(r.status for r in answers) == [200, 409]
        parents = [(await get(client, alice, x))["parent_task_id"] for x in (a, b)]
        assert parents in ([b, None], [None, a])


async def test_trashing_a_task_takes_its_subtree_and_restore_brings_back_exactly_those(
    client: Client, alice: dict
) -> None:
    parent = await create(client, alice, title="parent")
    child = await create(client, alice, title="child", parent_task_id=parent["id"])
    grandchild = await create(client, alice, title="grandchild", parent_task_id=child["id"])
    earlier = await create(client, alice, title="trashed first", parent_task_id=parent["id"])
    assert (await client.delete(f"/v1/tasks/{earlier['id']}", headers=alice)).status == 204
    # A stale ETag trashes nothing, not even the subtasks.
    etag = (await client.get(f"/v1/tasks/{parent['id']}", headers=alice)).headers["ETag"]
    assert (await patch(client, alice, parent["id"], title="parent"))[0] == 200
    stale = await client.delete(f"/v1/tasks/{parent['id']}", headers={**alice, "If-Match": etag})
    assert stale.status == 412
    assert len((await subtree(client, alice, parent["id"]))["items"]) == 3
    assert (await client.delete(f"/v1/tasks/{parent['id']}", headers=alice)).status == 204
    assert await ids_of(client, alice) == []
    trash = await ids_of(client, alice, "/v1/tasks/trash")
    assert set(trash) == {parent["id"], child["id"], grandchild["id"], earlier["id"]}
    # A subtask cannot come back while its parent is in the trash.
    resp = await client.post(f"/v1/tasks/{grandchild['id']}/restore", headers=alice)
    assert resp.status == 409
    assert resp.content_type == "application/problem+json"
    resp = await client.post(f"/v1/tasks/{parent['id']}/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["id"] == parent["id"]
    tree = await subtree(client, alice, parent["id"])
    assert [n["task"]["title"] for n in tree["items"]] == ["parent", "child", "grandchild"]
    # The one trashed on its own stays there until restored on its own.
    assert await ids_of(client, alice, "/v1/tasks/trash") == [earlier["id"]]
    assert (await client.post(f"/v1/tasks/{earlier['id']}/restore", headers=alice)).status == 200
    assert len((await subtree(client, alice, parent["id"]))["items"]) == 4


async def test_parents_and_projects_must_be_live_and_the_callers(
    client: Client, alice: dict, bob: dict
) -> None:
    mine = await create(client, alice)
    theirs = await create(client, bob)
    trashed = await create(client, alice)
    assert (await client.delete(f"/v1/tasks/{trashed['id']}", headers=alice)).status == 204
    their_project = await create_project(client, bob)
    for parent in (theirs["id"], trashed["id"], str(uuid.uuid4())):
        resp = await client.post("/v1/tasks", json=task(parent_task_id=parent), headers=alice)
        assert resp.status == 404, await resp.text()
        assert (await resp.json())["errors"][0]["path"] == "$.parent_task_id"
        status, problem = await patch(client, alice, mine["id"], parent_task_id=parent)
        assert status == 404
        assert problem["errors"][0]["path"] == "$.parent_task_id"
    resp = await client.post("/v1/tasks", json=task(project_id=their_project["id"]), headers=alice)
    assert resp.status == 404
    assert (await resp.json())["errors"][0]["path"] == "$.project_id"
    resp = await client.post(
        "/v1/tasks/import",
        json=[task(), task(project_id=their_project["id"]), task(parent_task_id=theirs["id"])],
        headers=alice,
    )
    assert resp.status == 404
    paths = {e["path"] for e in (await resp.json())["errors"]}
    assert paths == {"$[1].project_id", "$[2].parent_task_id"}
    assert await ids_of(client, alice) == [mine["id"]]
    for method, url in (
        ("GET", f"/v1/tasks/{mine['id']}"),
        ("GET", f"/v1/tasks/{mine['id']}/subtree"),
        ("PATCH", f"/v1/tasks/{mine['id']}"),
        ("DELETE", f"/v1/tasks/{mine['id']}"),
        ("POST", f"/v1/tasks/{trashed['id']}/restore"),
    ):
        body = {"title": "taken"} if method == "PATCH" else None
        resp = await client.request(method, url, json=body, headers=bob)
        assert resp.status == 404, (method, url)


async def test_lists_by_status_project_and_due_date_walk_keyset_pages(
    client: Client, alice: dict
) -> None:
    home = await create_project(client, alice, name="Home")
    now = datetime.now(UTC)

    def at(days: int) -> str:
        return (now + timedelta(days=days)).isoformat()

    overdue = await create(client, alice, due_at=at(-2), project_id=home["id"])
    soon = await create(client, alice, due_at=at(1), status="in_progress")
    later = await create(client, alice, due_at=at(10), project_id=home["id"])
    undated = await create(client, alice, project_id=home["id"])
    done = await create(client, alice, due_at=at(-5), status="done", project_id=home["id"])
    cancelled = await create(client, alice, due_at=at(-1), status="cancelled")
    made = [overdue, soon, later, undated, done, cancelled]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "4", **({"cursor": cursor} if cursor else {})}
        body = await (await client.get("/v1/tasks", params=params, headers=alice)).json()
        seen.extend(t["id"] for t in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [t["id"] for t in reversed(made)]
    assert await ids_of(client, alice, status="done") == [done["id"]]
    assert await ids_of(client, alice, status="todo") == [
        undated["id"],
        later["id"],
        overdue["id"],
    ]
    assert await ids_of(client, alice, project_id=home["id"]) == [
        done["id"],
        undated["id"],
        later["id"],
        overdue["id"],
    ]
    assert await ids_of(client, alice, project_id=home["id"], status="todo", limit="2") == [
        undated["id"],
        later["id"],
    ]
    # Open dated tasks, soonest first, page by page.
    due: list[str] = []
    cursor = None
    while True:
        params = {"limit": "1", **({"cursor": cursor} if cursor else {})}
        body = await (await client.get("/v1/tasks/due", params=params, headers=alice)).json()
        due.extend(t["id"] for t in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert due == [overdue["id"], soon["id"], later["id"]]
    assert await ids_of(client, alice, "/v1/tasks/due", before=now.isoformat()) == [overdue["id"]]
    assert await ids_of(client, alice, "/v1/tasks/due", project_id=home["id"]) == [
        overdue["id"],
        later["id"],
    ]
    _, _ = await patch(client, alice, overdue["id"], status="done")
    assert await ids_of(client, alice, "/v1/tasks/due", before=now.isoformat()) == []
    bad = await client.get("/v1/tasks", params={"status": "open"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "status"
    bad = await client.get("/v1/tasks/due", params={"before": "2026-01-01T00:00:00"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "before"


async def test_purge_takes_a_trashed_tree_in_any_batch_size(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    top, middle, bottom = await chain(client, alice, 3)
    keeper = await create(client, alice)
    recent = await create(client, alice, parent_task_id=keeper["id"])
    assert (await client.delete(f"/v1/tasks/{top}", headers=alice)).status == 204
    assert (await client.delete(f"/v1/tasks/{recent['id']}", headers=alice)).status == 204
    await age_trash(conn, "tasks", [top, middle, bottom], days=31)
    # Batches of one split the tree, parents first or not: the foreign key never refuses.
    totals = await purge(conn, retention=timedelta(days=30), batch_size=1)
    assert totals["tasks"] == 3
    assert await ids_of(client, alice, "/v1/tasks/trash") == [recent["id"]]
    assert (await client.post(f"/v1/tasks/{recent['id']}/restore", headers=alice)).status == 200
    assert (await get(client, alice, recent["id"]))["parent_task_id"] == keeper["id"]


async def test_a_subtask_whose_parent_was_purged_comes_back_at_the_top_level(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    parent, child = await chain(client, alice, 2)
    assert (await client.delete(f"/v1/tasks/{child}", headers=alice)).status == 204
    assert (await client.delete(f"/v1/tasks/{parent}", headers=alice)).status == 204
    await age_trash(conn, "tasks", [parent], days=31)
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["tasks"] == 1
    resp = await client.post(f"/v1/tasks/{child}/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["parent_task_id"] is None


async def test_import_is_idempotent_and_a_live_import_key_is_409(
    client: Client, alice: dict
) -> None:
    parent = await create(client, alice)
    batch = [
        task(
            title=f"Imported {i}",
            status="done" if i == 0 else "todo",
            completed_at="2025-01-02T03:04:05Z" if i == 0 else None,
            parent_task_id=parent["id"] if i == 2 else None,
            source_platform="todoist",
            source_object_id=f"t{i}",
        )
        for i in range(3)
    ]
    first = await (await client.post("/v1/tasks/import", json=batch, headers=alice)).json()
    assert (first["created"], first["existing"]) == (3, 0)
    done = await get(client, alice, first["ids"][0])
    assert (done["status"], done["completed_at"]) == ("done", "2025-01-02T03:04:05Z")
    assert (await get(client, alice, first["ids"][2]))["parent_task_id"] == parent["id"]
    resp = await client.post("/v1/tasks/import", json=[*batch, task()], headers=alice)
    again = await resp.json()
    assert (again["created"], again["existing"]) == (1, 3)
    assert again["ids"][:3] == first["ids"]
    dup = await client.post(
        "/v1/tasks", json=task(source_platform="todoist", source_object_id="t1"), headers=alice
    )
    assert dup.status == 409
    # A subtree whose restore would bring back a key a live task now holds: nothing comes back.
    assert (await client.delete(f"/v1/tasks/{parent['id']}", headers=alice)).status == 204
    await create(client, alice, source_platform="todoist", source_object_id="t2")
    assert (await client.post(f"/v1/tasks/{parent['id']}/restore", headers=alice)).status == 409
    assert parent["id"] in await ids_of(client, alice, "/v1/tasks/trash")
    too_many = await client.post("/v1/tasks/import", json=[task()] * 1001, headers=alice)
    assert too_many.status == 422


async def test_bad_input_is_422_with_the_field_path_and_stores_nothing(
    client: Client, alice: dict
) -> None:
    cases = [
        ({"notes": "no title"}, "$"),
        (task(title=""), "$.title"),
        (task(priority=4), "$.priority"),
        (task(priority=-1), "$.priority"),
        (task(status="doing"), "$.status"),
        (task(due_at="2026-01-01T00:00:00"), "$.due_at"),
        (task(project_id="not-a-uuid"), "$.project_id"),
        (task(title="a\u0000b"), "$.title"),
        (task(metadata={"k\u0000": 1}), "$.metadata"),
        (task(notes="x" * 100_001), "$.notes"),
        (task(source_object_id="x"), "$"),
        (task(assignee="bob"), "$"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/tasks", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        assert resp.content_type == "application/problem+json"
        assert (await resp.json())["errors"][0]["path"].startswith(path), body
    assert await ids_of(client, alice) == []
    created = await create(client, alice)
    for changes, path in (({"status": None}, "$.status"), ({"priority": 9}, "$.priority")):
        status, problem = await patch(client, alice, created["id"], **changes)
        assert status == 422
        assert problem["errors"][0]["path"] == path
    resp = await client.post("/v1/tasks/import", json=[task(), task(status="x")], headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$[1].status"


async def test_deleting_a_user_takes_their_projects_and_task_trees(
    client: Client, alice: dict, bob: dict, conn: asyncpg.Connection
) -> None:
    owners: list[str] = []
    for headers in (alice, bob):
        source = await client.post(
            "/v1/integrations",
            json={"integration_type": "google_calendar", "display_name": "Google"},
            headers=headers,
        )
        integration = (await source.json())["id"]
        proj = await create_project(client, headers, source_integration_id=integration)
        top = await create(client, headers, project_id=proj["id"])
        sub = await create(
            client, headers, parent_task_id=top["id"], source_integration_id=integration
        )
        await create(client, headers, parent_task_id=sub["id"])
        owners.append(top["user_id"])
    # An operator's delete of an integration: what came through it stays and stops naming it.
    await conn.execute("DELETE FROM integrations WHERE user_id = $1", uuid.UUID(owners[1]))
    assert (
        await conn.fetchval(
            "SELECT count(*) FROM tasks WHERE user_id = $1 AND source_integration_id IS NOT NULL",
            uuid.UUID(owners[1]),
        )
        == 0
    )
    await conn.execute("DELETE FROM users WHERE id = $1", uuid.UUID(owners[0]))
    for table in ("projects", "tasks"):
        counts = await conn.fetch(f"SELECT user_id::text, count(*) FROM {table} GROUP BY user_id")
        assert {r["user_id"]: r["count"] for r in counts} == {
            owners[1]: 1 if table == "projects" else 3
        }
