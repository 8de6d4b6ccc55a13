"""Representative parameters: values picked from the data for each named query's parameters."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg

from hypernet.db.queries import Query, registry
from hypernet.sqlkit.plans.verdicts import PlanError

# Soft-deleted rows older than this are purged; the purge is checked at that cut-off.
RETENTION = timedelta(days=30)
DEFAULT_LIMIT = 50
DEFAULT_BATCH_SIZE = 1000

_HEAVY_OWNERS = "tooling/sample_heavy_owners"
_FIRST_USER = "tooling/first_user"
_MEDIA_POINTS = "tooling/sample_media_points"
_MEDIA_TRASH_POINT = "tooling/sample_media_trash_point"
_RARE_CAMERA = "tooling/sample_media_rare_camera"
_USER_EMAIL = "tooling/sample_user_email"
_NEWEST_DELETION = "tooling/sample_media_newest_deletion"
_ALBUM_POINTS = "tooling/sample_album_points"
_ALBUM_TRASH_POINT = "tooling/sample_album_trash_point"
_LARGEST_ALBUM = "tooling/sample_largest_album"
_ALBUM_MEMBERS = "tooling/sample_album_members"
_LINK = "tooling/sample_link"
_MOST_LINKED = "tooling/sample_most_linked_object"
_AUDIT_POINT = "tooling/sample_audit_point"
# Aggregates not named after their table.
_AGGREGATE_TABLES = {"audit": "audit_log"}


# -- representative parameters ------------------------------------------------------------------


class Sampler:
    """Facts about the data that parameters are picked from, each read once (named tooling
    queries), and None where the data has nothing to offer (an empty database)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        self._cache: dict[tuple[Any, ...], Any] = {}

    async def _once(self, key: tuple[Any, ...], make: Callable[[], Awaitable[Any]]) -> Any:
        if key not in self._cache:
            try:
                self._cache[key] = await make()
            except asyncpg.PostgresError:
                # A table another migration has not created yet, say: no fact, fall back.
                self._cache[key] = None
        return self._cache[key]

    async def _fetch(self, name: str, *args: Any) -> list[asyncpg.Record]:
        return list(await self.conn.fetch(registry()[name].sql, *args))

    async def heavy_user(self, table: str) -> uuid.UUID | None:
        """The heaviest owner of rows in `table`, else of media, else any user."""

        async def make() -> uuid.UUID | None:
            for candidate in dict.fromkeys((table, "media")):
                rows = await self._fetch(_HEAVY_OWNERS, candidate)
                if rows and rows[0]["user_ids"]:
                    return uuid.UUID(str(rows[0]["user_ids"][0]))
            rows = await self._fetch(_FIRST_USER)
            return rows[0]["id"] if rows else None

        result: uuid.UUID | None = await self._once(("heavy_user", table), make)
        return result

    async def media_points(self, user: uuid.UUID) -> list[asyncpg.Record]:
        """A quarter, half and three quarters of the way through the user's live media."""
        result = await self._once(("media_points", user), lambda: self._fetch(_MEDIA_POINTS, user))
        return list(result or [])

    async def trash_point(self, user: uuid.UUID) -> asyncpg.Record | None:
        rows = await self._once(
            ("trash_point", user), lambda: self._fetch(_MEDIA_TRASH_POINT, user)
        )
        return rows[0] if rows else None

    async def rare_camera(self, user: uuid.UUID) -> str | None:
        rows = await self._once(("rare_camera", user), lambda: self._fetch(_RARE_CAMERA, user))
        return str(rows[0]["camera"]) if rows else None

    async def email(self, user: uuid.UUID) -> str | None:
        rows = await self._once(("email", user), lambda: self._fetch(_USER_EMAIL, user))
        return str(rows[0]["email_lower"]) if rows else None

    async def _first(self, name: str, *args: Any) -> asyncpg.Record | None:
        rows = await self._once((name, *args), lambda: self._fetch(name, *args))
        return rows[0] if rows else None

    async def album_points(self, user: uuid.UUID) -> list[asyncpg.Record]:
        """A quarter, half and three quarters of the way through the user's live albums."""
        result = await self._once((_ALBUM_POINTS, user), lambda: self._fetch(_ALBUM_POINTS, user))
        return list(result or [])

    async def album_trash_point(self, user: uuid.UUID) -> asyncpg.Record | None:
        return await self._first(_ALBUM_TRASH_POINT, user)

    async def largest_album(self, user: uuid.UUID) -> uuid.UUID | None:
        row = await self._first(_LARGEST_ALBUM, user)
        return None if row is None else row["id"]

    async def album_members(self, user: uuid.UUID) -> list[asyncpg.Record]:
        """A quarter, half and three quarters of the way through the user's largest album."""
        album = await self.largest_album(user)
        if album is None:
            return []
        result = await self._once(
            (_ALBUM_MEMBERS, user, album), lambda: self._fetch(_ALBUM_MEMBERS, user, album)
        )
        return list(result or [])

    async def link(self, user: uuid.UUID) -> uuid.UUID | None:
        row = await self._first(_LINK, user)
        return None if row is None else row["id"]

    async def most_linked_object(self, user: uuid.UUID) -> uuid.UUID | None:
        row = await self._first(_MOST_LINKED, user)
        return None if row is None else row["id"]

    async def audit_point(self, user: uuid.UUID) -> asyncpg.Record | None:
        return await self._first(_AUDIT_POINT, user)

    async def purge_cutoff(self) -> datetime | None:
        rows = await self._once(("newest_deletion",), lambda: self._fetch(_NEWEST_DELETION))
        newest = rows[0]["deleted_at"] if rows else None
        return None if newest is None else newest - RETENTION


