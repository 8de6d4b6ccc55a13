"""Settings read from the environment, decoded and validated with msgspec."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
SCHEMA_DIR = PROJECT_ROOT / "schema"
MIGRATIONS_DIR = SCHEMA_DIR / "migrations"

Seconds = Annotated[float, msgspec.Meta(gt=0, le=3600)]


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Settings(msgspec.Struct, kw_only=True, frozen=True):
    # Field name -> environment variable: see ENV_NAMES below.
    database_url: str | None = None
    data_dir: str = ".hypernet"
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 8080
    jwt_secret: str | None = None
    access_token_ttl: Annotated[int, msgspec.Meta(ge=30, le=86400)] = 900
    refresh_token_ttl: Annotated[int, msgspec.Meta(ge=60, le=366 * 86400)] = 30 * 86400
    bcrypt_rounds: Annotated[int, msgspec.Meta(ge=4, le=16)] = 12
    pool_min_size: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 2
    pool_max_size: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 10
    connect_timeout: Seconds = 10.0
    command_timeout: Seconds = 30.0
    statement_timeout: Seconds = 15.0
    lock_timeout: Seconds = 5.0
    shutdown_timeout: Seconds = 15.0
    max_body_bytes: Annotated[int, msgspec.Meta(ge=1024, le=256 * 1024 * 1024)] = 8 * 1024 * 1024
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).resolve()


ENV_NAMES: dict[str, str] = {
    "database_url": "DATABASE_URL",
    "data_dir": "HYPERNET_DATA_DIR",
    "host": "HYPERNET_HOST",
    "port": "HYPERNET_PORT",
    "jwt_secret": "HYPERNET_JWT_SECRET",
    "access_token_ttl": "HYPERNET_ACCESS_TOKEN_TTL",
    "refresh_token_ttl": "HYPERNET_REFRESH_TOKEN_TTL",
    "bcrypt_rounds": "HYPERNET_BCRYPT_ROUNDS",
    "pool_min_size": "HYPERNET_POOL_MIN_SIZE",
    "pool_max_size": "HYPERNET_POOL_MAX_SIZE",
    "connect_timeout": "HYPERNET_CONNECT_TIMEOUT",
    "command_timeout": "HYPERNET_COMMAND_TIMEOUT",
    "statement_timeout": "HYPERNET_STATEMENT_TIMEOUT",
    "lock_timeout": "HYPERNET_LOCK_TIMEOUT",
    "shutdown_timeout": "HYPERNET_SHUTDOWN_TIMEOUT",
    "max_body_bytes": "HYPERNET_MAX_BODY_BYTES",
    "log_level": "HYPERNET_LOG_LEVEL",
}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Decode settings; a bad value raises ConfigError naming the variable."""
    env = os.environ if environ is None else environ
    raw: dict[str, str] = {}
    for field, var in ENV_NAMES.items():
        value = env.get(var)
        if value is not None and value != "":
            raw[field] = value.upper() if field == "log_level" else value
    for field, var in ENV_NAMES.items():
        if field not in raw:
            continue
        try:
            # Decode one field at a time so the error names exactly one variable.
            msgspec.convert({field: raw[field]}, Settings, strict=False)
        except msgspec.ValidationError as exc:
            message = str(exc).split(" - at ")[0]
            raise ConfigError(f"{var}={raw[field]!r} is invalid: {message}") from None
    settings = msgspec.convert(raw, Settings, strict=False)
    if settings.pool_min_size > settings.pool_max_size:
        raise ConfigError(
            f"HYPERNET_POOL_MIN_SIZE={settings.pool_min_size} exceeds "
            f"HYPERNET_POOL_MAX_SIZE={settings.pool_max_size}"
        )
    if settings.database_url is not None and not settings.database_url.startswith(
        ("postgres://", "postgresql://")
    ):
        raise ConfigError("DATABASE_URL must start with postgresql:// or postgres://")
    if settings.jwt_secret is not None and len(settings.jwt_secret) < 32:
        raise ConfigError("HYPERNET_JWT_SECRET must be at least 32 characters long")
    return settings
