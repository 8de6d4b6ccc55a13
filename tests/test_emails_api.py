"""E-mail through the HTTP API: a message's life, threads (whatever the arrival order), their
exact counts under trash, restore, mark-read and concurrent writers, lists, import, isolation."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

Client = TestClient[Any, Any]


def message(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "message_id": f"<{uuid.uuid4().hex}@mail.example.com>",
        "from_address": "Ada Lovelace <ada@example.com>",
        "to_addresses": ["grace@example.com"],
        "subject": "Analytical engine",
        "sent_at": "2026-03-01T10:00:00Z",
        "body_text": "Shall we meet on Tuesday?",
        "labels": ["inbox"],
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/emails", json=message(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


def conversation(n: int) -> list[dict[str, Any]]:
    """n messages of one conversation, each replying to the one before, with full References."""
    ids = [f"<conv-{uuid.uuid4().hex[:8]}-{i}@example.com>" for i in range(n)]
    return [
        message(
            message_id=ids[i],
            in_reply_to=ids[i - 1] if i else None,
            references=ids[:i],
            subject="Plans" if i == 0 else "Re: Plans",
            sent_at=f"2026-03-0{i + 1}T10:00:00Z",
        )
        for i in range(n)
    ]


async def threads(client: Client, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    resp = await client.get("/v1/emails/threads", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return (await resp.json())["items"]


async def the_thread(client: Client, headers: dict[str, str], thread_id: str) -> dict[str, Any]:
    found = [t for t in await threads(client, headers, limit="200") if t["thread_id"] == thread_id]
    assert len(found) == 1, found
    return found[0]


async def test_created_message_can_be_fetched_with_its_etag(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    resp = await client.get(f"/v1/emails/{created['id']}", headers=alice)
    assert resp.status == 200
    body = await resp.json()
    assert body["subject"] == "Analytical engine"
    assert body["to_addresses"] == ["grace@example.com"]
    assert body["is_read"] is False
    assert body["labels"] == ["inbox"]
    assert resp.headers["ETag"].startswith('"')


async def test_patch_with_a_stale_etag_is_412(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/emails/{created['id']}"
    etag = (await client.get(url, headers=alice)).headers["ETag"]
    resp = await client.patch(
        url,
        json={"is_starred": True, "labels": ["inbox", "work"]},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert body["is_starred"] is True and body["labels"] == ["inbox", "work"]
    assert body["subject"] == "Analytical engine"
    resp = await client.patch(url, json={"is_read": True}, headers={**alice, "If-Match": etag})
    assert resp.status == 412


async def test_the_message_content_cannot_be_patched(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    resp = await client.patch(
        f"/v1/emails/{created['id']}", json={"subject": "rewritten"}, headers=alice
    )
    assert resp.status == 422


async def test_delete_trash_and_restore(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/emails/{created['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    trash = await (await client.get("/v1/emails/trash", headers=alice)).json()
    assert [e["id"] for e in trash["items"]] == [created["id"]]
    resp = await client.post(url + "/restore", headers=alice)
    assert resp.status == 200
    assert (await client.get(url, headers=alice)).status == 200


async def test_a_second_live_message_with_the_same_message_id_is_409(
    client: Client, alice: dict, bob: dict
) -> None:
    first = await create(client, alice, message_id="<same@example.com>")
    resp = await client.post(
        "/v1/emails", json=message(message_id="<same@example.com>"), headers=alice
    )
    assert resp.status == 409
    # Another user may hold the same message (both were sent it).
    await create(client, bob, message_id="<same@example.com>")
    # Once the first is in the trash the Message-ID is free; restoring the first is then a 409.
    assert (await client.delete(f"/v1/emails/{first['id']}", headers=alice)).status == 204
    await create(client, alice, message_id="<same@example.com>")
    resp = await client.post(f"/v1/emails/{first['id']}/restore", headers=alice)
    assert resp.status == 409


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    for body, path in [
        (message(message_id="no-angle-brackets"), "$.message_id"),
        (message(subject="a\u0000b"), "$.subject"),
        (message(labels=["in\u0000box"]), "$.labels[0]"),
        (message(to_addresses=["x@example.com", "y\u0000@example.com"]), "$.to_addresses[1]"),
        (message(sent_at="2026-03-01T10:00:00"), "$.sent_at"),
        (message(references=["<a@b>", "bad"]), "$.references[1]"),
    ]:
        resp = await client.post("/v1/emails", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        problem = await resp.json()
        assert problem["errors"][0]["path"] == path, problem
    resp = await client.post("/v1/emails", json=message(metadata={"k": "a\u0000"}), headers=alice)
    assert resp.status == 422
    page = await (await client.get("/v1/emails", headers=alice)).json()
    assert page["items"] == []


async def test_another_users_message_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    assert (await client.get(f"/v1/emails/{created['id']}", headers=bob)).status == 404
    resp = await client.get(f"/v1/emails/threads/{created['thread_id']}", headers=bob)
    assert resp.status == 404
    assert await threads(client, bob) == []


async def test_a_conversation_is_one_thread_whatever_the_arrival_order(
    client: Client, alice: dict
) -> None:
    msgs = conversation(4)
    in_order = [await create(client, alice, **m) for m in msgs]
    assert len({m["thread_id"] for m in in_order}) == 1
    # The same conversation arriving newest first for another user: the same thread.
    bob_headers = await _second_user(client)
    backwards = [await create(client, bob_headers, **m) for m in reversed(msgs)]
    assert {m["thread_id"] for m in backwards} == {in_order[0]["thread_id"]}
    thread = await the_thread(client, bob_headers, in_order[0]["thread_id"])
    assert thread["message_count"] == 4
    assert thread["unread_count"] == 4
    assert thread["subject"] == "Re: Plans"
    assert thread["latest_at"] == "2026-03-04T10:00:00Z"
    resp = await client.get(f"/v1/emails/threads/{in_order[0]['thread_id']}", headers=bob_headers)
    assert resp.status == 200
    page = await resp.json()
    assert [m["message_id"] for m in page["items"]] == [m["message_id"] for m in msgs]


async def _second_user(client: Client) -> dict[str, str]:
    from tests.conftest import register_and_login

    return await register_and_login(client)


async def test_threads_list_newest_first_with_keyset_pages(client: Client, alice: dict) -> None:
    made = []
    for day in range(1, 8):
        m = await create(client, alice, sent_at=f"2026-04-0{day}T09:00:00Z", subject=f"day {day}")
        made.append(m["thread_id"])
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        resp = await client.get("/v1/emails/threads", params=params, headers=alice)
        page = await resp.json()
        seen += [t["thread_id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(made))
    # A reply moves its thread to the top.
    first = await (await client.get(f"/v1/emails/threads/{made[0]}", headers=alice)).json()
    root = first["items"][0]["message_id"]
    await create(client, alice, in_reply_to=root, references=[root], sent_at="2026-05-01T00:00:00Z")
    top = (await threads(client, alice, limit="1"))[0]
    assert top["thread_id"] == made[0]
    assert top["message_count"] == 2


async def test_thread_messages_page_in_sent_order(client: Client, alice: dict) -> None:
    created = [await create(client, alice, **m) for m in conversation(5)]
    url = f"/v1/emails/threads/{created[0]['thread_id']}"
    page = await (await client.get(url, params={"limit": "2"}, headers=alice)).json()
    ids = [m["id"] for m in page["items"]]
    while page["next_cursor"]:
        page = await (
            await client.get(
                url, params={"limit": "2", "cursor": page["next_cursor"]}, headers=alice
            )
        ).json()
        ids += [m["id"] for m in page["items"]]
    assert ids == [m["id"] for m in created]


async def test_thread_counts_follow_read_trash_and_restore(client: Client, alice: dict) -> None:
    created = [await create(client, alice, **m) for m in conversation(3)]
    thread_id = created[0]["thread_id"]
    latest = created[2]
    await client.patch(f"/v1/emails/{created[0]['id']}", json={"is_read": True}, headers=alice)
    t = await the_thread(client, alice, thread_id)
    assert (t["message_count"], t["unread_count"]) == (3, 2)
    # The latest message goes to the trash: the thread's latest is the one before.
    assert (await client.delete(f"/v1/emails/{latest['id']}", headers=alice)).status == 204
    t = await the_thread(client, alice, thread_id)
    assert (t["message_count"], t["unread_count"]) == (2, 1)
    assert t["latest_email_id"] == created[1]["id"]
    assert t["latest_at"] == created[1]["sent_at"]
    # Every message in the trash: the thread leaves the list and answers 404.
    for m in created[:2]:
        assert (await client.delete(f"/v1/emails/{m['id']}", headers=alice)).status == 204
    assert await threads(client, alice) == []
    assert (await client.get(f"/v1/emails/threads/{thread_id}", headers=alice)).status == 404
    # Restored, it comes back with exact counts.
    for m in created:
        assert (await client.post(f"/v1/emails/{m['id']}/restore", headers=alice)).status == 200
    t = await the_thread(client, alice, thread_id)
    assert (t["message_count"], t["unread_count"]) == (3, 2)
    assert t["latest_email_id"] == latest["id"]


async def test_thread_filters_label_and_unread(client: Client, alice: dict) -> None:
    work = [await create(client, alice, **m) for m in conversation(2)]
    await create(client, alice, labels=["inbox", "newsletters"], is_read=True)
    await client.patch(f"/v1/emails/{work[0]['id']}", json={"labels": ["work"]}, headers=alice)
    by_label = await threads(client, alice, label="work")
    assert [t["thread_id"] for t in by_label] == [work[0]["thread_id"]]
    assert by_label[0]["message_count"] == 2  # the thread's counts, not the label's
    assert len(await threads(client, alice, label="inbox")) == 2
    assert len(await threads(client, alice, unread="true")) == 1
    assert await threads(client, alice, label="newsletters", unread="true") == []
    # The label leaves the thread with the last message carrying it.
    await client.patch(f"/v1/emails/{work[0]['id']}", json={"labels": []}, headers=alice)
    assert await threads(client, alice, label="work") == []
    resp = await client.post(
        "/v1/emails/mark-read",
        json={"ids": [w["id"] for w in work], "is_read": True},
        headers=alice,
    )
    assert resp.status == 200
    assert await resp.json() == {"matched": 2, "changed": 2}
    assert await threads(client, alice, unread="true") == []
    assert await threads(client, alice, label="inbox", unread="true") == []


async def test_message_list_filters(client: Client, alice: dict) -> None:
    a = await create(client, alice, labels=["work"], sent_at="2026-01-01T00:00:00Z")
    b = await create(client, alice, labels=["inbox"], sent_at="2026-01-02T00:00:00Z", is_read=True)
    c = await create(client, alice, labels=["inbox", "work"], sent_at="2026-01-03T00:00:00Z")

    async def ids(**params: str) -> list[str]:
        resp = await client.get("/v1/emails", params=params, headers=alice)
        assert resp.status == 200, await resp.text()
        return [e["id"] for e in (await resp.json())["items"]]

    assert await ids() == [c["id"], b["id"], a["id"]]
    assert await ids(label="work") == [c["id"], a["id"]]
    assert await ids(unread="true") == [c["id"], a["id"]]
    assert await ids(label="inbox", unread="true") == [c["id"]]
    assert await ids(limit="1") == [c["id"]]
    page = await (await client.get("/v1/emails", params={"limit": "2"}, headers=alice)).json()
    rest = await ids(limit="2", cursor=page["next_cursor"])
    assert rest == [a["id"]]
    resp = await client.get(
        "/v1/emails",
        params={"label": "x", "source_integration_id": str(uuid.uuid4())},
        headers=alice,
    )
    assert resp.status == 422


async def test_mark_read_is_all_or_nothing(client: Client, alice: dict, bob: dict) -> None:
    mine = [await create(client, alice) for _ in range(3)]
    theirs = await create(client, bob)
    trashed = await create(client, alice)
    await client.delete(f"/v1/emails/{trashed['id']}", headers=alice)
    ids = [mine[0]["id"], theirs["id"], mine[1]["id"], trashed["id"]]
    resp = await client.post(
        "/v1/emails/mark-read", json={"ids": ids, "is_read": True}, headers=alice
    )
    assert resp.status == 404
    problem = await resp.json()
    assert [e["path"] for e in problem["errors"]] == ["$.ids[1]", "$.ids[3]"]
    for m in mine:
        body = await (await client.get(f"/v1/emails/{m['id']}", headers=alice)).json()
        assert body["is_read"] is False
    resp = await client.post(
        "/v1/emails/mark-read",
        json={"ids": [m["id"] for m in mine] + [mine[0]["id"]], "is_read": True},
        headers=alice,
    )
    assert await resp.json() == {"matched": 3, "changed": 3}
    resp = await client.post(
        "/v1/emails/mark-read", json={"ids": [mine[0]["id"]], "is_read": False}, headers=alice
    )
    assert await resp.json() == {"matched": 1, "changed": 1}
    resp = await client.post(
        "/v1/emails/mark-read",
        json={"ids": [str(uuid.uuid4())] * 1001, "is_read": True},
        headers=alice,
    )
    assert resp.status == 422


async def test_import_twice_finds_the_existing_messages(client: Client, alice: dict) -> None:
    batch = [
        message(source_platform="gmail", source_object_id=f"gm-{i}", **m)
        for i, m in enumerate(conversation(3))
    ]
    resp = await client.post("/v1/emails/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (3, 0)
    # Again, plus the same message under another import key, and a new one: the known ones
    # are found by Message-ID or import key.
    again = [*batch, {**batch[0], "source_object_id": "gm-other"}, message()]
    second = await (await client.post("/v1/emails/import", json=again, headers=alice)).json()
    assert (second["created"], second["existing"]) == (1, 4)
    assert second["ids"][:4] == [*first["ids"], first["ids"][0]]
    one = await (await client.get(f"/v1/emails/{first['ids'][0]}", headers=alice)).json()
    t = await the_thread(client, alice, one["thread_id"])
    assert t["message_count"] == 3


async def test_import_out_of_order_in_one_batch(client: Client, alice: dict) -> None:
    msgs = conversation(4)
    resp = await client.post(
        "/v1/emails/import", json=[msgs[3], msgs[1], msgs[0], msgs[2]], headers=alice
    )
    result = await resp.json()
    assert result["created"] == 4
    all_threads = await threads(client, alice)
    assert len(all_threads) == 1
    assert all_threads[0]["message_count"] == 4
    assert all_threads[0]["subject"] == "Re: Plans"


async def test_concurrent_writers_keep_thread_counts_exact(
    client: Client, alice: dict, db_dsn: str
) -> None:
    """Replies, mark-reads, trash and restore of one thread from many requests at once: the
    summary equals what the messages say."""
    base = await create(client, alice, message_id="<root-concurrent@example.com>")
    root = base["message_id"]

    async def reply(i: int) -> dict[str, Any]:
        return await create(
            client,
            alice,
            in_reply_to=root,
            references=[root],
            sent_at=f"2026-03-01T10:{i:02d}:00Z",
            labels=["inbox", f"l{i % 3}"],
        )

    replies = await asyncio.gather(*(reply(i) for i in range(20)))

    async def churn(i: int, m: dict[str, Any]) -> None:
        url = f"/v1/emails/{m['id']}"
        if i % 4 == 0:
            statuses = [(await client.delete(url, headers=alice)).status]
        elif i % 4 == 1:
            body = {"ids": [m["id"], base["id"]], "is_read": True}
            statuses = [
                (await client.post("/v1/emails/mark-read", json=body, headers=alice)).status
            ]
        elif i % 4 == 2:
            resp = await client.patch(url, json={"labels": ["archive"]}, headers=alice)
            statuses = [resp.status]
        else:
            statuses = [
                (await client.delete(url, headers=alice)).status,
                (await client.post(url + "/restore", headers=alice)).status,
            ]
        assert all(s < 300 for s in statuses), statuses

    await asyncio.gather(*(churn(i, m) for i, m in enumerate(replies)))
    conn = await asyncpg.connect(db_dsn)
    try:
        truth = await conn.fetchrow(
            """
            SELECT count(*) AS messages, count(*) FILTER (WHERE NOT is_read) AS unread,
                max(sent_at) AS latest
            FROM emails WHERE thread_id = $1 AND deleted_at IS NULL
            """,
            uuid.UUID(base["thread_id"]),
        )
        labels = await conn.fetch(
            """
            SELECT l.label, l.message_count, l.has_unread, l.latest_at,
                (SELECT count(*) FROM emails e WHERE e.thread_id = l.thread_id
                    AND e.deleted_at IS NULL AND l.label = ANY(e.labels)) AS truth
            FROM email_thread_labels AS l WHERE l.thread_id = $1
            """,
            uuid.UUID(base["thread_id"]),
        )
        live_labels = await conn.fetchval(
            """
            SELECT count(DISTINCT label) FROM emails, unnest(labels) AS label
            WHERE thread_id = $1 AND deleted_at IS NULL
            """,
            uuid.UUID(base["thread_id"]),
        )
    finally:
        await conn.close()
    t = await the_thread(client, alice, base["thread_id"])
    assert (t["message_count"], t["unread_count"]) == (truth["messages"], truth["unread"])
    assert t["latest_at"].replace("Z", "+00:00") == truth["latest"].isoformat()
    assert len(labels) == live_labels
    for row in labels:
        assert row["message_count"] == row["truth"], row
        assert row["has_unread"] == (truth["unread"] > 0)
        assert row["latest_at"] == truth["latest"]


async def test_purge_takes_old_trash_and_leaves_threads_exact(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    from datetime import timedelta

    from hypernet.ops.purge import purge

    created = [await create(client, alice, **m) for m in conversation(3)]
    for m in created[:2]:
        assert (await client.delete(f"/v1/emails/{m['id']}", headers=alice)).status == 204
    # Test set-up only: the first went to the trash 31 days ago.
    await conn.execute(
        "UPDATE emails SET deleted_at = now() - interval '31 days' WHERE id = $1",
        uuid.UUID(created[0]["id"]),
    )
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["emails"] == 1
    trash = await (await client.get("/v1/emails/trash", headers=alice)).json()
    assert [m["id"] for m in trash["items"]] == [created[1]["id"]]
    t = await the_thread(client, alice, created[0]["thread_id"])
    assert (t["message_count"], t["unread_count"]) == (1, 1)


async def test_imported_messages_outlive_their_integration(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    resp = await client.post(
        "/v1/integrations",
        json={"integration_type": "gmail", "display_name": "Mail"},
        headers=alice,
    )
    integration = (await resp.json())["id"]
    batch = [
        message(source_integration_id=integration, source_platform="gmail", source_object_id="gm-1")
    ]
    result = await (await client.post("/v1/emails/import", json=batch, headers=alice)).json()
    listed = await (
        await client.get("/v1/emails", params={"source_integration_id": integration}, headers=alice)
    ).json()
    assert [e["id"] for e in listed["items"]] == result["ids"]
    # What the purge does to an integration long in the trash.
    await conn.execute("DELETE FROM integrations WHERE id = $1", uuid.UUID(integration))
    kept = await (await client.get(f"/v1/emails/{result['ids'][0]}", headers=alice)).json()
    assert kept["source_integration_id"] is None
    assert kept["source_object_id"] == "gm-1"


async def test_an_account_going_takes_its_mail_and_threads(
    client: Client, conn: asyncpg.Connection
) -> None:
    from tests.conftest import register_and_login

    carol = await register_and_login(client, "carol@example.com")
    for m in conversation(3):
        await create(client, carol, **{**m, "labels": ["inbox", "work"]})
    await conn.execute("DELETE FROM users WHERE email = 'carol@example.com'")
    for table in ("emails", "email_threads", "email_thread_labels"):
        assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 0, table
