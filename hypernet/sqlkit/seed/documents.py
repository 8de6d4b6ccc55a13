"""Seeds documents: about 7.5 per user at scale 1.0 (15,000 for the default 2,000 users), Zipf
over users, added over the years since sign-up; mostly PDFs, then office files, plain text, scans
(with one rare type, for a selective mime type filter); extracted text of very different lengths
(none yet, a receipt, a letter, a contract, a book; some 50 MB in all), picked from a few texts
made once so a row costs no text of its own; a page count for paged formats; a tenth held by one
of the user's media items; a few percent in the trash, a quarter imported from a drive."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hypernet.sqlkit.seed.context import SeedConfig, SeedContext, TableSeed
from hypernet.sqlkit.seed.media import SEEDED_MEDIA
from hypernet.sqlkit.seed.users import SEEDED_USERS, SeededUser
from hypernet.sqlkit.seed.values import ANCHOR_US, TRASH_WINDOW_US, stream, zipf_counts

DOCUMENTS_PER_USER = 7.5

# (weight, mime_type, extension, paged): the last is rare on purpose.
_TYPES: tuple[tuple[int, str, str, bool], ...] = (
    (600, "application/pdf", "pdf", True),
    (
        120,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        True,
    ),
    (80, "text/plain", "txt", False),
    (60, "image/jpeg", "jpg", True),
    (50, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", False),
    (40, "text/markdown", "md", False),
    (30, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", True),
    (15, "application/epub+zip", "epub", True),
    (5, "application/rtf", "rtf", True),
)
_TYPE_TABLE = [kind for kind in _TYPES for _ in range(kind[0])]
_TITLES = (
    "Invoice",
    "Lease agreement",
    "Tax return",
    "Bank statement",
    "Payslip",
    "Insurance policy",
    "Warranty",
    "Boarding pass",
    "Medical report",
    "Receipt",
    "Manual",
    "Thesis draft",
    "Contract",
    "Letter",
    "Report",
)
_WORDS = (
    "the agreement party tenant landlord amount total due date invoice payment account balance "
    "period clause term insurance policy premium coverage section page chapter report summary"
).split()
_PLATFORMS = (("google_drive", "gd-"), ("dropbox", "db-"))
_COLUMNS = (
    "user_id",
    "id",
    "title",
    "file_path",
    "mime_type",
    "size",
    "hash",
    "text_content",
    "page_count",
    "media_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
    "source_platform",
    "source_object_id",
)


def _total(config: SeedConfig) -> int:
    return round(config.users * DOCUMENTS_PER_USER * config.scale)


# (weight per thousand, characters of extracted text): receipts and letters are common, a
# contract less so, a book rare. Some 3,500 characters on average.
_TEXT_SIZES = (
    (290, 200),
    (200, 600),
    (180, 1500),
    (130, 3000),
    (90, 6000),
    (60, 12000),
    (30, 25000),
    (15, 60000),
    (5, 150000),
)
_PAGE = 2500


def _texts() -> list[tuple[str, int]]:
    """The extracted texts, one per size, each with its page count, made once. A long text is
    its first page over and over (each under its own header): pglz compresses that at several
    times the speed of varied text, which keeps the load fast (the lists never read the text,
    so its compressed size changes no plan)."""
    rng = stream(0, "document_texts")
    texts = []
    for _, length in _TEXT_SIZES:
        words: list[str] = []
        size = 0
        while size < min(length, _PAGE):
            word = _WORDS[int(rng.random() * len(_WORDS))]
            words.append(word)
            size += len(word) + 1
        page = " ".join(words)
        pages = 1 + length // _PAGE
        text = page if pages == 1 else "\n".join(f"Page {n + 1}\n{page}" for n in range(pages))
        texts.append((text[:length], pages))
    return texts


def _rows(
    ctx: SeedContext, users: Sequence[SeededUser], counts: Sequence[int]
) -> Iterator[tuple[Any, ...]]:
    rng = ctx.rng
    rand = rng.random
    bits = rng.getrandbits
    new_uuid = ctx.new_uuid
    texts = _texts()
    text_table = [texts[i] for i, (weight, _) in enumerate(_TEXT_SIZES) for _ in range(weight)]
    media = ctx.get(SEEDED_MEDIA)
    n_types, n_titles, n_texts = len(_TYPE_TABLE), len(_TITLES), len(text_table)
    anchor, window = ANCHOR_US, TRASH_WINDOW_US
    for user, count in zip(users, counts, strict=True):
        ids = media.ids.get(user.number, b"")
        n_media = len(ids) // 16
        imported = [0, 0]
        folder = f"u{user.number:06d}/documents/"
        for k in range(count):
            _, mime, extension, paged = _TYPE_TABLE[int(rand() * n_types)]
            created = user.created_at + int(rand() * (anchor - user.created_at))
            # A tenth has no text yet (not extracted), and no page count.
            text = page_count = None
            if rand() >= 0.1:
                text, pages = text_table[int(rand() * n_texts)]
                page_count = pages if paged else None
            media_id = None
            if n_media and rand() < 0.1:
                at = int(rand() * n_media) * 16
                media_id = ids[at : at + 16].hex()
            deleted = None
            if rand() < 0.03:
                deleted = max(created, anchor - int(rand() * window))
            platform = object_id = None
            if rand() < 0.25:
                p = int(rand() * 2)
                imported[p] += 1
                platform, prefix = _PLATFORMS[p]
                object_id = f"{prefix}{imported[p]}"
            yield (
                user.id,
                new_uuid(),
                f"{_TITLES[int(rand() * n_titles)]} {k + 1}",
                f"{folder}{k:05d}.{extension}",
                mime,
                int(rand() * rand() * 20_000_000) + 1000,
                bits(256).to_bytes(32).hex(),
                text,
                page_count,
                media_id,
                created,
                deleted or created,
                deleted,
                "{}",
                platform,
                object_id,
            )


async def _load(ctx: SeedContext) -> None:
    users = ctx.get(SEEDED_USERS)
    counts = zipf_counts(ctx.rng, len(users), _total(ctx.config))
    await ctx.copy("documents", _COLUMNS, _rows(ctx, users, counts))


DOCUMENTS = TableSeed(
    name="documents",
    tables=("documents",),
    load=_load,
    planned_rows=_total,
    after=("users", "media"),
    stream="load_documents",
)