_MISSING: Any = object()


@dataclass
class ParamContext:
    """What a parameter rule sees: the query, the parameter, the data, and the user picked."""

    query: Query
    name: str
    pg_type: str
    sampler: Sampler
    user: uuid.UUID | None

    def has_param(self, name: str) -> bool:
        return any(p.name == name for p in self.query.params)

    async def point(self, index: int) -> asyncpg.Record | None:
        if self.user is None:
            return None
        points = await self.sampler.media_points(self.user)
        if not points:
            return None
        return points[min(index, len(points) - 1)]


Rule = Callable[[ParamContext], Awaitable[Any]]
# Parameter name -> how to pick a representative value. A rule returns _MISSING to fall back to
# the value by type. Another aggregate adds its own with `rule("album_id")` and friends.
RULES: dict[str, Rule] = {}
# (aggregate, parameter name) -> rule, where one name means different things per aggregate.
AGGREGATE_RULES: dict[tuple[str, str], Rule] = {}


def rule(name: str, aggregate: str | None = None) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if aggregate is None:
            RULES[name] = fn
        else:
            AGGREGATE_RULES[(aggregate, name)] = fn
        return fn

    return register


@rule("user_id")
async def _user_id(ctx: ParamContext) -> Any:
    return ctx.user if ctx.user is not None else _MISSING


@rule("id", aggregate="users")
async def _users_id(ctx: ParamContext) -> Any:
    return ctx.user if ctx.user is not None else _MISSING


@rule("id", aggregate="media")
@rule("media_id")
async def _media_id(ctx: ParamContext) -> Any:
    point = await ctx.point(1)
    return point["id"] if point else _MISSING


@rule("media_ids")
async def _media_ids(ctx: ParamContext) -> Any:
    if ctx.user is None:
        return _MISSING
    points = await ctx.sampler.media_points(ctx.user)
    return [p["id"] for p in points] or _MISSING


@rule("after_sort_at")
@rule("after_created_at")
async def _after_sort_at(ctx: ParamContext) -> Any:
    point = await ctx.point(1)
    return point["sort_at"] if point else _MISSING


@rule("after_id")
async def _after_id(ctx: ParamContext) -> Any:
    # The id half of whichever keyset cursor the query takes.
    if ctx.has_param("after_deleted_at"):
        return await _after_deleted(ctx, "id")
    point = await ctx.point(1)
    return point["id"] if point else _MISSING


@rule("after_deleted_at")
async def _after_deleted_at(ctx: ParamContext) -> Any:
    return await _after_deleted(ctx, "deleted_at")


async def _after_deleted(ctx: ParamContext, column: str) -> Any:
    if ctx.user is None:
        return _MISSING
    point = await ctx.sampler.trash_point(ctx.user)
    return point[column] if point else _MISSING


