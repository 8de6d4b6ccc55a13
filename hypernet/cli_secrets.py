"""`hypernet secrets ...`: key rotation for the integration secrets sealed by hypernet/crypto.py.

Rotating to a new key, without downtime:

1. Add the new key to HYPERNET_SECRET_KEYS, keep the old ones, and point HYPERNET_SECRET_KEY_ID at
   the new one; restart the service. New writes are sealed under the new key; rows under an old
   key still open, since each row names its key.
2. Run `hypernet secrets rotate-key`: it re-seals every row still under an old key, in small
   batches, each its own short transaction that skips rows a request is writing right now.
3. When it reports nothing left under an old key, remove the old keys from HYPERNET_SECRET_KEYS.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hypernet.config import ConfigError, Settings

if TYPE_CHECKING:
    import asyncpg

    from hypernet.crypto import Keyring

DEFAULT_BATCH_SIZE = 100


def _print(line: str) -> None:
    print(line, flush=True)


class RotationError(Exception):
    """Some rows could not be re-sealed: their key is not configured, or they do not open."""


async def rotate(
    conn: asyncpg.Connection,
    keyring: Keyring,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str], None] = _print,
) -> int:
    """Re-seal every secret under an old configured key with the current key; returns how many.

    Each batch is its own transaction (rows locked FOR UPDATE SKIP LOCKED), so requests keep
    writing meanwhile and a stopped run loses nothing. Raises RotationError naming the rows
    that stay behind (not configured, or not opening).
    """
    from hypernet.mappers.integrations import IntegrationSecretsMapper

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


def _keyring(settings: Settings) -> Keyring | None:
    from hypernet.crypto import load_or_create_keyring

    try:
        return load_or_create_keyring(settings)
    except ConfigError as exc:
        print(f"hypernet: configuration error: {exc}", file=sys.stderr, flush=True)
        return None


async def cmd_rotate_key(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db import connect
    from hypernet.runtime import database_url

    keyring = _keyring(settings)
    if keyring is None:
        return 2
    async with database_url(settings) as dsn:
        conn = await connect(dsn, settings, "hypernet-secrets")
        try:
            await rotate(conn, keyring, batch_size=args.batch_size)
        except RotationError as exc:
            print(f"hypernet: {exc}", file=sys.stderr, flush=True)
            return 1
        finally:
            await conn.close()
    return 0


async def cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db import connect
    from hypernet.mappers.integrations import IntegrationSecretsMapper
    from hypernet.runtime import database_url

    keyring = _keyring(settings)
    if keyring is None:
        return 2
    async with database_url(settings) as dsn:
        conn = await connect(dsn, settings, "hypernet-secrets")
        try:
            mapper = IntegrationSecretsMapper(conn, keyring)
            used = await mapper.key_ids_in_use()
            stale = [k for k in used if k != keyring.current_id]
            counts = {k: await mapper.count_under([k]) for k in stale}
        finally:
            await conn.close()
    _print(f"current key: {keyring.current_id!r}; configured: {', '.join(keyring.key_ids)}")
    for key_id in used:
        if key_id == keyring.current_id:
            _print(f"  {key_id}: current")
        else:
            state = "old, configured" if key_id in keyring.key_ids else "NOT CONFIGURED"
            _print(f"  {key_id}: {counts[key_id]} secret(s) ({state})")
    if stale:
        _print("run `hypernet secrets rotate-key` to move them to the current key")
    return 1 if any(k not in keyring.key_ids for k in used) else 0


def _batch_size(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"must be from 1 to 10000, not {value}")
    return value


def register(subparsers: Any) -> None:
    """Add the `secrets` command group to the `hypernet` parser."""
    group = subparsers.add_parser(
        "secrets",
        help="integration secrets: key rotation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = group.add_subparsers(dest="secrets_command", required=True)
    p = sub.add_parser(
        "rotate-key",
        help="re-encrypt every secret not under HYPERNET_SECRET_KEY_ID, in small batches",
    )
    p.add_argument(
        "--batch-size",
        type=_batch_size,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"rows per transaction (default {DEFAULT_BATCH_SIZE})",
    )
    p.set_defaults(func=cmd_rotate_key)
    p = sub.add_parser("status", help="which keys the stored secrets are sealed under")
    p.set_defaults(func=cmd_status)
