"""Typed keys for what the application and each request carry."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
from aiohttp import web

from hypernet.core.crypto import Keyring
from hypernet.db.pool import BoundedPool

POOL: web.AppKey[BoundedPool] = web.AppKey("pool", BoundedPool)
SETTINGS: web.AppKey[Any] = web.AppKey("settings", object)
TOKENS: web.AppKey[Any] = web.AppKey("tokens", object)
OPENAPI: web.AppKey[bytes] = web.AppKey("openapi", bytes)
SHUTTING_DOWN: web.AppKey[list[bool]] = web.AppKey("shutting_down", list)
# The keys that seal and open integration secrets (never logged; see hypernet/crypto.py).
KEYRING: web.AppKey[Keyring] = web.AppKey("keyring", Keyring)
USER_ID: web.RequestKey[UUID] = web.RequestKey("user_id", UUID)
REQUEST_ID: web.RequestKey[str] = web.RequestKey("request_id", str)
# The connection of a writing request's transaction: the change and its audit row commit together.
TX: web.RequestKey[asyncpg.Connection] = web.RequestKey("tx", asyncpg.Connection)
# What the audit row of a writing request names, when the path does not say it.
AUDIT_OBJECT: web.RequestKey[UUID] = web.RequestKey("audit_object", UUID)
AUDIT_USER: web.RequestKey[UUID] = web.RequestKey("audit_user", UUID)
# The RevocationFeed (hypernet/api/revocations.py) that keeps TOKENS' revoked sessions current.
REVOCATIONS: web.AppKey[Any] = web.AppKey("revocations", object)
# Unique index or foreign key name -> its columns (catalog/list_key_columns), read at start-up.
KEY_COLUMNS: web.AppKey[dict[str, list[str]]] = web.AppKey("key_columns", dict)
ROUTE_TABLE: web.AppKey[dict[tuple[str, str], Any]] = web.AppKey("route_table", dict)
