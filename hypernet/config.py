"""Settings read from the environment, decoded and validated with msgspec."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

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


# Values never echoed in an error message: they are (or contain) credentials.
_SECRET_FIELDS = frozenset({"database_url", "jwt_secret"})
_INTEGER_RE = re.compile(r"^[+-]?[0-9]+$")


def _bounds(info: msgspec.inspect.IntType | msgspec.inspect.FloatType) -> str:
    low = f"from {info.ge:g}" if info.ge is not None else None
    low = f"above {info.gt:g}" if info.gt is not None else low
    high = f"below {info.lt:g}" if info.lt is not None else None
    high = f"at most {info.le:g}" if info.le is not None else high
    if low and high and low.startswith("from") and high.startswith("at most"):
        return f"{low} to {high.removeprefix('at most ')}"
    return ", ".join(p for p in (low, high) if p)


@cache
def _expected(field: str) -> str:
    """What a field accepts, in words, from the same type information msgspec validates with."""
    struct = msgspec.inspect.type_info(Settings)
    assert isinstance(struct, msgspec.inspect.StructType)
    info = next(f.type for f in struct.fields if f.name == field)
    if isinstance(info, msgspec.inspect.IntType):
        bounds = _bounds(info)
        return "a whole number" + (f" {bounds}" if bounds else "")
    if isinstance(info, msgspec.inspect.FloatType):
        bounds = _bounds(info)
        unit = " of seconds" if field.endswith("_timeout") else ""
        return f"a number{unit}" + (f" {bounds}" if bounds else "")
    if isinstance(info, msgspec.inspect.LiteralType):
        return "one of " + ", ".join(str(v) for v in info.values)
    return "a string"


def _invalid(field: str, value: str, why: str) -> ConfigError:
    var = ENV_NAMES[field]
    shown = var if field in _SECRET_FIELDS else f"{var}={value!r}"
    return ConfigError(f"{shown} is invalid: {why}")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Decode settings; a bad value raises ConfigError naming the variable, in one line."""
    env = os.environ if environ is None else environ
    given: dict[str, str] = {}
    for field, var in ENV_NAMES.items():
        value = (env.get(var) or "").strip()
        if value:
            given[field] = value
    raw = {f: v.upper() if f == "log_level" else v for f, v in given.items()}
    for field, value in raw.items():
        expected = _expected(field)
        # msgspec would also take "8080.0" or "1e3" for an integer; a port is written 8080.
        if expected.startswith("a whole number") and not _INTEGER_RE.match(value):
            raise _invalid(field, given[field], f"expected {expected}")
        try:
            # Decode one field at a time so the error names exactly one variable.
            msgspec.convert({field: value}, Settings, strict=False)
        except msgspec.ValidationError:
            raise _invalid(field, given[field], f"expected {expected}") from None
    settings = msgspec.convert(raw, Settings, strict=False)
    if settings.pool_min_size > settings.pool_max_size:
        raise ConfigError(
            f"HYPERNET_POOL_MIN_SIZE={settings.pool_min_size} exceeds "
            f"HYPERNET_POOL_MAX_SIZE={settings.pool_max_size}"
        )
    if settings.database_url is not None:
        _check_database_url(settings.database_url)
    if settings.jwt_secret is not None and len(settings.jwt_secret) < 32:
        raise ConfigError("HYPERNET_JWT_SECRET must be at least 32 characters long")
    return settings


def _check_database_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ConfigError(
            "DATABASE_URL is invalid: it must start with postgresql:// or postgres://"
            + (f" (not {parts.scheme}://)" if parts.scheme else "")
        )
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ConfigError(
            "DATABASE_URL is invalid: its port is not a number from 0 to 65535"
        ) from None
