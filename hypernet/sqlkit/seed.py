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
- albums: about the square root of the user's media count each (a few users none), sizes skewed
  (many small albums, a few with hundreds of items), a few percent in the trash, most with a
  cover; membership as `contains` links in album order (sort_order 1..n), a few removed.
- links: besides membership, `variant_of` (an edit of an item), `duplicate_of` pairs stored as
  two mirror rows, and `source` links from imported media to their integration.
- refresh_tokens: sessions as chains of rotations, Zipf-skewed per user.
- audit_log: Zipf-skewed per user, in time order from sign-up on: logins and refreshes most,
  then the API's writes, each naming the object it touched.

With triggers off during the load, values the triggers maintain (album media_count, covers only
on live media) are computed by the loaders, exactly.

Every table is one loader function; a later table is one more function appended to `LOADERS` (and
its tables named in `LOADER_TABLES`). Rows are generated in plain Python from precomputed tables
and streamed to `COPY ... FROM STDIN (FORMAT binary)` by a task of their own while the next ones
are made, so client and server work at once. The load is one transaction with triggers off; the
seeded tables' secondary indexes are dropped in it and built again from their catalog definitions
once their table is loaded, as pg_restore does (`--keep-indexes` maintains them row by row)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import hashlib
import itertools
import random
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

import asyncpg
import msgspec

