"""AI interactions through the HTTP API: the life of an interaction, exact costs, lists by
conversation and model, usage totals, import, isolation."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp.test_utils import TestClient

Client = TestClient[Any, Any]


def interaction(**overrides: Any) -> dict[str, Any]:
    item = {
        "conversation_id": "thread-1",
        "model": "gpt-4o",
        "prompt": "Summarize this article.",
        "response": "It says three things.",
        "tokens_in": 1200,
        "tokens_out": 300,
        "cost": "0.006000",
        "currency": "USD",
        "latency_ms": 850,
        "created_at": "2026-03-01T10:00:00Z",
        "metadata": {"temperature": 0.2},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/ai/interactions", json=interaction(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def ids(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/ai/interactions", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [i["id"] for i in (await resp.json())["items"]]


async def test_a_created_interaction_keeps_its_cost_exactly(client: Client, alice: dict) -> None:
    # 0.1 + 0.2 is not 0.3 in binary floating point; it must be here, whether sent as a number
    # or as a string, and it always comes back as a string.
    a = await create(client, alice, cost=0.1)
    b = await create(client, alice, cost="0.2")
    resp = await client.get(f"/v1/ai/interactions/{a['id']}", headers=alice)
    assert resp.status == 200
    assert resp.headers["ETag"].startswith('"')
    body = await resp.json()
    assert body["cost"] == "0.100000"
    assert (body["tokens_in"], body["tokens_out"], body["currency"]) == (1200, 300, "USD")
    assert b["cost"] == "0.200000"
    usage = await client.get(
        "/v1/ai/usage",
        params={"from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"},
        headers=alice,
    )
    assert (await usage.json())["models"][0]["cost"] == "0.300000"


async def test_bad_input_is_422_with_the_field_path(client: Client, alice: dict) -> None:
    cases = [
        (interaction(cost="0.0000001"), "$.cost"),
        (interaction(cost=-1), "$.cost"),
        (interaction(cost="1000000"), "$.cost"),
        (interaction(cost="NaN"), "$.cost"),
        (interaction(cost="lots"), "$.cost"),
        (interaction(currency="usd"), "$.currency"),
        (interaction(currency="DOLLARS"), "$.currency"),
        (interaction(tokens_in=-5), "$.tokens_in"),
        (interaction(latency_ms=-1), "$.latency_ms"),
        (interaction(prompt="a\u0000b"), "$.prompt"),
        (interaction(model=""), "$.model"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/ai/interactions", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        assert (await resp.json())["errors"][0]["path"] == path, body
    resp = await client.post(
        "/v1/ai/interactions", json=interaction(metadata={"k": "a\u0000"}), headers=alice
    )
    assert resp.status == 422
    batch = [interaction(), interaction(cost="0.1234567")]
    resp = await client.post("/v1/ai/interactions/import", json=batch, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$[1].cost"
    assert await ids(client, alice) == []


async def test_patch_with_if_match_and_a_stale_etag(client: Client, alice: dict) -> None:
    created = await create(client, alice)
    url = f"/v1/ai/interactions/{created['id']}"
    stale = (await client.get(url, headers=alice)).headers["ETag"]
    ok = await client.patch(
        url, json={"cost": 0.7, "response": None}, headers={**alice, "If-Match": stale}
    )
    assert ok.status == 200, await ok.text()
    body = await ok.json()
    assert (body["cost"], body["response"], body["model"]) == ("0.700000", None, "gpt-4o")
    resp = await client.patch(url, json={"model": "o1"}, headers={**alice, "If-Match": stale})
    assert resp.status == 412
    bad = await client.patch(url, json={"cost": "0.00000001"}, headers=alice)
    assert bad.status == 422
    assert (await bad.json())["errors"][0]["path"] == "$.cost"
    assert (await (await client.get(url, headers=alice)).json())["model"] == "gpt-4o"


async def test_lists_by_conversation_and_by_model_page_newest_first(
    client: Client, alice: dict
) -> None:
    made = []
    for n in range(6):
        made.append(
            await create(
                client,
                alice,
                conversation_id="thread-a" if n % 2 else "thread-b",
                model="gpt-4o" if n < 3 else "claude-sonnet-4",
                created_at=f"2026-03-0{n + 1}T10:00:00Z",
            )
        )
    newest_first = [m["id"] for m in reversed(made)]
    assert await ids(client, alice, limit="200") == newest_first
    assert await ids(client, alice, conversation_id="thread-a") == [
        m["id"] for m in reversed(made) if m["conversation_id"] == "thread-a"
    ]
    assert await ids(client, alice, model="gpt-4o") == [m["id"] for m in reversed(made[:3])]
    seen: list[str] = []
    cursor = None
    while True:
        params = {
            "limit": "2",
            "model": "claude-sonnet-4",
            **({"cursor": cursor} if cursor else {}),
        }
        page = await (await client.get("/v1/ai/interactions", params=params, headers=alice)).json()
        seen.extend(i["id"] for i in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [m["id"] for m in reversed(made[3:])]
    both = await client.get(
        "/v1/ai/interactions", params={"model": "o1", "conversation_id": "x"}, headers=alice
    )
    assert both.status == 422


async def test_usage_totals_per_model_and_currency_in_the_window(
    client: Client, alice: dict
) -> None:
    await create(client, alice, model="gpt-4o", cost="0.010000", created_at="2026-02-01T00:00:00Z")
    await create(client, alice, model="gpt-4o", cost="0.020001", tokens_in=10, tokens_out=5)
    await create(client, alice, model="gpt-4o", cost="1.5", currency="EUR")
    await create(client, alice, model="o1", cost="2.000000", tokens_in=7, tokens_out=3)
    outside = await create(client, alice, model="o1", created_at="2026-04-01T00:00:00Z")
    trashed = await create(client, alice, model="o1", cost="9")
    assert (
        await client.delete(f"/v1/ai/interactions/{trashed['id']}", headers=alice)
    ).status == 204
    resp = await client.get(
        "/v1/ai/usage",
        params={"from": "2026-02-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"},
        headers=alice,
    )
    assert resp.status == 200, await resp.text()
    usage = await resp.json()
    assert (usage["from"], usage["to"]) == ("2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z")
    assert usage["models"] == [
        {
            "model": "gpt-4o",
            "currency": "EUR",
            "interactions": 1,
            "tokens_in": 1200,
            "tokens_out": 300,
            "cost": "1.500000",
        },
        {
            "model": "gpt-4o",
            "currency": "USD",
            "interactions": 2,
            "tokens_in": 1210,
            "tokens_out": 305,
            "cost": "0.030001",
        },
        {
            "model": "o1",
            "currency": "USD",
            "interactions": 1,
            "tokens_in": 7,
            "tokens_out": 3,
            "cost": "2.000000",
        },
    ]
    assert outside["id"] not in str(usage)
    backwards = await client.get(
        "/v1/ai/usage",
        params={"from": "2026-04-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"},
        headers=alice,
    )
    assert backwards.status == 422
    assert (await backwards.json())["errors"][0]["path"] == "to"
    missing = await client.get(
        "/v1/ai/usage", params={"from": "2026-04-01T00:00:00Z"}, headers=alice
    )
    assert missing.status == 422


async def test_trash_restore_import_twice_and_conflicts(client: Client, alice: dict) -> None:
    batch = [
        interaction(prompt=f"p{i}", source_platform="openai", source_object_id=f"oa-{i}")
        for i in range(4)
    ]
    first = await (
        await client.post("/v1/ai/interactions/import", json=batch, headers=alice)
    ).json()
    assert (first["created"], first["existing"]) == (4, 0)
    again = await (
        await client.post("/v1/ai/interactions/import", json=batch, headers=alice)
    ).json()
    assert (again["created"], again["existing"], again["ids"]) == (0, 4, first["ids"])
    conflict = await client.post("/v1/ai/interactions", json=batch[0], headers=alice)
    assert conflict.status == 409
    url = f"/v1/ai/interactions/{first['ids'][0]}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    trash = await (await client.get("/v1/ai/interactions/trash", headers=alice)).json()
    assert [i["id"] for i in trash["items"]] == [first["ids"][0]]
    restored = await client.post(url + "/restore", headers=alice)
    assert restored.status == 200
    assert (await restored.json())["deleted_at"] is None
    assert (await client.delete(url, headers=alice)).status == 204
    await create(client, alice, source_platform="openai", source_object_id="oa-0")
    assert (await client.post(url + "/restore", headers=alice)).status == 409


async def test_another_users_interactions_are_404_and_not_counted(
    client: Client, alice: dict, bob: dict
) -> None:
    created = await create(client, alice)
    url = f"/v1/ai/interactions/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"model": "x"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert (await client.get(f"/v1/ai/interactions/{uuid.uuid4()}", headers=bob)).status == 404
    assert await ids(client, bob) == []
    usage = await client.get(
        "/v1/ai/usage",
        params={"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"},
        headers=bob,
    )
    assert (await usage.json())["models"] == []
