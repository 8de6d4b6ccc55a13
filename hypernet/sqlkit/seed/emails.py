"""Seeds emails and their thread summaries: Zipf-distributed per user (the heaviest users hold
tens of thousands of messages, most a few dozen), in threads of 1 to 20 messages (most short),
over six years weighted to the recent past, recent mail more often unread, labels from a small
set with one rare label, a few percent in the trash, most imported from Gmail (naming the
user's gmail integration, when there is one). The load runs with triggers off, so the
summaries (email_threads, email_thread_labels) are computed here exactly as the triggers
would keep them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.domain.emails import thread_id_of
from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.integrations import _plan_integrations
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import (
    ANCHOR_US,
    DAY_US,
    UUID_CLEAR,
    UUID_SET,
    YEAR_US,
    zipf_counts,
)

# Messages per user at scale 1.0, on average (150,000 for the default 2,000 users).
EMAILS_PER_USER = 75
# Steeper than media's skew: mail piles up in a few mailboxes, so the heaviest users hold tens of
# thousands of messages (about 25,000 and 12,000 at the default size), the case the thread
# summaries are for.
ZIPF_EXPONENT = 1.1
HOUR_US = DAY_US // 24
# Thread sizes 1..20, short ones far more common (weight ~ 1/size^1.3).
_SIZES = [size for size in range(1, 21) for _ in range(int(1000 / size**1.3))]
# The label a thread is filed under, with its weight; `travel` is rare on purpose (a selective
# label filter, the case the GIN index and the per-label thread index are for).
_THREAD_LABELS: tuple[tuple[int, str], ...] = (
    (450, "inbox"),
    (250, "archive"),
    (120, "work"),
    (80, "personal"),
    (60, "newsletters"),
    (30, "receipts"),
    (10, "travel"),
)
_LABEL_TABLE = [name for weight, name in _THREAD_LABELS for _ in range(weight)]
_TOPICS = (
    "Plans for the weekend",
    "Quarterly report",
    "Your order has shipped",
    "Meeting notes",
    "Invoice",
    "Flight itinerary",
    "Welcome aboard",
    "Question about the API",
    "Dinner on Friday?",
    "Release checklist",
    "Photos from the trip",
    "Weekly digest",
)
_SENTENCES = (
    "Thanks for the update.",
    "Could you have a look at the attached draft before Thursday?",
    "I have moved the meeting to 3pm.",
    "Let me know what you think.",
    "The numbers look better than last quarter.",
    "See you there!",
    "Your receipt is below.",
    "Please find the details of your booking in this message.",
)
_CORRESPONDENTS = (
    "ada@example.com",
    "grace@example.org",
    "alan@mail.example.net",
    "barbara@example.io",
    "noreply@shop.example.com",
    "news@digest.example.com",
    "team@work.example.com",
    "linus@example.com",
)
_EMAIL_COLUMNS = (
    "user_id",
    "id",
    "message_id",
    "thread_id",
    "in_reply_to",
    "from_address",
    "to_addresses",
    "cc_addresses",
    "bcc_addresses",
    "subject",
    "sent_at",
    "body_text",
    "labels",
    "is_read",
    "is_starred",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_integration_id",
    "source_platform",
    "source_object_id",
)
_THREAD_COLUMNS = (
    "user_id",
    "thread_id",
    "latest_email_id",
    "latest_at",
    "subject",
    "message_count",
    "unread_count",
)
_LABEL_COLUMNS = ("user_id", "thread_id", "label", "message_count", "latest_at", "has_unread")
# One COPY per this many messages, like media's.
_CHUNK = 100_000


def emails_total(config: SeedConfig) -> int:
    return round(config.users * EMAILS_PER_USER * config.scale)


def _gmail_integrations(config: SeedConfig) -> dict[int, str]:
    """user number -> the id of the user's gmail integration (the last one, if several)."""
    return {
        p.user_number: p.id
        for p in _plan_integrations(config.users, config.seed)
        if p.kind == "gmail"
    }


class _Summaries:
    """The thread and label rows the triggers would have written, gathered while emails are
    made."""

    def __init__(self) -> None:
        self.threads: list[tuple[Any, ...]] = []
        self.labels: list[tuple[Any, ...]] = []

    def add(self, uid: str, thread: str, live: list[tuple[int, str, str, bool, list[str]]]) -> None:
        """`live`: (sent_at, id, subject, is_read, labels) of the thread's live messages."""
        if not live:
            return
        latest = max(live, key=lambda m: (m[0], m[1]))
        unread = sum(1 for m in live if not m[3])
        self.threads.append((uid, thread, latest[1], latest[0], latest[2], len(live), unread))
        per_label: dict[str, int] = {}
        for m in live:
            for label in m[4]:
                per_label[label] = per_label.get(label, 0) + 1
        for label, count in per_label.items():
            self.labels.append((uid, thread, label, count, latest[0], unread > 0))


