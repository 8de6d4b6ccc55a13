"""Seeds contacts: Zipf-distributed per user (a few users with thousands, most with a handful),
names from a mixed set (some only an organization), zero to three e-mail addresses and up to two
phone numbers each with a label, a few addresses that many users keep (a shop's, a bank's), some
birthdays, about a third imported from an address book, a few percent in the trash."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from hypernet.sqlkit.seed.context import SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    ENCODE,
    TRASH_WINDOW_US,
    zipf_counts,
)

# Contacts per user at scale 1.0, on average.
CONTACTS_PER_USER = 20

_FIRST = (
    "Amara Ben Chloé Dmitri Elena Farid Greta Hiro Ines Jonas Kemal Lena Mateo Nia Oskar Priya "
    "Quentin Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zoe anna marc Émile Łucja"
).split()
_LAST = (
    "Adeyemi Becker Castillo Dubois Eriksen Fischer García Haddad Ivanova Jensen Kowalski Lopez "
    "Moreau Nakamura Okafor Petrov Quispe Rossi Schmidt Tanaka Urbina Varga Weber Xu Yilmaz Zhou"
).split()
_ORGANIZATIONS = (
    "Acme Plumbing",
    "City Library",
    "Dr. Patel's Practice",
    "Green Grocers",
    "Harbor Dental",
    "Northwind Bank",
    "Riverside School",
    "Sunset Vet Clinic",
)
_DOMAINS = ("example.com", "Example.org", "mail.example.net", "work.example.io")
# Addresses a great many users keep in their contacts: a lookup of one must read only the
# caller's rows (the user's id is part of every lookup key).
_SHARED_EMAILS = ("support@shop.example", "help@northwind-bank.example", "noreply@school.example")
_EMAIL_TYPES = ("home", "work", "other")
_PHONE_TYPES = ("mobile", "home", "work")
_COLUMNS = (
    "user_id",
    "id",
    "given_name",
    "family_name",
    "display_name",
    "emails",
    "phones",
    "organization",
    "birthday",
    "notes",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _contact_rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    new_uuid = ctx.new_uuid
    anchor, window = ANCHOR_US, TRASH_WINDOW_US
    for user, count in zip(users, counts, strict=True):
        imported = 0
        for k in range(count):
            first = _FIRST[int(rand() * len(_FIRST))]
            last = _LAST[int(rand() * len(_LAST))]
            organization = None
            if rand() < 0.08:
                # A business, known by its name alone.
                given = family = None
                organization = _ORGANIZATIONS[int(rand() * len(_ORGANIZATIONS))]
                display = organization
            else:
                given, family = first, (last if rand() < 0.9 else None)
                display = f"{given} {family}" if family else given
                if rand() < 0.2:
                    organization = _ORGANIZATIONS[int(rand() * len(_ORGANIZATIONS))]
            emails = []
            # Three in four keep an address, a few keep two or three.
            for e in range(0 if rand() < 0.25 else 1 + int(rand() * rand() * 3)):
                local = f"{first}.{last}{k}" if e == 0 else f"{first[0]}{last}{k}.{e}"
                domain = _DOMAINS[int(rand() * len(_DOMAINS))]
                emails.append({"value": f"{local}@{domain}", "type": _EMAIL_TYPES[e % 3]})
            if organization is not None and rand() < 0.5:
                shared = _SHARED_EMAILS[int(rand() * len(_SHARED_EMAILS))]
                emails.append({"value": shared, "type": "work"})
            phones = []
            for p in range(0 if rand() < 0.35 else 1 + int(rand() * rand() * 2)):
                digits = f"{int(rand() * 10**9):09d}"
                number = f"+1 ({digits[:3]}) {digits[3:6]}-{digits[6:]}{p}"
                phones.append({"value": number, "type": _PHONE_TYPES[p % 3]})
            birthday = None
            if rand() < 0.3:
                birthday = date(1940 + int(rand() * 65), 1 + int(rand() * 12), 1 + int(rand() * 28))
            notes = "Met at the conference" if rand() < 0.05 else None
            created = user.created_at + int(rand() * (anchor - user.created_at))
            deleted = None
            if rand() < 0.03:
                deleted = max(created, anchor - int(rand() * window))
            platform = object_id = None
            if rand() < 0.35:
                imported += 1
                platform, object_id = "google_contacts", f"gc-{imported}"
            yield (
                user.id,
                new_uuid(),
                given,
                family,
                display,
                ENCODE(emails).decode(),
                ENCODE(phones).decode(),
                organization,
                birthday,
                notes,
                created,
                created,
                deleted,
                "{}",
                platform,
                object_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    total = round(ctx.config.users * CONTACTS_PER_USER * ctx.config.scale)
    counts = zipf_counts(ctx.rng, len(users), total)
    await ctx.copy("contacts", _COLUMNS, _contact_rows(ctx, users, counts))


CONTACTS = TableSeed(
    name="contacts",
    tables=("contacts",),
    load=_load,
    planned_rows=lambda config: round(config.users * CONTACTS_PER_USER * config.scale),
    after=("users",),
    stream="load_contacts",
)
