"""Seeds money transactions: Zipf-distributed per user (the heaviest have thousands), each user
with a home currency (EUR and USD most of all, then GBP, CHF, JPY, SEK) and one to three
accounts; every month of their history a salary and the user's own recurring payments (rent,
subscriptions, utilities: the same merchant, day and amount each month), and in between
everyday spending at recurring merchants (groceries, dining, transport, shopping, ...) with
heavy-tailed amounts, some of it abroad in another currency; the last days pending, a few
percent uncategorized, a few in the trash, most imported from a bank feed.

Amounts are Decimals (the load's binary COPY encodes numeric from a Decimal), made once per
distinct amount and reused: recurring amounts repeat, and everyday ones are drawn in cents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR,
    ANCHOR_US,
    DAY_US,
    PG_EPOCH,
    TRASH_WINDOW_US,
    UUID_CLEAR,
    UUID_SET,
    stream,
    zipf_counts,
)

# Transactions per user at scale 1.0, on average (60,000 for the default 2,000 users).
TRANSACTIONS_PER_USER = 30
# The most months of history a user has (the heaviest users have it all).
HISTORY_MONTHS = 36

# (weight, code, units of the currency per euro cent as a fraction, decimals, bank feed)
_HOME: tuple[tuple[int, str, float, int, str], ...] = (
    (45, "EUR", 1.0, 2, "gocardless"),
    (35, "USD", 1.1, 2, "plaid"),
    (8, "GBP", 0.85, 2, "truelayer"),
    (4, "CHF", 0.95, 2, "gocardless"),
    (4, "JPY", 1.6, 0, "moneytree"),
    (4, "SEK", 11.0, 2, "gocardless"),
)
_HOME_TABLE = [h for h in _HOME for _ in range(h[0])]
# Where spending abroad is (its currency), from any home but its own.
_ABROAD = ("EUR", "USD", "GBP", "CHF", "JPY", "THB")
_ABROAD_UNITS = {"EUR": (1.0, 2), "USD": (1.1, 2), "GBP": (0.85, 2), "CHF": (0.95, 2)}
_ABROAD_UNITS |= {"JPY": (1.6, 0), "THB": (0.39, 2), "SEK": (11.0, 2)}
_ACCOUNTS = ("Checking", "Credit Card", "Savings")

# Monthly payments: (probability a user has it, category, merchant, description, lowest and
# highest euro cents; a user's amount is drawn once and repeats every month).
_RECURRING: tuple[tuple[float, str, str, str | None, int, int], ...] = (
    (1.0, "income", "Employer payroll", "SALARY", 180_000, 650_000),
    (0.7, "housing", "Landlord", "RENT STANDING ORDER", -250_000, -60_000),
    (0.6, "utilities", "City Power & Gas", "DIRECT DEBIT ENERGY", -14_000, -4_500),
    (0.6, "utilities", "Telecom Mobile", "DIRECT DEBIT MOBILE", -6_000, -1_500),
    (0.5, "subscriptions", "Netflix", "NETFLIX.COM", -1_999, -1_099),
    (0.45, "subscriptions", "Spotify", "SPOTIFY", -1_699, -999),
    (0.3, "health", "City Gym", "GYM MEMBERSHIP", -5_990, -1_990),
    (0.25, "insurance", "Home Insurance Co", "INSURANCE PREMIUM", -4_500, -1_200),
)
# Everyday spending: (weight, category, merchants, the smallest and the largest amount in euro
# cents; amounts lean to the smallest).
_SPENDING: tuple[tuple[int, str, tuple[str, ...], int, int], ...] = (
    (30, "groceries", ("Lidl", "Aldi", "Rewe", "Whole Foods", "Tesco", "Carrefour"), -250, -18_000),
    (18, "dining", ("Starbucks", "McDonald's", "Trattoria Roma", "Sushi Bar"), -280, -9_000),
    (12, "transport", ("Uber", "Shell", "Metro Transit", "Deutsche Bahn"), -200, -12_000),
    (10, "shopping", ("Amazon", "IKEA", "Zara", "Apple Store", "MediaMarkt"), -500, -60_000),
    (5, "health", ("City Pharmacy", "Dr. Meyer Dental"), -400, -25_000),
    (4, "entertainment", ("Cinema City", "Steam", "Concert Tickets"), -500, -8_000),
    (3, "travel", ("Airbnb", "Lufthansa", "Booking.com"), -5_000, -150_000),
    (3, "transfers", ("Savings transfer",), -5_000, -100_000),
    (2, "fees", ("Bank fee",), -100, -1_500),
    (3, "refunds", ("Amazon", "Zara"), 500, 15_000),
)
_SPENDING_TABLE = [s for s in _SPENDING for _ in range(s[0])]
COLUMNS = (
    "user_id",
    "id",
    "account_name",
    "amount",
    "currency",
    "occurred_at",
    "merchant",
    "category",
    "description",
    "pending",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _month_starts() -> list[int]:
    """The first instant (UTC) of each of the HISTORY_MONTHS months before the anchor, oldest
    first, in microseconds since 2000-01-01."""
    starts = []
    year, month = ANCHOR.year, ANCHOR.month
    for _ in range(HISTORY_MONTHS):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        at = datetime(year, month, 1, tzinfo=ANCHOR.tzinfo)
        starts.append(int((at - PG_EPOCH).total_seconds()) * 1_000_000)
    return starts[::-1]


_MONTH_STARTS = _month_starts()


def transactions_total(config: SeedConfig) -> int:
    return round(config.users * TRANSACTIONS_PER_USER * config.scale)


def _rows(ctx: SeedContext, counts: list[int]) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    clear, setv = UUID_CLEAR, UUID_SET
    anchor, day, window = ANCHOR_US, DAY_US, TRASH_WINDOW_US
    pending_since = anchor - 4 * day
    months_all = _MONTH_STARTS
    n_spending = len(_SPENDING_TABLE)
    # Each distinct amount made once: (units, decimals) -> Decimal.
    amounts: dict[tuple[int, int], Decimal] = {}
    uppercase = {m: m.upper() for _, _, merchants, _, _ in _SPENDING for m in merchants}

    users: list[SeededUser] = ctx.get(SEEDED_USERS)
    for user, count in zip(users, counts, strict=True):
        if not count:
            continue
        _, currency, factor, decimals, feed = _HOME_TABLE[int(rand() * len(_HOME_TABLE))]
        accounts = _ACCOUNTS[: 1 + (rand() < 0.6) + (rand() < 0.25)]
        card = accounts[1] if len(accounts) > 1 else accounts[0]
        # The user's own monthly payments: merchant, amount (in the home currency) and day.
        recurring = [
            (category, merchant, text, int((lo + int(rand() * (hi - lo))) * factor), rand())
            for p, category, merchant, text, lo, hi in _RECURRING
            if rand() < p
        ]
        # Months of history: as many as leave room for everyday spending (four rows a month at
        # least), up to all of them.
        months = months_all[-max(1, min(HISTORY_MONTHS, count // (len(recurring) + 4))) :]
        start, span = months[0], anchor - months[0]
        imported = rand() < 0.8
        made = 0
        n_recurring = min(count, len(months) * len(recurring))
        merchant: str | None
        category: str | None
        for i in range(count):
            if i < n_recurring:
                month, which = divmod(i, len(recurring))
                category, merchant, text, units, on_day = recurring[which]
                at = months[month] + int(on_day * 28) * day + int(rand() * day)
                account, code, places = accounts[0], currency, decimals
            else:
                _, category, merchants, small, large = _SPENDING_TABLE[int(rand() * n_spending)]
                merchant = merchants[int(rand() * len(merchants))]
                text = None if rand() < 0.5 else uppercase[merchant]
                cents = small + int(rand() * rand() * (large - small))
                at = start + int(rand() * span)
                account = card if rand() < 0.6 else accounts[0]
                code, scale, places = currency, factor, decimals
                if category in ("travel", "dining", "shopping") and rand() < 0.15:
                    code = _ABROAD[int(rand() * len(_ABROAD))]
                    scale, places = _ABROAD_UNITS[code]
                    account = card
                if category == "transfers" and len(accounts) > 2:
                    # The other side of the transfer, on the savings account.
                    account, cents = (accounts[2], -cents) if rand() < 0.5 else (account, cents)
                units = int(cents * scale)
                if category == "fees":
                    merchant = None
            value = amounts.get((units, places))
            if value is None:
                value = amounts[units, places] = Decimal(units).scaleb(-places)
            if rand() < 0.04:
                category = None
            deleted = None
            if rand() < 0.015:
                deleted = max(at, anchor - int(rand() * window))
            created = at + int(rand() * 2 * day)
            if created > anchor:
                created = anchor
            source_platform = source_object_id = None
            if imported:
                made += 1
                source_platform, source_object_id = feed, f"{feed}-{made}"
            yield (
                user.id,
                ((bits(128) & clear) | setv).to_bytes(16).hex(),
                account,
                value,
                code,
                at,
                merchant,
                category,
                text,
                at > pending_since and rand() < 0.7,
                created,
                created,
                deleted,
                "{}",
                source_platform,
                source_object_id,
            )


async def _load(ctx: SeedContext) -> None:
    counts = zipf_counts(
        stream(ctx.config.seed, "transactions_per_user"),
        ctx.config.users,
        transactions_total(ctx.config),
    )
    await ctx.copy("transactions", COLUMNS, _rows(ctx, counts))


TRANSACTIONS = TableSeed(
    name="transactions",
    tables=("transactions",),
    load=_load,
    planned_rows=transactions_total,
    after=("users",),
    stream="load_transactions",
)
