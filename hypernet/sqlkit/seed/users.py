"""Seeds users and user_emails: sign-ups over eight years, a few soft-deleted, mixed-case e-mail
addresses (the lookup table holds the lower-cased form), every one with the same password."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from hypernet.sqlkit.seed.context import SeedContext, Shared, TableSeed
from hypernet.sqlkit.seed.values import ANCHOR_US, YEAR_US, stream, zipf_counts

# Every seeded account logs in with this password (bcrypt, cost 12), so the API can be tried on
# seeded data; one fixed hash because hashing per user would cost a quarter of a second each.
SEED_PASSWORD = "hypernet-seed"
SEED_PASSWORD_HASH = "$2b$12$c9n3NqXLVW64xVzA2QocYOftULQk.YzhhOfE1qCwQA9xKFOnC559u"

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


@dataclass(frozen=True, slots=True)
class SeededUser:
    number: int
    id: str
    created_at: int
    media_count: int  # how many media the media seeder makes for this user


# Every seeded user, in the order made (user number = position): whom every other table's rows
# belong to.
SEEDED_USERS: Shared[list[SeededUser]] = Shared("users", list)


@functools.cache
def media_per_user(users: int, media_total: int, seed: int) -> tuple[int, ...]:
    """Media per user, as the users seeder draws them (the first thing its stream gives), for
    the seeders that plan their rows before any is made."""
    return tuple(zipf_counts(stream(seed, USERS.stream_name), users, media_total))


async def _load(ctx: SeedContext) -> None:
    rng = ctx.rng
    rand = rng.random
    counts = zipf_counts(rng, ctx.config.users, ctx.config.media_total)
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
        created = ANCHOR_US - int(rand() * 8 * YEAR_US)
        deleted = created + int(rand() * (ANCHOR_US - created)) if rand() < 0.005 else None
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
    ctx.get(SEEDED_USERS).extend(users)
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


USERS = TableSeed(
    name="users",
    tables=("users", "user_emails"),
    load=_load,
    planned_rows=lambda config: 2 * config.users,
    stream="load_users",
)
