"""Devices of one user (phones, laptops, watches, ...): the stored row, the writes on it and the
list query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

# Mirror the CHECKs of migration 0024, so a bad value is a 422 with its field's path.
DeviceType = Literal[
    "phone",
    "tablet",
    "laptop",
    "desktop",
    "watch",
    "tv",
    "speaker",
    "console",
    "headset",
    "camera",
    "car",
    "other",
]
DeviceName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
OsName = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=NO_NUL)]
# What identifies the device, by lower_snake_case name: {"serial": "C02XK0AAJGH5", "imei": ...}.
# Decoded as any object and checked by identifiers_problem(), so that a bad entry is named by its
# own path ($.identifiers.serial); the document states the rule all the same.
MAX_IDENTIFIERS = 20
_IDENTIFIER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_IDENTIFIER_NAME_MAX = 50
_IDENTIFIER_VALUE_MAX = 200
Identifiers = Annotated[
    dict[str, Any],
    msgspec.Meta(
        max_length=MAX_IDENTIFIERS,
        extra_json_schema={
            "propertyNames": {"pattern": _IDENTIFIER_NAME.pattern, "maxLength": 50},
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 200},
        },
    ),
]
# How far ahead of the service's clock a last_seen_at may be (a device's clock runs fast): it
# only ever moves forward, so a time far in the future would stick.
SEEN_AHEAD = timedelta(days=1)


@dataclass(slots=True)
class Device:
    id: UUID
    user_id: UUID
    name: str
    device_type: str
    os: str | None
    os_version: str | None
    # When it was last seen (reported by a client or a service); never moves backwards.
    last_seen_at: datetime
    identifiers: dict[str, str]
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class DeviceListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/devices: live devices, most recently seen first; with `device_type`, only that
    type."""

    device_type: DeviceType | None = None


class DeviceCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new device (POST /v1/devices, and each item of an import batch); without last_seen_at
    it is seen now."""

    name: DeviceName
    device_type: DeviceType
    os: OsName | None = None
    os_version: OsName | None = None
    last_seen_at: AwareDatetime | None = None
    identifiers: Identifiers = msgspec.field(default_factory=dict)
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        if self.os_version is not None and self.os is None:
            raise ValueError("os_version needs os")


class DevicePatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/devices/{id}); absent keeps a value, null clears it (os,
    os_version). last_seen_at only moves forward: an earlier time than the stored one keeps the
    stored one (reports arrive late and out of order). identifiers replaces the whole object."""

    name: DeviceName | UnsetType = UNSET
    device_type: DeviceType | UnsetType = UNSET
    os: OsName | UnsetType | None = UNSET
    os_version: OsName | UnsetType | None = UNSET
    last_seen_at: AwareDatetime | UnsetType = UNSET
    identifiers: Identifiers | UnsetType = UNSET
    metadata: JsonObject | UnsetType = UNSET


DeviceImport = Annotated[list[DeviceCreate], msgspec.Meta(min_length=1, max_length=1000)]


def identifiers_problem(identifiers: dict[str, Any]) -> tuple[str, str] | None:
    """The first entry that breaks the rule, as (its path below the object, what is wrong)."""
    for name, value in identifiers.items():
        step = f".{name}" if name.isidentifier() else f"[{msgspec.json.encode(name).decode()}]"
        if len(name) > _IDENTIFIER_NAME_MAX or not _IDENTIFIER_NAME.match(name):
            return step, "is not a lower_snake_case name of at most 50 characters"
        if not isinstance(value, str):
            return step, "must be a string"
        if not 1 <= len(value) <= _IDENTIFIER_VALUE_MAX:
            return step, "must be 1 to 200 characters long"
    return None
