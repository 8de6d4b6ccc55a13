"""Deterministic synthetic data for every table, bulk-loaded with COPY: `hypernet seed`.

The same seed, user count and scale always give the same rows (ids, timestamps, values), so a
plan baseline made on one machine holds on another. Shape of the data, chosen to look like a real
installation rather than a uniform grid:

- users: sign-ups spread over eight years, a few soft-deleted, mixed-case e-mail addresses (the
  lookup table `user_emails` holds the lower-cased form, written in the same transaction);
- media: Zipf-distributed per user (a few heavy users with tens of thousands of items, many light
  ones with a few dozen), mostly photos, timestamps over ten years, some without `taken_at`, a few
  percent in the trash, about a third imported from an external service, and a `camera` in the
  metadata drawn from a skewed set with one rare model.
- integrations: a few per user (Google Photos, iCloud, Instagram, Gmail, ...), some in the trash,
  most with OAuth tokens sealed by hypernet/crypto.py (most under key `seed-2`, a few still under
  `seed-1`, as half-way through a key rotation; both keys are SEED_SECRET_KEYS below); imported
  media name the user's integration of their platform, when the user has one.

Every table is one loader function; a later table (albums, links, ...) is one more function
appended to `LOADERS`. Rows are generated in plain Python from precomputed tables and streamed to
`COPY ... FROM STDIN (FORMAT binary)` while they are generated, so client and server work at once.
"""

from __future__ import annotations

import functools
import hashlib
import random
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

import asyncpg
import msgspec

from hypernet.config import Settings
from hypernet.crypto import Keyring
from hypernet.db import connect
from hypernet.queries import query

DEFAULT_USERS = 2000
DEFAULT_SCALE = 1.0
DEFAULT_SEED = 1
# Media per user at scale 1.0, on average; the Zipf skew decides who gets how many.
MEDIA_PER_USER = 100
ZIPF_EXPONENT = 1.0

# The data's "now". Fixed, so the same seed gives the same rows whatever the day it runs.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)
# Every seeded account logs in with this password (bcrypt, cost 12), so the API can be tried on
# seeded data; one fixed hash because hashing per user would cost a quarter of a second each.
SEED_PASSWORD = "hypernet-seed"
SEED_PASSWORD_HASH = "$2b$12$c9n3NqXLVW64xVzA2QocYOftULQk.YzhhOfE1qCwQA9xKFOnC559u"

_EMPTY_USERS = query("tooling/first_user")
_TRUNCATE = query("tooling/truncate_seeded")
_VACUUM_ANALYZE = query("tooling/vacuum_analyze")
_SKIP_TRIGGERS = query("tooling/skip_triggers_for_load")

_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_ANCHOR_US = int((ANCHOR - _PG_EPOCH).total_seconds()) * 1_000_000
_DAY_US = 86_400 * 1_000_000
_YEAR_US = 365 * _DAY_US
# Random 128-bit numbers turned into RFC 4122 version 4 UUIDs, like gen_random_uuid() makes.
_UUID_CLEAR = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_UUID_SET = (0x4 << 76) | (0x2 << 62)


class SeedError(Exception):
    """The database cannot be seeded as asked (it already holds data, or a bad size)."""


@dataclass(frozen=True, slots=True)
class SeedConfig:
    users: int = DEFAULT_USERS
    scale: float = DEFAULT_SCALE
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        if self.users < 1:
            raise SeedError("--users must be at least 1")
        if not 0 < self.scale <= 10_000:
            raise SeedError("--scale must be greater than 0 (and at most 10000)")

    @property
    def media_total(self) -> int:
        return round(self.users * MEDIA_PER_USER * self.scale)


@dataclass
class SeedReport:
    counts: dict[str, int]
    load_seconds: float
    analyze_seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.load_seconds if self.load_seconds > 0 else float("inf")

    def summary(self) -> str:
        tables = ", ".join(f"{name} {n:,}" for name, n in self.counts.items())
        return (
            f"seeded {self.rows:,} rows ({tables}) in {self.load_seconds:.2f} s: "
            f"{self.rows_per_second:,.0f} rows/s; VACUUM ANALYZE {self.analyze_seconds:.2f} s"
        )


