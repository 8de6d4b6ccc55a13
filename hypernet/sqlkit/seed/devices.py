"""Seeds devices: 1 to 10 per user at scale 1.0 (about 5,000 for the default 2,000 users), more
for the users with more media (the Zipf skew of media, flattened: most people have a phone and a
laptop, a few have a drawer of old ones). The first device is a phone, the second most often a
laptop, the rest drawn from a skewed mix of types, each with a plausible OS and version and its
identifiers (a serial number; an IMEI for phones; a MAC address for some). The current ones were
seen in the last days before the data's "now"; retired ones long ago, and some of those are in
the trash (always one for a user with six devices or more). A quarter listed by an account
service (imported)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser, media_per_user
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US

FEWEST = 1
MOST = 10
# From this many devices on, the user's first retired device is in the trash.
TRASHED_FROM = 6

# (name, os, versions); None: the device reports no operating system.
_MODELS: dict[str, tuple[tuple[str, str | None, tuple[str, ...]], ...]] = {
    "phone": (
        ("iPhone 15", "iOS", ("17.5", "18.1", "18.2")),
        ("Pixel 9", "Android", ("14", "15")),
        ("Galaxy S24", "Android", ("14", "15")),
    ),
    "laptop": (
        ("MacBook Air", "macOS", ("14.6", "15.1")),
        ("ThinkPad X1", "Windows", ("11 23H2", "11 24H2")),
        ("Framework 13", "Linux", ("6.8", "6.11")),
    ),
    "tablet": (("iPad", "iPadOS", ("17.5", "18.1")), ("Galaxy Tab S9", "Android", ("14",))),
    "desktop": (("Tower PC", "Windows", ("10 22H2", "11 24H2")), ("iMac", "macOS", ("15.1",))),
    "watch": (("Apple Watch", "watchOS", ("10.5", "11.1")), ("Pixel Watch", "Wear OS", ("5",))),
    "tv": (("Living room TV", "tvOS", ("18.1",)), ("Bedroom TV", "webOS", ("6.0",))),
    "speaker": (("Kitchen speaker", None, ()),),
    "headset": (("Quest 3", "Meta Horizon OS", ("v69",)), ("Earbuds", None, ())),
    "console": (("Switch", None, ()),),
    "camera": (("X100V", None, ()),),
    "car": (("Car", "Android Automotive", ("13",)),),
    "other": (("E-reader", None, ()),),
}
# The third device on: a skewed mix.
_LATER_TYPES = (
    (30, "tablet"),
    (20, "watch"),
    (15, "laptop"),
    (10, "desktop"),
    (8, "phone"),
    (6, "tv"),
    (4, "speaker"),
    (3, "headset"),
    (2, "console"),
    (1, "camera"),
    (1, "car"),
    (1, "other"),
)
_LATER_TABLE = [t for weight, t in _LATER_TYPES for _ in range(weight)]
_COLUMNS = (
    "user_id",
    "id",
    "name",
    "device_type",
    "os",
    "os_version",
    "last_seen_at",
    "identifiers",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _count(config: SeedConfig, media: int, number: int) -> int:
    base = FEWEST + min(MOST - FEWEST, int(1.5 * math.log2(1 + media / 30)))
    base = max(FEWEST, min(MOST, base + number * 7919 % 3 - 1))
    return max(1, round(base * config.scale))


def _planned(config: SeedConfig) -> int:
    media = media_per_user(config.users, config.media_total, config.seed)
    return sum(_count(config, m, n) for n, m in enumerate(media))


def _rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    new_uuid = ctx.new_uuid
    anchor, day, window = ANCHOR_US, DAY_US, TRASH_WINDOW_US
    n_later = len(_LATER_TABLE)
    for user, count in zip(users, counts, strict=True):
        span = anchor - user.created_at
        imported = 0
        trash_one = count >= TRASHED_FROM
        for k in range(count):
            if k == 0:
                device_type = "phone"
            elif k == 1 and rand() < 0.7:
                device_type = "laptop"
            else:
                device_type = _LATER_TABLE[int(rand() * n_later)]
            models = _MODELS[device_type]
            name, os, versions = models[int(rand() * len(models))]
            version = versions[int(rand() * len(versions))] if versions else None
            serial = f"{bits(48):012X}"
            if device_type == "phone":
                identifiers = f'{{"serial": "{serial}", "imei": "35{bits(40):013d}"}}'
            elif rand() < 0.4:
                mac = bits(48).to_bytes(6).hex(":")
                identifiers = f'{{"serial": "{serial}", "mac": "{mac}"}}'
            else:
                identifiers = f'{{"serial": "{serial}"}}'
            created = user.created_at + int(rand() * span)
            # The first two and half the others are in use; the rest were retired at some point
            # (the last one, when it is the user's turn for a device in the trash and none was).
            retired = k >= 2 and (rand() < 0.5 or (trash_one and k == count - 1))
            if retired:
                seen = created + int(rand() * (anchor - created))
            else:
                seen = anchor - int(rand() ** 3 * 7 * day)
            seen = max(seen, created)
            deleted = None
            if retired and (trash_one or rand() < 0.1):
                trash_one = False
                deleted = max(seen, anchor - int(rand() * window))
            platform = object_id = None
            if rand() < 0.25:
                imported += 1
                platform, object_id = "google_account", f"device-{imported}"
            yield (
                user.id,
                new_uuid(),
                name,
                device_type,
                os,
                version,
                seen,
                identifiers,
                created,
                seen,
                deleted,
                "{}",
                platform,
                object_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = [_count(ctx.config, u.media_count, u.number) for u in users]
    await ctx.copy("devices", _COLUMNS, _rows(ctx, users, counts))


DEVICES = TableSeed(
    name="devices",
    tables=("devices",),
    load=_load,
    planned_rows=_planned,
    after=("users",),
    stream="load_devices",
)
