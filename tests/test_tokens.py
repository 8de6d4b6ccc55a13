"""Access tokens: a verified token is remembered, but its expiry and its session's revocation are
checked on every use, and a token that was never valid is never remembered."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from hypernet.core import security
from hypernet.core.security import InvalidToken, TokenIssuer

SESSION = uuid.uuid4()


def test_a_remembered_token_still_expires() -> None:
    issuer = TokenIssuer("s" * 48, ttl_seconds=2)
    user = uuid.uuid4()
    # The exp claim is whole seconds from a truncated issue time: issuing just after a second
    # begins leaves the token almost two seconds to live however slow the machine is.
    time.sleep(1 - time.time() % 1 + 0.01)
    token = issuer.issue(user, SESSION)
    expires = jwt.decode(token, options={"verify_signature": False})["exp"]
    assert issuer.verify(token) == user
    assert issuer.verify(token) == user  # from the cache
    time.sleep(max(0.0, expires - time.time()) + 0.05)  # PyJWT allows no leeway
    with pytest.raises(InvalidToken, match="expired"):
        issuer.verify(token)
    with pytest.raises(InvalidToken, match="expired"):
        issuer.verify(token)  # and after it left the cache, by its signed claims


def test_a_token_signed_with_another_key_or_of_another_type_is_refused() -> None:
    issuer = TokenIssuer("s" * 48, ttl_seconds=60)
    user = uuid.uuid4()
    forged = TokenIssuer("x" * 48, ttl_seconds=60).issue(user, SESSION)
    now = int(time.time())
    refresh_like = jwt.encode(
        {"sub": str(user), "iat": now, "exp": now + 60, "iss": "hypernet", "typ": "refresh"},
        "s" * 48,
        algorithm="HS256",
    )
    # Issued before access tokens named their session: refused, the client refreshes.
    without_session = jwt.encode(
        {"sub": str(user), "iat": now, "exp": now + 60, "iss": "hypernet", "typ": "access"},
        "s" * 48,
        algorithm="HS256",
    )
    # forged twice: a refusal is not remembered
    for token in (forged, refresh_like, without_session, forged):
        with pytest.raises(InvalidToken):
            issuer.verify(token)
    assert issuer.verify(issuer.issue(user, SESSION)) == user


def test_the_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "VERIFIED_CACHE_SIZE", 3)
    issuer = TokenIssuer("s" * 48, ttl_seconds=60)
    users = [uuid.uuid4() for _ in range(5)]
    for user in users:
        assert issuer.verify(issuer.issue(user, SESSION)) == user
    assert len(issuer._verified) <= 3


def test_a_remembered_token_of_a_revoked_session_is_refused_at_once() -> None:
    issuer = TokenIssuer("s" * 48, ttl_seconds=60)
    user, mine, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    token, others = issuer.issue(user, mine), issuer.issue(user, other)
    assert issuer.verify(token) == user
    assert issuer.verify(token) == user  # remembered
    issuer.revoked.add(mine, time.time())
    with pytest.raises(InvalidToken, match="session"):
        issuer.verify(token)
    assert issuer.verify(others) == user
    assert issuer.revoked.forget_older_than(time.time() + 1) == 1
    assert issuer.verify(token) == user  # only once its own expiry has passed, in practice