@rule("taken_after")
async def _taken_after(ctx: ParamContext) -> Any:
    point = await ctx.point(0)
    return point["sort_at"] if point else _MISSING


@rule("taken_before")
async def _taken_before(ctx: ParamContext) -> Any:
    point = await ctx.point(2)
    return point["sort_at"] if point else _MISSING


@rule("media_type")
async def _media_type(ctx: ParamContext) -> Any:
    # Videos: a common filter in a gallery, and a type most users have a fair number of.
    return "video"


@rule("lim")
@rule("limit")
async def _lim(ctx: ParamContext) -> Any:
    return DEFAULT_LIMIT


@rule("batch_size")
async def _batch_size(ctx: ParamContext) -> Any:
    return DEFAULT_BATCH_SIZE


@rule("contains")
async def _contains(ctx: ParamContext) -> Any:
    camera = await ctx.sampler.rare_camera(ctx.user) if ctx.user else None
    return {"camera": camera} if camera else _MISSING


@rule("deleted_before")
async def _deleted_before(ctx: ParamContext) -> Any:
    cutoff = await ctx.sampler.purge_cutoff()
    return cutoff if cutoff is not None else _MISSING


@rule("email")
async def _email(ctx: ParamContext) -> Any:
    if re.search(r"\binsert\s+into\s+users\b", ctx.query.body, re.IGNORECASE):
        # A new account: an address nobody holds, so --analyze can really run the insert.
        return f"explain-{uuid.uuid4().hex[:12]}@example.com"
    email = await ctx.sampler.email(ctx.user) if ctx.user else None
    return email if email else _MISSING


@rule("expected_updated_at")
@rule("expected_password_hash")
async def _no_precondition(ctx: ParamContext) -> Any:
    # The optimistic-concurrency check is optional; without it the statement does its work.
    return None


@rule("patch")
async def _patch(ctx: ParamContext) -> Any:
    return {}


@rule("items")
async def _items(ctx: ParamContext) -> Any:
    return [
        {
            "filename": "IMG_0001.jpg",
            "media_type": "photo",
            "mime_type": "image/jpeg",
            "size": 2_000_000,
            "file_path": "explain/IMG_0001.jpg",
            "taken_at": "2025-06-01T12:00:00Z",
            "metadata": {"camera": "Pixel 8"},
            "source_platform": "google_photos",
            "source_object_id": f"explain-{uuid.uuid4().hex[:12]}",
        }
    ]


@rule("source_platform")
async def _source_platform(ctx: ParamContext) -> Any:
    return "google_photos"


@rule("source_platforms")
async def _source_platforms(ctx: ParamContext) -> Any:
    return ["google_photos", "google_photos", "icloud"]


@rule("source_object_ids")
async def _source_object_ids(ctx: ParamContext) -> Any:
    return ["gp-1", "gp-2", "ic-1"]


@rule("filename")
async def _filename(ctx: ParamContext) -> Any:
    return "IMG_0001.jpg"


@rule("mime_type")
async def _mime_type(ctx: ParamContext) -> Any:
    return "image/jpeg"


# -- albums, links and the audit log --


@rule("id", aggregate="albums")
async def _albums_id(ctx: ParamContext) -> Any:
    if ctx.user is None:
        return _MISSING
    if ctx.query.name == "albums/restore":
        # Only an album in the trash can be restored.
        point = await ctx.sampler.album_trash_point(ctx.user)
        return point["id"] if point else _MISSING
    return await _album_id(ctx)


@rule("album_id")
async def _album_id(ctx: ParamContext) -> Any:
    album = await ctx.sampler.largest_album(ctx.user) if ctx.user else None
    return album if album is not None else _MISSING


async def _album_member(ctx: ParamContext, index: int) -> asyncpg.Record | None:
    members = await ctx.sampler.album_members(ctx.user) if ctx.user else []
    return members[min(index, len(members) - 1)] if members else None


@rule("media_id", aggregate="albums")
async def _album_media_id(ctx: ParamContext) -> Any:
    # A media item that is in the album (the one the query takes out).
    member = await _album_member(ctx, 1)
    return member["id"] if member else _MISSING