from hypernet.core.config import Settings
from hypernet.core.crypto import Keyring
from hypernet.db.pool import connect
from hypernet.db.queries import query

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
_STATISTICS_TARGET = query("tooling/set_statistics_target")
_SKIP_TRIGGERS = query("tooling/skip_triggers_for_load")
_REBUILDABLE_INDEXES = query("tooling/list_rebuildable_indexes")
_DROP_INDEX = query("tooling/drop_index_for_load")
_MAINTENANCE_WORK_MEM = query("tooling/set_local_maintenance_work_mem")
# What each index build after the load may sort in (the setting is local to the transaction).
INDEX_BUILD_MEMORY = "512MB"
# ANALYZE after the load samples 300 times this many rows: every row of a table of the default
# dataset, so its statistics, and the plans made from them, are the same on every run (a random
# sample made close calls, such as a purge's index scan against a bitmap scan, go either way).
ANALYZE_STATISTICS_TARGET = 1000

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
    load_seconds: float  # everything in the load's transaction, index builds included
    analyze_seconds: float
    indexes_built: int = 0  # secondary indexes dropped for the load and built again in it

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.load_seconds if self.load_seconds > 0 else float("inf")

    def summary(self) -> str:
        tables = ", ".join(f"{name} {n:,}" for name, n in self.counts.items())
        built = f" ({self.indexes_built} indexes rebuilt)" if self.indexes_built else ""
        return (
            f"seeded {self.rows:,} rows ({tables}) in {self.load_seconds:.2f} s: "
            f"{self.rows_per_second:,.0f} rows/s{built}; "
            f"VACUUM ANALYZE {self.analyze_seconds:.2f} s"
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

    def expect(self, rows: int) -> None:
        """More rows to come than planned (a table whose size depends on rows made so far)."""
        self.total += rows

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
    # user number -> the ids of the user's media in the order they were made (16 bytes each),
    # and whether each is live (1) or in the trash (0): what albums and links point at.
    media_ids: dict[int, bytes] = field(default_factory=dict)
    media_live: dict[int, bytes] = field(default_factory=dict)
    # user number -> (position, integration id) of each media item imported through one
    media_sources: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    # Where rows go: COPY on the load's connection, between index builds (seed() sets it).
    pipeline: _Pipeline | None = None
    loader: str = ""

    def new_uuid(self) -> str:
        # Same text as "%032x" formatting, at half the cost.
        return ((self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET).to_bytes(16).hex()

    async def copy(
        self, table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]
    ) -> None:
        if table not in LOADER_TABLES.get(self.loader, ()):
            raise SeedError(f"{self.loader} writes {table}: name it in LOADER_TABLES")
        counter = _Counted(rows, self.progress, table)
        if self.pipeline is not None:
            await self.pipeline.copy(table, list(columns), counter)
        else:
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
    # The hot loop of the seeder: names bound to locals, per-kind values unpacked once, and the
    # random draws in a fixed order (changing the order changes every row after it).
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    kinds = [
        (media_type, mime, extension, prefix, has_size, durations, media_type == "document")
        for _, media_type, mime, extension, prefix, has_size, durations in _KIND_TABLE
    ]
    n_kinds = len(kinds)
    n_cameras = len(_CAMERA_TABLE)
    choices = _metadata_choices()
    isos = (100, 200, 400, 800, 1600, 3200)
    # metadata[camera index][iso index]: the encoded document, looked up without a tuple key.
    metadata = [[choices[(camera, iso)] for iso in isos] for camera in _CAMERA_TABLE]
    dims = _DIMENSIONS
    platforms = _PLATFORMS
    clear, setv = _UUID_CLEAR, _UUID_SET
    anchor, day, year = _ANCHOR_US, _DAY_US, _YEAR_US
    for user in users:
        uid = user.id
        signed_up = user.created_at
        folder = f"u{user.number:06d}/"
        imported = [0, 0, 0]
        through = ctx.integrations.get(uid, {})
        ids = bytearray()
        live = bytearray()
        sources: list[tuple[int, str]] = []
        # Photos go back up to ten years (older than the account: people import their past).
        for k in range(user.media_count):
            media_type, mime, extension, prefix, has_size, durations, document = kinds[
                int(rand() * n_kinds)
            ]
            # (The arithmetic as written: floating-point products regrouped give other rows.)
            taken = anchor - int(rand() * rand() * 10 * year) - day
            created = taken + int(rand() * 30 * day)
            if created < signed_up:
                created = signed_up + int(rand() * day)
            if created > anchor:
                created = anchor - int(rand() * day)
            width = height = None
            if has_size:
                width, height = dims[int(rand() * 6)]
            duration = None
            if durations is not None:
                low, high = durations
                duration = round(low + rand() * rand() * (high - low), 3)
            if document or prefix == "Screenshot_":
                meta = "{}"
                taken_at = None
            else:
                meta = metadata[int(rand() * n_cameras)][int(rand() * 6)]
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
                platform, id_prefix = platforms[p]
                object_id = f"{id_prefix}{imported[p]}"
                integration = through.get(platform)
                if integration is not None:
                    sources.append((k, integration))
            filename = f"{prefix}{k:05d}.{extension}"
            media_id = ((bits(128) & clear) | setv).to_bytes(16)
            ids += media_id
            live.append(deleted is None)
            yield (
                uid,
                media_id.hex(),
                filename,
                media_type,
                mime,
                int(rand() * rand() * 20_000_000) + 1000,
                folder + filename,
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
        ctx.media_ids[user.number] = bytes(ids)
        ctx.media_live[user.number] = bytes(live)
        ctx.media_sources[user.number] = sources


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
            addr = _inet4(
                (10 << 24) | int(rand() * 256) << 16 | int(rand() * 256) << 8 | int(rand() * 256)
            )
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


# -- albums and their media (contains links) ----------------------------------------------------

# Albums per user grow with the square root of the user's media: someone with 10,000 photos keeps
# a few dozen albums, not a thousand. Some users keep none.
ALBUMS_PER_SQRT_MEDIA = 1.0
_ALBUM_NAMES = (
    "Holidays",
    "Family",
    "Wedding",
    "Birthday",
    "Garden",
    "Hiking",
    "Best of",
    "Screenshots",
    "Cats",
    "Concerts",
    "Road trip",
    "Kids",
    "Recipes",
    "Work",
    "Lisbon",
    "Snow",
)
_ALBUM_COLUMNS = (
    "user_id",
    "id",
    "name",
    "description",
    "cover_media_id",
    "media_count",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)
_LINK_COLUMNS = (
    "user_id",
    "id",
    "from_object_type",
    "from_object_id",
    "to_object_type",
    "to_object_id",
    "link_type",
    "strength",
    "sort_order",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
)
# Albums and links go to the trash in the last 90 days before the anchor,
# like media's: older trash would have been purged (30 days' retention), with some backlog.
_TRASH_WINDOW_US = 90 * _DAY_US


def _loader_rng(seed: int, loader: str) -> random.Random:
    """The random stream of one loader (see seed())."""
    return random.Random(f"{seed}/{loader}")


@functools.cache
def _media_counts(users: int, media_total: int, seed: int) -> tuple[int, ...]:
    """Media per user, as load_users draws them: the first thing its own stream gives."""
    return tuple(_zipf_counts(_loader_rng(seed, "load_users"), users, media_total))


@dataclass(frozen=True, slots=True)
class _PlannedAlbum:
    """One album to seed, drawn before any row is written (so the counts are exact)."""

    user_number: int
    id: str
    start: int  # its members are the user's media from this position (in the order made) ...
    size: int  # ... this many of them, in album order
    created_at: float  # fraction of the way from the user's sign-up to the anchor
    deleted_at: float | None  # fraction of the trash window before the anchor; None: live
    cover: float | None  # where among the members the cover is looked for; None: no cover
    name: int
    imported: bool


@functools.cache
def _plan_albums(users: int, media_total: int, seed: int) -> tuple[_PlannedAlbum, ...]:
    """Every album to seed, from a random stream of its own. Sizes are skewed (a few large
    albums, many small ones); between a fifth and all of a user's media are in an album, some in
    several (each album is a run of the user's media, and runs overlap)."""
    rng = random.Random(f"albums/{seed}")
    rand = rng.random
    planned: list[_PlannedAlbum] = []
    for number, media in enumerate(_media_counts(users, media_total, seed)):
        if rand() < 0.12:
            continue
        count = max(1, int(media**0.5 * ALBUMS_PER_SQRT_MEDIA * (0.3 + 1.4 * rand())))
        members = media * (0.2 + 0.8 * rand())
        weights = [rand() ** 3 + 0.01 for _ in range(count)]
        total = sum(weights)
        for weight in weights:
            size = min(media, max(1, round(members * weight / total))) if media else 0
            planned.append(
                _PlannedAlbum(
                    number,
                    f"{(rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET:032x}",
                    int(rand() * (media - size + 1)),
                    size,
                    rand(),
                    rand() if rand() < 0.03 else None,
                    rand() if rand() < 0.7 else None,
                    int(rand() * len(_ALBUM_NAMES)),
                    rand() < 0.2,
                )
            )
    return tuple(planned)


def _album_rows(config: SeedConfig) -> tuple[int, int]:
    """(albums, contains links) the albums loader writes."""
    planned = _plan_albums(config.users, config.media_total, config.seed)
    return len(planned), sum(a.size for a in planned)


def _contains_rows(
    ctx: SeedContext, albums: Sequence[_PlannedAlbum], media_counts: list[int]
) -> Iterator[tuple[Any, ...]]:
    """The membership links of the albums, in album order (sort_order 1..n), a few removed
    (soft-deleted). Fills `media_counts` with what the links trigger would count: the live links
    to live media."""
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    users = ctx.users
    anchor, window = _ANCHOR_US, _TRASH_WINDOW_US
    for album in albums:
        user = users[album.user_number]
        uid = user.id
        ids = ctx.media_ids[album.user_number]
        live = ctx.media_live[album.user_number]
        created = user.created_at + int(album.created_at * (anchor - user.created_at))
        counted = 0
        for position in range(album.start, album.start + album.size):
            added = created + int(rand() * rand() * (anchor - created))
            deleted = None
            if rand() < 0.03:
                deleted = max(added, anchor - int(rand() * window))
            elif live[position]:
                counted += 1
            yield (
                uid,
                new_uuid(),
                "album",
                album.id,
                "media",
                ids[position * 16 : position * 16 + 16].hex(),
                "contains",
                1.0,
                position - album.start + 1,
                added,
                deleted or added,
                deleted,
                "{}",
            )
        media_counts.append(counted)


def _cover(ctx: SeedContext, album: _PlannedAlbum) -> str | None:
    """The first live member from the album's cover position on: a cover is always live media of
    the same user (a media item going to the trash stops being a cover)."""
    if album.cover is None or album.size == 0:
        return None
    live = ctx.media_live[album.user_number]
    first = int(album.cover * album.size)
    for step in range(album.size):
        position = album.start + (first + step) % album.size
        if live[position]:
            ids = ctx.media_ids[album.user_number]
            return ids[position * 16 : position * 16 + 16].hex()
    return None


def _albums(
    ctx: SeedContext, albums: Sequence[_PlannedAlbum], media_counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    anchor, window = _ANCHOR_US, _TRASH_WINDOW_US
    imported: dict[int, int] = {}
    for album, media_count in zip(albums, media_counts, strict=True):
        user = ctx.users[album.user_number]
        created = user.created_at + int(album.created_at * (anchor - user.created_at))
        deleted = None
        if album.deleted_at is not None:
            deleted = max(created, anchor - int(album.deleted_at * window))
        platform = object_id = None
        if album.imported:
            n = imported[album.user_number] = imported.get(album.user_number, 0) + 1
            platform, object_id = "google_photos", f"gpa-{n}"
        year = (_PG_EPOCH.year + created // _YEAR_US) if album.name % 3 == 0 else None
        name = _ALBUM_NAMES[album.name]
        yield (
            user.id,
            album.id,
            f"{name} {year}" if year else name,
            "Shared with the family" if album.name % 5 == 0 else None,
            _cover(ctx, album),
            media_count,
            created,
            deleted or created,
            deleted,
            "{}",
            platform,
            object_id,
        )


async def load_albums(ctx: SeedContext) -> None:
    """Albums per user (skewed, a few in the trash, most with a cover) and their membership as
    contains links. With triggers off, media_count and the covers are what the triggers of
    0004_links_and_albums.sql would have left: counted here, links first."""
    config = ctx.config
    albums = _plan_albums(config.users, config.media_total, config.seed)
    media_counts: list[int] = []
    for start in range(0, len(albums), 2000):
        group = albums[start : start + 2000]
        await ctx.copy("links", _LINK_COLUMNS, _contains_rows(ctx, group, media_counts))
    await ctx.copy("albums", _ALBUM_COLUMNS, _albums(ctx, albums, media_counts))


# -- other links ---------------------------------------------------------------------------------

# Per media item at scale 1.0: how often it is an edited variant of the item made before it, and
# how often a pair of items is a found duplicate (a symmetric link: two rows, one each way).
VARIANT_RATE = 0.02
DUPLICATE_RATE = 0.01
# How often an item imported through an integration also has a source link to it (seed 001's
# "Media -> Integration (via Link, type='source')"), as an import client may record.
SOURCE_RATE = 0.25
_VARIANT_METADATA = tuple(
    _ENCODE({"edit": edit}).decode() for edit in ("crop", "filter", "rotate", "retouch")
)
_DUPLICATE_METADATA = _ENCODE({"detected_by": "hash"}).decode()


@functools.cache
def _plan_links(users: int, media_total: int, seed: int) -> tuple[tuple[int, int], ...]:
    """(variant_of links, duplicate pairs) per user, from a random stream of its own."""
    rng = random.Random(f"links/{seed}")
    rand = rng.random
    planned = []
    for media in _media_counts(users, media_total, seed):
        variants = min(media - 1, int(media * VARIANT_RATE * 2 * rand())) if media > 1 else 0
        pairs = min(media // 2, int(media * DUPLICATE_RATE * 2 * rand()))
        planned.append((variants, pairs))
    return tuple(planned)


def _other_link_rows(config: SeedConfig) -> int:
    planned = _plan_links(config.users, config.media_total, config.seed)
    return sum(variants + 2 * pairs for variants, pairs in planned)


def _other_links(
    ctx: SeedContext, sources: Sequence[list[tuple[int, str]]]
) -> Iterator[tuple[Any, ...]]:
    """variant_of links (an edit to the item made just before it), duplicate_of pairs (two
    mirror rows, live or trashed together, as sql/links/insert.sql and soft_delete.sql keep
    them) and source links from imported media to their integration."""
    rng = ctx.rng
    rand = rng.random
    new_uuid = ctx.new_uuid
    anchor, window = _ANCHOR_US, _TRASH_WINDOW_US
    config = ctx.config
    planned = _plan_links(config.users, config.media_total, config.seed)
    for user, (variants, pairs), imported in zip(ctx.users, planned, sources, strict=True):
        if not variants and not pairs and not imported:
            continue
        uid = user.id
        ids = ctx.media_ids[user.number]
        media = len(ids) // 16
        span = anchor - user.created_at
        for position, integration in imported:
            created = anchor - int(rand() * rand() * span)
            yield (
                uid,
                new_uuid(),
                "media",
                ids[position * 16 : position * 16 + 16].hex(),
                "integration",
                integration,
                "source",
                1.0,
                0,
                created,
                created,
                None,
                "{}",
            )
        for position in sorted(rng.sample(range(1, media), variants)):
            created = anchor - int(rand() * rand() * span)
            deleted = max(created, anchor - int(rand() * window)) if rand() < 0.02 else None
            yield (
                uid,
                new_uuid(),
                "media",
                ids[position * 16 : position * 16 + 16].hex(),
                "media",
                ids[position * 16 - 16 : position * 16].hex(),
                "variant_of",
                1.0,
                0,
                created,
                deleted or created,
                deleted,
                _VARIANT_METADATA[int(rand() * len(_VARIANT_METADATA))],
            )
        for pair in sorted(rng.sample(range(media // 2), pairs)):
            one = ids[pair * 32 : pair * 32 + 16].hex()
            other = ids[pair * 32 + 16 : pair * 32 + 32].hex()
            created = anchor - int(rand() * rand() * span)
            deleted = max(created, anchor - int(rand() * window)) if rand() < 0.02 else None
            strength = round(0.8 + 0.2 * rand(), 3)
            for source, target in ((one, other), (other, one)):
                yield (
                    uid,
                    new_uuid(),
                    "media",
                    source,
                    "media",
                    target,
                    "duplicate_of",
                    strength,
                    0,
                    created,
                    deleted or created,
                    deleted,
                    _DUPLICATE_METADATA,
                )


async def load_links(ctx: SeedContext) -> None:
    rand = ctx.rng.random
    # Which imported items have a source link depends on which media were imported: known only
    # now, so the progress bar learns of these rows here.
    sources = [
        [s for s in ctx.media_sources.get(user.number, ()) if rand() < SOURCE_RATE]
        for user in ctx.users
    ]
    ctx.progress.expect(sum(len(s) for s in sources))
    await ctx.copy("links", _LINK_COLUMNS, _other_links(ctx, sources))


# -- audit_log ----------------------------------------------------------------------------------

# Events per user at scale 1.0, on average; heavy users (the same Zipf skew) log more.
AUDIT_EVENTS_PER_USER = 50
# (weight, action, object_type, what the object is, method, path) as the API records them: the
# auth handlers their own events, the audit middleware "<tag>.<handler>" for every write.
_AUDIT_ACTIONS: tuple[tuple[int, str, str | None, str, str, str], ...] = (
    (30, "auth.login", "session", "session", "", ""),
    (25, "auth.refresh", "session", "session", "", ""),
    (3, "auth.login_failed", None, "", "", ""),
    (3, "auth.logout", "auth", "", "POST", "/v1/auth/logout"),
    (15, "media.create_media", "media", "media", "POST", "/v1/media"),
    (6, "media.update_media", "media", "media", "PATCH", "/v1/media/{}"),
    (4, "media.delete_media", "media", "media", "DELETE", "/v1/media/{}"),
    (1, "media.restore_media", "media", "media", "POST", "/v1/media/{}/restore"),
    (2, "media.import_media", "media", "", "POST", "/v1/media/import"),
    (3, "albums.create_album", "albums", "album", "POST", "/v1/albums"),
    (5, "albums.add_album_media", "albums", "album", "POST", "/v1/albums/{}/media"),
    (1, "links.create_link", "links", "", "POST", "/v1/links"),
    (1, "users.update_me", "users", "", "PATCH", "/v1/me"),
)
_AUDIT_TABLE = [action for action in _AUDIT_ACTIONS for _ in range(action[0])]
_AUDIT_COLUMNS = (
    "user_id",
    "id",
    "occurred_at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "request_id",
    "client_addr",
    "details",
)
_WRITE_STATUS = {"POST": 201, "PATCH": 200, "DELETE": 204}


def _audit_total(config: SeedConfig) -> int:
    return round(config.users * AUDIT_EVENTS_PER_USER * config.scale)


def _audit_rows(
    ctx: SeedContext,
    users: Sequence[SeededUser],
    counts: Sequence[int],
    albums: dict[int, list[str]],
) -> Iterator[tuple[Any, ...]]:
    """Each user's events from sign-up to the anchor, in time order, from a few addresses."""
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    new_uuid = ctx.new_uuid
    table = _AUDIT_TABLE
    n_table = len(table)
    anchor = _ANCHOR_US
    encode = _ENCODE
    for user, count in zip(users, counts, strict=True):
        uid = user.id
        ids = ctx.media_ids.get(user.number, b"")
        media = len(ids) // 16
        own_albums = albums.get(user.number, ())
        addresses = [_inet4((10 << 24) | bits(24)) for _ in range(1 + int(rand() * 4))]
        span = anchor - user.created_at
        times = sorted(user.created_at + int(rand() * span) for _ in range(count))
        for occurred in times:
            _, action, object_type, kind, method, path = table[int(rand() * n_table)]
            object_id = None
            if kind == "media" and media:
                k = int(rand() * media)
                object_id = ids[k * 16 : k * 16 + 16].hex()
            elif kind == "album" and own_albums:
                object_id = own_albums[int(rand() * len(own_albums))]
            elif kind:
                object_id = new_uuid()
            if method:
                shown = path.format(object_id) if "{}" in path else path
                details = encode({"method": method, "path": shown, "status": _WRITE_STATUS[method]})
            elif action == "auth.login_failed":
                details = encode({"email": f"user{user.number}@example.com"})
            else:
                details = b"{}"
            yield (
                uid,
                new_uuid(),
                occurred,
                None if action == "auth.login_failed" else uid,
                action,
                object_type,
                object_id,
                f"{bits(128):032x}",
                addresses[int(rand() * len(addresses))],
                details.decode(),
            )


async def load_audit_log(ctx: SeedContext) -> None:
    """Many events per user over time: logins and refreshes most, then the API's writes."""
    counts = _zipf_counts(ctx.rng, len(ctx.users), _audit_total(ctx.config))
    config = ctx.config
    albums: dict[int, list[str]] = {}
    for album in _plan_albums(config.users, config.media_total, config.seed):
        albums.setdefault(album.user_number, []).append(album.id)
    for start in range(0, len(ctx.users), 2000):
        group = ctx.users[start : start + 2000]
        await ctx.copy(
            "audit_log",
            _AUDIT_COLUMNS,
            _audit_rows(ctx, group, counts[start : start + 2000], albums),
        )


Loader = Callable[[SeedContext], Awaitable[None]]

# In foreign-key order. A new table is one more loader here.
# The load runs with triggers off, foreign-key checks included (session_replication_role =
# replica, what pg_restore does for a data-only restore): checking each media row's user costs as
# much as storing the row. So a loader writes rows that are consistent by construction, and
# fills in itself whatever a trigger would maintain (updated_at, counts such as album media_count).
LOADERS: tuple[Loader, ...] = (
    load_users,
    load_integrations,
    load_media,
    # The tables whose rows take Python the longest to make come right after media, so that
    # they are made while the server builds the indexes of media (_Pipeline).
    load_albums,
    load_links,
    load_audit_log,
    load_refresh_tokens,
)
# The tables each loader writes. Their indexes that no constraint owns are dropped before the
# load, and a table's are built again once no later loader writes it (_drop_secondary_indexes).
LOADER_TABLES: dict[str, tuple[str, ...]] = {
    "load_users": ("users", "user_emails"),
    "load_integrations": ("integrations", "integration_secrets"),
    "load_media": ("media",),
    "load_albums": ("links", "albums"),
    "load_links": ("links",),
    "load_refresh_tokens": ("refresh_tokens",),
    "load_audit_log": ("audit_log",),
}
SEEDED_TABLES = tuple(dict.fromkeys(t for tables in LOADER_TABLES.values() for t in tables))


def _complete_after(position: int) -> set[str]:
    """The tables no loader after LOADERS[position] writes."""
    later = {t for loader in LOADERS[position + 1 :] for t in LOADER_TABLES[loader.__name__]}
    return set(LOADER_TABLES[LOADERS[position].__name__]) - later


def planned_rows(config: SeedConfig) -> int:
    """Rows the loaders will write, for the progress bar."""
    return (
        2 * config.users
        + config.media_total
        + _refresh_token_total(config)
        + sum(_integration_rows(config))
        + sum(_album_rows(config))
        + _other_link_rows(config)
        + _audit_total(config)
    )


async def _prepare_connection(conn: asyncpg.Connection) -> None:
    """Binary COPY with the cheapest encodings: timestamps as integers, JSON as ready text,
    addresses as ready bytes; none of them calls Python per value."""
    # Microseconds since 2000-01-01 UTC are PostgreSQL's own timestamp format, which is an int8
    # on the wire: rows carry plain integers, encoded by asyncpg's own int8 codec.
    await conn.set_builtin_type_codec("timestamptz", schema="pg_catalog", codec_name="int8")
    # The default jsonb codec takes already-encoded text, which the rows hold.
    await conn.reset_type_codec("jsonb", schema="pg_catalog")
    # inet in its binary wire format, made by _inet4 (asyncpg's codec parses every value).
    await conn.set_type_codec(
        "inet", schema="pg_catalog", encoder=bytes, decoder=bytes, format="binary"
    )


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


@dataclass(frozen=True, slots=True)
class _Index:
    schema: str
    name: str
    table: str
    definition: str


class _Pipeline:
    """The load's connection, fed by a task of its own: a loader hands it rows a step at a time
    and goes on making the next ones, while the task streams them to the server, one COPY per
    hand-over, and, once no later loader writes a table, the batch of that table's index builds.
    So the server inserts and sorts on one core while Python makes rows on the other: rows are
    made ahead whenever the server is busy (a build, a slow COPY), at most AHEAD steps of them.

    A connection does one thing at a time: statements run in the order they were handed over,
    in the load's transaction."""

    STEP = 1_000  # rows made between two turns of the event loop (the sender's chance to run)
    AHEAD = 500  # steps made ahead at most (memory), however long a build takes

    def __init__(self, conn: asyncpg.Connection, indexes: Sequence[_Index]) -> None:
        self.conn = conn
        self.pending = list(indexes)
        self._jobs: asyncio.Queue[_Job | None] = asyncio.Queue()
        self._room = asyncio.Semaphore(self.AHEAD)
        self._sender = asyncio.create_task(self._send())

    async def copy(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        """Hand the rows over; returns once every row is made (not necessarily sent)."""
        feed: asyncio.Queue[list[tuple[Any, ...]] | None] = asyncio.Queue()
        self._jobs.put_nowait(_Job(table, columns, feed))
        left = iter(rows)
        while True:
            step = list(itertools.islice(left, self.STEP))
            if step:
                await self._room.acquire()
                feed.put_nowait(step)
            await self._turn()
            if len(step) < self.STEP:
                break
        feed.put_nowait(None)

    async def build(self, tables: Iterable[str]) -> None:
        """Build the indexes of these tables after every row handed over so far."""
        wanted = set(tables)
        batch = [i for i in self.pending if i.table in wanted]
        if not batch:
            return
        self.pending = [i for i in self.pending if i.table not in wanted]
        # pg_get_indexdef's own text: CREATE INDEX statements, schema-qualified, no semicolon;
        # one simple-query message runs them in order.
        self._jobs.put_nowait(_Job(statements=";\n".join(i.definition for i in batch)))
        await self._turn()

    async def finish(self) -> None:
        """Build whatever is left, and wait until every row and index is in."""
        await self.build({i.table for i in self.pending})
        self._jobs.put_nowait(None)
        await self._sender

    async def abandon(self) -> None:
        """After a failure: stop sending (a COPY under way is aborted; the load rolls back)."""
        if not self._sender.done():
            self._sender.cancel()
        with contextlib.suppress(BaseException):
            await self._sender

    async def _turn(self) -> None:
        await asyncio.sleep(0)
        if self._sender.done():
            # The sender failed (a COPY or a build): stop making rows, say why.
            await self._sender
            raise SeedError("the load stopped before every row was made")

    async def _send(self) -> None:
        while (job := await self._jobs.get()) is not None:
            if job.feed is None:
                await self.conn.execute(job.statements)
            else:
                await self.conn.copy_records_to_table(
                    job.table, columns=job.columns, records=self._rows(job.feed)
                )

    async def _rows(
        self, feed: asyncio.Queue[list[tuple[Any, ...]] | None]
    ) -> AsyncIterator[tuple[Any, ...]]:
        while (step := await feed.get()) is not None:
            self._room.release()
            for row in step:
                yield row


@dataclass(frozen=True, slots=True)
class _Job:
    """One COPY, fed step by step, or one batch of index builds."""

    table: str = ""
    columns: list[str] = field(default_factory=list)
    feed: asyncio.Queue[list[tuple[Any, ...]] | None] | None = None
    statements: str = ""


async def _drop_secondary_indexes(conn: asyncpg.Connection) -> list[_Index]:
    """Drop the indexes of the seeded tables that no constraint owns, for the rest of the load's
    transaction, and say what they were.

    Maintaining seven indexes of media (a GIN one among them) row by row costs more than storing
    the rows; building each once over the loaded table is a sort, several times cheaper: what
    pg_restore does. Primary keys and unique constraints stay (foreign keys depend on them), and
    a unique index that is dropped checks every row again when it is built. Other sessions wait
    on the tables until the load commits; a failed load rolls the drops back with the rows.
    """
    rows = await conn.fetch(_REBUILDABLE_INDEXES.sql, list(SEEDED_TABLES))
    indexes = [_Index(r["schema_name"], r["name"], r["table_name"], r["definition"]) for r in rows]
    for index in indexes:
        await conn.execute(_DROP_INDEX.with_identifiers(schema=index.schema, index=index.name))
    # Each build sorts every row of its table: let it do so in memory.
    await conn.fetchval(_MAINTENANCE_WORK_MEM.sql, INDEX_BUILD_MEMORY)
    return indexes


def _inet4(address: int) -> bytes:
    """An IPv4 host address in inet's binary wire format: family, prefix, is_cidr, length."""
    return b"\x02\x20\x00\x04" + address.to_bytes(4, "big")


async def seed(
    conn: asyncpg.Connection,
    config: SeedConfig,
    *,
    reset: bool = False,
    rebuild_indexes: bool = True,
    progress_stream: TextIO | None = sys.stderr,
) -> SeedReport:
    """Fill the database in one transaction (all or nothing), then VACUUM and ANALYZE it.

    `rebuild_indexes`: drop the seeded tables' secondary indexes for the load and build them
    after it (the default, much faster); False maintains them row by row."""
    if await conn.fetchval(_EMPTY_USERS.sql) is not None:
        if not reset:
            raise SeedError("the database already holds users; pass --reset to replace them")
    await _prepare_connection(conn)
    progress = Progress(planned_rows(config), progress_stream)
    ctx = SeedContext(conn, config, random.Random(config.seed), progress)
    # The load makes millions of short-lived tuples, which would set off the cyclic garbage
    # collector every few hundred rows, each time walking every row waiting in the pipeline.
    # Rows hold no cycles: the collector is off for the load and back on after.
    collecting = gc.isenabled()
    gc.disable()
    started = time.perf_counter()
    try:
        async with conn.transaction():
            # Triggers off first: the audit log refuses TRUNCATE through a trigger.
            await _skip_triggers(conn)
            if reset:
                await conn.execute(_TRUNCATE.sql)
            dropped = await _drop_secondary_indexes(conn) if rebuild_indexes else []
            pipeline = ctx.pipeline = _Pipeline(conn, dropped)
            try:
                for position, loader in enumerate(LOADERS):
                    # Each loader draws from its own random stream, so that changing one table's
                    # loader leaves the rows of every other table (and their plans) as they were.
                    ctx.rng = _loader_rng(config.seed, loader.__name__)
                    ctx.loader = loader.__name__
                    await loader(ctx)
                    await pipeline.build(_complete_after(position))
                await pipeline.finish()
            except BaseException:
                await pipeline.abandon()
                raise
    finally:
        progress.close()
        if collecting:
            gc.enable()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    previous = await conn.fetchval(_STATISTICS_TARGET.sql, str(ANALYZE_STATISTICS_TARGET))
    try:
        await conn.execute(_VACUUM_ANALYZE.sql)
    finally:
        await conn.fetchval(_STATISTICS_TARGET.sql, previous)
    return SeedReport(dict(ctx.counts), loaded, time.perf_counter() - started, len(dropped))


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
