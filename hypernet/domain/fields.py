"""Field types shared by every write: bounded text without NUL, aware timestamps, JSON objects."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache
from typing import Annotated, Any

import msgspec

# PostgreSQL text cannot hold U+0000; refusing it here keeps it a 422 with a field path.
NO_NUL = r"^[^\x00]*$"

# An e-mail address: something, one '@', something; neither part holds '@', a control character
# (C0, DEL, C1) or a Unicode space or line/paragraph separator (and U+FEFF). Written only with
# escapes that mean the same in Python's `re` (which validates) and ECMA-262 (what an OpenAPI
# `pattern` is): no \s (Python's also matches U+001C..U+001F and U+0085, ECMA's also U+FEFF).
# `(?!\n)` after `$`: Python's `$` also matches before a final newline, ECMA's does not.
_NOT_IN_EMAIL = r"@\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
EMAIL_PATTERN = rf"^[^{_NOT_IN_EMAIL}]+@[^{_NOT_IN_EMAIL}]+$(?!\n)"
EMAIL_RULE = "not an e-mail address: name@domain, without spaces or control characters"
EmailAddress = Annotated[str, msgspec.Meta(min_length=3, max_length=320, pattern=EMAIL_PATTERN)]

# What a refused pattern means, in words, for the problem's message (see api/problems.py).
PATTERN_RULES: dict[str, str] = {
    NO_NUL: "must not contain the NUL character (U+0000)",
    EMAIL_PATTERN: EMAIL_RULE,
}


AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


@cache
def _time_zone_names() -> frozenset[str]:
    # The IANA names of the time zone database Python has (the system's, else tzdata's), less
    # the aliases of the machine's own zone that PostgreSQL does not know. A set, not ZoneInfo(),
    # for the check: ZoneInfo("America") raises IsADirectoryError, a folder of the database.
    return frozenset(zoneinfo.available_timezones() - {"localtime", "posixrules", "Factory"})


def is_time_zone(name: str) -> bool:
    """Whether `name` is a zone of the IANA database that Python and PostgreSQL both know."""
    return name in _time_zone_names()


# Where an object came from, for idempotent re-import: the platform and the object's id there.
Platform = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NO_NUL)]
SourceId = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
JsonObject = Annotated[dict[str, Any], msgspec.Meta(max_length=200)]


class Patch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A PATCH body: every field defaults to UNSET; absent keeps a value, null clears it."""

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, by name, for the update statement's JSON patch."""
        return {
            name: value
            for name in self.__struct_fields__
            if (value := getattr(self, name)) is not msgspec.UNSET
        }
