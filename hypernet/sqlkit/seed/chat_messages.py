"""Seeds chat messages and their conversation summaries: Zipf-distributed per user (a few heavy
users with thousands of messages in hundreds of conversations, many light ones with a handful),
conversation lengths heavy-tailed (most a few messages, a few with a thousand), mostly WhatsApp
and iMessage, direct chats and some groups, messages in bursts over the years, some edited, some
replying to an earlier message of their conversation, a few percent in the trash, most imported
from the platform. With triggers off, chat_conversations is computed here, exactly as the
triggers of migration 0012 keep it (live messages only)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    ENCODE,
    TRASH_WINDOW_US,
    UUID_CLEAR,
    UUID_SET,
    YEAR_US,
    stream,
    zipf_counts,
)

# Messages per user at scale 1.0, on average (100,000 for the default 2,000 users).
MESSAGES_PER_USER = 50
# (weight, platform, conversation key prefix, handle style)
_PLATFORMS: tuple[tuple[int, str, str, str], ...] = (
    (45, "whatsapp", "wa-", "phone"),
    (25, "imessage", "im-", "phone"),
    (10, "slack", "sl-", "handle"),
    (8, "sms", "sms-", "phone"),
    (7, "telegram", "tg-", "handle"),
    (5, "signal", "sig-", "phone"),
)
_PLATFORM_TABLE = [p for p in _PLATFORMS for _ in range(p[0])]
_NAMES = (
    "ana bo chen dara eli femi gus hana ivo jun kai lea milo nia omar pia quin rosa sam tove "
    "uma vic wen xia yara zed"
).split()
_PHRASES = (
    "on my way",
    "sounds good",
    "can you send me the photos from saturday?",
    "running ten minutes late, sorry",
    "did you see the game last night",
    "lunch tomorrow?",
    "happy birthday!!",
    "the meeting moved to 3pm",
    "thanks, got it",
    "haha",
    "call me when you're free",
    "I'll pick up the groceries",
    "where did we park",
    "the kids are asleep finally",
    "love you",
    "ok",
    "what time does the train leave",
    "flight landed, heading home",
    "can you review my pull request",
    "let's push the deploy to monday",
)
_CONVERSATION_COLUMNS = (
    "user_id",
    "conversation_id",
    "platform",
    "latest_sent_at",
    "message_count",
)
MESSAGE_COLUMNS = (
    "user_id",
    "id",
    "conversation_id",
    "platform",
    "sender",
    "sender_is_user",
    "text",
    "sent_at",
    "reply_to_message_id",
    "edited_at",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)
_CHUNK = 100_000
# The longest conversation: a heavy user's family group over years.
_LONGEST = 2000


def messages_total(config: SeedConfig) -> int:
    return round(config.users * MESSAGES_PER_USER * config.scale)


def _handle(style: str, number: int) -> str:
    if style == "phone":
        return f"+1555{number % 10_000_000:07d}"
    return "@" + _NAMES[number % len(_NAMES)] + str(number // len(_NAMES))


def _user_rows(
    ctx: SeedContext, user: SeededUser, count: int, summaries: list[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    clear, setv = UUID_CLEAR, UUID_SET
    anchor, day = ANCHOR_US, DAY_US
    uid = user.id
    attachment = ENCODE({"attachment": "image/jpeg"}).decode()
    left = count
    conversation = 0
    imported: dict[str, int] = {}
    while left > 0:
        conversation += 1
        # Pareto lengths (P(L > x) ~ x^-1.2): mostly short, a long tail of long ones.
        length = min(left, _LONGEST, int(1.0 / (1.0 - rand()) ** (1 / 1.2)))
        left -= length
        _, platform, prefix, style = _PLATFORM_TABLE[int(rand() * len(_PLATFORM_TABLE))]
        conversation_id = f"{prefix}{user.number:06d}-{conversation:05d}"
        me = _handle(style, user.number * 7 + 1)
        members = [_handle(style, bits(24))]
        if rand() < 0.2:
            members += [_handle(style, bits(24)) for _ in range(1 + int(rand() * 7))]
        # Messages come in bursts: minutes apart within a burst, days between bursts.
        gaps = [
            int(-math.log(1.0 - rand()) * (day if rand() < 0.1 else day // 200))
            for _ in range(length)
        ]
        span = sum(gaps)
        sent = anchor - span - int(rand() * rand() * 4 * YEAR_US) - day
        ids: list[str] = []
        live_count = 0
        latest = None
        for k in range(length):
            sent += gaps[k]
            from_user = rand() < 0.45
            sender = me if from_user else members[int(rand() * len(members))]
            text = _PHRASES[int(rand() * len(_PHRASES))]
            if rand() < 0.3:
                text += ". " + _PHRASES[int(rand() * len(_PHRASES))]
            reply_to = None
            if ids and rand() < 0.08:
                reply_to = ids[max(0, len(ids) - 1 - int(rand() * 10))]
            edited = sent + int(rand() * 3_600_000_000) if rand() < 0.03 else None
            if edited is not None and edited > anchor:
                edited = anchor
            created = sent + int(rand() * day)
            if created > anchor:
                created = anchor
            updated = edited if edited is not None and edited > created else created
            deleted = None
            if rand() < 0.02:
                deleted = anchor - int(rand() * TRASH_WINDOW_US)
                if deleted < updated:
                    deleted = updated
            source_platform = source_object_id = None
            if rand() < 0.7:
                n = imported.get(platform, 0) + 1
                imported[platform] = n
                source_platform, source_object_id = platform, f"{prefix}msg-{n}"
            message_id = ((bits(128) & clear) | setv).to_bytes(16).hex()
            ids.append(message_id)
            if deleted is None:
                live_count += 1
                latest = sent
            yield (
                uid,
                message_id,
                conversation_id,
                platform,
                sender,
                from_user,
                text,
                sent,
                reply_to,
                edited,
                created,
                updated,
                deleted,
                attachment if rand() < 0.05 else "{}",
                source_platform,
                source_object_id,
            )
        if live_count:
            summaries.append((uid, conversation_id, platform, latest, live_count))


def _rows(
    ctx: SeedContext,
    users: Sequence[tuple[SeededUser, int]],
    summaries: list[tuple[Any, ...]],
) -> Iterator[tuple[Any, ...]]:
    for user, count in users:
        yield from _user_rows(ctx, user, count, summaries)


async def _load(ctx: SeedContext) -> None:
    counts = zipf_counts(
        stream(ctx.config.seed, "chat_messages_per_user"),
        ctx.config.users,
        messages_total(ctx.config),
    )
    summaries: list[tuple[Any, ...]] = []
    group: list[tuple[SeededUser, int]] = []
    size = 0
    users: list[SeededUser] = ctx.get(SEEDED_USERS)
    for user, count in zip(users, counts, strict=True):
        group.append((user, count))
        size += count
        if size >= _CHUNK:
            await ctx.copy("chat_messages", MESSAGE_COLUMNS, _rows(ctx, group, summaries))
            group, size = [], 0
    if group:
        await ctx.copy("chat_messages", MESSAGE_COLUMNS, _rows(ctx, group, summaries))
    ctx.progress.expect(len(summaries))
    await ctx.copy("chat_conversations", _CONVERSATION_COLUMNS, iter(summaries))


CHAT_MESSAGES = TableSeed(
    name="chat_messages",
    tables=("chat_messages", "chat_conversations"),
    load=_load,
    planned_rows=messages_total,
    after=("users",),
    stream="load_chat_messages",
)
