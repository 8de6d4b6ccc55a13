"""Projects of one user (a name, a status, a colour) that tasks belong to: the stored row and the
writes on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

# Mirror the CHECKs of migration 0019, so a bad value is a 422 with its field's path.
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
Description = Annotated[str, msgspec.Meta(max_length=10_000, pattern=NO_NUL)]
ProjectStatus = Literal["active", "archived"]
# '#rrggbb', either case; stored in lower case.
Color = Annotated[str, msgspec.Meta(pattern=r"^#[0-9a-fA-F]{6}$")]


@dataclass(slots=True)
class Project:
    id: UUID
    user_id: UUID
    name: str
    description: str | None
    status: str
    color: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class ProjectListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/projects: the live projects of one status (active unless asked), by name."""

    status: ProjectStatus = "active"


class ProjectCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new project (POST /v1/projects, and each item of an import batch)."""

    name: Name
    description: Description | None = None
    status: ProjectStatus = "active"
    color: Color | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.color is not None:
            self.color = self.color.lower()
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class ProjectPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/projects/{id}); status archived archives it (its tasks
    stay as they are), active brings it back to the main list."""

    name: Name | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    status: ProjectStatus | UnsetType = UNSET
    color: Color | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET

    def __post_init__(self) -> None:
        if isinstance(self.color, str):
            self.color = self.color.lower()


ProjectImport = Annotated[list[ProjectCreate], msgspec.Meta(min_length=1, max_length=1000)]
