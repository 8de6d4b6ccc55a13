"""A user's connections to external services, and the OAuth tokens kept for them (encrypted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId

# Mirrors the integrations_type_known check of migration 0005: the services Hypernet imports from.
IntegrationType = Literal[
    "google_photos",
    "icloud_photos",
    "instagram",
    "facebook",
    "twitter",
    "gmail",
    "outlook",
    "google_calendar",
    "google_contacts",
    "google_drive",
    "dropbox",
    "spotify",
    "fitbit",
    "apple_health",
    "plaid",
    "github",
]
# active: syncing; paused: by the user; error: the last sync failed (last_error says why);
# revoked: the provider or the user withdrew the grant.
IntegrationStatus = Literal["active", "paused", "error", "revoked"]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
SyncCursor = Annotated[str, msgspec.Meta(max_length=8192, pattern=NO_NUL)]
LastError = Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=NO_NUL)]
# OAuth tokens are short ASCII strings in practice; the bound keeps a row small.
Token = Annotated[str, msgspec.Meta(min_length=1, max_length=16384)]


@dataclass(slots=True)
class Integration:
    id: UUID
    user_id: UUID
    integration_type: str
    display_name: str
    status: str
    sync_cursor: str | None
    last_synced_at: datetime | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_platform: str | None
    source_object_id: str | None
    # Whether OAuth tokens are stored, and when the access token expires; never the tokens.
    has_secrets: bool
    secrets_expire_at: datetime | None


class IntegrationCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new connection (POST /v1/integrations); its tokens follow with PUT .../secrets."""

    integration_type: IntegrationType
    display_name: DisplayName
    status: IntegrationStatus = "active"
    sync_cursor: SyncCursor | None = None
    last_synced_at: AwareDatetime | None = None
    last_error: LastError | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")
        if self.status == "error" and self.last_error is None:
            raise ValueError("status error needs last_error")


class IntegrationPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/integrations/{id}); absent keeps, null clears.

    integration_type is not among them: a connection to another service is another integration.
    """

    display_name: DisplayName | UnsetType = UNSET
    status: IntegrationStatus | UnsetType = UNSET
    sync_cursor: SyncCursor | UnsetType | None = UNSET
    last_synced_at: AwareDatetime | UnsetType | None = UNSET
    last_error: LastError | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


class SecretsWrite(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The OAuth tokens of an integration (PUT /v1/integrations/{id}/secrets): all replaced."""

    access_token: Token
    refresh_token: Token | None = None
    expires_at: AwareDatetime | None = None


@dataclass(frozen=True, slots=True)
class IntegrationSecrets:
    """Decrypted tokens, for the code that syncs; never serialized, never in a repr."""

    integration_id: UUID
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None
    key_id: str

    def __repr__(self) -> str:
        return (
            f"IntegrationSecrets(integration_id={self.integration_id}, access_token=<hidden>, "
            f"refresh_token={'<hidden>' if self.refresh_token else None}, "
            f"expires_at={self.expires_at!r}, key_id={self.key_id!r})"
        )