@rule("media_ids", aggregate="albums")
async def _album_media_ids(ctx: ParamContext) -> Any:
    if ctx.query.name != "albums/reorder_media":
        # Media to add: items of the user's library, not necessarily in the album yet.
        return await _media_ids(ctx)
    members = await ctx.sampler.album_members(ctx.user) if ctx.user else []
    return [m["id"] for m in members] or _MISSING


@rule("cover_media_id")
async def _cover_media_id(ctx: ParamContext) -> Any:
    return await _media_id(ctx)


@rule("after_created_at", aggregate="albums")
async def _album_after_created_at(ctx: ParamContext) -> Any:
    point = await _album_point(ctx)
    return point["created_at"] if point else _MISSING


async def _album_point(ctx: ParamContext) -> asyncpg.Record | None:
    points = await ctx.sampler.album_points(ctx.user) if ctx.user else []
    return points[min(1, len(points) - 1)] if points else None


@rule("after_deleted_at", aggregate="albums")
async def _album_after_deleted_at(ctx: ParamContext) -> Any:
    point = await ctx.sampler.album_trash_point(ctx.user) if ctx.user else None
    return point["deleted_at"] if point else _MISSING


@rule("after_id", aggregate="albums")
async def _album_after_id(ctx: ParamContext) -> Any:
    # The id half of whichever keyset cursor the query takes.
    if ctx.has_param("after_deleted_at"):
        point = await ctx.sampler.album_trash_point(ctx.user) if ctx.user else None
    elif ctx.has_param("after_sort_order"):
        point = await _album_member(ctx, 1)
    else:
        point = await _album_point(ctx)
    return point["id"] if point else _MISSING


@rule("after_sort_order")
async def _after_sort_order(ctx: ParamContext) -> Any:
    member = await _album_member(ctx, 1)
    return member["sort_order"] if member else _MISSING


@rule("after_link_type")
async def _after_link_type(ctx: ParamContext) -> Any:
    member = await _album_member(ctx, 1)
    return member["link_type"] if member else _MISSING


@rule("after_to_id")
async def _after_to_id(ctx: ParamContext) -> Any:
    member = await _album_member(ctx, 1)
    return member["id"] if member else _MISSING


@rule("id", aggregate="links")
async def _links_id(ctx: ParamContext) -> Any:
    link = await ctx.sampler.link(ctx.user) if ctx.user else None
    return link if link is not None else _MISSING


@rule("object_id")
async def _object_id(ctx: ParamContext) -> Any:
    if ctx.user is None:
        return _MISSING
    if ctx.query.name == "links/list_to":
        # The object the most links reach: a media item in many albums.
        target = await ctx.sampler.most_linked_object(ctx.user)
        return target if target is not None else _MISSING
    # The object the most links leave: the largest album (its contains links).
    return await _album_id(ctx)


@rule("link_type")
async def _link_type(ctx: ParamContext) -> Any:
    if ctx.query.name == "links/insert":
        return "variant_of"
    # Lists: every type (what `GET /v1/links?from=...` asks without a type).
    return None


@rule("after_created_at", aggregate="links")
@rule("after_id", aggregate="links")
async def _links_first_page(ctx: ParamContext) -> Any:
    # Few links reach one object: the first page is the page there is.
    return None


@rule("from_object_type")
@rule("to_object_type")
async def _object_type(ctx: ParamContext) -> Any:
    return "media"


@rule("from_object_id")
async def _from_object_id(ctx: ParamContext) -> Any:
    point = await ctx.point(2)
    return point["id"] if point else _MISSING


@rule("to_object_id")
async def _to_object_id(ctx: ParamContext) -> Any:
    point = await ctx.point(0)
    return point["id"] if point else _MISSING


@rule("after_occurred_at")
async def _after_occurred_at(ctx: ParamContext) -> Any:
    point = await ctx.sampler.audit_point(ctx.user) if ctx.user else None
    return point["occurred_at"] if point else _MISSING


@rule("after_id", aggregate="audit")
async def _audit_after_id(ctx: ParamContext) -> Any:
    point = await ctx.sampler.audit_point(ctx.user) if ctx.user else None
    return point["id"] if point else _MISSING


