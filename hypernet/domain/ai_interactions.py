"""AI interactions of one user (prompt, response, tokens, cost): the stored row, the writes on
it, the list queries and the usage totals of a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from hypernet.domain.errors import InvalidField
from hypernet.domain.fields import NO_NUL, AwareDatetime, JsonObject, Patch, Platform, SourceId
from hypernet.domain.page import PageQuery

ConversationId = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Model = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
PromptText = Annotated[str, msgspec.Meta(max_length=1_000_000, pattern=NO_NUL)]
Tokens = Annotated[int, msgspec.Meta(ge=0, le=2**62)]
LatencyMs = Annotated[int, msgspec.Meta(ge=0, le=2**62)]
# Mirrors ai_interactions_currency_iso4217 of migration 0013.
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]
# numeric(12, 6): exact, never a float. The schema says string (format decimal), what every
# answer holds; a request may also send a JSON number, which msgspec reads digit by digit into a
# Decimal (0.1 stays 0.1). msgspec sets a Decimal's schema type itself, so the number is said in
# the description (an added anyOf would contradict the type).
CostIn = Annotated[
    Decimal,
    msgspec.Meta(
        description=(
            "Exact decimal (numeric(12, 6)): at least 0, below 1,000,000, at most 6 decimal "
            'places. Send a JSON string such as "0.012345" or a JSON number (read digit by '
            "digit, never through a float); always answered as a string"
        ),
        examples=["0.012345"],
    ),
]
CostOut = Annotated[
    Decimal,
    msgspec.Meta(description='Exact decimal as a JSON string, e.g. "0.012345"'),
]
_COST_LIMIT = Decimal(1_000_000)


def check_cost(path: str, cost: Decimal) -> None:
    """What numeric(12, 6) holds exactly: finite, not negative, below a million, at most six
    decimal places (more would be rounded silently by the database)."""
    exponent = cost.as_tuple().exponent
    if not cost.is_finite() or not isinstance(exponent, int):
        raise InvalidField(path, "must be a finite decimal")
    if cost < 0 or cost >= _COST_LIMIT:
        raise InvalidField(path, "must be at least 0 and below 1000000")
    if exponent < -6 and cost != cost.quantize(Decimal("0.000001")):
        raise InvalidField(path, "has more than 6 decimal places")


@dataclass(slots=True)
class AiInteraction:
    id: UUID
    user_id: UUID
    conversation_id: str | None
    model: str
    prompt: str
    response: str | None
    tokens_in: int
    tokens_out: int
    cost: CostOut
    currency: str
    latency_ms: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    metadata: dict[str, Any]
    source_integration_id: UUID | None
    source_platform: str | None
    source_object_id: str | None


class AiInteractionCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new interaction (POST /v1/ai/interactions, and each item of an import batch);
    created_at is when it happened (now, when not given)."""

    model: Model
    prompt: PromptText
    response: PromptText | None = None
    conversation_id: ConversationId | None = None
    tokens_in: Tokens = 0
    tokens_out: Tokens = 0
    cost: CostIn = Decimal(0)
    currency: Currency = "USD"
    latency_ms: LatencyMs | None = None
    created_at: AwareDatetime | None = None
    metadata: JsonObject = msgspec.field(default_factory=dict)
    source_integration_id: UUID | None = None
    source_platform: Platform | None = None
    source_object_id: SourceId | None = None

    def __post_init__(self) -> None:
        if self.source_object_id is not None and self.source_platform is None:
            raise ValueError("source_object_id needs source_platform")


class AiInteractionPatch(Patch, forbid_unknown_fields=True, kw_only=True):
    """Fields to change (PATCH /v1/ai/interactions/{id}); an absent field keeps its value, null
    clears it."""

    conversation_id: ConversationId | UnsetType | None = UNSET
    model: Model | UnsetType = UNSET
    prompt: PromptText | UnsetType = UNSET
    response: PromptText | UnsetType | None = UNSET
    tokens_in: Tokens | UnsetType = UNSET
    tokens_out: Tokens | UnsetType = UNSET
    cost: CostIn | UnsetType = UNSET
    currency: Currency | UnsetType = UNSET
    latency_ms: LatencyMs | UnsetType | None = UNSET
    metadata: JsonObject | UnsetType = UNSET


AiInteractionImport = Annotated[
    list[AiInteractionCreate], msgspec.Meta(min_length=1, max_length=1000)
]


class AiInteractionListQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/ai/interactions: newest first; one of conversation_id or model, or neither."""

    conversation_id: ConversationId | None = None
    model: Model | None = None


class AiUsageQuery(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/ai/usage?from=&to=: the window [from, to)."""

    from_: AwareDatetime = msgspec.field(name="from")
    to: AwareDatetime


class AiModelUsage(msgspec.Struct):
    """Totals of one model in one currency over the window."""

    model: str
    currency: str
    interactions: int
    tokens_in: int
    tokens_out: int
    cost: CostOut


class AiUsage(msgspec.Struct):
    # Echoes the window, [from, to).
    from_: datetime = msgspec.field(name="from")
    to: datetime
    models: list[AiModelUsage]
