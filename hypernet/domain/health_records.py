"""Health records of one user: the stored measurement, the writes on it, the lists and the daily
summary of one type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import (
    NO_NUL,
    AwareDatetime,
    JsonObject,
    Patch,
    Platform,
    SourceId,
    is_time_zone,
)
from hypernet.domain.page import PageQuery
from hypernet.domain.partitions import check_recorded_at

# Mirror the CHECKs of migration 0026, so a bad value is a 422 with its field's path.
RecordType = Literal[
    "heart_rate",
    "steps",
    "weight",
    "sleep",
    "blood_pressure",
    "blood_glucose",
    "body_temperature",
    "oxygen_saturation",
    "lab_result",
]
# The units each type is measured in; a lab result takes any unit.
UNITS: dict[str, tuple[str, ...]] = {
    "heart_rate": ("bpm",),
    "steps": ("count",),
    "weight": ("kg", "lb"),
    "sleep": ("min",),
    "blood_pressure": ("mmHg",),
    "blood_glucose": ("mg/dL", "mmol/L"),
    "body_temperature": ("degC", "degF"),
    "oxygen_saturation": ("%",),
}
Unit = Annotated[str, msgspec.Meta(min_length=1, max_length=50, pattern=NO_NUL)]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
SourceDevice = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
# No measurement comes near 10^12 in any unit; past it, a day's sum in the summary could leave
# the range of a double and that window would answer 422 for good.
MEASURE_LIMIT = 1e12
Value = Annotated[float, msgspec.Meta(ge=-MEASURE_LIMIT, le=MEASURE_LIMIT)]
Value2 = Annotated[float, msgspec.Meta(ge=0, le=MEASURE_LIMIT)]
TimeZoneName = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=NO_NUL)]

# The longest window one summary covers: a year and a bit, one entry a day and unit at most.
SUMMARY_MAX_DAYS = 400


@dataclass(slots=True)
class HealthRecord:
    id: UUID
    user_id: UUID
    record_type: str
    # When it was measured; the partition key, so it never changes.
    recorded_at: datetime
    # The measurement; a blood pressure's systolic value.
    value: float
    # A blood pressure's diastolic value; null for every other type.
    value2: float | None
    unit: str
    # What a lab result measured ("HbA1c"); optional for other types.
    label: str | None
    source_device: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


def check_measurement(
    record_type: str, value: float, value2: float | None, unit: str, label: str | None
) -> None:
    """The rules between the fields of one record (migration 0026's CHECKs)."""
    units = UNITS.get(record_type)
    if units is not None and unit not in units:
        raise ValueError(f"unit must be {' or '.join(units)} for {record_type}")
    if (record_type == "blood_pressure") != (value2 is not None):
        raise ValueError(
            "value2 (the diastolic pressure) is required for blood_pressure and only there"
        )
    if value < 0 and record_type != "lab_result":
        raise ValueError(f"value must not be negative for {record_type}")
    if record_type == "steps" and value != int(value):
        raise ValueError("value must be a whole number of steps")
    if record_type == "lab_result" and label is None:
        raise ValueError("label (what was measured) is required for lab_result")


class HealthRecordCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new record (POST /v1/health/records, and each item of an import batch)."""

    record_type: RecordType
    recorded_at: AwareDatetime
    value: Value
    value2: Value2 | None = None
    unit: Unit
    label: Label | None = None
    source_device: SourceDevice | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        check_recorded_at(self.recorded_at)
        check_measurement(self.record_type, self.value, self.value2, self.unit, self.label)
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class HealthRecordPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/health/records/{id}); an absent field keeps its value, null
    clears it. Neither the type nor recorded_at (the partition key) change: record it again."""

    value: Value | UnsetType = UNSET
    value2: Value2 | UnsetType | None = UNSET
    unit: Unit | UnsetType = UNSET
    label: Label | UnsetType | None = UNSET
    source_device: SourceDevice | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


HealthRecordImport = Annotated[
    list[HealthRecordCreate], msgspec.Meta(min_length=1, max_length=1000)
]


class HealthRecordListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/health/records: newest first; of one type, within [from, to), or both."""

    type: RecordType | None = None
    from_: AwareDatetime | None = msgspec.field(default=None, name="from")
    to: AwareDatetime | None = None


class HealthSummaryQuery(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/health/summary?type=&from=&to=&tz=: one type's records in [from, to), day by day
    in the time zone tz (an IANA name; UTC by default)."""

    type: RecordType
    from_: AwareDatetime = msgspec.field(name="from")
    to: AwareDatetime
    tz: TimeZoneName = "UTC"

    def __post_init__(self) -> None:
        if self.to <= self.from_:
            raise ValueError("to must be after from")
        if self.to - self.from_ > timedelta(days=SUMMARY_MAX_DAYS):
            raise ValueError(f"the window must not be longer than {SUMMARY_MAX_DAYS} days")
        if not is_time_zone(self.tz):
            raise ValueError(f"tz {self.tz!r} is not an IANA time zone name")


class HealthDay(msgspec.Struct):
    """One day's records of the type in one unit (a day measured in kg and lb has two)."""

    day: date
    unit: str
    count: int
    min: float
    max: float
    avg: float
    sum: float
    # The same of value2 (a blood pressure's diastolic value); null for every other type.
    min2: float | None
    max2: float | None
    avg2: float | None


class HealthSummary(msgspec.Struct):
    type: str
    # Echoes the window, [from, to), and the time zone its days are in.
    from_: datetime = msgspec.field(name="from")
    to: datetime
    tz: str
    days: list[HealthDay]
