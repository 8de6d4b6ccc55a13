"""The account that owns everything else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(slots=True)
class User:
    id: UUID
    email: str
    display_name: str
    storage_quota_bytes: int
    created_at: datetime
    updated_at: datetime
    metadata: dict[str, Any]


@dataclass(slots=True)
class Credentials:
    """What login needs, and nothing the API should ever return."""

    user_id: UUID
    password_hash: str
