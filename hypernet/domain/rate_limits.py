"""Rate limits and login lockout: what is counted, for whom, and when an attempt is refused."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# What is counted, each apart: a login, a registration, a refresh, a check of the current
# password (a password change, and any route that asks for it).
LimitedAction = Literal["login", "register", "refresh", "password_check"]

# The key of a request whose address is unknown (a Unix socket): all such requests share one.
UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True, slots=True)
class LimitCount:
    """One limit after an attempt was counted: `scope` is `<action>/address` or
    `<action>/account`, `retry_after` the whole seconds until its window ends (at least 1)."""

    scope: str
    hits: int
    retry_after: int

    @property
    def per_address(self) -> bool:
        return self.scope.endswith("/address")


@dataclass(frozen=True, slots=True)
class LoginLock:
    """The failed-login count of one account: `locked` once it reached the threshold, until
    `window_end` (`retry_after` seconds from now; 0 or less when the cooling-off has ended)."""

    hits: int
    locked: bool
    window_end: datetime
    retry_after: int

    @property
    def in_force(self) -> bool:
        return self.locked and self.retry_after > 0

    @property
    def ended(self) -> bool:
        return self.locked and self.retry_after <= 0


@dataclass(frozen=True, slots=True)
class LoginFailure:
    """A failed login just counted; `locked_now` when it is the one that locked the account."""

    hits: int
    locked_now: bool
    window_end: datetime
    retry_after: int


def address_key(remote: str | None) -> str:
    """The key a client address is counted under. An IPv6 client counts as its /64 network: a
    single host is usually given a whole /64 and could otherwise change address per attempt."""
    if not remote:
        return UNKNOWN_ADDRESS
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def exceeded(counts: list[LimitCount], per_address: int, per_account: int) -> int | None:
    """The seconds to wait when any limit is exceeded (the longest of those exceeded), else
    None."""
    waits = [
        c.retry_after for c in counts if c.hits > (per_address if c.per_address else per_account)
    ]
    return max(waits) if waits else None
