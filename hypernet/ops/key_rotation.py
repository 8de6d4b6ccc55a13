"""Key rotation for the integration secrets sealed by hypernet/core/crypto.py.

Rotating to a new key, without downtime:

1. Add the new key to HYPERNET_SECRET_KEYS, keep the old ones, and point HYPERNET_SECRET_KEY_ID at
   the new one; restart the service. New writes are sealed under the new key; rows under an old
   key still open, since each row names its key.
2. Run `hypernet secrets rotate-key`: it re-seals every row still under an old key, in small
   batches, each its own short transaction that skips rows a request is writing right now.
3. When it reports nothing left under an old key, remove the old keys from HYPERNET_SECRET_KEYS.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from hypernet.mappers.integrations import IntegrationSecretsMapper

if TYPE_CHECKING:
    import asyncpg

    from hypernet.core.crypto import Keyring

DEFAULT_BATCH_SIZE = 100


class RotationError(Exception):
    """Some rows could not be re-sealed: their key is not configured, or they do not open."""


async def rotate(
    conn: asyncpg.Connection,
    keyring: Keyring,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str], None] = print,
) -> int:
    """Re-seal every secret under an old configured key with the current key; returns how many.

    Each batch is its own transaction (rows locked FOR UPDATE SKIP LOCKED), so requests keep
    writing meanwhile and a stopped run loses nothing. Raises RotationError naming the rows
    that stay behind (not configured, or not opening).
    """
    mapper = IntegrationSecretsMapper(conn, keyring)
    current = keyring.current_id
    total = await mapper.count_under(keyring.old_key_ids)
    progress(
        f"{total} secret(s) to re-encrypt under key {current!r} "
        f"(from {', '.join(map(repr, keyring.old_key_ids)) or 'no other configured key'})"
    )
    done = 0
    started = time.monotonic()
    while True:
        async with conn.transaction():
            batch = await mapper.reseal_batch(batch_size)
        done += batch.resealed
        if batch.resealed:
            rate = done / max(time.monotonic() - started, 1e-6)
            progress(f"re-encrypted {done}/{max(total, done)} ({rate:,.0f}/s)")
        if batch.failed:
            lines = "; ".join(f"user {u} integration {i}: {why}" for u, i, why in batch.failed)
            raise RotationError(
                f"{len(batch.failed)} secret(s) do not open and were left as they are "
                f"({lines}); re-enter or delete them (DELETE /v1/integrations/{{id}}/secrets), "
                "then run rotate-key again"
            )
        if batch.resealed == 0:
            break
    left = await mapper.count_under(keyring.old_key_ids)
    unknown = [k for k in await mapper.key_ids_in_use() if k not in keyring.key_ids]
    if unknown:
        raise RotationError(
            f"secrets are sealed under key id(s) {', '.join(map(repr, unknown))}, which "
            "HYPERNET_SECRET_KEYS does not hold: add those keys, then run rotate-key again"
        )
    if left:
        raise RotationError(
            f"{left} secret(s) are still under an old key (written meanwhile by a service "
            "that does not use the new key yet?); run rotate-key again"
        )
    progress(f"done: {done} re-encrypted; every secret is under key {current!r}")
    return done
