"""RefreshTokenMapper: one user's sessions over sql/refresh_tokens/*.sql.

Tokens are handled as hashes only; the opaque token never reaches the database.
"""

from __future__ import annotations

from uuid import UUID

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.refresh_tokens import IssuedToken, RefreshToken, RevokeReason
from hypernet.mappers.versions import rows_affected

_INSERT = query("refresh_tokens/insert")
_ROTATE = query("refresh_tokens/rotate")
_GET_BY_HASH = query("refresh_tokens/get_by_hash")
_REVOKE_FAMILY = query("refresh_tokens/revoke_family")
_REVOKE_SESSION = query("refresh_tokens/revoke_session_of_token")
_REVOKE_ALL = query("refresh_tokens/revoke_all")
_PURGE = query("refresh_tokens/purge_expired")


class RefreshTokenMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def start_session(
        self,
        user_id: UUID,
        token_hash: bytes,
        ttl_seconds: int,
        *,
        user_agent: str | None = None,
        client_addr: str | None = None,
    ) -> IssuedToken:
        """The first token of a new family (login)."""
        row = await self.db.fetchrow(
            _INSERT.sql, user_id, token_hash, ttl_seconds, user_agent, client_addr
        )
        return IssuedToken(**row)

    async def rotate(
        self,
        user_id: UUID,
        token_hash: bytes,
        new_token_hash: bytes,
        ttl_seconds: int,
        *,
        max_age_seconds: int,
        user_agent: str | None = None,
        client_addr: str | None = None,
    ) -> IssuedToken | None:
        """Replace a current token by a new one of its family, expiring after `ttl_seconds` but
        never later than `max_age_seconds` after the session's login; None when it is not
        current (unknown, rotated, revoked, expired, its session too old, or its user gone): see
        `get` for which."""
        row = await self.db.fetchrow(
            _ROTATE.sql,
            user_id,
            token_hash,
            new_token_hash,
            ttl_seconds,
            user_agent,
            client_addr,
            max_age_seconds,
        )
        return None if row is None else IssuedToken(**row)

    async def get(self, user_id: UUID, token_hash: bytes) -> RefreshToken | None:
        row = await self.db.fetchrow(_GET_BY_HASH.sql, user_id, token_hash)
        return None if row is None else RefreshToken(**row)

    # Each revoke repeats its UPDATE until a fresh statement finds nothing left to end. Under
    # READ COMMITTED an UPDATE that waited for a concurrent refresh of one of the tokens sees
    # that token rotated, skips it, and cannot see the successor the refresh just inserted; the
    # next statement does. A revoked token can never be rotated, so the loop ends.

    async def revoke_family(self, user_id: UUID, family_id: UUID, reason: RevokeReason) -> int:
        """End one session; returns how many live tokens were revoked (0 or 1, more in a race)."""
        total = 0
        while rows := await self.db.fetch(_REVOKE_FAMILY.sql, user_id, family_id, reason):
            total += len(rows)
        return total

    async def revoke_session_of(
        self, user_id: UUID, token_hash: bytes, reason: RevokeReason
    ) -> UUID | None:
        """End the session a token (current or older) belongs to: its family, or None when the
        token is unknown or its session had ended already."""
        rows = await self.db.fetch(_REVOKE_SESSION.sql, user_id, token_hash, reason)
        if not rows:
            return None
        family_id: UUID = rows[0]["family_id"]
        await self.revoke_family(user_id, family_id, reason)
        return family_id

    async def revoke_all(
        self, user_id: UUID, reason: RevokeReason, *, keep_token_hash: bytes | None = None
    ) -> int:
        """End every live session of the user but the one `keep_token_hash` belongs to; returns
        how many sessions ended. Their access tokens stop working too, on every service process
        within seconds: each ended session is written to revoked_sessions by a trigger of this
        table, which NOTIFYs, in this transaction (see hypernet/api/revocations.py). Erasing an
        account calls this with reason "account_deleted" before it deletes the user's rows."""
        families: set[UUID] = set()
        while rows := await self.db.fetch(_REVOKE_ALL.sql, user_id, reason, keep_token_hash):
            families.update(r["family_id"] for r in rows)
        return len(families)

    async def purge_expired(self, batch_size: int = 1000) -> int:
        """Hard-delete one batch of expired tokens of any user; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, batch_size))
