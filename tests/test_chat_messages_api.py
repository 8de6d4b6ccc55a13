"""Chat messages through the HTTP API: the life of a message, conversations and their order,
replies, edits, import, purge, isolation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.db.pool import connect
from hypernet.ops.purge import STEPS, purge
from hypernet.sqlkit.seed import SeedConfig, seed_database
from tests.conftest import TEST_SETTINGS, Server, create_database, drop_database

Client = TestClient[Any, Any]


def message(**overrides: Any) -> dict[str, Any]:
    item = {
        "conversation_id": "wa-family",
        "platform": "whatsapp",
        "sender": "+15550100",
        "sender_is_user": False,
        "text": "dinner at eight?",
        "sent_at": "2026-03-01T18:00:00Z",
        "metadata": {"starred": True},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/chat/messages", json=message(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def conversations(client: Client, headers: dict[str, str], **params: str) -> Any:
    resp = await client.get("/v1/chat/conversations", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def messages_of(
    client: Client, headers: dict[str, str], conversation_id: str, **params: str
) -> list[str]:
    """Every message id of a conversation, page by page."""
    seen: list[str] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        resp = await client.get(
            f"/v1/chat/conversations/{conversation_id}/messages", params=query, headers=headers
        )
        assert resp.status == 200, await resp.text()
        page = await resp.json()
        seen.extend(m["id"] for m in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


async def test_a_created_message_can_be_fetched_with_its_etag(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    resp = await client.get(f"/v1/chat/messages/{created['id']}", headers=alice)
    assert resp.status == 200
    body = await resp.json()
    assert body["text"] == "dinner at eight?"
    assert body["sender_is_user"] is False
    assert body["sent_at"] == "2026-03-01T18:00:00Z"
    assert body["metadata"] == {"starred": True}
    assert resp.headers["ETag"].startswith('"')
    assert (
        resp.headers["ETag"]
        == (await client.get(f"/v1/chat/messages/{created['id']}", headers=alice)).headers["ETag"]
    )


async def test_an_edit_with_a_stale_etag_is_412_and_changes_nothing(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/chat/messages/{created['id']}"
    stale = (await client.get(url, headers=alice)).headers["ETag"]
    ok = await client.patch(
        url,
        json={"text": "dinner at nine?", "edited_at": "2026-03-01T18:05:00Z"},
        headers={**alice, "If-Match": stale},
    )
    assert ok.status == 200, await ok.text()
    body = await ok.json()
    assert (body["text"], body["edited_at"]) == ("dinner at nine?", "2026-03-01T18:05:00Z")
    assert body["sent_at"] == "2026-03-01T18:00:00Z"
    assert ok.headers["ETag"] != stale
    resp = await client.patch(url, json={"text": "lunch?"}, headers={**alice, "If-Match": stale})
    assert resp.status == 412
    assert (await (await client.get(url, headers=alice)).json())["text"] == "dinner at nine?"


async def test_an_edit_before_the_message_was_sent_is_422_naming_edited_at(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    resp = await client.patch(
        f"/v1/chat/messages/{created['id']}",
        json={"edited_at": "2026-02-28T00:00:00Z"},
        headers=alice,
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.edited_at"
    resp = await client.post(
        "/v1/chat/messages", json=message(edited_at="2026-02-01T00:00:00Z"), headers=alice
    )
    assert resp.status == 422
    assert "edited_at" in (await resp.json())["detail"]


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        (message(text="a\u0000b"), "$.text"),
        (message(sender=""), "$.sender"),
        (message(platform="WhatsApp"), "$.platform"),
        (message(sent_at="2026-03-01T18:00:00"), "$.sent_at"),
        ({k: v for k, v in message().items() if k != "conversation_id"}, "$"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/chat/messages", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        assert (await resp.json())["errors"][0]["path"] == path
    resp = await client.post(
        "/v1/chat/messages", json=message(metadata={"k": "a\u0000"}), headers=alice
    )
    assert resp.status == 422
    assert (await conversations(client, alice))["items"] == []


async def test_conversations_list_newest_first_with_counts_and_follow_the_trash(
    client: Client, alice: dict
) -> None:
    await create(client, alice, conversation_id="old", sent_at="2025-01-01T00:00:00Z")
    first = await create(client, alice, conversation_id="busy", sent_at="2026-01-01T00:00:00Z")
    latest = await create(client, alice, conversation_id="busy", sent_at="2026-02-01T00:00:00Z")
    await create(
        client, alice, conversation_id="busy", platform="slack", sent_at="2025-06-01T00:00:00Z"
    )
    listing = await conversations(client, alice)
    assert [
        (c["conversation_id"], c["platform"], c["latest_sent_at"], c["message_count"])
        for c in listing["items"]
    ] == [
        ("busy", "whatsapp", "2026-02-01T00:00:00Z", 2),
        ("busy", "slack", "2025-06-01T00:00:00Z", 1),
        ("old", "whatsapp", "2025-01-01T00:00:00Z", 1),
    ]
    # The latest message goes to the trash: the conversation falls back to the one before it.
    assert (await client.delete(f"/v1/chat/messages/{latest['id']}", headers=alice)).status == 204
    busy = (await conversations(client, alice))["items"][0]
    assert (busy["latest_sent_at"], busy["message_count"]) == ("2026-01-01T00:00:00Z", 1)
    # Its last live message too: the conversation is gone from the list and its page is a 404.
    assert (await client.delete(f"/v1/chat/messages/{first['id']}", headers=alice)).status == 204
    remaining = [
        (c["conversation_id"], c["platform"]) for c in (await conversations(client, alice))["items"]
    ]
    assert remaining == [("busy", "slack"), ("old", "whatsapp")]
    gone = await client.get(
        "/v1/chat/conversations/busy/messages", params={"platform": "whatsapp"}, headers=alice
    )
    assert gone.status == 404
    trash = await (await client.get("/v1/chat/messages/trash", headers=alice)).json()
    assert [m["id"] for m in trash["items"]] == [first["id"], latest["id"]]
    # Restored, it counts again.
    resp = await client.post(f"/v1/chat/messages/{latest['id']}/restore", headers=alice)
    assert resp.status == 200
    busy = (await conversations(client, alice))["items"][0]
    assert (busy["conversation_id"], busy["platform"], busy["message_count"]) == (
        "busy",
        "whatsapp",
        1,
    )
    assert busy["latest_sent_at"] == "2026-02-01T00:00:00Z"


async def test_pages_of_conversations_and_of_messages_walk_everything_once(
    client: Client, alice: dict
) -> None:
    for n in range(5):
        await create(client, alice, conversation_id=f"c{n}", sent_at=f"2026-01-0{n + 1}T00:00:00Z")
    ids = [
        (
            await create(
                client, alice, conversation_id="long", sent_at=f"2025-0{m + 1}-01T12:00:00Z"
            )
        )["id"]
        for m in range(7)
    ]
    seen: list[str] = []
    cursor = None
    while True:
        page = await conversations(
            client, alice, limit="2", **({"cursor": cursor} if cursor else {})
        )
        seen.extend(c["conversation_id"] for c in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["c4", "c3", "c2", "c1", "c0", "long"]
    assert await messages_of(client, alice, "long", limit="3") == ids
    assert await messages_of(client, alice, "long", limit="3", platform="whatsapp") == ids
    everything = await (
        await client.get("/v1/chat/messages", params={"limit": "200"}, headers=alice)
    ).json()
    assert [m["id"] for m in everything["items"]][-7:] == list(reversed(ids))
    bad = await client.get("/v1/chat/conversations", params={"cursor": "nope"}, headers=alice)
    assert bad.status == 400


async def test_a_reply_names_a_live_message_of_the_same_conversation(
    client: Client, alice: dict, bob: dict
) -> None:
    original = await create(client, alice)
    reply = await create(
        client, alice, sender_is_user=True, text="yes!", reply_to_message_id=original["id"]
    )
    assert reply["reply_to_message_id"] == original["id"]
    elsewhere = await client.post(
        "/v1/chat/messages",
        json=message(conversation_id="other", reply_to_message_id=original["id"]),
        headers=alice,
    )
    assert elsewhere.status == 422
    assert (await elsewhere.json())["errors"][0]["path"] == "$.reply_to_message_id"
    missing = await client.post(
        "/v1/chat/messages", json=message(reply_to_message_id=str(uuid.uuid4())), headers=alice
    )
    assert missing.status == 404
    assert (await missing.json())["errors"][0]["path"] == "$.reply_to_message_id"
    # Bob cannot reply to Alice's message: to him it does not exist.
    foreign = await client.post(
        "/v1/chat/messages", json=message(reply_to_message_id=original["id"]), headers=bob
    )
    assert foreign.status == 404
    cleared = await client.patch(
        f"/v1/chat/messages/{reply['id']}", json={"reply_to_message_id": None}, headers=alice
    )
    assert (await cleared.json())["reply_to_message_id"] is None


async def test_import_is_idempotent_and_a_live_import_key_conflicts(
    client: Client, alice: dict
) -> None:
    batch = [
        message(
            text=f"m{i}",
            sent_at=f"2026-01-01T00:0{i}:00Z",
            source_platform="whatsapp",
            source_object_id=f"wa-{i}",
        )
        for i in range(5)
    ]
    resp = await client.post("/v1/chat/messages/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (5, 0)
    extra = message(text="new", source_platform="whatsapp", source_object_id="wa-new")
    again = await (
        await client.post("/v1/chat/messages/import", json=[*batch, extra], headers=alice)
    ).json()
    assert (again["created"], again["existing"]) == (1, 5)
    assert again["ids"][:5] == first["ids"]
    busy = (await conversations(client, alice))["items"][0]
    assert busy["message_count"] == 6
    conflict = await client.post("/v1/chat/messages", json=batch[0], headers=alice)
    assert conflict.status == 409
    # A trashed message whose key a live one now holds cannot come back.
    assert (
        await client.delete(f"/v1/chat/messages/{first['ids'][0]}", headers=alice)
    ).status == 204
    await create(client, alice, source_platform="whatsapp", source_object_id="wa-0")
    restore = await client.post(f"/v1/chat/messages/{first['ids'][0]}/restore", headers=alice)
    assert restore.status == 409
    too_many = await client.post("/v1/chat/messages/import", json=[message()] * 1001, headers=alice)
    assert too_many.status == 422


async def test_purge_takes_old_trash_and_replies_stop_naming_it(
    client: Client, alice: dict, owner_pool: asyncpg.Pool
) -> None:
    original = await create(client, alice)
    reply = await create(client, alice, text="yes", reply_to_message_id=original["id"])
    assert (await client.delete(f"/v1/chat/messages/{original['id']}", headers=alice)).status == 204
    steps = [s for s in STEPS if s.name == "chat_messages"]
    async with owner_pool.acquire() as conn:  # `hypernet db purge` runs as the owner
        assert await purge(conn, retention=timedelta(days=30), steps=steps) == {"chat_messages": 0}
        totals = await purge(conn, retention=timedelta(seconds=-1), steps=steps)
    assert totals == {"chat_messages": 1}
    kept = await (await client.get(f"/v1/chat/messages/{reply['id']}", headers=alice)).json()
    assert kept["reply_to_message_id"] is None
    trash = await (await client.get("/v1/chat/messages/trash", headers=alice)).json()
    assert trash["items"] == []
    assert (await conversations(client, alice))["items"][0]["message_count"] == 1


async def test_another_users_messages_and_conversations_are_404(
    client: Client, alice: dict, bob: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/chat/messages/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"text": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    resp = await client.get("/v1/chat/conversations/wa-family/messages", headers=bob)
    assert resp.status == 404
    assert (await conversations(client, bob))["items"] == []
    assert (await client.get(url, headers=alice)).status == 200


async def test_seeded_conversations_are_what_the_triggers_would_keep(
    pg_server: Server, template_db: str
) -> None:
    # The seeder loads with triggers off, so it writes chat_conversations itself; the rows must
    # be exactly what the triggers keep, and every reply must stay inside its conversation.
    name = f"hn_chat_seed_{uuid.uuid4().hex[:8]}"
    dsn = await create_database(pg_server, name, template=template_db)
    try:
        report = await seed_database(
            dsn, TEST_SETTINGS, SeedConfig(users=40, scale=1.0), progress_stream=None
        )
        assert report.counts["chat_messages"] == 40 * 50
        conn = await connect(dsn, TEST_SETTINGS, "hypernet-tests")
        try:
            differences = await conn.fetchval(
                """
                WITH kept AS (
                    SELECT user_id, conversation_id, platform, max(sent_at) AS latest_sent_at,
                        count(*) AS message_count
                    FROM chat_messages
                    WHERE deleted_at IS NULL
                    GROUP BY 1, 2, 3
                )
                SELECT count(*) FROM (
                    (SELECT * FROM kept EXCEPT ALL
                     SELECT user_id, conversation_id, platform, latest_sent_at, message_count
                     FROM chat_conversations)
                    UNION ALL
                    (SELECT user_id, conversation_id, platform, latest_sent_at, message_count
                     FROM chat_conversations EXCEPT ALL SELECT * FROM kept)
                ) AS d
                """
            )
            assert differences == 0
            stray_replies = await conn.fetchval(
                """
                SELECT count(*)
                FROM chat_messages AS r
                JOIN chat_messages AS m ON m.user_id = r.user_id AND m.id = r.reply_to_message_id
                WHERE (m.conversation_id, m.platform) <> (r.conversation_id, r.platform)
                    OR m.sent_at > r.sent_at
                """
            )
            assert stray_replies == 0
            assert await conn.fetchval("SELECT count(*) FROM chat_conversations") > 40
        finally:
            await conn.close()
    finally:
        await drop_database(pg_server, name)


async def test_concurrent_writes_to_one_conversation_keep_its_count_exact(
    client: Client, alice: dict
) -> None:
    made = await asyncio.gather(
        *(create(client, alice, sent_at=f"2026-01-01T00:00:{n:02d}Z") for n in range(12))
    )
    # Trash half while adding more: every summary update takes the row's lock in turn.
    await asyncio.gather(
        *(client.delete(f"/v1/chat/messages/{m['id']}", headers=alice) for m in made[6:]),
        *(create(client, alice, sent_at=f"2025-06-01T00:00:{n:02d}Z") for n in range(6)),
    )
    busy = (await conversations(client, alice))["items"][0]
    assert (busy["message_count"], busy["latest_sent_at"]) == (12, "2026-01-01T00:00:05Z")
