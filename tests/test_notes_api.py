"""Notes through the HTTP API: the life of a note, the list (pinned first, then most recently
changed, across pages; archived ones apart), import that keeps a note's history, what a purge
does, bad input and isolation."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def note(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": "Groceries",
        "body": "- [ ] milk\n- [ ] bread\n\n**Saturday** market",
        "metadata": {"color": "yellow"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/notes", json=note(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def titles(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    """Every page of the list, walked with its cursors."""
    seen: list[str] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        resp = await client.get("/v1/notes", params=query, headers=headers)
        assert resp.status == 200, await resp.text()
        page = await resp.json()
        seen.extend(n["title"] for n in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


async def patch(client: Client, headers: dict[str, str], note_id: str, **fields: Any) -> dict:
    resp = await client.patch(f"/v1/notes/{note_id}", json=fields, headers=headers)
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


async def test_a_note_can_be_fetched_patched_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    assert (created["pinned"], created["archived"]) == (False, False)
    url = f"/v1/notes/{created['id']}"
    resp = await client.get(url, headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    body = await resp.json()
    assert body["body"] == "- [ ] milk\n- [ ] bread\n\n**Saturday** market"
    assert body["metadata"] == {"color": "yellow"}
    resp = await client.patch(
        url, json={"title": None, "body": "# Groceries"}, headers={**alice, "If-Match": etag}
    )
    assert resp.status == 200, await resp.text()
    changed = await resp.json()
    assert (changed["title"], changed["body"], changed["metadata"]) == (
        None,
        "# Groceries",
        {"color": "yellow"},
    )
    assert changed["updated_at"] > created["updated_at"]
    stale = await client.patch(url, json={"pinned": True}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    # A note may be empty: no title, no body.
    empty = await client.post("/v1/notes", json={}, headers=alice)
    assert empty.status == 201
    assert ((await empty.json())["title"], (await empty.json())["body"]) == (None, "")


async def test_the_list_shows_pinned_notes_first_then_the_most_recently_changed_on_every_page(
    client: Client, alice: dict
) -> None:
    made = [await create(client, alice, title=f"n{i}") for i in range(7)]
    for i in (1, 4):
        await patch(client, alice, made[i]["id"], pinned=True)
    # Pinned: n4 (pinned last), n1; then the rest, most recently changed first.
    expected = ["n4", "n1", "n6", "n5", "n3", "n2", "n0"]
    assert await titles(client, alice, limit="2") == expected
    assert await titles(client, alice, limit="1") == expected
    assert await titles(client, alice) == expected


async def test_pinning_editing_and_unpinning_move_a_note(client: Client, alice: dict) -> None:
    a, b, c = [await create(client, alice, title=t) for t in "abc"]
    assert await titles(client, alice) == ["c", "b", "a"]
    await patch(client, alice, a["id"], pinned=True)
    assert await titles(client, alice) == ["a", "c", "b"]
    # Editing an unpinned note brings it to the top of the unpinned part, under the pinned one.
    await patch(client, alice, b["id"], body="edited")
    assert await titles(client, alice) == ["a", "b", "c"]
    await patch(client, alice, a["id"], pinned=False)
    assert await titles(client, alice) == ["a", "b", "c"]
    await patch(client, alice, c["id"], metadata={"color": "red"})
    assert await titles(client, alice) == ["c", "a", "b"]


async def test_archived_notes_leave_the_list_and_have_their_own(
    client: Client, alice: dict
) -> None:
    kept = await create(client, alice, title="kept")
    old = await create(client, alice, title="old", pinned=True)
    older = await create(client, alice, title="older")
    await patch(client, alice, older["id"], archived=True)
    await patch(client, alice, old["id"], archived=True)
    assert await titles(client, alice) == ["kept"]
    assert await titles(client, alice, archived="false") == ["kept"]
    # Archiving keeps a note pinned: it leads the archived list, and comes back pinned.
    assert await titles(client, alice, archived="true") == ["old", "older"]
    back = await patch(client, alice, old["id"], archived=False)
    assert back["pinned"] is True
    assert await titles(client, alice) == ["old", "kept"]
    assert kept["archived"] is False
    created_archived = await create(client, alice, title="filed", archived=True)
    assert created_archived["archived"] is True
    assert await titles(client, alice, archived="true") == ["filed", "older"]
    bad = await client.get("/v1/notes", params={"archived": "sometimes"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "archived"


async def test_a_cursor_of_another_list_or_a_forged_one_is_400(client: Client, alice: dict) -> None:
    for _ in range(3):
        await create(client, alice)
    page = await (await client.get("/v1/notes", params={"limit": "1"}, headers=alice)).json()
    # A (deleted_at, id) cursor, as the trash issues: not a point of this list.
    trash_cursor = base64.urlsafe_b64encode(
        json.dumps(["2026-01-01T00:00:00Z", str(uuid.uuid4())]).encode()
    ).decode()
    for cursor in ("not-a-cursor", trash_cursor):
        resp = await client.get("/v1/notes", params={"cursor": cursor}, headers=alice)
        assert resp.status == 400, await resp.text()
    ok = await client.get("/v1/notes", params={"cursor": page["next_cursor"]}, headers=alice)
    assert ok.status == 200


async def test_deleted_note_leaves_the_list_and_comes_back_pinned_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice, title="keep me", pinned=True)
    other = await create(client, alice, title="other")
    url = f"/v1/notes/{created['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert (await client.patch(url, json={"body": "x"}, headers=alice)).status == 404
    assert await titles(client, alice) == ["other"]
    trash = await (await client.get("/v1/notes/trash", headers=alice)).json()
    assert [n["id"] for n in trash["items"]] == [created["id"]]
    resp = await client.post(url + "/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["pinned"] is True
    assert await titles(client, alice) == ["keep me", "other"]
    assert other["pinned"] is False


async def test_import_is_idempotent_and_keeps_each_notes_history(
    client: Client, alice: dict
) -> None:
    recent = await create(client, alice, title="written here")
    batch = [
        note(
            title="2019 trip",
            created_at="2019-05-01T09:00:00Z",
            updated_at="2019-06-01T09:00:00Z",
            source_platform="evernote",
            source_object_id="en-1",
        ),
        note(
            title="2021 plans",
            created_at="2021-01-01T09:00:00Z",
            source_platform="evernote",
            source_object_id="en-2",
        ),
        note(
            title="pinned idea", pinned=True, source_platform="google_keep", source_object_id="k1"
        ),
    ]
    first = await (await client.post("/v1/notes/import", json=batch, headers=alice)).json()
    assert (first["created"], first["existing"]) == (3, 0)
    two = await (await client.get(f"/v1/notes/{first['ids'][1]}", headers=alice)).json()
    # Given only when it was written, a note was last changed then.
    assert two["created_at"] == two["updated_at"] == "2021-01-01T09:00:00Z"
    assert await titles(client, alice) == ["pinned idea", "written here", "2021 plans", "2019 trip"]
    again = await client.post(
        "/v1/notes/import",
        json=[*batch, note(title="new", source_platform="evernote", source_object_id="en-3")],
        headers=alice,
    )
    result = await again.json()
    assert (result["created"], result["existing"]) == (1, 3)
    assert result["ids"][:3] == first["ids"]
    assert len(await titles(client, alice)) == 5
    assert recent["source_platform"] is None
    # A live note holding an import key: creating another is 409, restoring a trashed twin too.
    clash = await client.post(
        "/v1/notes", json=note(source_platform="evernote", source_object_id="en-1"), headers=alice
    )
    assert clash.status == 409
    trashed = first["ids"][0]
    assert (await client.delete(f"/v1/notes/{trashed}", headers=alice)).status == 204
    twin = await client.post("/v1/notes/import", json=batch[:1], headers=alice)
    assert (await twin.json())["created"] == 1
    assert (await client.post(f"/v1/notes/{trashed}/restore", headers=alice)).status == 409


async def test_purge_removes_old_trash_and_a_purged_integration_leaves_its_notes_where_they_were(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    resp = await client.post(
        "/v1/integrations",
        json={"integration_type": "dropbox", "display_name": "Dropbox Paper"},
        headers=alice,
    )
    integration = (await resp.json())["id"]
    batch = [
        note(
            title=f"imported {i}",
            source_integration_id=integration,
            source_platform="dropbox_paper",
            source_object_id=f"dp-{i}",
            updated_at=f"2020-0{i + 1}-01T00:00:00Z",
        )
        for i in range(2)
    ]
    imported = await (await client.post("/v1/notes/import", json=batch, headers=alice)).json()
    written = await create(client, alice, title="written")
    old = await create(client, alice, title="old trash")
    recent = await create(client, alice, title="recent trash")
    for n in (old, recent):
        assert (await client.delete(f"/v1/notes/{n['id']}", headers=alice)).status == 204
    await age_trash(conn, "notes", [old["id"]], days=31)
    assert (await client.delete(f"/v1/integrations/{integration}", headers=alice)).status == 204
    await age_trash(conn, "integrations", [integration], days=31)
    before = await (await client.get(f"/v1/notes/{imported['ids'][0]}", headers=alice)).json()
    totals = await purge(conn, retention=timedelta(days=30))
    assert (totals["notes"], totals["integrations"]) == (1, 1)
    trash = await (await client.get("/v1/notes/trash", headers=alice)).json()
    assert [n["id"] for n in trash["items"]] == [recent["id"]]
    after = await (await client.get(f"/v1/notes/{imported['ids'][0]}", headers=alice)).json()
    assert after["source_integration_id"] is None
    assert after["source_object_id"] == "dp-0"
    # The service's own bookkeeping does not move a note to the top of the list.
    assert after["updated_at"] == before["updated_at"]
    assert await titles(client, alice) == ["written", "imported 1", "imported 0"]
    assert written["title"] == "written"


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        (note(body="a\u0000b"), "$.body"),
        (note(title="nul\u0000"), "$.title"),
        (note(body="x" * 200_001), "$.body"),
        (note(title="t" * 1001), "$.title"),
        (note(pinned="yes"), "$.pinned"),
        (note(metadata={"k": ["ok", "nul\u0000"]}), "$.metadata.k[1]"),
        (note(created_at="2024-01-01T00:00:00"), "$.created_at"),
        (note(created_at="2024-02-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z"), "$"),
        (note(source_object_id="x"), "$"),
        (note(source_integration_id="not-a-uuid"), "$.source_integration_id"),
        (note(colour="red"), "$"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/notes", json=body, headers=alice)
        assert resp.status == 422, (path, await resp.text())
        assert (await resp.json())["errors"][0]["path"] == path, (path, await resp.text())
    created = await create(client, alice)
    resp = await client.patch(
        f"/v1/notes/{created['id']}", json={"body": "tab\tok, nul\u0000 not"}, headers=alice
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.body"
    resp = await client.patch(f"/v1/notes/{created['id']}", json={"body": None}, headers=alice)
    assert resp.status == 422
    resp = await client.post("/v1/notes/import", json=[note(), note(body="\u0000")], headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$[1].body"
    too_many = await client.post("/v1/notes/import", json=[note()] * 1001, headers=alice)
    assert too_many.status == 422
    assert len(await titles(client, alice)) == 1


async def test_another_users_note_and_integration_are_404(
    client: Client, alice: dict, bob: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/notes/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"pinned": True}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert await titles(client, bob) == []
    resp = await client.post(
        "/v1/integrations",
        json={"integration_type": "dropbox", "display_name": "Alice's"},
        headers=alice,
    )
    alices = (await resp.json())["id"]
    for integration in (alices, str(uuid.uuid4())):
        resp = await client.post(
            "/v1/notes", json=note(source_integration_id=integration), headers=bob
        )
        assert resp.status == 404
        assert (await resp.json())["errors"][0]["path"] == "$.source_integration_id"
        resp = await client.post(
            "/v1/notes/import",
            json=[note(), note(source_integration_id=integration)],
            headers=bob,
        )
        assert resp.status == 404
        assert (await resp.json())["errors"][0]["path"] == "$[1].source_integration_id"
    assert await titles(client, bob) == []
    body = await (await client.get(url, headers=alice)).json()
    assert body["pinned"] is False
