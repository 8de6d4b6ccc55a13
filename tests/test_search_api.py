"""Full-text search through the HTTP API (GET /v1/search): one ranked list across types, its
web-search syntax, filters, stable pages, what it must never find, the language setting, the
snippet, and bad input."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from aiohttp.test_utils import TestClient

from hypernet.api.pagination import encode_cursor
from tests.conftest import register_and_login

Client = TestClient[Any, Any]


async def make(client: Client, headers: dict[str, str], kind: str, **body: Any) -> str:
    resp = await client.post(f"/v1/{kind}", json=body, headers=headers)
    assert resp.status == 201, await resp.text()
    return str((await resp.json())["id"])


async def search(client: Client, headers: dict[str, str], q: str, **params: Any) -> dict:
    resp = await client.get("/v1/search", params={"q": q, **params}, headers=headers)
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


async def found(client: Client, headers: dict[str, str], q: str, **params: Any) -> list[str]:
    return [hit["id"] for hit in (await search(client, headers, q, **params))["items"]]


async def test_a_title_hit_outranks_a_body_hit(client: Client, alice: dict) -> None:
    in_body = await make(client, alice, "notes", title="Weekly", body="buy a zeppelin model")
    in_title = await make(client, alice, "notes", title="Zeppelin", body="a model to build")
    page = await search(client, alice, "zeppelin")
    assert [h["id"] for h in page["items"]] == [in_title, in_body]
    assert page["items"][0]["rank"] > page["items"][1]["rank"]
    assert page["items"][0]["type"] == "note"
    assert page["items"][0]["title"] == "Zeppelin"


async def test_one_list_across_types(client: Client, alice: dict) -> None:
    note = await make(client, alice, "notes", title="Quokka facts", body="small")
    task = await make(client, alice, "tasks", title="Feed the quokka")
    document = await make(
        client,
        alice,
        "documents",
        title="Report",
        file_path="docs/r.pdf",
        mime_type="application/pdf",
        size=10,
        text_content="the quokka census",
    )
    bookmark = await make(
        client,
        alice,
        "bookmarks",
        url="https://example.org/q",
        title="All about quokkas",
        description="the quokka",
        tags=["animals"],
    )
    hits = (await search(client, alice, "quokka"))["items"]
    assert {(h["type"], h["id"]) for h in hits} == {
        ("note", note),
        ("task", task),
        ("document", document),
        ("bookmark", bookmark),
    }


async def test_quoted_phrase_exclusion_and_or(client: Client, alice: dict) -> None:
    red_car = await make(client, alice, "notes", title="red car", body="parked outside")
    car_red = await make(client, alice, "notes", title="car, then red", body="")
    blue_car = await make(client, alice, "notes", title="blue car", body="")
    boat = await make(client, alice, "notes", title="green boat", body="")
    assert set(await found(client, alice, "red car")) == {red_car, car_red}
    assert await found(client, alice, '"red car"') == [red_car]
    assert set(await found(client, alice, "car -red")) == {blue_car}
    assert set(await found(client, alice, "blue or boat")) == {blue_car, boat}


async def test_types_narrows_the_list(client: Client, alice: dict) -> None:
    note = await make(client, alice, "notes", title="Walrus", body="")
    task = await make(client, alice, "tasks", title="Walrus")
    await make(client, alice, "bookmarks", url="https://example.org/w", title="Walrus")
    assert await found(client, alice, "walrus", types="task") == [task]
    assert set(await found(client, alice, "walrus", types="note,task")) == {note, task}


async def test_from_and_to_window_the_items_date(client: Client, alice: dict) -> None:
    early = await make(client, alice, "tasks", title="Okapi", due_at="2026-01-10T09:00:00Z")
    middle = await make(client, alice, "tasks", title="Okapi", due_at="2026-02-10T09:00:00Z")
    late = await make(client, alice, "tasks", title="Okapi", due_at="2026-03-10T09:00:00Z")
    window = {"from": "2026-02-01T00:00:00Z", "to": "2026-03-10T09:00:00Z"}
    assert await found(client, alice, "okapi", **window) == [middle]
    assert set(await found(client, alice, "okapi", **{"from": "2026-02-01T00:00:00Z"})) == {
        middle,
        late,
    }
    assert await found(client, alice, "okapi", to="2026-02-01T00:00:00Z") == [early]
    page = await search(client, alice, "okapi", **window)
    assert page["items"][0]["at"].startswith("2026-02-10T09:00:00")


async def test_pages_are_stable_with_no_duplicates_or_gaps(client: Client, alice: dict) -> None:
    # Equal ranks (the same text) are ordered by id; different ranks by rank.
    made = [await make(client, alice, "notes", title="Ibis", body="") for _ in range(7)]
    made += [
        await make(client, alice, "notes", title="x", body="ibis " * (k + 1)) for k in range(5)
    ]
    whole = await found(client, alice, "ibis", limit=50)
    assert sorted(whole) == sorted(made)
    walked: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        page = await search(client, alice, "ibis", **params)
        walked += [h["id"] for h in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert walked == whole
    assert pages == 3
    ranks = [h["rank"] for h in (await search(client, alice, "ibis", limit=50))["items"]]
    assert ranks == sorted(ranks, reverse=True)


async def test_trashed_items_are_not_found_until_restored(client: Client, alice: dict) -> None:
    note = await make(client, alice, "notes", title="Narwhal", body="")
    assert await found(client, alice, "narwhal") == [note]
    assert (await client.delete(f"/v1/notes/{note}", headers=alice)).status == 204
    assert await found(client, alice, "narwhal") == []
    assert (await client.post(f"/v1/notes/{note}/restore", headers=alice)).status == 200
    assert await found(client, alice, "narwhal") == [note]


async def test_an_edit_is_found_by_its_new_words_only(client: Client, alice: dict) -> None:
    note = await make(client, alice, "notes", title="Heron", body="")
    resp = await client.patch(f"/v1/notes/{note}", json={"title": "Pelican"}, headers=alice)
    assert resp.status == 200, await resp.text()
    assert await found(client, alice, "heron") == []
    assert await found(client, alice, "pelican") == [note]


async def test_another_users_items_are_never_found(client: Client, alice: dict, bob: dict) -> None:
    await make(client, alice, "notes", title="Axolotl", body="")
    await make(client, alice, "tasks", title="Axolotl")
    assert await found(client, bob, "axolotl") == []
    assert await found(client, bob, "axolotl", types="note") == []


async def test_english_stemming_after_a_language_change(client: Client, alice: dict) -> None:
    note = await make(client, alice, "notes", title="She runs every morning", body="")
    version = (await client.get(f"/v1/notes/{note}", headers=alice)).headers["ETag"]
    before = await client.get("/v1/me", headers=alice)
    assert (await before.json())["search_language"] == "simple"
    # 'simple' keeps words as written: 'running' is not 'runs'.
    assert await found(client, alice, "running") == []
    resp = await client.patch("/v1/me", json={"search_language": "english"}, headers=alice)
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["search_language"] == "english"
    me = await (await client.get("/v1/me", headers=alice)).json()
    assert me["search_language"] == "english"
    # The stored vectors were rebuilt with the new language, not only the query.
    assert await found(client, alice, "running") == [note]
    # A rebuild is not an edit: the note keeps its version.
    after = await client.get(f"/v1/notes/{note}", headers=alice)
    assert after.headers["ETag"] == version
    # Stop words alone parse to nothing: an empty page, not an error.
    assert (await search(client, alice, "the and of"))["items"] == []


async def test_accents_are_ignored_by_default(client: Client, alice: dict) -> None:
    note = await make(client, alice, "notes", title="Café crème", body="")
    assert await found(client, alice, "cafe creme") == [note]


async def test_the_snippet_marks_the_matched_words(client: Client, alice: dict) -> None:
    await make(
        client,
        alice,
        "notes",
        title="Trip",
        body="We packed the tent early and drove north to see the puffins on the cliffs.",
    )
    hit = (await search(client, alice, "puffins"))["items"][0]
    assert "<mark>puffins</mark>" in hit["snippet"]
    assert len(hit["snippet"]) < 400


async def test_a_query_of_nothing_answers_an_empty_page(client: Client, alice: dict) -> None:
    await make(client, alice, "notes", title="Something", body="")
    for q in ("", "   ", "-", "!!!", '""'):
        page = await search(client, alice, q)
        assert page == {"items": [], "next_cursor": None}


async def test_bad_input_is_a_422_naming_the_parameter(client: Client, alice: dict) -> None:
    for params, field in (
        ({}, "q"),
        ({"q": "x" * 501}, "q"),
        ({"q": "x", "types": "note,spaceships"}, "types"),
        ({"q": "x", "language": "english"}, "language"),
        ({"q": "x", "from": "yesterday"}, "from"),
        ({"q": "x\x00y"}, "q"),
    ):
        resp = await client.get("/v1/search", params=params, headers=alice)
        assert resp.status == 422, (params, await resp.text())
        assert resp.content_type == "application/problem+json"
        body = await resp.json()
        assert any(field in e["path"] + e["message"] for e in body["errors"]), body
    resp = await client.get("/v1/search", params={"q": "x", "cursor": "nope"}, headers=alice)
    assert resp.status == 400
    # Well-formed, but with a rank no real (float4) holds: never issued, so a bad cursor too.
    forged = encode_cursor(1e300, UUID(int=1))
    resp = await client.get("/v1/search", params={"q": "x", "cursor": forged}, headers=alice)
    assert resp.status == 400, await resp.text()


async def test_an_unknown_language_is_a_422(client: Client, alice: dict) -> None:
    resp = await client.patch("/v1/me", json={"search_language": "klingon"}, headers=alice)
    assert resp.status == 422
    body = await resp.json()
    assert body["errors"][0]["path"] == "$.search_language"
    assert (await (await client.get("/v1/me", headers=alice)).json())["search_language"] == (
        "simple"
    )


async def test_search_needs_a_login(client: Client) -> None:
    resp = await client.get("/v1/search", params={"q": "x"})
    assert resp.status == 401
    other = await register_and_login(client, "carol@example.com")
    assert (await client.get("/v1/search", params={"q": "x"}, headers=other)).status == 200
