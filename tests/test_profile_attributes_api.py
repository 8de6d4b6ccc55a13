"""Profile attributes through the HTTP API: the profile as one object, one live attribute per
key (create, rename, restore), the list in key order and by visibility, import, bad input, the
integration an attribute came through, purge and isolation."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_integrations import create_integration
from tests.test_purge import age_trash

Client = TestClient[Any, Any]


def attribute(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "key": f"k{uuid.uuid4().hex[:8]}",
        "value": "en",
        "visibility": "private",
        "metadata": {"set_by": "settings"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/profile/attributes", json=attribute(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def profile(client: Client, headers: dict[str, str]) -> dict[str, Any]:
    resp = await client.get("/v1/profile", headers=headers)
    assert resp.status == 200, await resp.text()
    assert resp.content_type == "application/json"
    body: dict[str, Any] = await resp.json()
    return body


async def keys_of(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/profile/attributes", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [a["key"] for a in (await resp.json())["items"]]


async def test_the_profile_is_one_object_of_every_live_attribute(
    client: Client, alice: dict, bob: dict
) -> None:
    assert await profile(client, alice) == {}
    await create(client, alice, key="locale", value="fr-FR")
    await create(client, alice, key="search.language", value="fr")
    city = await create(client, alice, key="home.city", value={"name": "Lyon", "zip": "69002"})
    await create(client, alice, key="nickname", value=None)
    await create(client, alice, key="height_cm", value=172.5)
    await create(client, alice, key="interests", value=["chess", "jazz"])
    await create(client, bob, key="locale", value="ja-JP")
    assert await profile(client, alice) == {
        "locale": "fr-FR",
        "search.language": "fr",
        "home.city": {"name": "Lyon", "zip": "69002"},
        "nickname": None,
        "height_cm": 172.5,
        "interests": ["chess", "jazz"],
    }
    url = f"/v1/profile/attributes/{city['id']}"
    changed = await client.patch(url, json={"value": "Paris"}, headers=alice)
    assert changed.status == 200, await changed.text()
    assert (await profile(client, alice))["home.city"] == "Paris"
    assert (await client.delete(url, headers=alice)).status == 204
    assert "home.city" not in await profile(client, alice)
    assert (await client.post(url + "/restore", headers=alice)).status == 200
    assert (await profile(client, alice))["home.city"] == "Paris"
    assert await profile(client, bob) == {"locale": "ja-JP"}


async def test_an_attribute_can_be_fetched_patched_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create(client, alice, key="theme", value="dark", visibility="public")
    url = f"/v1/profile/attributes/{created['id']}"
    resp = await client.get(url, headers=alice)
    assert resp.status == 200
    etag = resp.headers["ETag"]
    body = await resp.json()
    assert (body["key"], body["value"], body["visibility"]) == ("theme", "dark", "public")
    resp = await client.patch(
        url,
        json={"value": {"mode": "dark", "contrast": "high"}},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert body["value"] == {"mode": "dark", "contrast": "high"}
    assert (body["key"], body["visibility"]) == ("theme", "public")
    # JSON null is a value: it is stored, not taken for "no change".
    cleared = await client.patch(url, json={"value": None}, headers=alice)
    assert (await cleared.json())["value"] is None
    stale = await client.patch(url, json={"value": "x"}, headers={**alice, "If-Match": etag})
    assert stale.status == 412
    assert (await (await client.get(url, headers=alice)).json())["value"] is None


async def test_a_second_live_attribute_with_the_same_key_is_409(
    client: Client, alice: dict
) -> None:
    await create(client, alice, key="locale", value="en-US")
    again = await client.post(
        "/v1/profile/attributes", json=attribute(key="locale", value="fr-FR"), headers=alice
    )
    assert again.status == 409
    assert again.content_type == "application/problem+json"
    assert "locale" in (await again.json())["detail"]
    # Renaming another attribute onto a taken key is refused too, and changes nothing.
    other = await create(client, alice, key="language", value="en")
    clash = await client.patch(
        f"/v1/profile/attributes/{other['id']}", json={"key": "locale"}, headers=alice
    )
    assert clash.status == 409
    assert await profile(client, alice) == {"locale": "en-US", "language": "en"}


async def test_restoring_an_attribute_whose_key_was_taken_meanwhile_is_409(
    client: Client, alice: dict
) -> None:
    old = await create(client, alice, key="home.city", value="Lyon")
    url = f"/v1/profile/attributes/{old['id']}"
    assert (await client.delete(url, headers=alice)).status == 204
    # Its key is free once it is in the trash.
    new = await create(client, alice, key="home.city", value="Paris")
    resp = await client.post(url + "/restore", headers=alice)
    assert resp.status == 409
    assert resp.content_type == "application/problem+json"
    assert await profile(client, alice) == {"home.city": "Paris"}
    trash = await (await client.get("/v1/profile/attributes/trash", headers=alice)).json()
    assert [a["id"] for a in trash["items"]] == [old["id"]]
    # Once the new one goes, the old one comes back.
    assert (await client.delete(f"/v1/profile/attributes/{new['id']}", headers=alice)).status == 204
    assert (await client.post(url + "/restore", headers=alice)).status == 200
    assert await profile(client, alice) == {"home.city": "Lyon"}


async def test_the_list_walks_keys_in_order_page_by_page_and_filters_by_visibility(
    client: Client, alice: dict
) -> None:
    made = {
        "website": "public",
        "birthday": "contacts",
        "locale": "private",
        "bio": "public",
        "address.city": "contacts",
        "address.street": "private",
        "pronouns": "public",
    }
    for key, visibility in made.items():
        await create(client, alice, key=key, visibility=visibility)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        page = await (
            await client.get("/v1/profile/attributes", params=params, headers=alice)
        ).json()
        seen.extend(a["key"] for a in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(made)
    assert await keys_of(client, alice, visibility="public") == ["bio", "pronouns", "website"]
    first = await (
        await client.get(
            "/v1/profile/attributes", params={"visibility": "public", "limit": "2"}, headers=alice
        )
    ).json()
    rest = await keys_of(client, alice, visibility="public", cursor=first["next_cursor"])
    assert rest == ["website"]
    bad = await client.get(
        "/v1/profile/attributes", params={"visibility": "friends"}, headers=alice
    )
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "visibility"
    forged = await client.get("/v1/profile/attributes", params={"cursor": "nope"}, headers=alice)
    assert forged.status == 400


async def test_import_is_idempotent_and_never_overwrites_a_key_the_user_has(
    client: Client, alice: dict
) -> None:
    batch = [
        attribute(key=key, value=value, source_platform="google_account", source_object_id=key)
        for key, value in (("locale", "en-GB"), ("birthday", "1984-03-09"), ("nickname", None))
    ]
    first = await (
        await client.post("/v1/profile/attributes/import", json=batch, headers=alice)
    ).json()
    assert (first["created"], first["existing"]) == (3, 0)
    by_hand = await create(client, alice, key="timezone", value="Europe/London")
    resp = await client.post(
        "/v1/profile/attributes/import",
        json=[
            *batch,
            attribute(key="timezone", value="UTC"),
            attribute(key="units", value="metric"),
            attribute(key="units", value="imperial"),
        ],
        headers=alice,
    )
    assert resp.status == 200, await resp.text()
    again = await resp.json()
    assert (again["created"], again["existing"]) == (1, 5)
    assert again["ids"][:3] == first["ids"]
    assert again["ids"][3] == by_hand["id"]
    # Two items of one key in a batch: the first is stored, the second answers its id.
    assert again["ids"][4] == again["ids"][5]
    assert await profile(client, alice) == {
        "locale": "en-GB",
        "birthday": "1984-03-09",
        "nickname": None,
        "timezone": "Europe/London",
        "units": "metric",
    }


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        (attribute(key="Locale"), "$.key"),
        (attribute(key="1st"), "$.key"),
        (attribute(key="home city"), "$.key"),
        (attribute(key="k" * 101), "$.key"),
        (attribute(visibility="friends"), "$.visibility"),
        (attribute(value="nul\u0000"), "$.value"),
        (attribute(value={"city": "Ly\u0000on"}), "$.value.city"),
        (attribute(value=["ok", {"a\u0000": 1}]), '$.value[1]["a\\u0000"]'),
        (attribute(value="x" * 16_400), "$.value"),
        (attribute(metadata={"k": "\u0000"}), "$.metadata.k"),
        (attribute(source_integration_id="not-a-uuid"), "$.source_integration_id"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/profile/attributes", json=body, headers=alice)
        assert resp.status == 422, (path, await resp.text())
        assert resp.content_type == "application/problem+json"
        assert (await resp.json())["errors"][0]["path"] == path, await resp.text()
    missing = {"key": "locale"}
    resp = await client.post("/v1/profile/attributes", json=missing, headers=alice)
    assert resp.status == 422
    made = await create(client, alice, key="bio", value="hi")
    for patch, path in (({"value": "\u0000"}, "$.value"), ({"key": "Bio"}, "$.key")):
        resp = await client.patch(f"/v1/profile/attributes/{made['id']}", json=patch, headers=alice)
        assert resp.status == 422
        assert (await resp.json())["errors"][0]["path"] == path
    resp = await client.post(
        "/v1/profile/attributes/import",
        json=[attribute(), attribute(value="x" * 16_400)],
        headers=alice,
    )
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$[1].value"
    too_many = await client.post(
        "/v1/profile/attributes/import", json=[attribute()] * 1001, headers=alice
    )
    assert too_many.status == 422
    assert await profile(client, alice) == {"bio": "hi"}


async def test_source_integration_must_be_the_callers_and_its_purge_unlinks_the_attribute(
    client: Client, alice: dict, bob: dict, conn: asyncpg.Connection
) -> None:
    theirs = await create_integration(client, bob)
    resp = await client.post(
        "/v1/profile/attributes",
        json=attribute(source_integration_id=theirs["id"]),
        headers=alice,
    )
    assert resp.status == 404
    assert (await resp.json())["errors"][0]["path"] == "$.source_integration_id"
    mine = await create_integration(client, alice)
    made = await create(client, alice, key="locale", source_integration_id=mine["id"])
    assert made["source_integration_id"] == mine["id"]
    assert (await client.delete(f"/v1/integrations/{mine['id']}", headers=alice)).status == 204
    await age_trash(conn, "integrations", [mine["id"]], days=31)
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["integrations"] == 1
    kept = await (await client.get(f"/v1/profile/attributes/{made['id']}", headers=alice)).json()
    assert kept["source_integration_id"] is None
    assert await profile(client, alice) == {"locale": "en"}


async def test_purge_takes_only_attributes_trashed_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    old = await create(client, alice, key="old")
    recent = await create(client, alice, key="recent")
    await create(client, alice, key="live")
    for made in (old, recent):
        url = f"/v1/profile/attributes/{made['id']}"
        assert (await client.delete(url, headers=alice)).status == 204
    await age_trash(conn, "profile_attributes", [old["id"]], days=31)
    totals = await purge(conn, retention=timedelta(days=30))
    assert totals["profile_attributes"] == 1
    trash = await (await client.get("/v1/profile/attributes/trash", headers=alice)).json()
    assert [a["id"] for a in trash["items"]] == [recent["id"]]
    assert (
        await client.post(f"/v1/profile/attributes/{old['id']}/restore", headers=alice)
    ).status == 404
    assert await keys_of(client, alice) == ["live"]


async def test_another_users_attribute_is_404_and_their_keys_are_their_own(
    client: Client, alice: dict, bob: dict
) -> None:
    created = await create(client, alice, key="locale", value="fr-FR")
    url = f"/v1/profile/attributes/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"value": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert await keys_of(client, bob) == []
    assert await profile(client, bob) == {}
    # The same key is free for another user.
    await create(client, bob, key="locale", value="de-DE")
    assert await profile(client, alice) == {"locale": "fr-FR"}
