"""Password hashing (bcrypt, off the event loop), short-lived HS256 access tokens that end with
their session, and opaque refresh tokens."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import bcrypt
import jwt

# bcrypt reads at most 72 bytes of a password: bcrypt 5 raises on more, older versions ignored
# the rest (so a long passphrase was only as strong as its first 72 bytes). New hashes therefore
# hash the password first: HMAC-SHA256 keyed by a fixed label, then base64, 44 ASCII bytes
# that bcrypt reads whole (the raw digest could hold a NUL byte, where bcrypt would stop), so
# every byte of a password of any length counts. HMAC with a label of our own rather than plain
# SHA-256: bcrypt(sha256(p)) can be attacked with someone else's leaked unsalted SHA-256 hashes
# ("password shucking": match a leaked sha256 against our bcrypt instead of guessing p); keyed
# by our label, the inner value exists nowhere else. The label is not a secret and must never
# change (every stored hash depends on it). A stored hash says which scheme made it: PREHASHED
# and then the bcrypt hash; a hash without the marker is a plain bcrypt hash made before, and is
# checked as before (a password over 72 bytes never matches it: none was accepted then).
PREHASHED = "$hn-hmac-sha256$"
_PREHASH_LABEL = b"hypernet password pre-hash v1"

# A real hash to compare against when the e-mail is unknown, so that a failed login takes as long
# whether or not the account exists.
_DUMMY_HASHES: dict[int, bytes] = {}


def _prehash(password: str) -> bytes:
    digest = hmac.new(_PREHASH_LABEL, password.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest)


async def hash_password(password: str, rounds: int) -> str:
    salt = bcrypt.gensalt(rounds)
    hashed = await asyncio.to_thread(bcrypt.hashpw, _prehash(password), salt)
    return PREHASHED + hashed.decode()


def _check(password: str, stored: str) -> bool:
    if stored.startswith(PREHASHED):
        return bcrypt.checkpw(_prehash(password), stored.removeprefix(PREHASHED).encode())
    raw = password.encode()
    if len(raw) > 72:
        return False
    return bcrypt.checkpw(raw, stored.encode())


async def check_password(password: str, hashed: str | None, rounds: int) -> bool:
    if hashed is None:
        if rounds not in _DUMMY_HASHES:
            _DUMMY_HASHES[rounds] = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds))
        await asyncio.to_thread(bcrypt.checkpw, _prehash(password), _DUMMY_HASHES[rounds])
        return False
    return await asyncio.to_thread(_check, password, hashed)


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired or not signed by us."""


# Verified access tokens kept per process, at most this many (a client reuses its token for every
# request until it expires; verifying it again each time was a quarter of a GET's CPU).
VERIFIED_CACHE_SIZE = 10_000


class RevokedSessions:
    """The sessions this process knows to have ended recently (session id -> when, in epoch
    seconds): an access token naming one of them is refused. Filled and kept current from
    PostgreSQL by hypernet/api/revocations.py; checked in memory on every request."""

    def __init__(self) -> None:
        self._revoked: dict[UUID, float] = {}

    def add(self, session_id: UUID, revoked_at: float) -> None:
        self._revoked[session_id] = revoked_at

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._revoked

    def __len__(self) -> int:
        return len(self._revoked)

    def forget_older_than(self, cutoff: float) -> int:
        """Drop revocations made before `cutoff` (no token they refuse is unexpired); returns
        how many went."""
        old = [sid for sid, when in self._revoked.items() if when < cutoff]
        for sid in old:
            del self._revoked[sid]
        return len(old)


@dataclass(frozen=True, slots=True)
class TokenIssuer:
    secret: str
    ttl_seconds: int
    issuer: str = "hypernet"
    # token -> (user, session, expiry): a token whose signature, issuer, type and claims were
    # checked once. Its expiry and its session's revocation are checked on every use: nothing
    # else about a signed token can change.
    _verified: dict[str, tuple[UUID, UUID, float]] = field(default_factory=dict, repr=False)
    revoked: RevokedSessions = field(default_factory=RevokedSessions, repr=False)

    def issue(self, user_id: UUID, session_id: UUID) -> str:
        """An access token of the user's session (`sid`: the refresh-token family of its login);
        it stops working when that session ends, or when it expires."""
        now = int(time.time())
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "iat": now,
            "exp": now + self.ttl_seconds,
            "iss": self.issuer,
            "typ": "access",
        }
        return jwt.encode(claims, self.secret, algorithm="HS256")

    def verify(self, token: str) -> UUID:
        known = self._verified.get(token)
        if known is None:
            known = self._verify_signed(token)
            if len(self._verified) >= VERIFIED_CACHE_SIZE:
                self._verified.clear()  # simple and rare: every live client verifies once more
            self._verified[token] = known
        user, session, expires = known
        if time.time() >= expires:
            del self._verified[token]
            raise InvalidToken("the access token has expired")
        if session in self.revoked:
            raise InvalidToken("the session of this access token has ended; log in again")
        return user

    def _verify_signed(self, token: str) -> tuple[UUID, UUID, float]:
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                issuer=self.issuer,
                # A token without `sid` (issued before sessions could revoke their access
                # tokens) is refused: the client refreshes and gets one that has it.
                options={"require": ["sub", "sid", "exp", "iat", "iss"]},
            )
            if claims.get("typ") != "access":
                raise InvalidToken("not an access token")
            return UUID(claims["sub"]), UUID(claims["sid"]), float(claims["exp"])
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the access token has expired") from None
        except (jwt.InvalidTokenError, ValueError, TypeError, AttributeError):
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
