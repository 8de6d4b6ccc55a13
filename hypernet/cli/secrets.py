"""`hypernet secrets ...`: key rotation of the integration secrets (ops/key_rotation.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from hypernet.cli.common import fail
from hypernet.cli.common import say as _print
from hypernet.core.config import ConfigError, Settings
from hypernet.ops import key_rotation
from hypernet.ops.key_rotation import DEFAULT_BATCH_SIZE

if TYPE_CHECKING:
    from hypernet.core.crypto import Keyring


def _keyring(settings: Settings) -> Keyring | None:
    from hypernet.core.crypto import load_or_create_keyring

    try:
        return load_or_create_keyring(settings)
    except ConfigError as exc:
        fail(f"configuration error: {exc}")
        return None


async def cmd_rotate_key(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.target import connected
    from hypernet.ops.key_rotation import RotationError, rotate

    keyring = _keyring(settings)
    if keyring is None:
        return 2
    async with connected(settings, "hypernet-secrets") as conn:
        try:
            await rotate(conn, keyring, batch_size=args.batch_size, progress=_print)
        except RotationError as exc:
            return fail(str(exc))
    return 0


async def cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    from hypernet.db.target import connected
    from hypernet.mappers.integrations import IntegrationSecretsMapper

    keyring = _keyring(settings)
    if keyring is None:
        return 2
    async with connected(settings, "hypernet-secrets") as conn:
        mapper = IntegrationSecretsMapper(conn, keyring)
        used = await mapper.key_ids_in_use()
        stale = [k for k in used if k != keyring.current_id]
        counts = {k: await mapper.count_under([k]) for k in stale}
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
        description=key_rotation.__doc__,
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
