"""Links reach every data type: either end, only between live objects of the
caller, and a purged object takes its links with it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_media_api import create as create_media
from tests.test_purge import age_trash
from tests.test_tenant_isolation import objects_of_a

Client = TestClient[Any, Any]

# The key objects_of_a() gives each object -> its link object type, its collection and table.
KINDS = {
    "social_account": ("social_account", "/v1/social/accounts", "social_accounts"),
    "social_post": ("social_post", "/v1/social/posts", "social_posts"),
    "email": ("email", "/v1/emails", "emails"),
    "contact": ("contact", "/v1/contacts", "contacts"),
    "chat/message": ("chat_message", "/v1/chat/messages", "chat_messages"),
    "ai/interaction": ("ai_interaction", "/v1/ai/interactions", "ai_interactions"),
    "notification": ("notification", "/v1/notifications", "notifications"),
    "web_page": ("web_page", "/v1/web/pages", "web_pages"),
    "bookmark": ("bookmark", "/v1/bookmarks", "bookmarks"),
    "calendar_event": ("calendar_event", "/v1/calendar/events", "calendar_events"),
    "project": ("project", "/v1/projects", "projects"),
    "task": ("task", "/v1/tasks", "tasks"),
    "note": ("note", "/v1/notes", "notes"),
    "document": ("document", "/v1/documents", "documents"),
    "transaction": ("transaction", "/v1/transactions", "transactions"),
    "profile_attribute": ("profile_attribute", "/v1/profile/attributes", "profile_attributes"),
    "device": ("device", "/v1/devices", "devices"),
    "location": ("location", "/v1/locations", "locations"),
    "health_record": ("health_record", "/v1/health/records", "health_records"),
}


async def _link(client: Client, headers: dict, **fields: Any) -> Any:
    return await client.post("/v1/links", json=fields, headers=headers)


async def _links_of(client: Client, headers: dict, object_id: str) -> list[dict[str, Any]]:
    found = []
    for side in ("from", "to"):
        resp = await client.get("/v1/links", params={side: object_id}, headers=headers)
        assert resp.status == 200, await resp.text()
        found += (await resp.json())["items"]
    return found


async def test_every_type_can_be_either_end_of_a_link(client: Client, alice: dict) -> None:
    ids = await objects_of_a(client, alice)
    photo = (await create_media(client, alice))["id"]
    for key, (object_type, _, _) in KINDS.items():
        resp = await _link(
            client,
            alice,
            from_type=object_type,
            from_id=ids[key],
            to_type="media",
            to_id=photo,
            link_type="attachment",
        )
        assert resp.status == 201, (key, await resp.text())
        resp = await _link(
            client,
            alice,
            from_type="media",
            from_id=photo,
            to_type=object_type,
            to_id=ids[key],
            link_type="mentions",
        )
        assert resp.status == 201, (key, await resp.text())
    linked = await _links_of(client, alice, photo)
    assert len(linked) == 2 * len(KINDS)
    assert {x["from_object_type"] for x in linked} >= {t for t, _, _ in KINDS.values()}


async def test_a_trashed_or_foreign_object_cannot_be_linked(
    client: Client, alice: dict, bob: dict
) -> None:
    ids = await objects_of_a(client, alice)
    photo = (await create_media(client, alice))["id"]
    resp = await client.delete(f"/v1/contacts/{ids['contact']}", headers=alice)
    assert resp.status == 204, await resp.text()
    resp = await _link(
        client,
        alice,
        from_type="contact",
        from_id=ids["contact"],
        to_type="media",
        to_id=photo,
        link_type="mentions",
    )
    assert resp.status == 404, await resp.text()
    bobs_photo = (await create_media(client, bob))["id"]
    resp = await _link(
        client,
        bob,
        from_type="email",
        from_id=ids["email"],
        to_type="media",
        to_id=bobs_photo,
        link_type="attachment",
    )
    assert resp.status == 404, await resp.text()


async def test_a_purged_object_takes_its_links(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    ids = await objects_of_a(client, alice)
    photo = (await create_media(client, alice))["id"]
    for key, (object_type, _, _) in KINDS.items():
        resp = await _link(
            client,
            alice,
            from_type=object_type,
            from_id=ids[key],
            to_type="media",
            to_id=photo,
            link_type="attachment",
        )
        assert resp.status == 201, (key, await resp.text())
    # Every kind but one goes to the trash and is purged: each table's trigger must take its
    # links (on a partitioned table, the trigger its partitions inherit).
    kept = "contact"
    # Newest kinds first: a social post goes before the account whose trashing takes it along.
    for key, (_, collection, table) in reversed(KINDS.items()):
        if key == kept:
            continue
        resp = await client.delete(f"{collection}/{ids[key]}", headers=alice)
        assert resp.status == 204, (key, await resp.text())
        await age_trash(conn, table, [ids[key]], days=31)
    await purge(conn, retention=timedelta(days=30))
    left = {x["from_object_id"] for x in await _links_of(client, alice, photo)}
    assert left == {ids[kept]}
