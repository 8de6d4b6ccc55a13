"""Seeds profile attributes: 5 to 15 per user at scale 1.0 (about 14,000 for the default 2,000
users), more for the users with more media (the Zipf skew of media, flattened: everyone sets a
language, few fill in thirty fields); keys drawn from a skewed vocabulary (locale, timezone and
theme nearly everyone, a blood type rare), each with a few fixed JSON values and its own mix of
visibilities; a third imported from an account service; a few in the trash, and the heaviest
users an older trashed version of one of their keys (restoring it would collide: 409)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser, media_per_user
from hypernet.sqlkit.seed.values import ANCHOR_US, DAY_US, TRASH_WINDOW_US

# The fewest and most attributes per user at scale 1.0; a user with n media gets about
# FEWEST + 2 * log2(1 + n / 50), so the median user (a few dozen media) has 6 or 7.
FEWEST = 5
MOST = 15
# From this many attributes on, a user also has a trashed older version of one key.
TRASHED_VERSION_FROM = 12

_P, _C, _U = "private", "contacts", "public"
_ADDRESSES = (
    '{"street": "12 rue de la Paix", "city": "Lyon", "postcode": "69002"}',
    '{"street": "221 Oak St", "city": "Portland", "postcode": "97205"}',
)
_INTERESTS = ('["hiking", "photography"]', '["cooking"]', '["chess", "running", "jazz"]')
_LINKS = ('["https://social.example/@me"]', '["https://code.example/me", "https://p.example/me"]')
_BIOS = ('"Photographer, hiker, occasional baker."', '"Keeping it all in one place."')
# (weight, key, JSON texts to pick from, visibilities to pick from)
_KEYS: tuple[tuple[int, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (95, "locale", ('"en-US"', '"en-GB"', '"fr-FR"', '"de-DE"', '"ja-JP"', '"pt-BR"'), (_P,)),
    (90, "timezone", ('"Europe/Paris"', '"America/New_York"', '"Asia/Tokyo"', '"UTC"'), (_P, _C)),
    (80, "language", ('"en"', '"fr"', '"de"', '"ja"', '"pt"'), (_P,)),
    (70, "theme", ('"system"', '"dark"', '"light"'), (_P,)),
    (60, "units", ('"metric"', '"imperial"'), (_P,)),
    (55, "notifications.email", ("true", "false"), (_P,)),
    (50, "notifications.push", ("true", "false"), (_P,)),
    (45, "pronouns", ('"she/her"', '"he/him"', '"they/them"'), (_U, _C)),
    (40, "birthday", ('"1984-03-09"', '"1991-11-27"', '"1975-06-30"'), (_C, _P)),
    (35, "home.city", ('"Lyon"', '"Portland"', '"Osaka"', '"Leeds"', '"Porto"'), (_C, _P, _U)),
    (30, "home.country", ('"FR"', '"US"', '"JP"', '"GB"', '"PT"'), (_C, _U)),
    (30, "bio", _BIOS, (_U,)),
    (25, "website", ('"https://example.com/~me"', '"https://blog.example.org"'), (_U,)),
    (25, "first_day_of_week", ("1", "7"), (_P,)),
    (20, "date_format", ('"YYYY-MM-DD"', '"DD/MM/YYYY"', '"MM/DD/YYYY"'), (_P,)),
    (20, "currency", ('"EUR"', '"USD"', '"JPY"', '"GBP"'), (_P,)),
    (18, "occupation", ('"Nurse"', '"Software engineer"', '"Teacher"'), (_C, _U)),
    (15, "interests", _INTERESTS, (_U, _C)),
    (12, "photos.default_sort", ('"newest"', '"oldest"', '"taken_at"'), (_P,)),
    (12, "privacy.share_location", ("false", "true"), (_P,)),
    (10, "phone", ('"+33 6 12 34 56 78"', '"+1 503 555 0142"'), (_C, _P)),
    (10, "address", _ADDRESSES, (_P, _C)),
    (8, "emergency_contact", ('{"name": "Sam", "phone": "+33 6 98 76 54 32"}',), (_P,)),
    (8, "social.links", _LINKS, (_U,)),
    (6, "height_cm", ("172", "165", "181"), (_P,)),
    (5, "search.safe", ('"moderate"', '"strict"', '"off"'), (_P,)),
    (4, "accessibility", ('{"reduce_motion": true, "font_scale": 1.25}',), (_P,)),
    (3, "employer", ('"Example Corp"', '"City Hospital"'), (_C, _U)),
    # JSON null is a value like any other.
    (2, "nickname", ('"Ace"', '"Bee"', "null"), (_C,)),
    (1, "blood_type", ('"A+"', '"O-"'), (_P,)),
)
_KEY_TABLE = [i for i, key in enumerate(_KEYS) for _ in range(key[0])]
_COLUMNS = (
    "user_id",
    "id",
    "key",
    "value",
    "visibility",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _count(config: SeedConfig, media: int, number: int) -> int:
    base = FEWEST + min(MOST - FEWEST, int(2 * math.log2(1 + media / 50)))
    # A little jitter, fixed by the user's number: -1, 0 or +1.
    base = max(FEWEST, min(MOST, base + number * 7919 % 3 - 1))
    return max(1, min(len(_KEYS), round(base * config.scale)))


def _counts(config: SeedConfig) -> list[int]:
    media = media_per_user(config.users, config.media_total, config.seed)
    return [_count(config, m, n) for n, m in enumerate(media)]


def _planned(config: SeedConfig) -> int:
    counts = _counts(config)
    return sum(counts) + sum(1 for c in counts if c >= TRASHED_VERSION_FROM)


def _rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rand = ctx.rng.random
    new_uuid = ctx.new_uuid
    anchor, window = ANCHOR_US, TRASH_WINDOW_US
    n_table = len(_KEY_TABLE)
    for user, count in zip(users, counts, strict=True):
        chosen: dict[int, None] = {}
        while len(chosen) < count:
            chosen[_KEY_TABLE[int(rand() * n_table)]] = None
        imported = rand() < 0.35
        span = anchor - user.created_at
        for k in chosen:
            _, key, values, visibilities = _KEYS[k]
            # Most attributes are set soon after sign-up, a long tail later on.
            created = user.created_at + int(rand() ** 3 * span)
            updated = created + int(rand() * (anchor - created)) if rand() < 0.3 else created
            deleted = None
            if rand() < 0.02:
                deleted = max(updated, anchor - int(rand() * window))
            platform = object_id = None
            if imported and deleted is None and rand() < 0.8:
                platform, object_id = "google_account", f"people/me/{key}"
            yield (
                user.id,
                new_uuid(),
                key,
                values[int(rand() * len(values))],
                visibilities[int(rand() * len(visibilities))],
                created,
                updated,
                deleted,
                "{}",
                platform,
                object_id,
            )
        if count >= TRASHED_VERSION_FROM:
            # An older value of the most popular key the user set, in the trash while a live
            # attribute holds its key.
            _, key, values, visibilities = _KEYS[min(chosen)]
            created = user.created_at
            deleted = max(created, anchor - int(rand() * window))
            yield (
                user.id,
                new_uuid(),
                key,
                values[0],
                visibilities[0],
                created,
                min(deleted, created + int(rand() * DAY_US)),
                deleted,
                "{}",
                None,
                None,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = [_count(ctx.config, u.media_count, u.number) for u in users]
    await ctx.copy("profile_attributes", _COLUMNS, _rows(ctx, users, counts))


PROFILE_ATTRIBUTES = TableSeed(
    name="profile_attributes",
    tables=("profile_attributes",),
    load=_load,
    planned_rows=_planned,
    after=("users",),
    stream="load_profile_attributes",
)
