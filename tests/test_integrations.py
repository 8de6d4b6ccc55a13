"""Integrations through the HTTP API: their life, validation, isolation, and the media imported
through them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from hypernet.mappers.integrations import IntegrationMapper
from tests.test_media_api import photo

Client = TestClient[Any, Any]


def connection(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "integration_type": "google_photos",
        "display_name": "Alice's Google Photos",
        "metadata": {"scopes": ["photoslibrary.readonly"]},
    }
    body.update(overrides)
    return body


async def create_integration(
    client: Client, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    resp = await client.post("/v1/integrations", json=connection(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def test_created_integration_can_be_fetched_with_its_etag(
    client: Client, alice: dict
) -> None:
    resp = await client.post("/v1/integrations", json=connection(), headers=alice)
    assert resp.status == 201, await resp.text()
    created = await resp.json()
    assert resp.headers["Location"] == f"/v1/integrations/{created['id']}"
    got = await client.get(f"/v1/integrations/{created['id']}", headers=alice)
    assert got.status == 200
    assert got.headers["ETag"] == resp.headers["ETag"]
    body = await got.json()
    assert body["integration_type"] == "google_photos"
    assert body["status"] == "active"
    assert body["has_secrets"] is False
    assert body["secrets_expire_at"] is None
    assert body["sync_cursor"] is None and body["last_synced_at"] is None
    assert body["metadata"] == {"scopes": ["photoslibrary.readonly"]}


async def test_invalid_integrations_are_422_and_store_nothing(client: Client, alice: dict) -> None:
    bad = [
        connection(integration_type="myspace"),
        connection(display_name=""),
        connection(status="sleeping"),
        connection(status="error"),  # an error state says what went wrong
        connection(sync_cursor="x\u0000y"),
        connection(last_synced_at="2026-01-01T00:00:00"),  # no time zone
        connection(source_object_id="acct-1"),  # without source_platform
        connection(metadata=[1, 2]),
        {**connection(), "user_id": str(uuid.uuid4())},
    ]
    for body in bad:
        resp = await client.post("/v1/integrations", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        assert resp.content_type == "application/problem+json"
    listing = await (await client.get("/v1/integrations", headers=alice)).json()
    assert listing["items"] == []


async def test_patch_changes_only_the_given_fields_and_a_stale_etag_is_412(
    client: Client, alice: dict
) -> None:
    created = await create_integration(client, alice, sync_cursor="page-1")
    url = f"/v1/integrations/{created['id']}"
    etag = (await client.get(url, headers=alice)).headers["ETag"]
    synced = "2026-05-01T12:00:00Z"
    resp = await client.patch(
        url,
        json={"sync_cursor": "page-2", "last_synced_at": synced, "status": "paused"},
        headers={**alice, "If-Match": etag},
    )
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert (body["sync_cursor"], body["last_synced_at"], body["status"]) == (
        "page-2",
        synced,
        "paused",
    )
    assert body["display_name"] == created["display_name"]
    assert resp.headers["ETag"] != etag
    stale = await client.patch(
        url, json={"display_name": "late"}, headers={**alice, "If-Match": etag}
    )
    assert stale.status == 412
    cleared = await client.patch(url, json={"sync_cursor": None}, headers=alice)
    assert (await cleared.json())["sync_cursor"] is None
    assert (await (await client.get(url, headers=alice)).json())["display_name"] == (
        created["display_name"]
    )


async def test_error_status_needs_an_error_and_the_type_cannot_change(
    client: Client, alice: dict
) -> None:
    created = await create_integration(client, alice)
    url = f"/v1/integrations/{created['id']}"
    resp = await client.patch(url, json={"status": "error"}, headers=alice)
    assert resp.status == 422
    assert "last_error" in (await resp.json())["detail"]
    resp = await client.patch(
        url, json={"status": "error", "last_error": "401 from the provider"}, headers=alice
    )
    assert resp.status == 200
    resp = await client.patch(url, json={"integration_type": "gmail"}, headers=alice)
    assert resp.status == 422
    body = await (await client.get(url, headers=alice)).json()
    assert (body["integration_type"], body["status"]) == ("google_photos", "error")


async def test_pages_walk_every_integration_once_newest_first(client: Client, alice: dict) -> None:
    ids = [(await create_integration(client, alice, display_name=f"n{i}"))["id"] for i in range(7)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        resp = await client.get("/v1/integrations", params=params, headers=alice)
        assert resp.status == 200, await resp.text()
        page = await resp.json()
        seen.extend(i["id"] for i in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    bad = await client.get("/v1/integrations", params={"cursor": "nope"}, headers=alice)
    assert bad.status == 400


async def test_deleted_integration_goes_to_the_trash_and_comes_back(
    client: Client, alice: dict
) -> None:
    created = await create_integration(client, alice)
    url = f"/v1/integrations/{created['id']}"
    await client.put(url + "/secrets", json={"access_token": "tok-a"}, headers=alice)
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert (await (await client.get("/v1/integrations", headers=alice)).json())["items"] == []
    trash = await (await client.get("/v1/integrations/trash", headers=alice)).json()
    assert [i["id"] for i in trash["items"]] == [created["id"]]
    assert trash["items"][0]["deleted_at"] is not None
    # A trashed integration takes no new tokens.
    put = await client.put(url + "/secrets", json={"access_token": "tok-b"}, headers=alice)
    assert put.status == 404
    resp = await client.post(url + "/restore", headers=alice)
    assert resp.status == 200
    restored = await resp.json()
    assert restored["deleted_at"] is None
    assert restored["has_secrets"] is True
    assert (await client.post(url + "/restore", headers=alice)).status == 404


async def test_the_same_external_account_is_connected_once(client: Client, alice: dict) -> None:
    account = {"source_platform": "google", "source_object_id": "acct-42"}
    first = await create_integration(client, alice, **account)
    resp = await client.post("/v1/integrations", json=connection(**account), headers=alice)
    assert resp.status == 409
    assert "external account" in (await resp.json())["detail"]
    await client.delete(f"/v1/integrations/{first['id']}", headers=alice)
    second = await create_integration(client, alice, **account)
    resp = await client.post(f"/v1/integrations/{first['id']}/restore", headers=alice)
    assert resp.status == 409
    listing = await (await client.get("/v1/integrations", headers=alice)).json()
    assert [i["id"] for i in listing["items"]] == [second["id"]]


async def test_other_users_integration_is_404_everywhere_and_unchanged(
    client: Client, alice: dict, bob: dict
) -> None:
    created = await create_integration(client, alice)
    url = f"/v1/integrations/{created['id']}"
    await client.put(url + "/secrets", json={"access_token": "alice-token"}, headers=alice)
    before = await (await client.get(url, headers=alice)).json()
    attempts = [
        client.get(url, headers=bob),
        client.patch(url, json={"display_name": "mine now"}, headers=bob),
        client.put(url + "/secrets", json={"access_token": "bob-token"}, headers=bob),
        client.delete(url + "/secrets", headers=bob),
        client.get(url + "/media", headers=bob),
        client.delete(url, headers=bob),
        client.post(url + "/restore", headers=bob),
    ]
    for attempt in attempts:
        resp = await attempt
        assert resp.status == 404, (resp.method, resp.url, await resp.text())
    assert (await (await client.get("/v1/integrations", headers=bob)).json())["items"] == []
    assert (await (await client.get("/v1/integrations/trash", headers=bob)).json())["items"] == []
    after = await (await client.get(url, headers=alice)).json()
    assert after == before


async def test_media_imported_through_an_integration_are_listed_under_it(
    client: Client, alice: dict
) -> None:
    gp = await create_integration(client, alice)
    other = await create_integration(client, alice, integration_type="instagram")
    batch = [
        photo(
            filename=f"p{i}.jpg",
            taken_at=f"2026-03-0{i + 1}T12:00:00Z",
            source_platform="google_photos",
            source_object_id=f"gp-{i}",
            source_integration_id=gp["id"],
        )
        for i in range(5)
    ]
    resp = await client.post("/v1/media/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    result = await resp.json()
    assert (result["created"], result["existing"]) == (5, 0)
    await client.post("/v1/media", json=photo(), headers=alice)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        resp = await client.get(f"/v1/integrations/{gp['id']}/media", params=params, headers=alice)
        assert resp.status == 200, await resp.text()
        page = await resp.json()
        seen.extend(m["id"] for m in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(result["ids"]))
    none = await client.get(f"/v1/integrations/{other['id']}/media", headers=alice)
    assert (await none.json())["items"] == []


async def test_import_through_another_users_integration_is_refused_and_stores_nothing(
    client: Client, alice: dict, bob: dict
) -> None:
    alices = await create_integration(client, alice)
    mine = await create_integration(client, bob)
    batch = [
        photo(source_platform="gp", source_object_id="gp-1", source_integration_id=mine["id"]),
        photo(source_platform="gp", source_object_id="gp-2", source_integration_id=alices["id"]),
    ]
    resp = await client.post("/v1/media/import", json=batch, headers=bob)
    assert resp.status == 404, await resp.text()
    problem = await resp.json()
    assert problem["errors"][0]["path"] == "$[1].source_integration_id"
    single = await client.post(
        "/v1/media", json=photo(source_integration_id=alices["id"]), headers=bob
    )
    assert single.status == 404
    assert (await (await client.get("/v1/media", headers=bob)).json())["items"] == []
    assert (await (await client.get("/v1/media", headers=alice)).json())["items"] == []


async def test_import_through_a_trashed_or_unknown_integration_is_refused(
    client: Client, alice: dict
) -> None:
    trashed = await create_integration(client, alice)
    await client.delete(f"/v1/integrations/{trashed['id']}", headers=alice)
    for integration_id in (trashed["id"], str(uuid.uuid4())):
        item = photo(
            source_platform="gp", source_object_id="gp-1", source_integration_id=integration_id
        )
        resp = await client.post("/v1/media/import", json=[item], headers=alice)
        assert resp.status == 404, await resp.text()
    assert (await (await client.get("/v1/media", headers=alice)).json())["items"] == []


async def test_trashing_an_integration_keeps_its_media_and_purging_it_unlinks_them(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    gp = await create_integration(client, alice)
    url = f"/v1/integrations/{gp['id']}"
    await client.put(url + "/secrets", json={"access_token": "tok"}, headers=alice)
    item = photo(source_platform="gp", source_object_id="gp-1", source_integration_id=gp["id"])
    media_id = (await (await client.post("/v1/media/import", json=[item], headers=alice)).json())[
        "ids"
    ][0]
    assert (await client.delete(url, headers=alice)).status == 204
    kept = await (await client.get(f"/v1/media/{media_id}", headers=alice)).json()
    assert kept["source_integration_id"] == gp["id"]

    # Past retention, the purge hard-deletes the integration and its tokens; the media stay,
    # with their import key, and stop naming it.
    await conn.execute(
        "UPDATE integrations SET deleted_at = now() - interval '31 days' WHERE id = $1",
        uuid.UUID(gp["id"]),
    )
    cutoff = datetime.now(UTC) - timedelta(days=30)
    assert await IntegrationMapper(conn).purge_expired(cutoff, 100) == 1
    media = await (await client.get(f"/v1/media/{media_id}", headers=alice)).json()
    assert media["source_integration_id"] is None
    assert (media["source_platform"], media["source_object_id"]) == ("gp", "gp-1")
    assert await conn.fetchval("SELECT count(*) FROM integration_secrets") == 0
    assert (await client.post(url + "/restore", headers=alice)).status == 404


async def test_an_operators_delete_of_an_integration_unlinks_its_media(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    gp = await create_integration(client, alice)
    item = photo(source_platform="gp", source_object_id="gp-1", source_integration_id=gp["id"])
    await client.post("/v1/media/import", json=[item], headers=alice)
    await conn.execute("DELETE FROM integrations WHERE id = $1", uuid.UUID(gp["id"]))
    assert await conn.fetchval("SELECT count(source_integration_id) FROM media") == 0
    assert await conn.fetchval("SELECT count(*) FROM media") == 1


async def test_deleting_a_user_takes_their_integrations_secrets_and_media(
    client: Client, alice: dict, bob: dict, conn: asyncpg.Connection
) -> None:
    owners: list[str] = []
    for headers in (alice, bob):
        gp = await create_integration(client, headers)
        owners.append(gp["user_id"])
        await client.put(
            f"/v1/integrations/{gp['id']}/secrets", json={"access_token": "t"}, headers=headers
        )
        item = photo(source_platform="gp", source_object_id="x", source_integration_id=gp["id"])
        await client.post("/v1/media/import", json=[item], headers=headers)
    await conn.execute("DELETE FROM users WHERE id = $1", uuid.UUID(owners[0]))
    for table in ("integrations", "integration_secrets", "media"):
        left = await conn.fetch(f"SELECT DISTINCT user_id FROM {table}")
        assert [str(r["user_id"]) for r in left] == [owners[1]], table
