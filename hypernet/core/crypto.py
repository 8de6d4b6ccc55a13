"""Application-side encryption of integration secrets: AES-256-GCM under named keys.

The database only ever sees ciphertext. A sealed value is

    0x01 | 12-byte random nonce | AES-256-GCM ciphertext and 16-byte tag

and the key that made it is named by the row's `key_id` column. The associated data binds the
ciphertext to where it belongs (format, key id, user id, integration id, column), so a value
copied to another row or column, or relabelled with another key id, fails to authenticate
instead of decrypting to something plausible.

Keys come from HYPERNET_SECRET_KEYS (`key_id:base64key,...`) with HYPERNET_SECRET_KEY_ID naming
the one new values are sealed with; the others stay readable, which is what lets
`hypernet secrets rotate-key` move every row to a new key while the service runs. Without
configured keys (the embedded development setup) one is generated once in the data folder.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hypernet.core.config import Settings, parse_secret_keys, secret_keys

FORMAT_V1 = 1
NONCE_BYTES = 12
TAG_BYTES = 16
_AAD_PREFIX = b"hypernet/integration_secrets/v1\x00"
KEY_FILE = "secret-keys"


class SecretDecryptionError(Exception):
    """A stored secret cannot be decrypted: unknown key id, tampered, or moved from another row."""


class Keyring:
    """The configured AES-256 keys by id, and the id new values are sealed with.

    Its repr names key ids only: the keys never reach a log or a traceback.
    """

    __slots__ = ("_ciphers", "current_id")

    def __init__(self, keys: Mapping[str, bytes], current_id: str) -> None:
        if current_id not in keys:
            raise ValueError(f"current key id {current_id!r} is not among the keys")
        for key_id, key in keys.items():
            if len(key) != 32:
                raise ValueError(f"key {key_id!r} is not 32 bytes")
        self._ciphers: Mapping[str, AESGCM] = MappingProxyType(
            {key_id: AESGCM(key) for key_id, key in keys.items()}
        )
        self.current_id = current_id

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._ciphers)

    @property
    def old_key_ids(self) -> tuple[str, ...]:
        """Configured keys other than the current one: what rotation moves rows away from."""
        return tuple(k for k in self._ciphers if k != self.current_id)

    def __repr__(self) -> str:
        return f"Keyring(key_ids={list(self._ciphers)!r}, current_id={self.current_id!r})"

    @staticmethod
    def _aad(key_id: str, user_id: UUID, integration_id: UUID, column: str) -> bytes:
        return b"".join(
            (
                _AAD_PREFIX,
                key_id.encode(),
                b"\x00",
                user_id.bytes,
                integration_id.bytes,
                column.encode(),
            )
        )

    def seal(self, plaintext: str, *, user_id: UUID, integration_id: UUID, column: str) -> bytes:
        """Encrypt under the current key; the row's key_id column must say `current_id`."""
        nonce = os.urandom(NONCE_BYTES)
        aad = self._aad(self.current_id, user_id, integration_id, column)
        sealed = self._ciphers[self.current_id].encrypt(nonce, plaintext.encode(), aad)
        return bytes((FORMAT_V1,)) + nonce + sealed

    def open(
        self, key_id: str, sealed: bytes, *, user_id: UUID, integration_id: UUID, column: str
    ) -> str:
        """Decrypt a value sealed under key_id for exactly this user, integration and column."""
        where = f"{column} of integration {integration_id}"
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise SecretDecryptionError(
                f"{where} is sealed under key {key_id!r}, which is not configured "
                f"(HYPERNET_SECRET_KEYS holds {', '.join(self._ciphers)})"
            )
        if len(sealed) < 1 + NONCE_BYTES + TAG_BYTES or sealed[0] != FORMAT_V1:
            raise SecretDecryptionError(f"{where} is not a sealed value this service made")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            plain = cipher.decrypt(nonce, body, self._aad(key_id, user_id, integration_id, column))
        except InvalidTag:
            raise SecretDecryptionError(
                f"{where} does not authenticate under key {key_id!r}: it was altered, or copied "
                "from another row or column"
            ) from None
        return plain.decode()


def new_key() -> bytes:
    return secrets.token_bytes(32)


def encode_key(key_id: str, key: bytes) -> str:
    """One `key_id:base64key` entry of HYPERNET_SECRET_KEYS."""
    return f"{key_id}:{base64.b64encode(key).decode()}"


def load_or_create_keyring(settings: Settings) -> Keyring:
    """The configured keys; without any, a key generated once and kept in the data folder.

    The file holds one `key_id:base64key` entry per line, readable by its owner only; the last
    entry is the current key. Moving to configured keys later: put the file's entries into
    HYPERNET_SECRET_KEYS next to the new key, then run `hypernet secrets rotate-key`.
    """
    configured = secret_keys(settings)
    if configured is not None:
        return Keyring(*configured)
    path = settings.data_path / KEY_FILE
    if not path.exists():
        _create_key_file(path)
    text = path.read_text()
    keys = parse_secret_keys(",".join(text.split()), var=str(path))
    return Keyring(keys, list(keys)[-1])


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = encode_key(f"local-{secrets.token_hex(4)}", new_key()) + "\n"
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    # Readable by its owner only from the first byte on; linked into place whole, so a process
    # starting at the same moment sees either no file or the complete one, never overwritten.
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(entry)
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass
    finally:
        scratch.unlink(missing_ok=True)
