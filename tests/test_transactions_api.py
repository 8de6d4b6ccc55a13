"""Money transactions through the HTTP API: exact amounts (strings or numbers, never floats),
ISO 4217 currencies and their decimals, lists by date, category and account, totals per month
or category and per currency, import, trash, purge, isolation."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from hypernet.ops.purge import purge
from tests.test_purge import age_trash

Client = TestClient[Any, Any]
WHOLE_YEAR = {"from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00Z"}


def transaction(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "account_name": "Checking",
        "amount": "-12.30",
        "currency": "EUR",
        "occurred_at": "2026-03-01T10:00:00Z",
        "merchant": "Lidl",
        "category": "groceries",
        "description": "CARD PAYMENT LIDL BERLIN",
        "metadata": {"mcc": "5411"},
    }
    item.update(overrides)
    return item


async def create(client: Client, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    resp = await client.post("/v1/transactions", json=transaction(**overrides), headers=headers)
    assert resp.status == 201, await resp.text()
    return await resp.json()


async def ids(client: Client, headers: dict[str, str], **params: str) -> list[str]:
    resp = await client.get("/v1/transactions", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return [t["id"] for t in (await resp.json())["items"]]


async def summary(client: Client, headers: dict[str, str], **params: str) -> dict[str, Any]:
    resp = await client.get("/v1/transactions/summary", params=params, headers=headers)
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


def totals(body: dict[str, Any]) -> dict[tuple[Any, str], tuple[int, str]]:
    """(bucket, currency) -> (count, total) of a summary."""
    key = "month" if body["by"] == "month" else "category"
    return {(t[key], t["currency"]): (t["count"], t["total"]) for t in body["totals"]}


async def test_amounts_come_back_as_strings_with_the_currencys_decimals(
    client: Client, alice: dict
) -> None:
    euro = await create(client, alice, amount="-12.3")
    assert euro["amount"] == "-12.30"
    resp = await client.get(f"/v1/transactions/{euro['id']}", headers=alice)
    assert resp.status == 200
    assert resp.headers["ETag"].startswith('"')
    got = await resp.json()
    assert (got["amount"], got["currency"], got["account_name"]) == ("-12.30", "EUR", "Checking")
    assert got["pending"] is False
    # Yen have no minor unit, dinars three decimals; trailing zeros a bank sends are fine.
    assert (await create(client, alice, amount="1200.00", currency="JPY"))["amount"] == "1200"
    assert (await create(client, alice, amount="1.25", currency="KWD"))["amount"] == "1.250"
    # A JSON number is read digit by digit, never through a float.
    assert (await create(client, alice, amount=-0.1))["amount"] == "-0.10"
    assert (await create(client, alice, amount=4500, currency="USD"))["amount"] == "4500.00"
    # A currency withdrawn since (the kuna, 2023) still holds an old transaction.
    assert (await create(client, alice, currency="HRK", amount="-75"))["amount"] == "-75.00"


async def test_many_amounts_add_up_exactly_to_the_cent(client: Client, alice: dict) -> None:
    # 0.1 + 0.2 is not 0.3 in binary floating point; it is here, sent as numbers or strings.
    await create(client, alice, amount=0.1, occurred_at="2026-05-01T00:00:00Z")
    await create(client, alice, amount="0.2", occurred_at="2026-05-02T00:00:00Z")
    may = await summary(
        client, alice, **{"from": "2026-05-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}
    )
    assert totals(may) == {("2026-05", "EUR"): (2, "0.30")}
    # A thousand amounts whose float sum drifts: the total is the exact decimal sum.
    rng = random.Random(9)
    cents = [rng.choice([1, 10, 20, 70, 99]) * rng.choice([1, -1, 3]) for _ in range(1000)]
    batch = [
        transaction(
            amount=float(Decimal(c) / 100) if i % 2 else str(Decimal(c) / 100),
            occurred_at=f"2026-07-{1 + i % 28:02d}T12:00:00Z",
            source_platform="bank",
            source_object_id=f"b-{i}",
        )
        for i, c in enumerate(cents)
    ]
    resp = await client.post("/v1/transactions/import", json=batch, headers=alice)
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["created"] == 1000
    expected = sum(Decimal(c) for c in cents) / 100
    assert sum(c / 100 for c in cents) != float(expected)  # 399.9200000000014 in floats
    july = await summary(
        client, alice, **{"from": "2026-07-01T00:00:00Z", "to": "2026-08-01T00:00:00Z"}
    )
    [bucket] = july["totals"]
    assert (bucket["count"], Decimal(bucket["total"])) == (1000, expected)
    assert bucket["total"] == f"{expected:.2f}"
    assert Decimal(bucket["inflow"]) + Decimal(bucket["outflow"]) == expected


async def test_bad_input_is_422_with_the_field_path_and_stores_nothing(
    client: Client, alice: dict
) -> None:
    cases = [
        (transaction(currency="XYZ"), "$.currency"),
        (transaction(currency="usd"), "$.currency"),
        (transaction(amount="12.345"), "$.amount"),
        (transaction(amount="1.5", currency="JPY"), "$.amount"),
        (transaction(amount=0.001), "$.amount"),
        (transaction(amount="1.23456", currency="XAU"), "$.amount"),
        (transaction(amount="1000000000000000"), "$.amount"),
        (transaction(amount="NaN"), "$.amount"),
        (transaction(amount="Infinity"), "$.amount"),
        (transaction(amount="a lot"), "$.amount"),
        (transaction(account_name=""), "$.account_name"),
        (transaction(occurred_at="2026-03-01T10:00:00"), "$.occurred_at"),
        (transaction(merchant="Li\u0000dl"), "$.merchant"),
        (transaction(category="x" * 101), "$.category"),
        (transaction(pending="yes"), "$.pending"),
        (transaction(metadata={"note": "a\u0000"}), "$.metadata.note"),
    ]
    for body, path in cases:
        resp = await client.post("/v1/transactions", json=body, headers=alice)
        assert resp.status == 422, (body, await resp.text())
        assert (await resp.json())["errors"][0]["path"] == path, body
    missing = {k: v for k, v in transaction().items() if k != "amount"}
    resp = await client.post("/v1/transactions", json=missing, headers=alice)
    assert resp.status == 422
    assert "amount" in (await resp.json())["detail"]
    for bad, path in [
        ({"currency": "XYZ"}, "$[1].currency"),
        ({"amount": "-0.001"}, "$[1].amount"),
    ]:
        batch = [transaction(), transaction(**bad), transaction()]
        resp = await client.post("/v1/transactions/import", json=batch, headers=alice)
        assert resp.status == 422, await resp.text()
        assert (await resp.json())["errors"][0]["path"] == path
    assert await ids(client, alice) == []


async def test_database_refuses_amounts_it_cannot_hold_exactly(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    # Whatever writes the row: a fifth decimal, NaN, an unbounded amount or a code of the wrong
    # shape is a check violation, never silently rounded.
    created = await create(client, alice)
    for column, value in [
        ("amount", "1.00001"),
        ("amount", "NaN"),
        ("amount", "1e15"),
        ("amount", "-Infinity"),
        ("currency", "eur"),
        ("currency", "EURO"),
    ]:
        cast = "numeric" if column == "amount" else "text"
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                f"UPDATE transactions SET {column} = $2::text::{cast} WHERE id = $1",
                uuid.UUID(created["id"]),
                value,
            )


async def test_patch_checks_amount_and_currency_together(client: Client, alice: dict) -> None:
    created = await create(client, alice, amount="-1200.00", currency="USD")
    url = f"/v1/transactions/{created['id']}"
    stale = (await client.get(url, headers=alice)).headers["ETag"]
    # Cents on a yen amount, either way round: 422 at the field sent.
    resp = await client.patch(url, json={"amount": "-5.5", "currency": "JPY"}, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.amount"
    moved = await client.patch(url, json={"currency": "JPY"}, headers={**alice, "If-Match": stale})
    assert moved.status == 200, await moved.text()
    assert ((await moved.json())["amount"], (await moved.json())["currency"]) == ("-1200", "JPY")
    resp = await client.patch(url, json={"amount": "-5.5"}, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.amount"
    await client.patch(url, json={"amount": "-5.55", "currency": "EUR"}, headers=alice)
    resp = await client.patch(url, json={"currency": "JPY"}, headers=alice)
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["path"] == "$.currency"
    # The version moved on since `stale`: 412, and nothing changes.
    resp = await client.patch(url, json={"pending": True}, headers={**alice, "If-Match": stale})
    assert resp.status == 412
    settled = await client.patch(url, json={"merchant": None, "category": "travel"}, headers=alice)
    body = await settled.json()
    assert (body["amount"], body["currency"], body["merchant"], body["category"]) == (
        "-5.55",
        "EUR",
        None,
        "travel",
    )
    assert body["pending"] is False


async def test_lists_by_date_category_and_account_page_newest_first(
    client: Client, alice: dict
) -> None:
    made = []
    for n in range(8):
        made.append(
            await create(
                client,
                alice,
                occurred_at=f"2026-03-0{n + 1}T10:00:00Z",
                category="dining" if n % 2 else "groceries",
                account_name="Credit Card" if n < 4 else "Checking",
            )
        )
    newest_first = [t["id"] for t in reversed(made)]
    assert await ids(client, alice) == newest_first
    assert await ids(client, alice, category="dining") == [
        t["id"] for t in reversed(made) if t["category"] == "dining"
    ]
    assert await ids(client, alice, account_name="Credit Card") == [
        t["id"] for t in reversed(made[:4])
    ]
    # The window [from, to): its start included, its end not.
    window = {"from": "2026-03-03T10:00:00Z", "to": "2026-03-07T10:00:00Z"}
    assert await ids(client, alice, **window) == [t["id"] for t in reversed(made[2:6])]
    assert await ids(client, alice, category="groceries", **window) == [
        made[4]["id"],
        made[2]["id"],
    ]
    assert await ids(client, alice, account_name="Checking", **window) == [
        made[5]["id"],
        made[4]["id"],
    ]
    # Pages of two walk the window once, each row once.
    for params in ({}, {"category": "dining"}, {"account_name": "Checking"}):
        seen: list[str] = []
        cursor = None
        while True:
            query = {"limit": "2", **window, **params, **({"cursor": cursor} if cursor else {})}
            resp = await client.get("/v1/transactions", params=query, headers=alice)
            page = await resp.json()
            seen.extend(t["id"] for t in page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == await ids(client, alice, **window, **params), params
    both = await client.get(
        "/v1/transactions", params={"category": "dining", "account_name": "x"}, headers=alice
    )
    assert both.status == 422
    backwards = await client.get(
        "/v1/transactions", params={"from": window["to"], "to": window["from"]}, headers=alice
    )
    assert backwards.status == 422
    assert (await backwards.json())["errors"][0]["path"] == "to"


async def test_summary_totals_each_currency_apart_with_counts(client: Client, alice: dict) -> None:
    await create(client, alice, amount="-10.01", currency="EUR", occurred_at="2026-01-05T00:00:00Z")
    await create(client, alice, amount="2500", currency="EUR", occurred_at="2026-01-25T00:00:00Z")
    await create(client, alice, amount="-7.50", currency="USD", occurred_at="2026-01-09T00:00:00Z")
    await create(client, alice, amount="-300", currency="JPY", occurred_at="2026-02-09T00:00:00Z")
    await create(client, alice, amount="-4.99", occurred_at="2026-02-27T00:00:00Z", pending=True)
    trashed = await create(client, alice, amount="-1000", occurred_at="2026-01-06T00:00:00Z")
    await client.delete(f"/v1/transactions/{trashed['id']}", headers=alice)
    body = await summary(client, alice, **WHOLE_YEAR)
    assert (body["from"], body["to"], body["by"], body["tz"]) == (
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "month",
        "UTC",
    )
    assert body["totals"] == [
        {
            "month": "2026-01",
            "category": None,
            "currency": "EUR",
            "count": 2,
            "total": "2489.99",
            "inflow": "2500.00",
            "outflow": "-10.01",
            "pending_count": 0,
            "pending_total": "0.00",
        },
        {
            "month": "2026-01",
            "category": None,
            "currency": "USD",
            "count": 1,
            "total": "-7.50",
            "inflow": "0.00",
            "outflow": "-7.50",
            "pending_count": 0,
            "pending_total": "0.00",
        },
        {
            "month": "2026-02",
            "category": None,
            "currency": "EUR",
            "count": 1,
            "total": "-4.99",
            "inflow": "0.00",
            "outflow": "-4.99",
            "pending_count": 1,
            "pending_total": "-4.99",
        },
        {
            "month": "2026-02",
            "category": None,
            "currency": "JPY",
            "count": 1,
            "total": "-300",
            "inflow": "0",
            "outflow": "-300",
            "pending_count": 0,
            "pending_total": "0",
        },
    ]


async def test_summary_by_category_lists_the_uncategorized_last(
    client: Client, alice: dict
) -> None:
    await create(client, alice, amount="-20.00", category="groceries")
    await create(client, alice, amount="-5.25", category="groceries")
    await create(client, alice, amount="-9.99", category="subscriptions", currency="USD")
    await create(client, alice, amount="-3.00", category=None)
    await create(client, alice, amount="-1.00", category="dining")
    body = await summary(client, alice, by="category", **WHOLE_YEAR)
    assert body["by"] == "category"
    assert [(t["category"], t["currency"]) for t in body["totals"]] == [
        ("dining", "EUR"),
        ("groceries", "EUR"),
        ("subscriptions", "USD"),
        (None, "EUR"),
    ]
    assert totals(body)[("groceries", "EUR")] == (2, "-25.25")
    assert all(t["month"] is None for t in body["totals"])


async def test_summary_window_edges_and_months_in_a_time_zone(client: Client, alice: dict) -> None:
    await create(client, alice, amount="-1.00", occurred_at="2026-01-01T00:00:00Z")
    await create(client, alice, amount="-2.00", occurred_at="2026-01-31T23:30:00Z")
    # The last microsecond of February in Berlin.
    await create(client, alice, amount="-4.00", occurred_at="2026-02-28T22:59:59.999999Z")
    await create(client, alice, amount="-8.00", occurred_at="2026-03-01T00:00:00Z")
    window = {"from": "2026-01-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"}
    # [from, to): a transaction at `from` counts, one at `to` does not.
    assert totals(await summary(client, alice, **window)) == {
        ("2026-01", "EUR"): (2, "-3.00"),
        ("2026-02", "EUR"): (1, "-4.00"),
    }
    # 23:30 UTC on 31 January is already February in Berlin.
    berlin = await summary(client, alice, tz="Europe/Berlin", **window)
    assert berlin["tz"] == "Europe/Berlin"
    assert totals(berlin) == {("2026-01", "EUR"): (1, "-1.00"), ("2026-02", "EUR"): (2, "-6.00")}
    # The window in Berlin's own time: [23:00 UTC on 31 January, 23:00 UTC on 28 February).
    local = {"from": "2026-02-01T00:00:00+01:00", "to": "2026-03-01T00:00:00+01:00"}
    assert totals(await summary(client, alice, tz="Europe/Berlin", **local)) == {
        ("2026-02", "EUR"): (2, "-6.00")
    }
    for params, path in [
        ({"tz": "Mars/Olympus_Mons", **window}, "tz"),
        ({"tz": "../etc/passwd", **window}, "tz"),
        ({"from": window["to"], "to": window["from"]}, "to"),
        ({"from": window["from"], "to": window["from"]}, "to"),
        ({"by": "week", **window}, "by"),
        ({"from": "2026-01-01T00:00:00", "to": window["to"]}, "from"),
    ]:
        resp = await client.get("/v1/transactions/summary", params=params, headers=alice)
        assert resp.status == 422, (params, await resp.text())
        assert (await resp.json())["errors"][0]["path"] == path, params
    missing = await client.get(
        "/v1/transactions/summary", params={"to": window["to"]}, headers=alice
    )
    assert missing.status == 422


async def test_trash_restore_import_twice_and_conflicts(client: Client, alice: dict) -> None:
    batch = [
        transaction(amount=f"-{i}.99", source_platform="gocardless", source_object_id=f"gc-{i}")
        for i in range(4)
    ]
    first = await (await client.post("/v1/transactions/import", json=batch, headers=alice)).json()
    assert (first["created"], first["existing"]) == (4, 0)
    again = await (await client.post("/v1/transactions/import", json=batch, headers=alice)).json()
    assert (again["created"], again["existing"], again["ids"]) == (0, 4, first["ids"])
    conflict = await client.post("/v1/transactions", json=batch[0], headers=alice)
    assert conflict.status == 409
    url = f"/v1/transactions/{first['ids'][0]}"
    assert (await client.delete(url, headers=alice)).status == 204
    assert (await client.get(url, headers=alice)).status == 404
    assert first["ids"][0] not in await ids(client, alice)
    trash = await (await client.get("/v1/transactions/trash", headers=alice)).json()
    assert [t["id"] for t in trash["items"]] == [first["ids"][0]]
    restored = await client.post(url + "/restore", headers=alice)
    assert restored.status == 200
    assert ((await restored.json())["deleted_at"], (await restored.json())["amount"]) == (
        None,
        "-0.99",
    )
    assert (await client.delete(url, headers=alice)).status == 204
    await create(client, alice, source_platform="gocardless", source_object_id="gc-0")
    assert (await client.post(url + "/restore", headers=alice)).status == 409
    too_many = await client.post(
        "/v1/transactions/import", json=[transaction()] * 1001, headers=alice
    )
    assert too_many.status == 422


async def test_another_users_transactions_are_404_and_not_counted(
    client: Client, alice: dict, bob: dict
) -> None:
    created = await create(client, alice, amount="-99.00")
    url = f"/v1/transactions/{created['id']}"
    assert (await client.get(url, headers=bob)).status == 404
    assert (await client.patch(url, json={"amount": "1.00"}, headers=bob)).status == 404
    assert (await client.delete(url, headers=bob)).status == 404
    assert (await client.post(url + "/restore", headers=bob)).status == 404
    assert (await client.get(f"/v1/transactions/{uuid.uuid4()}", headers=bob)).status == 404
    assert await ids(client, bob) == []
    assert await ids(client, bob, category="groceries") == []
    assert await ids(client, bob, account_name="Checking") == []
    for by in ("month", "category"):
        assert (await summary(client, bob, by=by, **WHOLE_YEAR))["totals"] == []
    mine = await (await client.get(url, headers=alice)).json()
    assert mine["amount"] == "-99.00"


async def test_purge_removes_only_transactions_in_the_trash_past_retention(
    client: Client, alice: dict, conn: asyncpg.Connection
) -> None:
    made = [(await create(client, alice))["id"] for _ in range(4)]
    for transaction_id in made[:3]:
        assert (
            await client.delete(f"/v1/transactions/{transaction_id}", headers=alice)
        ).status == 204
    await age_trash(conn, "transactions", made[:2], days=31)
    totals_ = await purge(conn, retention=timedelta(days=30), batch_size=1)
    assert totals_["transactions"] == 2
    trash = await (await client.get("/v1/transactions/trash", headers=alice)).json()
    assert [t["id"] for t in trash["items"]] == [made[2]]
    assert (await client.get(f"/v1/transactions/{made[3]}", headers=alice)).status == 200


async def test_an_amount_with_a_huge_exponent_is_422_not_500(
    client: Client, alice: dict[str, str]
) -> None:
    for amount in ("1E+1000000", "-1E+999999999"):
        resp = await client.post("/v1/transactions", json=transaction(amount=amount), headers=alice)
        assert resp.status == 422, (amount, await resp.text())
        assert [e["path"] for e in (await resp.json())["errors"]] == ["$.amount"]
