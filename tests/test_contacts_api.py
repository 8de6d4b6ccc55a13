"""Contacts through the HTTP API: the life of a contact, the alphabetical list, lookups by e-mail
address and phone number, import, bad input, isolation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def person(**overrides: Any) -> dict[str, Any]:
    contact: dict[str, Any] = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "emails": [{"value": "Ada@Example.com", "type": "home"}],
        "phones": [{"value": "+44 (20) 7946-0000", "type": "mobile"}],
        "organization": "Analytical Engines",
        "birthday": "1815-12-10",
        "notes": "Met at the Babbage salon",
        "metadata": {"source": "test"},
    }
    contact.update(overrides)
    return contact


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/contacts", json=person(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def names(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/contacts", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [c["display_name"] for c in (await resp.json())["items"]]


async def test_created_contact_can_be_fetched_with_its_etag(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    # No display_name given: the names make one.
    assert created["display_name"] == "Ada Lovelace"
    resp = await client.get(f"/v1/contacts/{created['id']}", headers=alice)
    assert resp.status == 200
    body = await resp.json()
    assert body["emails"] == [{"value": "Ada@Example.com", "type": "home"}]
    assert body["phones"] == [{"value": "+44 (20) 7946-0000", "type": "mobile"}]
    assert body["birthday"] == "1815-12-10"
    assert body["organization"] == "Analytical Engines"
    assert "lookup_keys" not in body
    assert resp.headers["ETag"].startswith('"')


async def test_display_name_falls_back_to_an_address_and_a_contact_needs_something(
    client: Client, alice: dict
) -> None:
    only_mail = await create(
        client, alice, given_name=None, family_name=None, organization=None, phones=[]
    )
    assert only_mail["display_name"] == "Ada@Example.com"
    resp = await client.post("/v1/contacts", json={"notes": "who?"}, headers=alice)
    assert resp.status == 422
    assert "display_name" in (await resp.json())["detail"]


async def test_patch_changes_only_the_given_fields_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/contacts/{created['id']}"
    etag = (await client.get(url, headers=alice)).headers["ETag"]
    resp = await client.patch(
        url,
        json={"display_name": "Countess Lovelace", "birthday": None, "phones": []},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert body["display_name"] == "Countess Lovelace"
    assert body["birthday"] is None
    assert body["phones"] == []
    assert body["emails"] == [{"value": "Ada@Example.com", "type": "home"}]
    assert resp.headers["ETag"] != etag
    stale = await client.patch(url, json={"notes": "x"}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    assert (await (await client.get(url, headers=alice)).json())["notes"] == body["notes"]
    # The number is gone from the lookup too: it follows the stored phones.
    assert await names(client, alice, phone="+44 20 7946 0000") == []


async def test_deleted_contact_leaves_the_list_and_comes_back_on_restore(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/contacts/{created['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert await names(client, alice) == []
    assert await names(client, alice, email="ada@example.com") == []
    trash = await (await client.get("/v1/contacts/trash", headers=alice)).json()
    assert [c["id"] for c in trash["items"]] == [created["id"]]
    resp = await client.post(url + "/restore", headers=alice)
    assert resp.status == 200
    assert (await resp.json())["deleted_at"] is None
    assert await names(client, alice) == ["Ada Lovelace"]


async def test_pages_walk_every_contact_once_alphabetically(client: Client, alice: dict) -> None:
    wanted = ["Zed", "Amy", "Bob", "Bob", "Carla", "Dee", "Eve"]
    for name in wanted:
        await create(client, alice, display_name=name, emails=[], phones=[])
    seen: list[str] = []
    ids: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await (await client.get("/v1/contacts", params=params, headers=alice)).json()
        seen.extend(c["display_name"] for c in page["items"])
        ids.extend(c["id"] for c in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(wanted)
    assert len(set(ids)) == len(wanted)


async def test_lookup_by_email_is_exact_and_ignores_case(client: Client, alice: dict) -> None:
    ada = await create(client, alice)
    await create(
        client,
        alice,
        display_name="Charles Babbage",
        emails=[{"value": "charles@example.com"}, {"value": "ADA@example.COM", "type": "work"}],
        phones=[],
    )
    await create(client, alice, display_name="Other", emails=[{"value": "ada@example.co"}])
    assert await names(client, alice, email="ada@EXAMPLE.com") == [
        "Ada Lovelace",
        "Charles Babbage",
    ]
    assert await names(client, alice, email="charles@example.com") == ["Charles Babbage"]
    assert await names(client, alice, email="ad@example.com") == []
    found = await (
        await client.get("/v1/contacts", params={"email": "ADA@example.com"}, headers=alice)
    ).json()
    assert found["items"][0]["id"] == ada["id"]


async def test_lookup_by_phone_compares_digits_only(client: Client, alice: dict) -> None:
    await create(client, alice)
    await create(client, alice, display_name="Someone else", phones=[{"value": "+44 20 7946 0001"}])
    assert await names(client, alice, phone="+44 20 7946 0000") == ["Ada Lovelace"]
    assert await names(client, alice, phone="442079460000") == ["Ada Lovelace"]
    assert await names(client, alice, phone="20 7946 0000") == []


async def test_email_and_phone_together_or_malformed_are_422(client: Client, alice: dict) -> None:
    for params in (
        {"email": "a@example.com", "phone": "123"},
        {"email": "not-an-address"},
        {"phone": "call me"},
        {"colour": "red"},
    ):
        resp = await client.get("/v1/contacts", params=params, headers=alice)
        assert resp.status == 422, params
    resp = await client.get("/v1/contacts", params={"cursor": "garbage"}, headers=alice)
    assert resp.status == 400


async def test_bad_input_is_422_with_the_field_path_and_stores_nothing(
    client: Client, alice: dict
) -> None:
    cases = [
        ({"emails": [{"value": "no-at-sign"}]}, "$.emails[0].value"),
        ({"emails": [{"value": "a@b.c", "kind": "home"}]}, "$.emails[0]"),
        ({"phones": [{"value": "+1 555", "type": "x" * 51}]}, "$.phones[0].type"),
        ({"given_name": "Ad\u0000a"}, "$.given_name"),
        ({"birthday": "10 December 1815"}, "$.birthday"),
        ({"emails": [{"value": f"a{i}@b.c"} for i in range(51)]}, "$.emails"),
    ]
    for overrides, path in cases:
        resp = await client.post("/v1/contacts", json=person(**overrides), headers=alice)
        assert resp.status == 422, overrides
        body = await resp.json()
        assert body["errors"][0]["path"] == path, body
    resp = await client.post("/v1/contacts", json=person(metadata={"k": "a\u0000"}), headers=alice)
    assert resp.status == 422
    assert await names(client, alice) == []


async def test_import_is_idempotent_and_a_live_import_key_is_409(
    client: Client, alice: dict
) -> None:
    batch = [
        person(
            display_name=f"Friend {i}",
            source_platform="google_contacts",
            source_object_id=f"gc-{i}",
        )
        for i in range(5)
    ]
    resp = await client.post("/v1/contacts/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    first = await resp.json()
    assert (first["created"], first["existing"]) == (5, 0)
    again = await (
        await client.post(
            "/v1/contacts/import",
            json=[
                *batch,
                person(display_name="New", source_platform="icloud", source_object_id="1"),
            ],
            headers=alice,
        )
    ).json()
    assert (again["created"], again["existing"]) == (1, 5)
    assert again["ids"][:5] == first["ids"]
    assert len(await names(client, alice, limit="200")) == 6
    # The same import key on a single create: a live contact holds it already.
    resp = await client.post("/v1/contacts", json=batch[0], headers=alice)
    assert resp.status == 409
    # ... and on restore, once a new contact took the key of a trashed one.
    old = first["ids"][1]
    assert (await client.delete(f"/v1/contacts/{old}", headers=alice)).status == 204
    assert (await client.post("/v1/contacts", json=batch[1], headers=alice)).status == 201
    assert (await client.post(f"/v1/contacts/{old}/restore", headers=alice)).status == 409
    too_many = await client.post("/v1/contacts/import", json=[person()] * 1001, headers=alice)
    assert too_many.status == 422


async def test_other_users_contact_is_404(client: Client, alice: dict, bob: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/contacts/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"notes": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert (await client.get(f"/v1/contacts/{uuid.uuid4()}", headers=bob)).status == 404
    assert await names(client, bob) == []
    assert await names(client, bob, email="ada@example.com") == []
    assert (await client.get(url, headers=alice)).status == 200


async def test_purge_removes_only_contacts_in_the_trash_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    made = [(await create(client, alice, display_name=f"c{i}"))["id"] for i in range(4)]
    for contact_id in made[:3]:
        assert (await client.delete(f"/v1/contacts/{contact_id}", headers=alice)).status == 204
    await age_trash(conn, "contacts", made[:2], days=31)
    totals = await purge(conn, retention=timedelta(days=30), batch_size=1)
    assert totals["contacts"] == 2
    trash = await (await client.get("/v1/contacts/trash", headers=alice)).json()
    assert [x["id"] for x in trash["items"]] == [made[2]]
    assert (await client.get(f"/v1/contacts/{made[3]}", headers=alice)).status == 200
