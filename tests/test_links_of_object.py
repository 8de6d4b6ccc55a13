"""GET /v1/objects/{object_type}/{id}/links: an object's links in both directions, newest first,
each with the other end's title."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from tests.test_links_every_type import KINDS
from tests.test_media_api import create as create_media
from tests.test_tenant_isolation import objects_of_a

Client = TestClient[Any, Any]


async def _link(client: Client, headers: dict, **fields: Any) -> dict[str, Any]:
    resp = await client.post("/v1/links", json=fields, headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def _object_links(
    client: Client, headers: dict, object_type: str, object_id: str, **params: Any
) -> Any:
    return await client.get(
        f"/v1/objects/{object_type}/{object_id}/links", params=params, headers=headers
    )


async def _all_pages(
    client: Client, headers: dict, object_type: str, object_id: str, limit: int
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        resp = await _object_links(client, headers, object_type, object_id, **params)
        assert resp.status == 200, await resp.text()
        page = await resp.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def test_links_come_both_ways_newest_first_with_the_other_ends_title(
    client: Client, alice: dict
) -> None:
    photo = await create_media(client, alice, filename="harbour.jpg")
    note = await client.post(
        "/v1/notes", headers=alice, json={"title": "Trip to the harbour", "body": "boats"}
    )
    assert note.status == 201, await note.text()
    note_id = (await note.json())["id"]
    contact = await client.post(
        "/v1/contacts", headers=alice, json={"display_name": "Ada Lovelace"}
    )
    assert contact.status == 201, await contact.text()
    contact_id = (await contact.json())["id"]
    incoming = await _link(
        client,
        alice,
        from_type="note",
        from_id=note_id,
        to_type="media",
        to_id=photo["id"],
        link_type="mentions",
    )
    outgoing = await _link(
        client,
        alice,
        from_type="media",
        from_id=photo["id"],
        to_type="contact",
        to_id=contact_id,
        link_type="shows",
        strength=0.5,
    )

    resp = await _object_links(client, alice, "media", photo["id"])
    assert resp.status == 200, await resp.text()
    page = await resp.json()
    assert page["next_cursor"] is None
    assert [
        (x["id"], x["direction"], x["link_type"], x["other_type"], x["other_id"], x["other_title"])
        for x in page["items"]
    ] == [
        (outgoing["id"], "out", "shows", "contact", contact_id, "Ada Lovelace"),
        (incoming["id"], "in", "mentions", "note", note_id, "Trip to the harbour"),
    ]
    assert page["items"][0]["strength"] == 0.5

    # Seen from the note, the same link points out, to the photo by its filename.
    resp = await _object_links(client, alice, "note", note_id)
    items = (await resp.json())["items"]
    assert [(x["direction"], x["other_type"], x["other_title"]) for x in items] == [
        ("out", "media", "harbour.jpg")
    ]


async def test_every_type_of_other_end_has_a_title(client: Client, alice: dict) -> None:
    ids = await objects_of_a(client, alice)
    photo = (await create_media(client, alice))["id"]
    for key, (object_type, _, _) in KINDS.items():
        await _link(
            client,
            alice,
            from_type="media",
            from_id=photo,
            to_type=object_type,
            to_id=ids[key],
            link_type="mentions",
        )
    items = await _all_pages(client, alice, "media", photo, limit=7)
    assert {x["other_type"] for x in items} == {t for t, _, _ in KINDS.values()}
    untitled = [x["other_type"] for x in items if not x["other_title"]]
    assert untitled == []
    # And each of them, seen from its own end, finds the photo.
    for key, (object_type, _, _) in KINDS.items():
        resp = await _object_links(client, alice, object_type, ids[key])
        assert resp.status == 200, (key, await resp.text())
        assert [x["other_id"] for x in (await resp.json())["items"]] == [photo], key


async def test_pages_follow_each_other_without_gaps_or_repeats(client: Client, alice: dict) -> None:
    hub = (await create_media(client, alice))["id"]
    made = []
    for n in range(7):
        other = (await create_media(client, alice, filename=f"p{n}.jpg"))["id"]
        if n % 2:
            made.append(
                await _link(
                    client,
                    alice,
                    from_type="media",
                    from_id=hub,
                    to_type="media",
                    to_id=other,
                    link_type="variant_of",
                )
            )
        else:
            made.append(
                await _link(
                    client,
                    alice,
                    from_type="media",
                    from_id=other,
                    to_type="media",
                    to_id=hub,
                    link_type="variant_of",
                )
            )
    items = await _all_pages(client, alice, "media", hub, limit=3)
    assert [x["id"] for x in items] == [x["id"] for x in reversed(made)]
    assert [x["direction"] for x in items] == ["in", "out", "in", "out", "in", "out", "in"]


async def test_a_symmetric_link_is_shown_once_from_each_end(client: Client, alice: dict) -> None:
    a = (await create_media(client, alice))["id"]
    b = (await create_media(client, alice))["id"]
    await _link(
        client,
        alice,
        from_type="media",
        from_id=a,
        to_type="media",
        to_id=b,
        link_type="duplicate_of",
    )
    for this, other in ((a, b), (b, a)):
        items = (await (await _object_links(client, alice, "media", this)).json())["items"]
        assert [(x["direction"], x["link_type"], x["other_id"]) for x in items] == [
            ("out", "duplicate_of", other)
        ]


async def test_a_trashed_other_end_is_listed_without_a_title_until_restored(
    client: Client, alice: dict
) -> None:
    photo = (await create_media(client, alice))["id"]
    task = await client.post("/v1/tasks", headers=alice, json={"title": "Print it"})
    assert task.status == 201, await task.text()
    task_id = (await task.json())["id"]
    await _link(
        client,
        alice,
        from_type="task",
        from_id=task_id,
        to_type="media",
        to_id=photo,
        link_type="mentions",
    )
    assert (await client.delete(f"/v1/tasks/{task_id}", headers=alice)).status == 204
    items = (await (await _object_links(client, alice, "media", photo)).json())["items"]
    assert [(x["other_id"], x["other_title"]) for x in items] == [(task_id, None)]
    resp = await client.post(f"/v1/tasks/{task_id}/restore", headers=alice)
    assert resp.status == 200, await resp.text()
    items = (await (await _object_links(client, alice, "media", photo)).json())["items"]
    assert [(x["other_id"], x["other_title"]) for x in items] == [(task_id, "Print it")]


async def test_an_object_without_links_is_an_empty_page(client: Client, alice: dict) -> None:
    photo = (await create_media(client, alice))["id"]
    resp = await _object_links(client, alice, "media", photo)
    assert resp.status == 200, await resp.text()
    assert await resp.json() == {"items": [], "next_cursor": None}


async def test_a_trashed_missing_or_mistyped_object_is_404(client: Client, alice: dict) -> None:
    photo = (await create_media(client, alice))["id"]
    resp = await _object_links(client, alice, "contact", photo)
    assert resp.status == 404, await resp.text()
    resp = await _object_links(client, alice, "media", "00000000-0000-4000-8000-000000000000")
    assert resp.status == 404, await resp.text()
    assert (await client.delete(f"/v1/media/{photo}", headers=alice)).status == 204
    resp = await _object_links(client, alice, "media", photo)
    assert resp.status == 404, await resp.text()
    assert resp.content_type == "application/problem+json"


async def test_other_users_object_is_404(client: Client, alice: dict, bob: dict) -> None:
    photo = (await create_media(client, alice))["id"]
    other = (await create_media(client, alice))["id"]
    await _link(
        client, alice, from_type="media", from_id=photo, to_type="media", to_id=other,
        link_type="variant_of",
    )  # fmt: skip
    resp = await _object_links(client, bob, "media", photo)
    assert resp.status == 404, await resp.text()
    text = await resp.text()
    assert photo not in text and other not in text


async def test_an_unknown_type_is_404_naming_the_types(client: Client, alice: dict) -> None:
    photo = (await create_media(client, alice))["id"]
    resp = await _object_links(client, alice, "unicorn", photo)
    assert resp.status == 404, await resp.text()
    body = await resp.json()
    assert "unicorn" in body["detail"] and "calendar_event" in body["detail"]


async def test_bad_id_cursor_or_limit_is_a_4xx(client: Client, alice: dict) -> None:
    photo = (await create_media(client, alice))["id"]
    resp = await _object_links(client, alice, "media", "not-a-uuid")
    assert resp.status == 400, await resp.text()
    resp = await _object_links(client, alice, "media", photo, cursor="forged")
    assert resp.status == 400, await resp.text()
    resp = await _object_links(client, alice, "media", photo, limit=0)
    assert resp.status == 422, await resp.text()
