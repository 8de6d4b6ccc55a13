"""Seeds AI interactions: Zipf-distributed per user, a skewed mix of models (one rare), most in
threads of a few to a few dozen calls and some one-off, token counts heavy-tailed, each cost
computed from the model's price per million tokens (exact, six decimal places), mostly in USD and
some in EUR, timestamps over three years weighted to the recent past, a few percent in the trash,
some imported from the provider."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    TRASH_WINDOW_US,
    UUID_CLEAR,
    UUID_SET,
    YEAR_US,
    stream,
    zipf_counts,
)

# Interactions per user at scale 1.0, on average (20,000 for the default 2,000 users).
INTERACTIONS_PER_USER = 10
# (weight, model, provider, USD per million tokens in, out)
_MODELS: tuple[tuple[int, str, str, int, int], ...] = (
    (30, "gpt-4o", "openai", 2_500_000, 10_000_000),
    (25, "gpt-4o-mini", "openai", 150_000, 600_000),
    (20, "claude-sonnet-4", "anthropic", 3_000_000, 15_000_000),
    (12, "claude-haiku-3.5", "anthropic", 800_000, 4_000_000),
    (8, "gemini-1.5-pro", "google", 1_250_000, 5_000_000),
    (4, "llama-3-70b", "meta", 600_000, 600_000),
    (1, "o1", "openai", 15_000_000, 60_000_000),
)
_MODEL_TABLE = [m for m in _MODELS for _ in range(m[0])]
_PROMPTS = (
    "Summarize this article in three bullet points.",
    "Write a polite reply declining the invitation.",
    "Explain the difference between a mutex and a semaphore.",
    "Translate to Portuguese: see you tomorrow at the station.",
    "Suggest a name for a hiking photo album.",
    "Refactor this function to avoid the nested loops.",
    "What should I cook with leeks, potatoes and cream?",
    "Draft a commit message for these changes.",
)
_RESPONSES = (
    "Here is a summary: ...",
    "Thank you so much for thinking of me; unfortunately ...",
    "A mutex has one owner at a time, while a semaphore counts ...",
    "Até amanhã na estação.",
    "How about 'Ridges and Ridgelines'?",
    "You can build a dictionary first, then ...",
    "A leek and potato soup: ...",
    "Speed up the seeder by batching COPY statements",
)
COLUMNS = (
    "user_id",
    "id",
    "conversation_id",
    "model",
    "prompt",
    "response",
    "tokens_in",
    "tokens_out",
    "cost",
    "currency",
    "latency_ms",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)
_MICRO = Decimal("0.000001")


def interactions_total(config: SeedConfig) -> int:
    return round(config.users * INTERACTIONS_PER_USER * config.scale)


def _rows(ctx: SeedContext, counts: list[int]) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    clear, setv = UUID_CLEAR, UUID_SET
    users: list[SeededUser] = ctx.get(SEEDED_USERS)
    for user, count in zip(users, counts, strict=True):
        made = 0
        thread = 0
        imported = 0
        while made < count:
            thread += 1
            one_off = rand() < 0.3
            length = 1 if one_off else min(count - made, 1 + int(rand() * rand() * 40))
            conversation_id = None if one_off else f"thread-{user.number:06d}-{thread:04d}"
            _, model, provider, price_in, price_out = _MODEL_TABLE[int(rand() * len(_MODEL_TABLE))]
            currency = "EUR" if rand() < 0.05 else "USD"
            # Threads lean to the recent past (rand() squared), over three years.
            at = ANCHOR_US - int(rand() * rand() * 3 * YEAR_US) - DAY_US
            for _ in range(length):
                at += int(rand() * 600_000_000) + 1_000_000
                tokens_in = 20 + int(rand() * rand() * rand() * 20_000)
                tokens_out = 5 + int(rand() * rand() * 4_000)
                # Price per million tokens in millionths of a unit: the cost in micro-units.
                micros = (tokens_in * price_in + tokens_out * price_out) // 1_000_000
                cost = (Decimal(micros) * _MICRO).quantize(_MICRO)
                deleted = None
                if rand() < 0.03:
                    deleted = ANCHOR_US - int(rand() * TRASH_WINDOW_US)
                    if deleted < at:
                        deleted = at
                source_platform = source_object_id = None
                if rand() < 0.4:
                    imported += 1
                    source_platform, source_object_id = provider, f"{provider}-{imported}"
                yield (
                    user.id,
                    ((bits(128) & clear) | setv).to_bytes(16).hex(),
                    conversation_id,
                    model,
                    _PROMPTS[int(rand() * len(_PROMPTS))],
                    None if rand() < 0.02 else _RESPONSES[int(rand() * len(_RESPONSES))],
                    tokens_in,
                    tokens_out,
                    cost,
                    currency,
                    300 + tokens_out * 15 + int(rand() * 2000),
                    at,
                    at,
                    deleted,
                    "{}",
                    source_platform,
                    source_object_id,
                )
                made += 1


async def _load(ctx: SeedContext) -> None:
    counts = zipf_counts(
        stream(ctx.config.seed, "ai_interactions_per_user"),
        ctx.config.users,
        interactions_total(ctx.config),
    )
    await ctx.copy("ai_interactions", COLUMNS, _rows(ctx, counts))


AI_INTERACTIONS = TableSeed(
    name="ai_interactions",
    tables=("ai_interactions",),
    load=_load,
    planned_rows=interactions_total,
    after=("users",),
    stream="load_ai_interactions",
)
