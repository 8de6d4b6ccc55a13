"""Documents through the HTTP API: the life of a document, its lists (newest first, of one mime
type, alphabetical; none carries the text), the media item it may name (only a live one of the
caller; what a purge of that media item does), import, bad input and isolation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.conftest import register_and_login
from tests.test_media_api import create as create_media
from tests.test_purge import age_trash

Client = TestClient[Any, Any]

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": "Lease agreement",
        "file_path": "documents/2026/lease.pdf",
        "mime_type": PDF,
        "size": 482_113,
        "hash": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "text_content": "This agreement is made between the landlord and the tenant...",
        "page_count": 12,
        "metadata": {"language": "en"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/documents", json=document(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def walk(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    """Every page of the list, walked with its cursors."""
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        resp = await client.get("/v1/documents", params=query, headers=headers)
        assert resp.status == 200, await resp.text()
        page = await resp.json()
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


async def titles(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    return [d["title"] for d in await walk(client, headers, **params)]


async def test_a_document_can_be_fetched_with_its_text_patched_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/documents/{created['id']}"
    resp = await client.get(url, headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    body = await resp.json()
    assert body["text_content"].startswith("This agreement")
    assert (body["page_count"], body["media_id"], body["metadata"]) == (
        12,
        None,
        {"language": "en"},
    )
    resp = await client.patch(
        url,
        json={"title": "Lease (signed)", "page_count": None, "text_content": None},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    changed = await resp.json()
    assert (changed["title"], changed["page_count"], changed["text_content"]) == (
        "Lease (signed)",
        None,
        None,
    )
    assert changed["size"] == 482_113
    stale = await client.patch(url, json={"title": "x"}, headers={**alice, "If-Match": etag})
    assert stale.status == 412


async def test_lists_carry_no_text_but_say_whether_there_is_some(
    client: Client, alice: dict
) -> None:
    long_text = "word " * 100_000
    with_text = await create(client, alice, title="with", text_content=long_text)
    without = await create(client, alice, title="without", text_content=None, page_count=None)
    listed = await walk(client, alice)
    assert [d["id"] for d in listed] == [without["id"], with_text["id"]]
    assert [d["has_text"] for d in listed] == [False, True]
    assert all("text_content" not in d for d in listed)
    one = await (await client.get(f"/v1/documents/{with_text['id']}", headers=alice)).json()
    assert one["text_content"] == long_text


async def test_newest_first_of_one_mime_type_and_alphabetical_lists_walk_every_page(
    client: Client, alice: dict
) -> None:
    made = [
        await create(client, alice, title=title, mime_type=mime)
        for title, mime in [
            ("Tax return 2024", PDF),
            ("invoice 7", PDF),
            ("Boarding pass", PDF),
            ("CV", DOCX),
            ("Invoice 12", PDF),
            ("Invoice 12", DOCX),
        ]
    ]
    newest_first = [d["id"] for d in reversed(made)]
    assert [d["id"] for d in await walk(client, alice, limit="2")] == newest_first
    pdfs = await walk(client, alice, mime_type=PDF, limit="1")
    assert [d["id"] for d in pdfs] == [made[i]["id"] for i in (4, 2, 1, 0)]
    assert await titles(client, alice, mime_type="text/plain") == []
    # Code point order: capitals before lower case; equal titles in id order.
    alphabetical = await walk(client, alice, order="title", limit="2")
    assert [d["title"] for d in alphabetical] == [
        "Boarding pass",
        "CV",
        "Invoice 12",
        "Invoice 12",
        "Tax return 2024",
        "invoice 7",
    ]
    twins = [d["id"] for d in alphabetical[2:4]]
    assert twins == sorted(twins)
    resp = await client.get(
        "/v1/documents", params={"order": "title", "mime_type": PDF}, headers=alice
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "mime_type"
    for params in ({"order": "size"}, {"mime_type": "pdf"}):
        resp = await client.get("/v1/documents", params=params, headers=alice)
        assert resp.status == 422, params


async def test_the_alphabetical_list_pages_past_long_titles(client: Client, alice: dict) -> None:
    # A 500-character title (the most a title may be) of four-byte characters and of escapes:
    # the cursor carrying it must still be accepted for the next page.
    emoji = await create(client, alice, title="\U0001f4c4" * 500)
    escapes = await create(client, alice, title="\u0001" * 500)
    plain = await create(client, alice, title="Z" * 500)
    order = await walk(client, alice, order="title", limit="1")
    assert [d["id"] for d in order] == [escapes["id"], plain["id"], emoji["id"]]


async def test_media_id_must_be_a_live_media_item_of_the_caller(
    client: Client, alice: dict, bob: dict
) -> None:
    mine = await create_media(client, alice, media_type="document", mime_type=PDF)
    theirs = await create_media(client, bob)
    trashed = await create_media(client, alice)
    assert (await client.delete(f"/v1/media/{trashed['id']}", headers=alice)).status == 204
    held = await create(client, alice, media_id=mine["id"])
    assert held["media_id"] == mine["id"]
    for media_id in (theirs["id"], trashed["id"], str(uuid.uuid4())):
        resp = await client.post("/v1/documents", json=document(media_id=media_id), headers=alice)
        assert resp.status == 404, await resp.text()
        assert (await resp.json())["errors"][0]["path"] == "$.media_id"
        resp = await client.patch(
            f"/v1/documents/{held['id']}", json={"media_id": media_id}, headers=alice
        )
        assert resp.status == 404
        assert (await resp.json())["errors"][0]["path"] == "$.media_id"
        resp = await client.post(
            "/v1/documents/import",
            json=[document(media_id=mine["id"]), document(media_id=media_id)],
            headers=alice,
        )
        assert resp.status == 404
        assert (await resp.json())["errors"][0]["path"] == "$[1].media_id"
    assert [d["id"] for d in await walk(client, alice)] == [held["id"]]
    body = await (await client.get(f"/v1/documents/{held['id']}", headers=alice)).json()
    assert body["media_id"] == mine["id"]
    # Clearing it is always allowed.
    resp = await client.patch(f"/v1/documents/{held['id']}", json={"media_id": None}, headers=alice)
    assert (await resp.json())["media_id"] is None


async def test_purging_a_media_item_clears_it_from_its_documents_which_stay(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    media = await create_media(client, alice, media_type="document", mime_type=PDF)
    kept = await create(client, alice, title="kept", media_id=media["id"])
    gone = await create(client, alice, title="gone too", media_id=media["id"])
    assert (await client.delete(f"/v1/media/{media['id']}", headers=alice)).status == 204
    # While the media item is in the trash, its documents still name it (a restore finds it).
    body = await (await client.get(f"/v1/documents/{kept['id']}", headers=alice)).json()
    assert body["media_id"] == media["id"]
    assert (await client.delete(f"/v1/documents/{gone['id']}", headers=alice)).status == 204
    await age_trash(conn, "media", [media["id"]], days=31)
    await age_trash(conn, "documents", [gone["id"]], days=31)
    totals = await purge(conn, retention=timedelta(days=30))
    assert (totals["media"], totals["documents"]) == (1, 1)
    body = await (await client.get(f"/v1/documents/{kept['id']}", headers=alice)).json()
    assert body["media_id"] is None
    assert (body["title"], body["file_path"]) == ("kept", kept["file_path"])
    trash = await (await client.get("/v1/documents/trash", headers=alice)).json()
    assert trash["items"] == []


async def test_a_trashed_document_comes_back_on_restore_and_an_account_going_takes_all(
    client: Client, conn: asyncpg.Connection
) -> None:
    carol = await register_and_login(client, "carol@example.com")
    media = await create_media(client, carol)
    created = await create(client, carol, media_id=media["id"])
    url = f"/v1/documents/{created['id']}"
    assert (await client.delete(url, headers=carol)).status == 204
    assert (await client.get(url, headers=carol)).status == 404
    assert await walk(client, carol) == []
    trash = await (await client.get("/v1/documents/trash", headers=carol)).json()
    assert [d["id"] for d in trash["items"]] == [created["id"]]
    assert trash["items"][0]["text_content"] == created["text_content"]
    resp = await client.post(url + "/restore", headers=carol)
    assert resp.status == 200
    assert (await resp.json())["media_id"] == media["id"]
    # Deleting the account removes its media and documents together, the trigger included.
    await conn.execute("DELETE FROM users WHERE email = 'carol@example.com'")
    for table in ("documents", "media"):
        assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 0, table


async def test_import_is_idempotent_by_source_key(client: Client, alice: dict) -> None:
    batch = [
        document(title=f"Scan {i}", source_platform="google_drive", source_object_id=f"gd-{i}")
        for i in range(3)
    ]
    first = await (await client.post("/v1/documents/import", json=batch, headers=alice)).json()
    assert (first["created"], first["existing"]) == (3, 0)
    again = await client.post(
        "/v1/documents/import",
        json=[*batch, document(title="Scan new", source_platform="dropbox", source_object_id="1")],
        headers=alice,
    )
    result = await again.json()
    assert (result["created"], result["existing"]) == (1, 3)
    assert result["ids"][:3] == first["ids"]
    assert len(await walk(client, alice)) == 4
    clash = await client.post(
        "/v1/documents",
        json=document(source_platform="google_drive", source_object_id="gd-0"),
        headers=alice,
    )
    assert clash.status == 409


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        (document(text_content="page one\u0000page two"), "$.text_content"),
        (document(title="nul\u0000"), "$.title"),
        (document(title=""), "$.title"),
        (document(title="t" * 501), "$.title"),
        (document(text_content="x" * 1_000_001), "$.text_content"),
        (document(page_count=-1), "$.page_count"),
        (document(size=-1), "$.size"),
        (document(mime_type="PDF"), "$.mime_type"),
        (document(file_path=""), "$.file_path"),
        (document(hash=""), "$.hash"),
        (document(media_id="not-a-uuid"), "$.media_id"),
        (document(metadata={"ocr": {"engine\u0000": "x"}}), "$.metadata.ocr"),
        (document(source_object_id="x"), "$"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/documents", json=body, headers=alice)
        assert resp.status == 422, (path, await resp.text())
        error = (await resp.json())["errors"][0]["path"]
        assert error.startswith(path), (path, await resp.text())
    missing = {k: v for k, v in document().items() if k != "file_path"}
    resp = await client.post("/v1/documents", json=missing, headers=alice)
    assert resp.status == 422
    created = await create(client, alice)
    resp = await client.patch(f"/v1/documents/{created['id']}", json={"title": None}, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.title"
    resp = await client.post(
        "/v1/documents/import", json=[document(), document(page_count="many")], headers=alice
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$[1].page_count"
    assert len(await walk(client, alice)) == 1


async def test_another_users_document_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/documents/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"title": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert await walk(client, bob) == []
    assert await walk(client, bob, order="title") == []
    assert await walk(client, bob, mime_type=PDF) == []
    body = await (await client.get(url, headers=alice)).json()
    assert body["title"] == "Lease agreement"
