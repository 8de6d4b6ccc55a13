"""Contacts of one user: the stored row, the writes on it, and how a list finds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, EmailAddress, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Organization = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Notes = Annotated[str, msgspec.Meta(max_length=20_000, pattern=NO_NUL)]
# A free label: home, work, mobile, ...
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=50, pattern=NO_NUL)]
# Digits with the usual punctuation (+, spaces, dots, dashes, parentheses, slashes); at least
# one digit, since a number is found by its digits.
PhoneNumber = Annotated[
    str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[+0-9 ().\-/]*[0-9][+0-9 ().\-/]*$")
]


class ContactEmail(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    value: EmailAddress
    type: Label | None = None


class ContactPhone(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    value: PhoneNumber
    type: Label | None = None


Emails = Annotated[list[ContactEmail], msgspec.Meta(max_length=50)]
Phones = Annotated[list[ContactPhone], msgspec.Meta(max_length=50)]


@dataclass(slots=True)
class Contact:
    id: UUID
    user_id: UUID
    given_name: str | None
    family_name: str | None
    display_name: str
    # As stored: [{"value": ..., "type": ...}], in the order the user gave.
    emails: list[dict[str, Any]]
    phones: list[dict[str, Any]]
    organization: str | None
    birthday: date | None
    notes: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class ContactListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/contacts: alphabetical, or the contacts holding one e-mail address or number."""

    # Exact, case-insensitive.
    email: EmailAddress | None = None
    # Compared by digits: "+1 (555) 010-2000" finds "+1 555 010 2000".
    phone: PhoneNumber | None = None


class ContactCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new contact (POST /v1/contacts, and each item of an import batch). Without a
    display_name, the names make one, else the organization, else the first e-mail address or
    phone number."""

    display_name: DisplayName | None = None
    given_name: Name | None = None
    family_name: Name | None = None
    emails: Emails = msgspec.field(default_factory=list)
    phones: Phones = msgspec.field(default_factory=list)
    organization: Organization | None = None
    birthday: date | None = None
    notes: Notes | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        if self.display_name is None:
            names = " ".join(n for n in (self.given_name, self.family_name) if n)
            values = [e.value for e in self.emails] + [p.value for p in self.phones]
            fallback = names or self.organization or (values[0] if values else None)
            if fallback is None:
                raise ValueError("a contact needs a display_name, a name, an e-mail or a phone")
            self.display_name = fallback[:500]


class ContactPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/contacts/{id}); an absent field keeps its value, null clears
    it (display_name cannot be cleared; emails and phones are replaced whole)."""

    display_name: DisplayName | UnsetType = UNSET
    given_name: Name | UnsetType | None = UNSET
    family_name: Name | UnsetType | None = UNSET
    emails: Emails | UnsetType = UNSET
    phones: Phones | UnsetType = UNSET
    organization: Organization | UnsetType | None = UNSET
    birthday: date | UnsetType | None = UNSET
    notes: Notes | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


ContactImport = Annotated[list[ContactCreate], msgspec.Meta(min_length=1, max_length=1000)]
