"""IntegrationMapper and IntegrationSecretsMapper: one user's integrations and their sealed tokens
over sql/integrations/*.sql. Tokens are sealed and opened here, with the Keyring; PostgreSQL only
ever receives ciphertext."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from hypernet.core.crypto import Keyring, SecretDecryptionError
from hypernet.db.pool import Executor
from hypernet.db.queries import query
from hypernet.domain.errors import MissingReferences, NotFound
from hypernet.domain.integrations import (
    Integration,
    IntegrationCreate,
    IntegrationSecrets,
    SecretsWrite,
)
from hypernet.mappers.versions import rows_affected, soft_delete_versioned, why_no_match

_GET_LIVE = query("integrations/get_live")
_GET_ANY = query("integrations/get_any")
_LIST = query("integrations/list_live_by_created_at")
_LIST_TRASH = query("integrations/list_trash")
_INSERT = query("integrations/insert")
_UPDATE = query("integrations/update_live")
_SOFT_DELETE = query("integrations/soft_delete")
_RESTORE = query("integrations/restore")
_LOCK_LIVE = query("integrations/lock_live")
_PURGE = query("integrations/purge_expired")
_PUT_SECRETS = query("integrations/put_secrets")
_DELETE_SECRETS = query("integrations/delete_secrets")
_GET_SECRETS = query("integrations/get_secrets")
_LOCK_UNDER_KEYS = query("integrations/lock_secrets_under_keys")
_RESEAL = query("integrations/reseal_secrets")
_COUNT_UNDER_KEYS = query("integrations/count_secrets_under_keys")
_LIST_KEY_IDS = query("integrations/list_secret_key_ids")

ACCESS_TOKEN = "access_token"
REFRESH_TOKEN = "refresh_token"


def integration_from_row(row: asyncpg.Record) -> Integration:
    return Integration(**row)


class IntegrationMapper:
    def __init__(self, db: Executor) -> None:
        self.db = db

    async def get(self, user_id: UUID, integration_id: UUID) -> Integration | None:
        row = await self.db.fetchrow(_GET_LIVE.sql, user_id, integration_id)
        return None if row is None else integration_from_row(row)

    async def list_live(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Integration]:
        """Live integrations, newest first."""
        rows = await self.db.fetch(_LIST.sql, user_id, after[0], after[1], limit)
        return [integration_from_row(r) for r in rows]

    async def list_trash(
        self,
        user_id: UUID,
        *,
        limit: int,
        after: tuple[datetime | None, UUID | None] = (None, None),
    ) -> list[Integration]:
        rows = await self.db.fetch(_LIST_TRASH.sql, user_id, after[0], after[1], limit)
        return [integration_from_row(r) for r in rows]

    async def create(self, user_id: UUID, new: IntegrationCreate) -> Integration:
        """A live integration holding the same external account raises UniqueViolationError."""
        row = await self.db.fetchrow(
            _INSERT.sql,
            user_id,
            new.integration_type,
            new.display_name,
            new.status,
            new.sync_cursor,
            new.last_synced_at,
            new.last_error,
            new.metadata,
            new.source_platform,
            new.source_object_id,
        )
        return integration_from_row(row)

    async def update(
        self,
        user_id: UUID,
        integration_id: UUID,
        changes: dict[str, Any],
        if_updated_at: datetime | None = None,
    ) -> Integration:
        """Apply the given fields; NotFound, or PreconditionFailed when the version moved on."""
        row = await self.db.fetchrow(_UPDATE.sql, user_id, integration_id, changes, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, integration_id, if_updated_at
            ) or NotFound(integration_id)
        return integration_from_row(row)

    async def soft_delete(
        self, user_id: UUID, integration_id: UUID, if_updated_at: datetime | None = None
    ) -> None:
        """To the trash; its tokens and the media imported through it stay, for a restore."""
        await soft_delete_versioned(
            self.db, _SOFT_DELETE, _GET_ANY, user_id, integration_id, if_updated_at
        )

    async def restore(self, user_id: UUID, integration_id: UUID) -> Integration:
        """Back from the trash; a live one holding the same external account raises
        UniqueViolationError."""
        row = await self.db.fetchrow(_RESTORE.sql, user_id, integration_id)
        if row is None:
            raise NotFound(integration_id)
        return integration_from_row(row)

    async def lock_live(self, user_id: UUID, ids: Collection[UUID]) -> set[UUID]:
        """Which of the ids are live integrations of the user, share-locked until the caller's
        transaction ends (so none is trashed while something is imported through it)."""
        if not ids:
            return set()
        rows = await self.db.fetch(_LOCK_LIVE.sql, user_id, list(ids))
        return {r["id"] for r in rows}

    async def purge_expired(self, deleted_before: datetime, batch_size: int = 1000) -> int:
        """Hard-delete one batch of integrations trashed before the cut-off (with their tokens);
        returns how many went."""
        return rows_affected(await self.db.execute(_PURGE.sql, deleted_before, batch_size))


@dataclass(frozen=True, slots=True)
class ResealBatch:
    """One batch of key rotation: rows moved to the current key, and rows that would not open."""

    resealed: int
    failed: list[tuple[UUID, UUID, str]]


class IntegrationSecretsMapper:
    """Sealed OAuth tokens: written and read by integration, re-sealed in batches by rotation."""

    def __init__(self, db: Executor, keyring: Keyring) -> None:
        self.db = db
        self.keyring = keyring

    def _seal(self, user_id: UUID, integration_id: UUID) -> Callable[[str, str], bytes]:
        def seal(value: str, column: str) -> bytes:
            return self.keyring.seal(
                value, user_id=user_id, integration_id=integration_id, column=column
            )

        return seal

    async def put(
        self,
        user_id: UUID,
        integration_id: UUID,
        secrets: SecretsWrite,
        if_updated_at: datetime | None = None,
    ) -> datetime:
        """Seal and store the tokens (replacing any); returns the integration's new updated_at."""
        seal = self._seal(user_id, integration_id)
        access = seal(secrets.access_token, ACCESS_TOKEN)
        refresh = secrets.refresh_token
        sealed_refresh = None if refresh is None else seal(refresh, REFRESH_TOKEN)
        updated_at = await self.db.fetchval(
            _PUT_SECRETS.sql,
            user_id,
            integration_id,
            self.keyring.current_id,
            access,
            sealed_refresh,
            secrets.expires_at,
            if_updated_at,
        )
        if updated_at is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, integration_id, if_updated_at
            ) or NotFound(integration_id)
        result: datetime = updated_at
        return result

    async def delete(
        self, user_id: UUID, integration_id: UUID, if_updated_at: datetime | None = None
    ) -> datetime:
        """Forget the tokens (none stored is fine); returns the integration's new updated_at."""
        row = await self.db.fetchrow(_DELETE_SECRETS.sql, user_id, integration_id, if_updated_at)
        if row is None:
            raise await why_no_match(
                self.db, _GET_ANY, user_id, integration_id, if_updated_at
            ) or NotFound(integration_id)
        result: datetime = row["updated_at"]
        return result

    async def get(self, user_id: UUID, integration_id: UUID) -> IntegrationSecrets | None:
        """The decrypted tokens of a live integration; None when none are stored.

        SecretDecryptionError when they do not open: a key id that is not configured, or a
        ciphertext that was altered or copied from another row or column.
        """
        row = await self.db.fetchrow(_GET_SECRETS.sql, user_id, integration_id)
        if row is None or not row["live"]:
            return None
        key_id = row["key_id"]

        def unseal(value: bytes, column: str) -> str:
            return self.keyring.open(
                key_id, value, user_id=user_id, integration_id=integration_id, column=column
            )

        refresh = row["refresh_token"]
        return IntegrationSecrets(
            integration_id=integration_id,
            access_token=unseal(row["access_token"], ACCESS_TOKEN),
            refresh_token=None if refresh is None else unseal(refresh, REFRESH_TOKEN),
            expires_at=row["expires_at"],
            key_id=key_id,
        )

    # -- key rotation (across users: run by `hypernet secrets rotate-key`, never by a request) --

    async def key_ids_in_use(self) -> list[str]:
        rows = await self.db.fetch(_LIST_KEY_IDS.sql)
        return [r["key_id"] for r in rows]

    async def count_under(self, key_ids: Collection[str]) -> int:
        count: int = await self.db.fetchval(_COUNT_UNDER_KEYS.sql, list(key_ids))
        return count

    async def reseal_batch(self, batch_size: int) -> ResealBatch:
        """Move up to batch_size rows from the keyring's old keys to its current key.

        Run it in a transaction: the rows are locked (skipping rows a request holds) until it
        commits. A row that does not open is left as it is and reported, not resealed.
        """
        old = self.keyring.old_key_ids
        if not old:
            return ResealBatch(0, [])
        rows = await self.db.fetch(_LOCK_UNDER_KEYS.sql, list(old), batch_size)
        users: list[UUID] = []
        integrations: list[UUID] = []
        access: list[bytes] = []
        refresh: list[bytes | None] = []
        failed: list[tuple[UUID, UUID, str]] = []
        for row in rows:
            user_id, integration_id, key_id = row["user_id"], row["integration_id"], row["key_id"]
            seal = self._seal(user_id, integration_id)
            try:
                plain_access = self.keyring.open(
                    key_id,
                    row["access_token"],
                    user_id=user_id,
                    integration_id=integration_id,
                    column=ACCESS_TOKEN,
                )
                plain_refresh = (
                    None
                    if row["refresh_token"] is None
                    else self.keyring.open(
                        key_id,
                        row["refresh_token"],
                        user_id=user_id,
                        integration_id=integration_id,
                        column=REFRESH_TOKEN,
                    )
                )
            except SecretDecryptionError as exc:
                failed.append((user_id, integration_id, str(exc)))
                continue
            users.append(user_id)
            integrations.append(integration_id)
            access.append(seal(plain_access, ACCESS_TOKEN))
            refresh.append(None if plain_refresh is None else seal(plain_refresh, REFRESH_TOKEN))
        if users:
            await self.db.execute(
                _RESEAL.sql, self.keyring.current_id, users, integrations, access, refresh
            )
        return ResealBatch(len(users), failed)


async def require_live_integrations(
    db: Executor, user_id: UUID, paths: Mapping[str, UUID | None]
) -> None:
    """Every source_integration_id given (by its field path) must name a live integration of
    the user, or MissingReferences names the paths that do not; they are share-locked until the
    transaction ends, so none goes to the trash under the write."""
    named = {path: i for path, i in paths.items() if i is not None}
    if not named:
        return
    live = await IntegrationMapper(db).lock_live(user_id, set(named.values()))
    missing = {path: i for path, i in named.items() if i not in live}
    if missing:
        raise MissingReferences(missing)