class Progress:
    """A progress bar redrawn in place on a terminal; elsewhere (a log, CI) a line at every
    quarter, so the output stays short."""

    def __init__(self, total: int, stream: TextIO | None = sys.stderr, width: int = 30) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.width = width
        self.started = time.perf_counter()
        self._shown = -1
        self._tty = bool(stream is not None and stream.isatty())

    def advance(self, rows: int, label: str) -> None:
        self.done += rows
        if self.stream is None:
            return
        percent = min(100, self.done * 100 // self.total)
        # Redraw only when the percentage moves (a write per row would cost more than the row),
        # and off a terminal only when it passes the next quarter.
        step = 1 if self._tty else 25
        if self._shown >= 0 and percent // step == self._shown // step:
            return
        self._shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        line = f"[{bar}] {percent:3d}% {self.done:,} rows {rate:,.0f} rows/s  {label}"
        if self._tty:
            self.stream.write("\r" + line.ljust(100)[:100])
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and self._tty:
            self.stream.write("\n")
            self.stream.flush()


@dataclass(frozen=True, slots=True)
class SeededUser:
    number: int
    id: str
    created_at: int
    media_count: int


@dataclass
class SeedContext:
    """What every loader gets: the connection, its own random stream, and the users so far."""

    conn: asyncpg.Connection
    config: SeedConfig
    rng: random.Random
    progress: Progress
    users: list[SeededUser] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # user id -> media source_platform -> the id of the user's integration importing from it
    integrations: dict[str, dict[str, str]] = field(default_factory=dict)

    def new_uuid(self) -> str:
        # Same text as "%032x" formatting, at half the cost.
        return ((self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET).to_bytes(16).hex()

    async def copy(
        self, table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]
    ) -> None:
        counter = _Counted(rows, self.progress, table)
        await self.conn.copy_records_to_table(table, columns=list(columns), records=counter)
        self.counts[table] = self.counts.get(table, 0) + counter.count


class _Counted:
    """Counts rows on their way to COPY and moves the progress bar every few thousand."""

    STEP = 5000

    def __init__(self, rows: Iterator[tuple[Any, ...]], progress: Progress, label: str) -> None:
        self.rows = rows
        self.progress = progress
        self.label = label
        self.count = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        step = self.STEP
        pending = 0
        for row in self.rows:
            yield row
            pending += 1
            if pending == step:
                self.count += pending
                self.progress.advance(pending, self.label)
                pending = 0
        self.count += pending
        self.progress.advance(pending, self.label)


# -- users --------------------------------------------------------------------------------------

_FIRST = (
    "Ada Alan Grace Edsger Barbara Donald Frances Ken Margaret Dennis Radia Tim Hedy Linus Karen "
    "Niklaus Sophie John Anita Guido Lynn Bjarne Shafi Leslie Jean Fran Adele Kathleen Yukihiro "
    "Joan"
).split()
_LAST = (
    "Lovelace Turing Hopper Dijkstra Liskov Knuth Allen Thompson Hamilton Ritchie Perlman "
    "Berners-Lee Lamarr Torvalds Jones Wirth Wilson McCarthy Borg Rossum Conway Stroustrup "
    "Goldwasser Lamport Sammet Bilas Goldberg Booth Matsumoto Clarke"
).split()
_DOMAINS = ("example.com", "Example.org", "mail.example.net", "EXAMPLE.io")


def _zipf_counts(rng: random.Random, users: int, total: int) -> list[int]:
    """Split `total` rows over `users` by rank^-s, then hand the ranks out at random."""
    weights = [1.0 / (rank**ZIPF_EXPONENT) for rank in range(1, users + 1)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    # The rounding remainder goes to the heaviest users, so the total is exact.
    for i in range(total - sum(counts)):
        counts[i % users] += 1
    rng.shuffle(counts)
    return counts


async def load_users(ctx: SeedContext) -> None:
    rng = ctx.rng
    rand = rng.random
    counts = _zipf_counts(rng, ctx.config.users, ctx.config.media_total)
    users: list[SeededUser] = []
    user_rows: list[tuple[Any, ...]] = []
    email_rows: list[tuple[Any, ...]] = []
    for number in range(ctx.config.users):
        first = _FIRST[int(rand() * len(_FIRST))]
        last = _LAST[int(rand() * len(_LAST))]
        domain = _DOMAINS[int(rand() * len(_DOMAINS))]
        email = f"{first}.{last}.{number}@{domain}"
        user_id = ctx.new_uuid()
        # Sign-ups over the eight years before the anchor.
        created = _ANCHOR_US - int(rand() * 8 * _YEAR_US)
        deleted = created + int(rand() * (_ANCHOR_US - created)) if rand() < 0.005 else None
        users.append(SeededUser(number, user_id, created, counts[number]))
        user_rows.append(
            (
                user_id,
                email,
                SEED_PASSWORD_HASH,
                f"{first} {last}",
                created,
                created,
                deleted,
                "{}",
            )
        )
        email_rows.append((email.lower(), user_id, created))
    ctx.users = users
    await ctx.copy(
        "users",
        (
            "id",
            "email",
            "password_hash",
            "display_name",
            "created_at",
            "updated_at",
            "deleted_at",
            "metadata",
        ),
        iter(user_rows),
    )
    await ctx.copy("user_emails", ("email_lower", "user_id", "created_at"), iter(email_rows))


# -- media --------------------------------------------------------------------------------------

# (weight, media_type, mime_type, extension, prefix, dimensions or None, duration range or None)
_KINDS: tuple[tuple[int, str, str, str, str, bool, tuple[float, float] | None], ...] = (
    (70, "photo", "image/jpeg", "jpg", "IMG_", True, None),
    (10, "photo", "image/heic", "heic", "IMG_", True, None),
    (5, "photo", "image/png", "png", "Screenshot_", True, None),
    (8, "video", "video/mp4", "mp4", "VID_", True, (2.0, 600.0)),
    (2, "video", "video/quicktime", "mov", "MOV_", True, (2.0, 120.0)),
    (2, "audio", "audio/mpeg", "mp3", "REC_", False, (5.0, 3600.0)),
    (3, "document", "application/pdf", "pdf", "DOC_", False, None),
)
_KIND_TABLE = [kind for kind in _KINDS for _ in range(kind[0])]
_DIMENSIONS = ((4032, 3024), (3024, 4032), (4000, 3000), (1920, 1080), (1080, 1920), (6000, 4000))
# Cameras with a long tail; the last one is rare on purpose (a metadata filter that should hit
# the GIN index rather than walk a heavy user's whole list).
_CAMERAS: tuple[tuple[int, str], ...] = (
    (400, "iPhone 15 Pro"),
    (250, "Pixel 8"),
    (150, "Galaxy S23"),
    (100, "Canon EOS R5"),
    (60, "Fujifilm X100V"),
    (37, "Sony A7 IV"),
    (3, "Leica M6"),
)
_CAMERA_TABLE = [name for weight, name in _CAMERAS for _ in range(weight)]
_PLATFORMS = (("google_photos", "gp-"), ("icloud", "ic-"), ("instagram", "ig-"))
_ENCODE = msgspec.json.Encoder().encode


def _metadata_choices() -> dict[tuple[str, int], str]:
    """Metadata documents, encoded once: a row picks one instead of encoding its own."""
    choices: dict[tuple[str, int], str] = {}
    for camera in sorted({name for _, name in _CAMERAS}):
        for iso in (100, 200, 400, 800, 1600, 3200):
            choices[(camera, iso)] = _ENCODE({"camera": camera, "iso": iso}).decode()
    return choices


def _media_rows(ctx: SeedContext, users: Sequence[SeededUser]) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    kinds = _KIND_TABLE
    n_kinds = len(kinds)
    cameras = _CAMERA_TABLE
    n_cameras = len(cameras)
    metadata = _metadata_choices()
    isos = (100, 200, 400, 800, 1600, 3200)
    dims = _DIMENSIONS
    clear, setv = _UUID_CLEAR, _UUID_SET
    anchor, day, year = _ANCHOR_US, _DAY_US, _YEAR_US
    for user in users:
        uid = user.id
        folder = f"u{user.number:06d}"
        imported = [0, 0, 0]
        through = ctx.integrations.get(uid, {})
        # Photos go back up to ten years (older than the account: people import their past).
        for k in range(user.media_count):
            kind = kinds[int(rand() * n_kinds)]
            media_type = kind[1]
            taken = anchor - int(rand() * rand() * 10 * year) - day
            created = taken + int(rand() * 30 * day)
            if created < user.created_at:
                created = user.created_at + int(rand() * day)
            if created > anchor:
                created = anchor - int(rand() * day)
            width = height = None
            if kind[5]:
                width, height = dims[int(rand() * 6)]
            duration = None
            if kind[6] is not None:
                low, high = kind[6]
                duration = round(low + rand() * rand() * (high - low), 3)
            if media_type == "document" or kind[4] == "Screenshot_":
                meta = "{}"
                taken_at = None
            else:
                meta = metadata[(cameras[int(rand() * n_cameras)], isos[int(rand() * 6)])]
                # Some cameras record no time: those sort by when the item was stored.
                taken_at = None if rand() < 0.06 else taken
            deleted = None
            if rand() < 0.03:
                deleted = anchor - int(rand() * 90 * day)
                if deleted < created:
                    deleted = created
            platform = object_id = integration = None
            if rand() < 0.3:
                p = int(rand() * 3)
                imported[p] += 1
                platform, prefix = _PLATFORMS[p]
                object_id = f"{prefix}{imported[p]}"
                integration = through.get(platform)
            filename = f"{kind[4]}{k:05d}.{kind[3]}"
            yield (
                uid,
                ((bits(128) & clear) | setv).to_bytes(16).hex(),
                filename,
                media_type,
                kind[2],
                int(rand() * rand() * 20_000_000) + 1000,
                f"{folder}/{filename}",
                bits(256).to_bytes(32).hex(),
                width,
                height,
                duration,
                taken_at,
                created,
                created,
                deleted,
                meta,
                integration,
                platform,
                object_id,
            )


_MEDIA_COLUMNS = (
    "user_id",
    "id",
    "filename",
    "media_type",
    "mime_type",
    "size",
    "file_path",
    "hash",
    "width",
    "height",
    "duration",
    "taken_at",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_integration_id",
    "source_platform",
    "source_object_id",
)
# One COPY per this many rows: bounds memory-free streaming chunks and statement time alike.
_MEDIA_CHUNK = 100_000


async def load_media(ctx: SeedContext) -> None:
    # Users go out in groups so that a group's rows share heap pages only loosely, like rows that
    # arrived over years, while each COPY stays one bounded statement.
    group: list[SeededUser] = []
    size = 0
    for user in ctx.users:
        group.append(user)
        size += user.media_count
        if size >= _MEDIA_CHUNK:
            await ctx.copy("media", _MEDIA_COLUMNS, _media_rows(ctx, group))
            group, size = [], 0
    if group:
        await ctx.copy("media", _MEDIA_COLUMNS, _media_rows(ctx, group))


# -- integrations -------------------------------------------------------------------------------

# (probability a user has it, integration_type, the media source_platform it imports or None)
_INTEGRATION_KINDS: tuple[tuple[float, str, str | None], ...] = (
    (0.6, "google_photos", "google_photos"),
    (0.3, "icloud_photos", "icloud"),
    (0.3, "instagram", "instagram"),
    (0.35, "gmail", None),
    (0.15, "google_calendar", None),
    (0.1, "spotify", None),
)
_INTEGRATION_STATUSES = ("active",) * 16 + ("paused", "paused", "revoked", "error")
# The keys seeded secrets are sealed under: `seed-2` is current, `seed-1` is the old key of a
# rotation that is half done. Not secret (derived from a fixed text); only for seeded data.
SEED_SECRET_KEYS = {
    key_id: hashlib.sha256(f"hypernet-seed-secret-key/{key_id}".encode()).digest()
    for key_id in ("seed-1", "seed-2")
}
_INTEGRATION_COLUMNS = (
    "user_id",
    "id",
    "integration_type",
    "display_name",
    "status",
    "sync_cursor",
    "last_synced_at",
    "last_error",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
)
_SECRET_COLUMNS = (
    "user_id",
    "integration_id",
    "key_id",
    "access_token",
    "refresh_token",
    "expires_at",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class _PlannedIntegration:
    """One integration to seed, drawn before any row is written (so the count is exact)."""

    user_number: int
    id: str
    kind: str
    platform: str | None
    status: str
    created_at: float  # fraction of the way from the user's sign-up to the anchor
    deleted_at: float | None  # fraction of the way from its creation to the anchor
    synced_ago: int  # microseconds before the anchor
    cursor: int
    secret_key: str | None  # the key its tokens are sealed under; None: no tokens
    expires_in: int


@functools.cache
def _plan_integrations(users: int, seed: int) -> tuple[_PlannedIntegration, ...]:
    """Every integration to seed, from a random stream of its own: adding this table left every
    row of the tables before it as it was."""
    rng = random.Random(f"integrations/{seed}")
    rand = rng.random
    planned: list[_PlannedIntegration] = []
    for number in range(users):
        for chance, kind, platform in _INTEGRATION_KINDS:
            if rand() >= chance:
                continue
            integration_id = f"{(rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET:032x}"
            status = _INTEGRATION_STATUSES[int(rand() * len(_INTEGRATION_STATUSES))]
            # A few are in the trash; their imported media stay, and keep naming them.
            deleted = rand() if rand() < 0.05 else None
            key = None
            if status != "revoked" and rand() >= 0.1:
                key = "seed-1" if rand() < 0.05 else "seed-2"
            planned.append(
                _PlannedIntegration(
                    number,
                    integration_id,
                    kind,
                    platform,
                    status,
                    rand(),
                    deleted,
                    int(rand() * 7 * _DAY_US),
                    int(rand() * 1e9),
                    key,
                    int(rand() * _DAY_US),
                )
            )
    return tuple(planned)


def _integration_rows(config: SeedConfig) -> tuple[int, int]:
    """(integrations, integration_secrets) the loader writes."""
    planned = _plan_integrations(config.users, config.seed)
    return len(planned), sum(1 for p in planned if p.secret_key is not None)


async def load_integrations(ctx: SeedContext) -> None:
    """A few integrations per user, most with tokens sealed by hypernet/crypto.py."""
    keyrings = {key_id: Keyring(SEED_SECRET_KEYS, key_id) for key_id in SEED_SECRET_KEYS}
    anchor = _ANCHOR_US
    integrations: list[tuple[Any, ...]] = []
    secrets: list[tuple[Any, ...]] = []
    for p in _plan_integrations(ctx.config.users, ctx.config.seed):
        user = ctx.users[p.user_number]
        created = user.created_at + int(p.created_at * (anchor - user.created_at))
        deleted = None if p.deleted_at is None else created + int(p.deleted_at * (anchor - created))
        synced = None if p.status == "revoked" else anchor - p.synced_ago
        if p.platform is not None:
            ctx.integrations.setdefault(user.id, {})[p.platform] = p.id
        integrations.append(
            (
                user.id,
                p.id,
                p.kind,
                f"{p.kind.replace('_', ' ').title()} of user {user.number}",
                p.status,
                None if synced is None else f"cursor-{p.cursor}",
                synced,
                "the provider answered 401" if p.status == "error" else None,
                created,
                synced or created,
                deleted,
                "{}",
            )
        )
        if p.secret_key is None:
            continue
        keyring = keyrings[p.secret_key]
        uid, iid = _uuid(user.id), _uuid(p.id)
        secrets.append(
            (
                user.id,
                p.id,
                p.secret_key,
                # The nonce is random: the same seed gives the same rows but not the same bytes.
                keyring.seal(
                    f"seed-access-{p.id}", user_id=uid, integration_id=iid, column="access_token"
                ),
                keyring.seal(
                    f"seed-refresh-{p.id}", user_id=uid, integration_id=iid, column="refresh_token"
                ),
                anchor + p.expires_in,
                created,
                synced or created,
            )
        )
    await ctx.copy("integrations", _INTEGRATION_COLUMNS, iter(integrations))
    await ctx.copy("integration_secrets", _SECRET_COLUMNS, iter(secrets))


def _uuid(text: str) -> uuid.UUID:
    return uuid.UUID(hex=text)


# -- refresh_tokens -----------------------------------------------------------------------------

# Refresh tokens per user at scale 1.0, on average. Heavy users (the same Zipf skew) hold more:
# more devices, more sessions, more rotations.
REFRESH_TOKENS_PER_USER = 20
_TOKEN_TTL_US = 30 * _DAY_US
_USER_AGENTS = (
    "Hypernet/2.3 (iPhone; iOS 17.2)",
    "Hypernet/2.3 (Android 14; Pixel 8)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/121.0",
    "hypernet-sync/0.9",
)
# How a session that is no longer live ended, weighted: most by logout, a few by theft.
_REVOKE_REASONS = ("logout",) * 6 + ("logout_all",) * 2 + ("password_change", "reuse")
_TOKEN_COLUMNS = (
    "user_id",
    "id",
    "family_id",
    "token_hash",
    "created_at",
    "expires_at",
    "rotated_at",
    "replaced_by",
    "revoked_at",
    "revoke_reason",
    "user_agent",
    "client_addr",
)


def _refresh_token_total(config: SeedConfig) -> int:
    return round(config.users * REFRESH_TOKENS_PER_USER * config.scale)


def _refresh_token_rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    """Each user's tokens as sessions: a chain of rotations a few hours to two days apart,
    whose last token is current (live) or was revoked; every other token is rotated."""
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    new_uuid = ctx.new_uuid
    anchor, day = _ANCHOR_US, _DAY_US
    for user, count in zip(users, counts, strict=True):
        left = count
        while left > 0:
            length = min(left, 1 + int(rand() * rand() * 60))
            left -= length
            family = new_uuid()
            agent = _USER_AGENTS[int(rand() * len(_USER_AGENTS))]
            addr = f"10.{int(rand() * 256)}.{int(rand() * 256)}.{int(rand() * 256)}"
            created = anchor - int(rand() * (anchor - user.created_at))
            ids = [new_uuid() for _ in range(length)]
            revoke = rand() < 0.6
            reason = _REVOKE_REASONS[int(rand() * len(_REVOKE_REASONS))] if revoke else None
            for i in range(length):
                last = i == length - 1
                next_created = created + int(rand() * 2 * day) + 3_600_000_000
                yield (
                    user.id,
                    ids[i],
                    family,
                    bits(256).to_bytes(32, "big"),
                    created,
                    created + _TOKEN_TTL_US,
                    None if last else next_created,
                    None if last else ids[i + 1],
                    next_created if last and revoke else None,
                    reason if last else None,
                    agent,
                    addr,
                )
                created = next_created


async def load_refresh_tokens(ctx: SeedContext) -> None:
    counts = _zipf_counts(ctx.rng, len(ctx.users), _refresh_token_total(ctx.config))
    for start in range(0, len(ctx.users), 2000):
        group = ctx.users[start : start + 2000]
        await ctx.copy(
            "refresh_tokens",
            _TOKEN_COLUMNS,
            _refresh_token_rows(ctx, group, counts[start : start + 2000]),
        )


Loader = Callable[[SeedContext], Awaitable[None]]

# In foreign-key order. A new table is one more loader here.
# The load runs with triggers off, foreign-key checks included (session_replication_role =
# replica, what pg_restore does for a data-only restore): checking each media row's user costs as
# much as storing the row. So a loader writes rows that are consistent by construction, and
# fills in itself whatever a trigger would maintain (updated_at, counts such as album media_count).
LOADERS: tuple[Loader, ...] = (load_users, load_integrations, load_media, load_refresh_tokens)


def planned_rows(config: SeedConfig) -> int:
    """Rows the loaders will write, for the progress bar."""
    return (
        2 * config.users
        + config.media_total
        + _refresh_token_total(config)
        + sum(_integration_rows(config))
    )


async def _prepare_connection(conn: asyncpg.Connection) -> None:
    """Binary COPY with the cheapest encodings: timestamps as integers, JSON as ready text."""
    # Microseconds since 2000-01-01 UTC are PostgreSQL's own timestamp format, so rows carry
    # plain integers instead of datetime objects (several times faster to make and to encode).
    await conn.set_type_codec(
        "timestamptz",
        schema="pg_catalog",
        encoder=_as_tuple,
        decoder=_first,
        format="tuple",
    )
    # The default jsonb codec takes already-encoded text, which the rows hold.
    await conn.reset_type_codec("jsonb", schema="pg_catalog")


async def _skip_triggers(conn: asyncpg.Connection) -> None:
    """No trigger fires during the load, foreign-key checks included (see LOADERS)."""
    try:
        await conn.fetchval(_SKIP_TRIGGERS.sql)
    except asyncpg.InsufficientPrivilegeError:
        raise SeedError(
            "seeding loads with triggers off (session_replication_role = replica, as pg_restore "
            "does), which needs a superuser or, on PostgreSQL 15 and later, "
            "GRANT SET ON PARAMETER session_replication_role TO <role>"
        ) from None


def _as_tuple(value: int) -> tuple[int]:
    return (value,)


def _first(value: tuple[int]) -> int:
    return value[0]


async def seed(
    conn: asyncpg.Connection,
    config: SeedConfig,
    *,
    reset: bool = False,
    progress_stream: TextIO | None = sys.stderr,
) -> SeedReport:
    """Fill the database in one transaction (all or nothing), then VACUUM and ANALYZE it."""
    if await conn.fetchval(_EMPTY_USERS.sql) is not None:
        if not reset:
            raise SeedError("the database already holds users; pass --reset to replace them")
    await _prepare_connection(conn)
    progress = Progress(planned_rows(config), progress_stream)
    ctx = SeedContext(conn, config, random.Random(config.seed), progress)
    started = time.perf_counter()
    try:
        async with conn.transaction():
            if reset:
                await conn.execute(_TRUNCATE.sql)
            await _skip_triggers(conn)
            for loader in LOADERS:
                # Each loader draws from its own random stream, so that changing one table's
                # loader leaves the rows of every other table (and their plans) as they were.
                ctx.rng = random.Random(f"{config.seed}/{loader.__name__}")
                await loader(ctx)
    finally:
        progress.close()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    await conn.execute(_VACUUM_ANALYZE.sql)
    return SeedReport(dict(ctx.counts), loaded, time.perf_counter() - started)


async def seed_database(
    dsn: str, settings: Settings, config: SeedConfig, **kwargs: Any
) -> SeedReport:
    # A large seed runs long statements (COPY of 100,000 rows, ANALYZE): lift the service's
    # per-statement limits for this one connection.
    settings = msgspec.structs.replace(settings, statement_timeout=3600, command_timeout=3600)
    conn = await connect(dsn, settings, "hypernet-seed")
    try:
        return await seed(conn, config, **kwargs)
    finally:
        await conn.close()
