"""What GET /v1/search takes and answers: one ranked list of hits across every type with text."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from hypernet.domain.fields import NO_NUL, AwareDatetime
from hypernet.domain.page import PageQuery

# The types search reaches, named as links and the timeline name them (ObjectType in
# hypernet/domain/links.py), so a hit's type and id open /v1/objects/{type}/{id}/links.
SEARCHABLE_TYPES = (
    "media",
    "social_post",
    "email",
    "contact",
    "web_page",
    "bookmark",
    "calendar_event",
    "task",
    "note",
    "document",
    "transaction",
)

# The languages a user may search in (users.search_language, checked by the database too): each
# is a text search configuration hypernet_<language> (0038), with unaccent where available.
SearchLanguage = Literal[
    "simple",
    "danish",
    "dutch",
    "english",
    "finnish",
    "french",
    "german",
    "hungarian",
    "italian",
    "norwegian",
    "portuguese",
    "romanian",
    "russian",
    "spanish",
    "swedish",
    "turkish",
]

# Long enough for any query a person types; the bound keeps parsing it cheap.
MAX_QUERY_LENGTH = 500
SearchText = Annotated[str, msgspec.Meta(max_length=MAX_QUERY_LENGTH, pattern=NO_NUL)]


class SearchQuery(PageQuery, forbid_unknown_fields=True, kw_only=True):
    """GET /v1/search: `q` in web-search syntax ("a phrase", -without, this or that); `types`
    a comma-separated list of SEARCHABLE_TYPES (absent: all); `from`/`to` a window on each
    item's date (from inclusive, to exclusive)."""

    q: SearchText
    types: str | None = None
    from_: AwareDatetime | None = msgspec.field(default=None, name="from")
    to: AwareDatetime | None = None


class SearchHit(msgspec.Struct, kw_only=True):
    """One match: `snippet` is the item's text around the matches, the matched words between
    <mark> and </mark> (the stored text as is: escape it before showing it as HTML); `at` is the
    item's own date (taken, sent, starts, due, occurred; else created); `rank` orders the list."""

    type: str
    id: UUID
    title: str
    snippet: str
    at: datetime
    rank: float
