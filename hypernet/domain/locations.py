"""Locations of one user: the stored point, the writes on it, the window and the import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.partitions import check_recorded_at

# Mirror the CHECKs of migration 0025, so a bad value is a 422 with its field's path.
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180)]
AccuracyM = Annotated[float, msgspec.Meta(ge=0, le=1_000_000)]
AltitudeM = Annotated[float, msgspec.Meta(ge=-12_000, le=100_000)]
Activity = Literal[
    "still", "walking", "running", "cycling", "in_vehicle", "in_flight", "on_boat", "unknown"
]

# The most points one import takes (the body stays within HYPERNET_MAX_BODY_BYTES, 8 MiB by
# default: a point is about 100 to 160 bytes of JSON).
IMPORT_MAX_POINTS = 50_000
# The window list's page: a day of points every few minutes fits in a few pages.
WindowLimit = Annotated[int, msgspec.Meta(ge=1, le=1000)]


@dataclass(slots=True)
class Location:
    id: UUID
    user_id: UUID
    # When the device recorded the point; the partition key, so it never changes.
    recorded_at: datetime
    latitude: float
    longitude: float
    # Radius of 68% confidence, metres.
    accuracy_m: float | None
    # Metres above sea level (WGS 84).
    altitude_m: float | None
    activity: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class LocationCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new point (POST /v1/locations, and each point of an import). One live point per
    instant: a second one at the same recorded_at is a 409 on create, `existing` on import."""

    recorded_at: AwareDatetime
    latitude: Latitude
    longitude: Longitude
    accuracy_m: AccuracyM | None = None
    altitude_m: AltitudeM | None = None
    activity: Activity | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        check_recorded_at(self.recorded_at)
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class LocationPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/locations/{id}); an absent field keeps its value, null
    clears it. recorded_at is not among them: it places the point in its month's partition
    (delete the point and record it again instead)."""

    latitude: Latitude | UnsetType = UNSET
    longitude: Longitude | UnsetType = UNSET
    accuracy_m: AccuracyM | UnsetType | None = UNSET
    altitude_m: AltitudeM | UnsetType | None = UNSET
    activity: Activity | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


LocationImport = Annotated[
    list[LocationCreate], msgspec.Meta(min_length=1, max_length=IMPORT_MAX_POINTS)
]


class LocationImportResult(msgspec.Struct):
    """What an import of points did: how many were stored, and how many were already there (a
    live point at the same recorded_at, or the same instant twice in the batch)."""

    created: int
    existing: int


class LocationWindowQuery(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/locations?from=&to=: the live points recorded in [from, to), oldest first."""

    from_: AwareDatetime = msgspec.field(name="from")
    to: AwareDatetime
    limit: WindowLimit = 200
    cursor: str | None = None
