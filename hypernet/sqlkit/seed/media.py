"""Seeds media: Zipf-distributed per user (a few heavy users with tens of thousands of items,
many light ones with a few dozen), mostly photos, timestamps over ten years, some without
`taken_at`, a few percent in the trash, about a third imported from an external service (naming
the user's integration of that platform, when the user has one), and a `camera` in the metadata
drawn from a skewed set with one rare model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypernet.sqlkit.seed.context import SeedContext, Shared, TableSeed
from hypernet.sqlkit.seed.integrations import PLATFORM_INTEGRATIONS
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    ENCODE,
    UUID_CLEAR,
    UUID_SET,
    YEAR_US,
)

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


@dataclass
class SeededMedia:
    """What albums and links point at, by user number: the ids of the user's media in the order
    they were made (16 bytes each), whether each is live (1) or in the trash (0), and the
    (position, integration id) of each item imported through one of the user's integrations."""

    ids: dict[int, bytes] = field(default_factory=dict)
    live: dict[int, bytes] = field(default_factory=dict)
    sources: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


SEEDED_MEDIA: Shared[SeededMedia] = Shared("media", SeededMedia)


def _metadata_choices() -> dict[tuple[str, int], str]:
    """Metadata documents, encoded once: a row picks one instead of encoding its own."""
    choices: dict[tuple[str, int], str] = {}
    for camera in sorted({name for _, name in _CAMERAS}):
        for iso in (100, 200, 400, 800, 1600, 3200):
            choices[(camera, iso)] = ENCODE({"camera": camera, "iso": iso}).decode()
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
    clear, setv = UUID_CLEAR, UUID_SET
    anchor, day, year = ANCHOR_US, DAY_US, YEAR_US
    by_platform = ctx.get(PLATFORM_INTEGRATIONS)
    made = ctx.get(SEEDED_MEDIA)
    for user in users:
        uid = user.id
        signed_up = user.created_at
        folder = f"u{user.number:06d}/"
        imported = [0, 0, 0]
        through = by_platform.get(uid, {})
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
        made.ids[user.number] = bytes(ids)
        made.live[user.number] = bytes(live)
        made.sources[user.number] = sources


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


async def _load(ctx: SeedContext) -> None:
    # Users go out in groups so that a group's rows share heap pages only loosely, like rows that
    # arrived over years, while each COPY stays one bounded statement.
    group: list[SeededUser] = []
    size = 0
    for user in ctx.get(SEEDED_USERS):
        group.append(user)
        size += user.media_count
        if size >= _MEDIA_CHUNK:
            await ctx.copy("media", _MEDIA_COLUMNS, _media_rows(ctx, group))
            group, size = [], 0
    if group:
        await ctx.copy("media", _MEDIA_COLUMNS, _media_rows(ctx, group))


MEDIA = TableSeed(
    name="media",
    tables=("media",),
    load=_load,
    planned_rows=lambda config: config.media_total,
    after=("users", "integrations"),
    stream="load_media",
)
