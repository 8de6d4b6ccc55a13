"""Password hashing (bcrypt, off the event loop) and short-lived HS256 access tokens."""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class TokenIssuer:
    secret: str
    ttl_seconds: int
    issuer: str = "hypernet"

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
            return UUID(claims["sub"])
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the access token has expired") from None
        except (jwt.InvalidTokenError, ValueError, TypeError):
            raise InvalidToken("the access token is not valid") from None


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
