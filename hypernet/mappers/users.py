"""UserMapper: registration and credential lookup over sql/users/*.sql."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.users import Credentials, User

_INSERT = query("users/insert")
_GET_LIVE = query("users/get_live")
_GET_CREDENTIALS = query("users/get_credentials_by_email")
_GET_PASSWORD_HASH = query("users/get_password_hash")
_UPDATE_PROFILE = query("users/update_profile")
_LIFT_STATEMENT_TIMEOUT = query("session/lift_statement_timeout")

# How long a change of search language may take: it rebuilds every search vector of the user in
# its one statement (see README, Search); a user with 100,000 items takes under a minute.
SEARCH_REBUILD_TIMEOUT = 600.0


def user_from_row(row: asyncpg.Record) -> User:
    return User(**row)


class UserMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def create(self, email: str, password_hash: str, display_name: str) -> User:
        """A taken e-mail raises asyncpg.UniqueViolationError (the API answers 409)."""
        row = await self.db.fetchrow(_INSERT.sql, email, password_hash, display_name)
        return user_from_row(row)

    async def get(self, user_id: UUID) -> User | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id)
        return None if row is None else user_from_row(row)

    async def credentials(self, email: str) -> Credentials | None:
        row = await self.db.fetchrow(_GET_CREDENTIALS.sql, email)
        return None if row is None else Credentials(**row)

    async def password_hash(self, user_id: UUID) -> str | None:
        value: str | None = await self.db.fetchval(_GET_PASSWORD_HASH.sql, user_id)
        return value

    async def update(
        self,
        user_id: UUID,
        *,
        display_name: str | None = None,
        search_language: str | None = None,
        password_hash: str | None = None,
        if_password_hash: str | None = None,
        if_updated_at: datetime | None = None,
    ) -> User | None:
        """Change what is given; None when the user is gone, its stored password hash is no
        longer `if_password_hash`, or its version is no longer `if_updated_at`. A new
        `search_language` rebuilds the user's search vectors in this statement: run it in a
        transaction, which it lifts the statement timeout of."""
        args = (
            user_id,
            display_name,
            password_hash,
            if_password_hash,
            if_updated_at,
            search_language,
        )
        if search_language is None:
            row = await self.db.fetchrow(_UPDATE_PROFILE.sql, *args)
        else:
            if not isinstance(self.db, asyncpg.Connection):
                raise TypeError("a change of search language runs in a transaction")
            await self.db.fetchval(_LIFT_STATEMENT_TIMEOUT.sql, f"{SEARCH_REBUILD_TIMEOUT:.0f}s")
            row = await self.db.fetchrow(_UPDATE_PROFILE.sql, *args, timeout=SEARCH_REBUILD_TIMEOUT)
        return None if row is None else user_from_row(row)
