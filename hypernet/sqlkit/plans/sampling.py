"""Representative parameters: values picked from the data for each named query's parameters.

Where a value comes from is data, not code: each query's header says it in `sample:` lines
(`after_sort_at = sort_at, after_id = id from tooling/sample_media_points row 2`, `media_type =
"video"`, `id = user`; the syntax is in hypernet/db/queries.py), next to the query it serves,
so a new aggregate needs its SQL files (a sampling query under sql/tooling/ if no existing one
fits) and no edit here. Headers were chosen over a per-aggregate data file because the choice is
per query (albums/restore takes an album from the trash, the others a live one) and reads best
beside the statement it feeds. What stays here is what no aggregate owns: the user picked (the
heaviest owner of the aggregate's table, or of the table a `sample user:` line names), a page
(`lim`, `limit`), a batch (`batch_size`), the purge cut-off of the data (`deleted_before`), and
a harmless value of the parameter's type for anything else.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg

from hypernet.db.queries import Query, Sample, registry
from hypernet.sqlkit.plans.verdicts import PlanError

# Soft-deleted rows older than this are purged; the purge is checked at that cut-off.
RETENTION = timedelta(days=30)
DEFAULT_LIMIT = 50
DEFAULT_BATCH_SIZE = 1000

_HEAVY_OWNERS = "tooling/sample_heavy_owners"
_FIRST_USER = "tooling/first_user"
_NEWEST_DELETION = "tooling/sample_media_newest_deletion"

# A value no sampling found: the parameter gets the generic one instead.
_MISSING: Any = object()


class Sampler:
    """Facts about the data that parameters are picked from, each read once (named sampling
    queries), and None or no rows where the data has nothing to offer (an empty database)."""

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

    async def rows(self, name: str, user: uuid.UUID | None) -> list[asyncpg.Record]:
        """The rows of the named sampling query, its parameters picked as any query's are
        (its user_id: `user`)."""
        source = registry().get(name)
        if source is None:
            raise PlanError(f"no sampling query {name!r} (named in a 'sample:' header line)")

        async def make() -> list[asyncpg.Record]:
            stmt = await self.conn.prepare(source.sql)
            pg_types = [t.name for t in stmt.get_parameters()]
            values = await _pick(source, pg_types, self, user, {})
            return list(await stmt.fetch(*values.values()))

        result = await self._once(("rows", name, user), make)
        return list(result or [])

    async def purge_cutoff(self) -> datetime | None:
        rows = await self._once(("newest_deletion",), lambda: self._fetch(_NEWEST_DELETION))
        newest = rows[0]["deleted_at"] if rows else None
        return None if newest is None else newest - RETENTION


async def _sampled(sample: Sample, sampler: Sampler, user: uuid.UUID | None) -> Any:
    """The value one `sample:` binding gives, or _MISSING when the data has none."""
    if sample.source is None:
        if sample.value_json is None:  # `= user`
            return user if user is not None else _MISSING
        return sample.value
    rows = await sampler.rows(sample.source, user)
    if not rows:
        return _MISSING
    if sample.row is None:
        return [r[sample.column] for r in rows]
    return rows[min(sample.row, len(rows)) - 1][sample.column]


async def _generic(name: str, sampler: Sampler, user: uuid.UUID | None) -> Any:
    """The value of a parameter no `sample:` line names, by a name that means the same in every
    aggregate; _MISSING for the value by type."""
    if name == "user_id":
        return user if user is not None else _MISSING
    if name in ("lim", "limit"):
        return DEFAULT_LIMIT
    if name == "batch_size":
        return DEFAULT_BATCH_SIZE
    if name == "deleted_before":
        cutoff = await sampler.purge_cutoff()
        return cutoff if cutoff is not None else _MISSING
    return _MISSING


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


async def pick_params(
    q: Query,
    pg_types: Sequence[str],
    sampler: Sampler,
    given: Mapping[str, Any] | Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Values for every parameter of `q`, by name: given ones (coerced from JSON) first, then
    the query's `sample:` lines, then the generic rule for the name, then a value of the type."""
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
    user = await sampler.heavy_user(q.sample_user_table or q.aggregate)
    # A user given by hand is the user every other value is picked for.
    user_params = {"user_id"} | {
        s.param for s in q.samples if s.source is None and s.value_json is None
    }
    for name in user_params & set(given):
        user = coerce(given[name], "uuid")
    return await _pick(q, pg_types, sampler, user, given)


async def _pick(
    q: Query,
    pg_types: Sequence[str],
    sampler: Sampler,
    user: uuid.UUID | None,
    given: Mapping[str, Any],
) -> dict[str, Any]:
    samples = {s.param: s for s in q.samples}
    values: dict[str, Any] = {}
    for param, pg_type in zip(q.params, pg_types, strict=True):
        if param.name in given:
            values[param.name] = coerce(given[param.name], pg_type)
            continue
        sample = samples.get(param.name)
        if sample is not None:
            value = await _sampled(sample, sampler, user)
            if value is not _MISSING:
                value = coerce(value, pg_type) if sample.value_json is not None else value
        else:
            value = await _generic(param.name, sampler, user)
        values[param.name] = (
            value_for_type(pg_type, q.name, param.name) if value is _MISSING else value
        )
    return values
