"""ISO 4217 currency codes and their minor units: what a money amount may be denominated in,
and how many decimals it may have.

The codes are ISO 4217 List One as published on 2026-01-01 (the maintenance agency's
list-one.xml: current currencies and funds), plus the codes withdrawn since 2008 that a
personal money history still holds (kuna until 2023, lev until 2025, ...), each with the minor
unit it had. A code outside both is refused with a 422 at its field's path. When ISO adds a code,
add it to CurrencyCode and MINOR_UNITS; a withdrawn code stays, since stored rows may hold it."""

from __future__ import annotations

from typing import Literal, get_args

# Every code accepted in a request, in alphabetical order. A Literal, so that msgspec refuses any
# other code with the path of the field, and the OpenAPI document lists them.
# fmt: off
CurrencyCode = Literal[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BYR",
    "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC",
    "CUP", "CVE", "CYP", "CZK", "DJF", "DKK", "DOP", "DZD", "EEK", "EGP", "ERN", "ETB", "EUR",
    "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK",
    "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS",
    "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LTL",
    "LVL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRO", "MRU", "MTL", "MUR",
    "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR",
    "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR",
    "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SKK", "SLE", "SLL", "SOS", "SRD", "SSP", "STD",
    "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS",
    "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VEF", "VES", "VND", "VUV",
    "WST", "XAD", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF",
    "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMK", "ZMW", "ZWG", "ZWL",
]
# fmt: on

# Codes withdrawn from List One since 2008 (replaced by the euro or a redenominated code), with
# the minor unit they had: accepted, so that a history from before the change can be stored.
WITHDRAWN: dict[str, int] = {
    "ANG": 2,
    "BGN": 2,
    "BYR": 0,
    "CUC": 2,
    "CYP": 2,
    "EEK": 2,
    "HRK": 2,
    "LTL": 2,
    "LVL": 2,
    "MRO": 2,
    "MTL": 2,
    "SKK": 2,
    "SLL": 2,
    "STD": 2,
    "VEF": 2,
    "ZMK": 2,
    "ZWL": 2,
}

# Codes whose minor unit is "N.A." in the list (precious metals, bond-market units, SDR, the
# testing and no-currency codes): an amount in one may have as many decimals as storage holds.
NO_MINOR_UNIT = frozenset("XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX".split())
_ZERO = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split())
_THREE = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_FOUR = frozenset(("CLF", "UYW"))

# The most decimals any stored amount has (the CHECK transactions_amount_bounded of 0022).
MAX_DECIMALS = 4


def _minor_units() -> dict[str, int]:
    units: dict[str, int] = {}
    for code in get_args(CurrencyCode):
        if code in WITHDRAWN:
            units[code] = WITHDRAWN[code]
        elif code in NO_MINOR_UNIT:
            units[code] = MAX_DECIMALS
        elif code in _ZERO:
            units[code] = 0
        elif code in _THREE:
            units[code] = 3
        elif code in _FOUR:
            units[code] = 4
        else:
            units[code] = 2
    return units


# The decimals an amount in each code may have: its ISO minor unit (USD 2, JPY 0, KWD 3, CLF 4),
# or MAX_DECIMALS where the list says N.A.
MINOR_UNITS: dict[str, int] = _minor_units()
