"""Links: typed relationships between two live objects of the caller."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp.test_utils import TestClient

from tests.test_albums_api import create_album, member_ids
from tests.test_media_api import create as create_media

Client = TestClient[Any, Any]


async def link(client: Client, headers: dict, **fields: Any) -> Any:
    return await client.post("/v1/links", json=fields, headers=headers)


async def listing(client: Client, headers: dict, **params: str) -> list[dict[str, Any]]:
    resp = await client.get("/v1/links", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return (await resp.json())["items"]


async def test_variant_link_is_listed_from_both_ends(client: Client, alice: dict) -> None:
    photo = (await create_media(client, alice))["id"]
    thumb = (await create_media(client, alice, filename="thumb.jpg"))["id"]
    resp = await link(
        client,
        alice,
        from_type="media",
        from_id=thumb,
        to_type="media",
        to_id=photo,
        link_type="variant_of",
        metadata={"size": "small"},
    )
    assert resp.status == 201, await resp.text()
    created = await resp.json()
    assert [x["id"] for x in await listing(client, alice, **{"from": thumb})] == [created["id"]]
    assert [x["id"] for x in await listing(client, alice, to=photo)] == [created["id"]]
    assert await listing(client, alice, **{"from": photo}) == []


async def test_duplicate_of_is_symmetric(client: Client, alice: dict) -> None:
    a = (await create_media(client, alice))["id"]
    b = (await create_media(client, alice))["id"]
    resp = await link(
        client,
        alice,
        from_type="media",
        from_id=a,
        to_type="media",
        to_id=b,
        link_type="duplicate_of",
    )
    assert resp.status == 201
    from_b = await listing(client, alice, **{"from": b}, link_type="duplicate_of")
    assert [x["to_object_id"] for x in from_b] == [a]
    again = await link(
        client,
        alice,
        from_type="media",
        from_id=b,
        to_type="media",
        to_id=a,
        link_type="duplicate_of",
    )
    assert again.status == 409
    resp = await client.delete(f"/v1/links/{(await resp.json())['id']}", headers=alice)
    assert resp.status == 204
    assert await listing(client, alice, **{"from": b}) == []
    assert await listing(client, alice, **{"from": a}) == []


async def test_a_live_link_cannot_be_made_twice(client: Client, alice: dict) -> None:
    a = (await create_media(client, alice))["id"]
    b = (await create_media(client, alice))["id"]
    fields = dict(from_type="media", from_id=a, to_type="media", to_id=b, link_type="variant_of")
    assert (await link(client, alice, **fields)).status == 201
    resp = await link(client, alice, **fields)
    assert resp.status == 409


async def test_ends_must_be_live_objects_of_the_caller(
    client: Client, alice: dict, bob: dict
) -> None:
    mine = (await create_media(client, alice))["id"]
    bobs = (await create_media(client, bob))["id"]
    trashed = (await create_media(client, alice))["id"]
    await client.delete(f"/v1/media/{trashed}", headers=alice)
    for other in (bobs, trashed, str(uuid.uuid4())):
        resp = await link(
            client,
            alice,
            from_type="media",
            from_id=mine,
            to_type="media",
            to_id=other,
            link_type="variant_of",
        )
        assert resp.status == 404, other
    assert await listing(client, alice, **{"from": mine}) == []


async def test_a_contains_link_is_album_membership(client: Client, alice: dict) -> None:
    album = await create_album(client, alice)
    m = (await create_media(client, alice))["id"]
    resp = await link(
        client,
        alice,
        from_type="album",
        from_id=album["id"],
        to_type="media",
        to_id=m,
        link_type="contains",
    )
    assert resp.status == 201
    assert await member_ids(client, alice, album["id"]) == [m]
    got = await (await client.get(f"/v1/albums/{album['id']}", headers=alice)).json()
    assert got["media_count"] == 1


async def test_bad_link_requests_are_refused(client: Client, alice: dict) -> None:
    m = (await create_media(client, alice))["id"]
    resp = await link(
        client,
        alice,
        from_type="media",
        from_id=m,
        to_type="media",
        to_id=m,
        link_type="variant_of",
    )
    assert resp.status == 422
    resp = await link(
        client,
        alice,
        from_type="media",
        from_id=m,
        to_type="planet",
        to_id=str(uuid.uuid4()),
        link_type="variant_of",
    )
    assert resp.status == 422
    resp = await link(
        client,
        alice,
        from_type="media",
        from_id=m,
        to_type="media",
        to_id=str(uuid.uuid4()),
        link_type="Not A Type",
    )
    assert resp.status == 422
    resp = await client.get("/v1/links", headers=alice)
    assert resp.status == 422


async def test_other_users_links_are_404(client: Client, alice: dict, bob: dict) -> None:
    a = (await create_media(client, alice))["id"]
    b = (await create_media(client, alice))["id"]
    created = await (
        await link(
            client,
            alice,
            from_type="media",
            from_id=a,
            to_type="media",
            to_id=b,
            link_type="variant_of",
        )
    ).json()
    assert (await client.get(f"/v1/links/{created['id']}", headers=bob)).status == 404
    assert (await client.delete(f"/v1/links/{created['id']}", headers=bob)).status == 404
    assert await listing(client, bob, **{"from": a}) == []
    assert len(await listing(client, alice, **{"from": a})) == 1


async def test_media_can_name_its_source_integration(client: Client, alice: dict) -> None:
    resp = await client.post(
        "/v1/integrations",
        json={"integration_type": "google_photos", "display_name": "Photos"},
        headers=alice,
    )
    assert resp.status == 201, await resp.text()
    integration = (await resp.json())["id"]
    m = (await create_media(client, alice))["id"]
    resp = await link(
        client,
        alice,
        from_type="media",
        from_id=m,
        to_type="integration",
        to_id=integration,
        link_type="source",
    )
    assert resp.status == 201, await resp.text()
    assert [x["from_object_id"] for x in await listing(client, alice, to=integration)] == [m]
