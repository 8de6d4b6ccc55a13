"""Settings read from the environment, decoded and validated with msgspec."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
SCHEMA_DIR = PROJECT_ROOT / "schema"
MIGRATIONS_DIR = SCHEMA_DIR / "migrations"

Seconds = Annotated[float, msgspec.Meta(gt=0, le=3600)]


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Settings(msgspec.Struct, kw_only=True, frozen=True):
    # Field name -> environment variable: see ENV_NAMES below.
    database_url: str | None = None
    # The schema owner's login, for migrations, seed, purge, maintain and the sql tools; the
    # service logs in with database_url. Unset: database_url serves for both (the service then
    # runs with the owner's privileges, and says so at start-up).
    owner_database_url: str | None = None
    data_dir: str = ".hypernet"
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 8080
    jwt_secret: str | None = None
    access_token_ttl: Annotated[int, msgspec.Meta(ge=30, le=86400)] = 900
    refresh_token_ttl: Annotated[int, msgspec.Meta(ge=60, le=366 * 86400)] = 30 * 86400
    # A session's absolute lifetime from its login: rotating its refresh token never extends it
    # past this (refresh_token_ttl is how long one unused token lives).
    refresh_max_age: Annotated[int, msgspec.Meta(ge=60, le=366 * 86400)] = 30 * 86400
    bcrypt_rounds: Annotated[int, msgspec.Meta(ge=4, le=16)] = 12
    pool_min_size: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 2
    # 32: with 32 concurrent clients on a million media, a pool of 10 left requests queueing
    # behind each other (page of 50: p99 297 ms, 9 times p50, slowest 579 ms); 32 gave p99
    # 115 ms (2.8 times p50), slowest 134 ms and more throughput (scripts/bench_api.py).
    pool_max_size: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 32
    # How long a request may wait for a pooled connection (first come, first served) before it
    # is answered 503 with Retry-After.
    pool_acquire_timeout: Seconds = 1.0
    connect_timeout: Seconds = 10.0
    command_timeout: Seconds = 30.0
    statement_timeout: Seconds = 15.0
    lock_timeout: Seconds = 5.0
    # How long a migrator (`hypernet db migrate`, a starting service) waits for another one
    # before it gives up, saying who holds the lock.
    migration_wait_timeout: Seconds = 600.0
    shutdown_timeout: Seconds = 15.0
    max_body_bytes: Annotated[int, msgspec.Meta(ge=1024, le=256 * 1024 * 1024)] = 8 * 1024 * 1024
    # How long a request body may take to arrive, whole, before the request is answered 408: a
    # client trickling a body (slowloris) ties up a task and a socket, never a connection of the
    # pool, and not for longer than this. 10 s carries the largest body (8 MiB) at ~7 Mbit/s.
    body_timeout: Seconds = 10.0
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # text (as always) or json: one JSON object per line (hypernet/core/logs.py).
    log_format: Literal["text", "json"] = "text"
    # A named query slower than this is logged with its name and duration (never its parameters).
    slow_query_ms: Annotated[int, msgspec.Meta(ge=0, le=3_600_000)] = 250
    # Read replicas (streaming standbys of DATABASE_URL's server), comma-separated URLs logging
    # in as the service's role: the named queries marked `replica: yes` are read from them
    # (hypernet/db/replicas.py). A replica more than replica_max_lag seconds behind, or down, is
    # skipped; replication is watched every replica_check_interval seconds.
    replica_urls: str | None = None
    replica_max_lag: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 1.0
    replica_check_interval: Annotated[float, msgspec.Meta(ge=0.05, le=60)] = 0.25
    # host:port of the Prometheus /metrics listener, apart from the API; unset: no listener.
    metrics_address: str | None = None
    # The metrics listener may bind a non-loopback address only when this says so.
    metrics_public: bool = False
    # `key_id:base64key,...` (AES-256: 32 bytes each) and the id of the one new secrets use.
    secret_keys: str | None = None
    secret_key_id: str | None = None
    # Retention of the monthly-partitioned tables, in days: `hypernet db maintain` drops a month
    # once every row of it is older. 0 keeps every month (locations and health records, unless
    # set); the audit log keeps a year.
    audit_retention_days: Annotated[int, msgspec.Meta(ge=0, le=36500)] = 365
    location_retention_days: Annotated[int, msgspec.Meta(ge=0, le=36500)] = 0
    health_retention_days: Annotated[int, msgspec.Meta(ge=0, le=36500)] = 0
    # Rate limits of login, registration, refresh and password checks (each counted apart): at
    # most so many attempts per window from one client address and for one account (e-mail, or
    # user for refresh and password changes), then 429 with Retry-After until the window ends.
    # Per address looser than per account: several people may share an address (a NAT).
    rate_limit_window: Annotated[int, msgspec.Meta(ge=1, le=86400)] = 300
    rate_limit_per_address: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] = 30
    rate_limit_per_account: Annotated[int, msgspec.Meta(ge=1, le=1_000_000)] = 10
    # So many failed logins of one account within login_lockout_seconds lock its password login
    # for login_lockout_seconds (429 with Retry-After, even for the right password), audited.
    login_lockout_threshold: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 10
    login_lockout_seconds: Annotated[int, msgspec.Meta(ge=1, le=86400)] = 900

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).resolve()

    @property
    def replica_url_list(self) -> tuple[str, ...]:
        return tuple(u.strip() for u in (self.replica_urls or "").split(",") if u.strip())

    def __repr__(self) -> str:
        # Keys and credentials stay out of tracebacks and logs that print the settings.
        shown = (
            f"{name}={'<hidden>' if name in _HIDDEN_IN_REPR else repr(value)}"
            for name in self.__struct_fields__
            if (value := getattr(self, name)) is not None
        )
        return f"Settings({', '.join(shown)})"


_HIDDEN_IN_REPR = frozenset(
    {"database_url", "owner_database_url", "replica_urls", "jwt_secret", "secret_keys"}
)


ENV_NAMES: dict[str, str] = {
    "database_url": "DATABASE_URL",
    "owner_database_url": "HYPERNET_OWNER_DATABASE_URL",
    "data_dir": "HYPERNET_DATA_DIR",
    "host": "HYPERNET_HOST",
    "port": "HYPERNET_PORT",
    "jwt_secret": "HYPERNET_JWT_SECRET",
    "access_token_ttl": "HYPERNET_ACCESS_TOKEN_TTL",
    "refresh_token_ttl": "HYPERNET_REFRESH_TOKEN_TTL",
    "refresh_max_age": "HYPERNET_REFRESH_MAX_AGE",
    "bcrypt_rounds": "HYPERNET_BCRYPT_ROUNDS",
    "pool_min_size": "HYPERNET_POOL_MIN_SIZE",
    "pool_max_size": "HYPERNET_POOL_MAX_SIZE",
    "pool_acquire_timeout": "HYPERNET_POOL_ACQUIRE_TIMEOUT",
    "connect_timeout": "HYPERNET_CONNECT_TIMEOUT",
    "command_timeout": "HYPERNET_COMMAND_TIMEOUT",
    "statement_timeout": "HYPERNET_STATEMENT_TIMEOUT",
    "lock_timeout": "HYPERNET_LOCK_TIMEOUT",
    "migration_wait_timeout": "HYPERNET_MIGRATION_WAIT_TIMEOUT",
    "shutdown_timeout": "HYPERNET_SHUTDOWN_TIMEOUT",
    "max_body_bytes": "HYPERNET_MAX_BODY_BYTES",
    "body_timeout": "HYPERNET_BODY_TIMEOUT",
    "log_level": "HYPERNET_LOG_LEVEL",
    "log_format": "HYPERNET_LOG_FORMAT",
    "slow_query_ms": "HYPERNET_SLOW_QUERY_MS",
    "replica_urls": "HYPERNET_REPLICA_URLS",
    "replica_max_lag": "HYPERNET_REPLICA_MAX_LAG",
    "replica_check_interval": "HYPERNET_REPLICA_CHECK_INTERVAL",
    "metrics_address": "HYPERNET_METRICS_ADDRESS",
    "metrics_public": "HYPERNET_METRICS_PUBLIC",
    "secret_keys": "HYPERNET_SECRET_KEYS",
    "secret_key_id": "HYPERNET_SECRET_KEY_ID",
    "audit_retention_days": "HYPERNET_AUDIT_RETENTION_DAYS",
    "location_retention_days": "HYPERNET_LOCATION_RETENTION_DAYS",
    "health_retention_days": "HYPERNET_HEALTH_RETENTION_DAYS",
    "rate_limit_window": "HYPERNET_RATE_LIMIT_WINDOW",
    "rate_limit_per_address": "HYPERNET_RATE_LIMIT_PER_ADDRESS",
    "rate_limit_per_account": "HYPERNET_RATE_LIMIT_PER_ACCOUNT",
    "login_lockout_threshold": "HYPERNET_LOGIN_LOCKOUT_THRESHOLD",
    "login_lockout_seconds": "HYPERNET_LOGIN_LOCKOUT_SECONDS",
}


# Values never echoed in an error message: they are (or contain) credentials.
_SECRET_FIELDS = frozenset(
    {"database_url", "owner_database_url", "replica_urls", "jwt_secret", "secret_keys"}
)
_INTEGER_RE = re.compile(r"^[+-]?[0-9]+$")
_LOWER_CASE = frozenset({"log_format", "metrics_public"})


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
        unit = " of seconds" if field.endswith(("_timeout", "_lag", "_interval")) else ""
        return f"a number{unit}" + (f" {bounds}" if bounds else "")
    if isinstance(info, msgspec.inspect.LiteralType):
        return "one of " + ", ".join(str(v) for v in info.values)
    if isinstance(info, msgspec.inspect.BoolType):
        return "true or false"
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
    raw: dict[str, str] = {
        f: v.upper() if f == "log_level" else v.lower() if f in _LOWER_CASE else v
        for f, v in given.items()
    }
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
    if settings.owner_database_url is not None:
        if settings.database_url is None:
            raise ConfigError(
                "HYPERNET_OWNER_DATABASE_URL is set but DATABASE_URL is not: the service logs in "
                "with DATABASE_URL, the owner's URL is for migrations and tools"
            )
        _check_database_url(settings.owner_database_url, "HYPERNET_OWNER_DATABASE_URL")
    if settings.replica_urls is not None:
        if settings.database_url is None:
            raise ConfigError(
                "HYPERNET_REPLICA_URLS is set but DATABASE_URL is not: replicas follow a server "
                "you run, the embedded one has none"
            )
        urls = settings.replica_url_list
        if not urls:
            raise ConfigError("HYPERNET_REPLICA_URLS is invalid: it names no URL")
        for number, url in enumerate(urls, 1):
            _check_database_url(url, f"HYPERNET_REPLICA_URLS (URL {number})")
    if settings.metrics_address is not None:
        metrics_listen_address(settings)
    if settings.jwt_secret is not None and len(settings.jwt_secret) < 32:
        raise ConfigError("HYPERNET_JWT_SECRET must be at least 32 characters long")
    secret_keys(settings)
    return settings


def _check_database_url(url: str, var: str = "DATABASE_URL") -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ConfigError(
            f"{var} is invalid: it must start with postgresql:// or postgres://"
            + (f" (not {parts.scheme}://)" if parts.scheme else "")
        )
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ConfigError(f"{var} is invalid: its port is not a number from 0 to 65535") from None


def metrics_listen_address(settings: Settings) -> tuple[str, int] | None:
    """Where the metrics listener binds: (host, port) from HYPERNET_METRICS_ADDRESS, or None.

    `/metrics` answers without authentication (Prometheus scrapes it plainly), and it tells
    traffic, routes and failure rates, so by default it binds only a loopback address (a scraper
    on the same host, or a sidecar); any other address needs HYPERNET_METRICS_PUBLIC=true, a
    decision the operator makes (behind a firewall or a private network).
    """
    value = settings.metrics_address
    if value is None:
        return None
    host, colon, port_text = value.rpartition(":")
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ConfigError(
            f"HYPERNET_METRICS_ADDRESS={value!r} is invalid: expected host:port, such as "
            "127.0.0.1:9464 or [::1]:9464 (the port from 1 to 65535)"
        )
    if not settings.metrics_public and not _is_loopback(host):
        raise ConfigError(
            f"HYPERNET_METRICS_ADDRESS={value!r} is not a loopback address: /metrics has no "
            "authentication, so it listens on 127.0.0.1, ::1 or localhost unless "
            "HYPERNET_METRICS_PUBLIC=true says that this address is meant"
        )
    return host, int(port_text)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        # A host name other than localhost may resolve anywhere.
        return False


SECRET_KEY_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SECRET_KEY_BYTES = 32


def parse_secret_keys(value: str, var: str = "HYPERNET_SECRET_KEYS") -> dict[str, bytes]:
    """`key_id:base64key,...` -> {key_id: 32 key bytes}; errors name the entry, never the key."""
    keys: dict[str, bytes] = {}
    for number, entry in enumerate((e.strip() for e in value.split(",")), start=1):
        if not entry:
            continue
        key_id, colon, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not colon or not SECRET_KEY_ID_RE.match(key_id):
            raise ConfigError(
                f"{var} is invalid: entry {number} is not key_id:base64key (a key id is 1 to 64 "
                "letters, digits, '.', '_' or '-')"
            )
        if key_id in keys:
            raise ConfigError(f"{var} is invalid: key id {key_id!r} is given twice")
        text = encoded.strip().replace("-", "+").replace("_", "/")
        try:
            key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(f"{var} is invalid: key {key_id!r} is not base64") from None
        if len(key) != SECRET_KEY_BYTES:
            raise ConfigError(
                f"{var} is invalid: key {key_id!r} is {len(key)} bytes; AES-256 needs "
                f"{SECRET_KEY_BYTES} (make one with: openssl rand -base64 32)"
            )
        keys[key_id] = key
    if not keys:
        raise ConfigError(f"{var} is invalid: it holds no key_id:base64key entry")
    return keys


def secret_keys(settings: Settings) -> tuple[dict[str, bytes], str] | None:
    """The configured secret keys and the current key id; None when none is configured."""
    if settings.secret_keys is None:
        if settings.secret_key_id is not None:
            raise ConfigError("HYPERNET_SECRET_KEY_ID is set but HYPERNET_SECRET_KEYS is not")
        return None
    keys = parse_secret_keys(settings.secret_keys)
    current = settings.secret_key_id
    if current is None:
        if len(keys) > 1:
            raise ConfigError(
                "HYPERNET_SECRET_KEY_ID is missing: it must name the current key when "
                "HYPERNET_SECRET_KEYS holds more than one"
            )
        current = next(iter(keys))
    if current not in keys:
        raise ConfigError(
            f"HYPERNET_SECRET_KEY_ID={current!r} names no key in HYPERNET_SECRET_KEYS "
            f"(it holds {', '.join(keys)})"
        )
    return keys, current