def _stable_uuid(*parts: str) -> uuid.UUID:
    """The same made-up id for the same query and parameter, run after run."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "hypernet-plans:" + "/".join(parts))


def value_for_type(pg_type: str, query_name: str, param_name: str) -> Any:
    """A harmless value of the parameter's type, for a name no rule knows."""
    if pg_type.endswith("[]"):
        return [value_for_type(pg_type[:-2], query_name, param_name)]
    if pg_type == "uuid":
        return _stable_uuid(query_name, param_name)
    if pg_type in ("int2", "int4", "int8", "oid"):
        return 1
    if pg_type in ("float4", "float8"):
        return 1.0
    if pg_type == "numeric":
        return Decimal(1)
    if pg_type == "bool":
        return False
    if pg_type == "timestamptz":
        return datetime(2025, 6, 1, tzinfo=UTC)
    if pg_type == "timestamp":
        return datetime(2025, 6, 1)
    if pg_type == "date":
        return date(2025, 6, 1)
    if pg_type == "interval":
        return RETENTION
    if pg_type in ("json", "jsonb"):
        return {}
    if pg_type == "bytea":
        return hashlib.sha256(f"{query_name}/{param_name}".encode()).digest()
    if pg_type in ("inet", "cidr"):
        return "192.0.2.1"
    if pg_type in ("text", "varchar", "bpchar", "name", "citext"):
        return param_name.replace("_", "-")
    return None


def coerce(value: Any, pg_type: str) -> Any:
    """A value given as JSON (`--params`) in the Python type asyncpg wants for the parameter."""
    if value is None:
        return None
    if pg_type.endswith("[]"):
        if not isinstance(value, list):
            raise PlanError(f"expected a JSON array for a {pg_type} parameter, got {value!r}")
        return [coerce(v, pg_type[:-2]) for v in value]
    try:
        if pg_type == "uuid":
            return uuid.UUID(str(value))
        if pg_type in ("timestamptz", "timestamp"):
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if pg_type == "timestamptz" and moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment
        if pg_type == "date":
            return date.fromisoformat(str(value))
        if pg_type in ("int2", "int4", "int8"):
            return int(value)
        if pg_type in ("float4", "float8"):
            return float(value)
        if pg_type == "numeric":
            return Decimal(str(value))
        if pg_type == "bytea":
            text = str(value)
            return bytes.fromhex(text[2:] if text.startswith("\\x") else text)
        if pg_type in ("text", "varchar", "bpchar", "name"):
            return str(value)
    except ValueError as exc:
        raise PlanError(f"cannot read {value!r} as {pg_type}: {exc}") from None
    return value


def _table_of(q: Query) -> str:
    # Aggregates are named after their table (media, albums, refresh_tokens, ...), but for a few.
    return _AGGREGATE_TABLES.get(q.aggregate, q.aggregate)


async def pick_params(
    q: Query,
    pg_types: Sequence[str],
    sampler: Sampler,
    given: Mapping[str, Any] | Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Values for every parameter of `q`, by name: given ones (coerced from JSON) first, then
    the rule for the name, then a value of the right type."""
    if given is None:
        given = {}
    elif not isinstance(given, Mapping):
        if len(given) != len(q.params):
            raise PlanError(f"{q.name} takes {len(q.params)} parameters, {len(given)} given")
        given = {p.name: v for p, v in zip(q.params, given, strict=True)}
    unknown = set(given) - {p.name for p in q.params}
    if unknown:
        names = ", ".join(p.name for p in q.params) or "none"
        raise PlanError(f"{q.name} has no parameter {', '.join(sorted(unknown))} ({names})")
    user = await sampler.heavy_user(_table_of(q))
    if "user_id" in given:
        user = coerce(given["user_id"], "uuid")
    elif q.aggregate == "users" and "id" in given:
        user = coerce(given["id"], "uuid")
    values: dict[str, Any] = {}
    for param, pg_type in zip(q.params, pg_types, strict=True):
        if param.name in given:
            values[param.name] = coerce(given[param.name], pg_type)
            continue
        ctx = ParamContext(q, param.name, pg_type, sampler, user)
        fn = AGGREGATE_RULES.get((q.aggregate, param.name)) or RULES.get(param.name)
        value = await fn(ctx) if fn is not None else _MISSING
        values[param.name] = (
            value_for_type(pg_type, q.name, param.name) if value is _MISSING else value
        )
    return values