def _email_rows(
    ctx: SeedContext,
    users: Sequence[tuple[SeededUser, int]],
    gmail: dict[int, str],
    summaries: _Summaries,
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    clear, setv = UUID_CLEAR, UUID_SET
    anchor = ANCHOR_US
    n_sizes, n_labels = len(_SIZES), len(_LABEL_TABLE)
    n_topics, n_sentences, n_people = len(_TOPICS), len(_SENTENCES), len(_CORRESPONDENTS)
    for user, count in users:
        uid = user.id
        me = f"user{user.number}@example.com"
        integration = gmail.get(user.number)
        made = 0
        thread_number = 0
        while made < count:
            size = min(_SIZES[int(rand() * n_sizes)], count - made)
            thread_number += 1
            topic = _TOPICS[int(rand() * n_topics)]
            filed = _LABEL_TABLE[int(rand() * n_labels)]
            other = _CORRESPONDENTS[int(rand() * n_people)]
            # Threads start over six years, more of them recently.
            sent = anchor - int(rand() * rand() * 6 * YEAR_US) - HOUR_US
            chain: list[str] = []
            live: list[tuple[int, str, str, bool, list[str]]] = []
            thread_id = ""
            for k in range(size):
                message_id = f"<u{user.number}.t{thread_number}.m{k}@mail.example.com>"
                if k == 0:
                    thread_id = str(thread_id_of(message_id, None, []))
                subject = topic if k == 0 else f"Re: {topic}"
                mine = k % 2 == 1 and rand() < 0.7
                sender, recipient = (me, other) if mine else (other, me)
                labels = [filed]
                if mine:
                    labels.append("sent")
                if rand() < 0.03:
                    labels.append("important")
                age = anchor - sent
                is_read = mine or rand() >= (0.35 if age < 60 * DAY_US else 0.02)
                created = max(sent + int(rand() * HOUR_US), user.created_at + int(rand() * DAY_US))
                if created > anchor:
                    created = anchor - int(rand() * DAY_US)
                deleted = None
                if rand() < 0.02:
                    deleted = max(anchor - int(rand() * 90 * DAY_US), created)
                email_id = ((bits(128) & clear) | setv).to_bytes(16).hex()
                body = " ".join(
                    _SENTENCES[int(rand() * n_sentences)] for _ in range(1 + int(rand() * 4))
                )
                platform = object_id = source = None
                if rand() < 0.8:
                    platform, object_id = "gmail", f"gm-{user.number}-{made + k}"
                    source = integration
                if deleted is None:
                    live.append((sent, email_id, subject, is_read, labels))
                yield (
                    uid,
                    email_id,
                    message_id,
                    thread_id,
                    chain[-1] if chain else None,
                    sender,
                    [recipient],
                    [],
                    [],
                    subject,
                    sent,
                    body,
                    labels,
                    is_read,
                    rand() < 0.02,
                    created,
                    created,
                    deleted,
                    "{}",
                    source,
                    platform,
                    object_id,
                )
                chain.append(message_id)
                # The next reply comes minutes to days later.
                sent += int(1 + rand() * rand() * 3 * DAY_US)
            summaries.add(uid, thread_id, live)
            made += size


async def _load(ctx: SeedContext) -> None:
    counts = zipf_counts(ctx.rng, ctx.config.users, emails_total(ctx.config), ZIPF_EXPONENT)
    gmail = _gmail_integrations(ctx.config)
    summaries = _Summaries()
    group: list[tuple[SeededUser, int]] = []
    size = 0
    for user in ctx.get(SEEDED_USERS):
        group.append((user, counts[user.number]))
        size += counts[user.number]
        if size >= _CHUNK:
            await ctx.copy("emails", _EMAIL_COLUMNS, _email_rows(ctx, group, gmail, summaries))
            group, size = [], 0
    if group:
        await ctx.copy("emails", _EMAIL_COLUMNS, _email_rows(ctx, group, gmail, summaries))
    ctx.progress.expect(len(summaries.threads) + len(summaries.labels))
    await ctx.copy("email_threads", _THREAD_COLUMNS, iter(summaries.threads))
    await ctx.copy("email_thread_labels", _LABEL_COLUMNS, iter(summaries.labels))


EMAILS = TableSeed(
    name="emails",
    tables=("emails", "email_threads", "email_thread_labels"),
    load=_load,
    planned_rows=emails_total,
    after=("users", "integrations"),
    stream="load_emails",
)
