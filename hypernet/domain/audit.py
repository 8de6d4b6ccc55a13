"""Events of the append-only audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

# The account of an event that names none (a failed login with an unknown e-mail).
NO_ACCOUNT = UUID(int=0)


@dataclass(slots=True)
class AuditEvent:
    id: UUID
    user_id: UUID
    occurred_at: datetime
    actor_id: UUID | None
    action: str
    object_type: str | None
    object_id: UUID | None
    request_id: str | None
    client_addr: str | None
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewAuditEvent:
    user_id: UUID
    action: str
    actor_id: UUID | None = None
    object_type: str | None = None
    object_id: UUID | None = None
    request_id: str | None = None
    client_addr: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
