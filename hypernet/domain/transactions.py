"""Money transactions of one user (an amount in a currency on an account, when, where, what
for): the stored row, the writes on it, the lists and the totals of a window.

Amounts are exact decimals end to end: a JSON string ("-12.30") or a JSON number, which msgspec
reads digit by digit into a Decimal (never through a float, so 0.1 stays 0.1); stored as
numeric; always answered as a string with the currency's number of decimals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.currencies import MAX_DECIMALS, MINOR_UNITS, NO_MINOR_UNIT, CurrencyCode
from hypernet.domain.errors import InvalidField
from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

# Mirror the CHECKs of migration 0022, so a bad value is a 422 with its field's path.
AccountName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
Merchant = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Category = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NO_NUL)]
Description = Annotated[str, msgspec.Meta(max_length=10_000, pattern=NO_NUL)]
# msgspec sets a Decimal's schema type (string) itself, so the JSON number is said in the
# description (an added anyOf would contradict the type).
AmountIn = Annotated[
    Decimal,
    msgspec.Meta(
        description=(
            "Exact decimal, negative for money out of the account and positive for money in; "
            "at most the currency's minor unit of decimals (2 for EUR and USD, 0 for JPY, 3 for "
            'KWD) and 15 integer digits. Send a JSON string such as "-12.30" or a JSON number '
            "(read digit by digit, never through a float); always answered as a string"
        ),
        examples=["-12.30"],
    ),
]
AmountOut = Annotated[
    Decimal,
    msgspec.Meta(
        description='Exact decimal as a JSON string with the currency\'s decimals, e.g. "-12.30"'
    ),
]
# An IANA time zone name (Europe/Berlin); checked against the time zone database by the API.
TimeZoneName = Annotated[
    str,
    msgspec.Meta(
        min_length=1, max_length=64, pattern=r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$"
    ),
]

_AMOUNT_LIMIT = Decimal(10) ** 15
_QUANTUM = {units: Decimal(1).scaleb(-units) for units in range(MAX_DECIMALS + 1)}


def check_amount(path: str, amount: Decimal, currency: str) -> Decimal:
    """The amount as stored: with exactly the currency's decimals (12.3 USD is 12.30; 1200.00 JPY
    is 1200). InvalidField (at `path`) for what is not a finite amount below 10^15 or has more
    decimals than the currency's minor unit, which would have to be rounded."""
    if not amount.is_finite():
        raise InvalidField(path, "must be a finite decimal")
    # adjusted() first: abs() of 1E+1000000 would overflow the decimal context (an exception).
    if amount.adjusted() >= 15 or abs(amount) >= _AMOUNT_LIMIT:
        raise InvalidField(path, "must be above -10^15 and below 10^15")
    # A code outside the list (a row written by other means) is taken as one without a minor unit.
    free = currency in NO_MINOR_UNIT or currency not in MINOR_UNITS
    units = MINOR_UNITS.get(currency, MAX_DECIMALS)
    stored = amount.quantize(_QUANTUM[units])
    if stored != amount:
        raise InvalidField(path, f"has more decimal places than {currency} allows ({units})")
    exponent = amount.as_tuple().exponent
    if free and isinstance(exponent, int) and exponent < 0:
        # No fixed number of decimals (gold, SDR): keep the ones given.
        return amount
    return amount.quantize(_QUANTUM[0]) if free else stored


@dataclass(slots=True)
class Transaction:
    id: UUID
    user_id: UUID
    # The account as the user knows it: "Checking", "Visa 1234".
    account_name: str
    amount: AmountOut
    currency: str
    occurred_at: datetime
    merchant: str | None
    category: str | None
    description: str | None
    # Not settled yet: its amount may change, or it may go.
    pending: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class TransactionCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new transaction (POST /v1/transactions, and each item of an import batch)."""

    account_name: AccountName
    amount: AmountIn
    currency: CurrencyCode
    occurred_at: AwareDatetime
    merchant: Merchant | None = None
    category: Category | None = None
    description: Description | None = None
    pending: bool = False
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class TransactionPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/transactions/{id}); absent keeps a value, null clears it. A
    new amount or currency is checked against the other one, as stored or as sent."""

    account_name: AccountName | UnsetType = UNSET
    amount: AmountIn | UnsetType = UNSET
    currency: CurrencyCode | UnsetType = UNSET
    occurred_at: AwareDatetime | UnsetType = UNSET
    merchant: Merchant | UnsetType | None = UNSET
    category: Category | UnsetType | None = UNSET
    description: Description | UnsetType | None = UNSET
    pending: bool | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET


TransactionImport = Annotated[list[TransactionCreate], msgspec.Meta(min_length=1, max_length=1000)]


class TransactionListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/transactions: newest first (by occurred_at); all, or those of one category or of
    one account (one of the two at a time), optionally within the window [from, to)."""

    category: Category | None = None
    account_name: AccountName | None = None
    from_: AwareDatetime | None = msgspec.field(default=None, name="from")
    to: AwareDatetime | None = None


class TransactionSummaryQuery(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/transactions/summary: totals of the window [from, to) per month (in the time zone
    `tz`, UTC by default) or per category, each per currency."""

    from_: AwareDatetime = msgspec.field(name="from")
    to: AwareDatetime
    by: Literal["month", "category"] = "month"
    tz: TimeZoneName = "UTC"


class TransactionTotals(msgspec.Struct):
    """The live transactions of one bucket in one currency: pending ones included, as the list
    shows them; pending_count and pending_total say how much of it is not settled yet (the
    settled total is total - pending_total)."""

    # The bucket: "2026-01" (by month, in the summary's time zone), or the category (by
    # category; null for the uncategorized). The other one is null.
    month: str | None
    category: str | None
    currency: str
    count: int
    # Net: money in minus money out.
    total: AmountOut
    # Money in (the positive amounts) and money out (the negative ones, so at most 0).
    inflow: AmountOut
    outflow: AmountOut
    pending_count: int
    pending_total: AmountOut


class TransactionSummary(msgspec.Struct):
    # Echoes the request: the window [from, to), the bucketing and the time zone.
    from_: datetime = msgspec.field(name="from")
    to: datetime
    by: str
    tz: str
    # Ordered by bucket (month, or category with the uncategorized last), then currency.
    totals: list[TransactionTotals]
