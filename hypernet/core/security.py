"""Password hashing (bcrypt, off the event loop), short-lived HS256 access tokens, and opaque
refresh tokens."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import bcrypt
import jwt

# A real hash to compare against when the e-mail is unknown, so that a failed login takes as long
# whether or not the account exists.
_DUMMY_HASHES: dict[int, bytes] = {}


async def hash_password(password: str, rounds: int) -> str:
    salt = bcrypt.gensalt(rounds)
    hashed = await asyncio.to_thread(bcrypt.hashpw, password.encode(), salt)
    return hashed.decode()


async def check_password(password: str, hashed: str | None, rounds: int) -> bool:
    if hashed is None:
        if rounds not in _DUMMY_HASHES:
            _DUMMY_HASHES[rounds] = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds))
        await asyncio.to_thread(bcrypt.checkpw, password.encode(), _DUMMY_HASHES[rounds])
        return False
    return await asyncio.to_thread(bcrypt.checkpw, password.encode(), hashed.encode())


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired or not signed by us."""


# Verified access tokens kept per process, at most this many (a client reuses its token for every
# request until it expires; verifying it again each time was a quarter of a GET's CPU).
VERIFIED_CACHE_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class TokenIssuer:
    secret: str
    ttl_seconds: int
    issuer: str = "hypernet"
    # token -> (user, expiry): a token whose signature, issuer, type and claims were checked once.
    # Its expiry is checked on every use; nothing else about a signed token can change.
    _verified: dict[str, tuple[UUID, float]] = field(default_factory=dict, repr=False)

    def issue(self, user_id: UUID) -> str:
        now = int(time.time())
        claims = {
            "sub": str(user_id),
            "iat": now,
            "exp": now + self.ttl_seconds,
            "iss": self.issuer,
            "typ": "access",
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def verify(self, token: str) -> UUID:
        known = self._verified.get(token)
        if known is not None:
            if time.time() < known[1]:
                return known[0]
            del self._verified[token]
            raise InvalidToken("the access token has expired")
        user, expires = self._verify_signed(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()  # simple and rare: every live client verifies once more
        self._verified[token] = (user, expires)
        return user

    def _verify_signed(self, token: str) -> tuple[UUID, float]:
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                issuer=self.issuer,
                options={"require": ["sub", "exp", "iat", "iss"]},
            )
            if claims.get("typ") != "access":
                raise InvalidToken("not an access token")
            return UUID(claims["sub"]), float(claims["exp"])
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the access token has expired") from None
        except (jwt.InvalidTokenError, ValueError, TypeError):
            raise InvalidToken("the access token is not valid") from None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def refresh_token_hash(token: str) -> bytes:
    """SHA-256 of the whole token: a fast hash suits a 256-bit random secret (nothing to guess)."""
    return hashlib.sha256(token.encode()).digest()


def new_refresh_token(user_id: UUID) -> tuple[str, bytes]:
    """A fresh opaque refresh token for the user, and the hash to store in its place:
    `<user id>.<secret>`, 16 and 32 bytes in base64url without padding (22 and 43 characters;
    domain.refresh_tokens.REFRESH_TOKEN_PATTERN is what a request may send).

    The token carries the user id so that its row is looked up within that user's rows (one
    shard once sharded by user_id); what makes it unguessable is the 256-bit secret.
    """
    token = f"{_b64(user_id.bytes)}.{_b64(secrets.token_bytes(32))}"
    return token, refresh_token_hash(token)


def parse_refresh_token(token: str) -> tuple[UUID, bytes] | None:
    """The user a refresh token names and its hash; None when it cannot be one of ours."""
    owner, dot, secret = token.partition(".")
    if not dot or len(owner) != 22 or len(secret) != 43:
        return None
    try:
        raw = base64.urlsafe_b64decode(owner + "==")
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 16:
        return None
    return UUID(bytes=raw), refresh_token_hash(token)


def load_or_create_secret(configured: str | None, data_dir: Path) -> str:
    """HYPERNET_JWT_SECRET if set; otherwise one generated once and kept in the data folder."""
    if configured:
        return configured
    path = data_dir / "jwt-secret"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret)
    path.chmod(0o600)
    return secret
