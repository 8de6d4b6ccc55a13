"""RevokedSessionMapper: the sessions ended recently, over sql/revoked_sessions/*.sql.

Rows are written by triggers of refresh_tokens (schema/migrations/0030_...), never from here: ending
a session is what revokes its access tokens. Each insert NOTIFYs CHANNEL with the session id.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.mappers.versions import rows_affected

# The LISTEN/NOTIFY channel the trigger revoked_sessions_notify sends on.
CHANNEL = "hypernet_revoked_sessions"

# HYPERNET_ACCESS_TOKEN_TTL is at most a day: a revocation older than that and a margin refuses
# no unexpired access token, whatever lifetime any process was configured with.
KEEP_SECONDS = 86_400 + 300

_LIST_RECENT = query("revoked_sessions/list_recent")
_PURGE = query("revoked_sessions/purge_expired")


class RevokedSessionMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def recent(self, within_seconds: int) -> list[tuple[UUID, datetime]]:
        """(session id, revoked at) of every session revoked within the last seconds."""
        rows = await self.db.fetch(_LIST_RECENT.sql, within_seconds)
        return [(r["session_id"], r["revoked_at"]) for r in rows]

    async def purge_expired(self, batch_size: int = 1000) -> int:
        """Hard-delete one batch of revocations too old to matter; returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, KEEP_SECONDS, batch_size))
