"""Shared request plumbing: the route table type, body and query decoding, ETags, encoding."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from aiohttp import web

from hypernet.api.keys import (  # noqa: F401 - re-exported for handlers
    AUDIT_OBJECT,
    AUDIT_USER,
    OPENAPI,
    POOL,
    REQUEST_ID,
    REVOCATIONS,
    SETTINGS,
    SHUTTING_DOWN,
    TOKENS,
    TX,
    USER_ID,
)
from hypernet.api.problems import ProblemError, invalid, validation_error
from hypernet.db.pool import ACTING_USER, Executor, act_for_user_in_transaction

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Route:
    """One row of the route table; the OpenAPI document is generated from these rows."""

    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    body: Any = None
    query: Any = None
    response: Any = None
    status: int = 200
    public: bool = False
    etag: bool = False
    errors: tuple[int, ...] = ()
    # A body that is not JSON (the export's ZIP): its media type, for the OpenAPI document.
    response_media_type: str | None = None
    # None: audited when the method writes. False: the handler audits itself (login, refresh).
    audit: bool | None = None

    @property
    def audited(self) -> bool:
        return self.method not in ("GET", "HEAD") if self.audit is None else self.audit

    @property
    def action(self) -> str:
        return f"{self.tag}.{self.handler.__name__}"


_encoder = msgspec.json.Encoder()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def json_response(payload: Any, status: int = 200, *, etag: datetime | None = None) -> web.Response:
    headers = {"ETag": etag_of(etag)} if etag is not None else None
    return web.Response(
        body=_encoder.encode(payload),
        status=status,
        content_type="application/json",
        headers=headers,
    )


def no_content() -> web.Response:
    return web.Response(status=204)


def etag_of(updated_at: datetime) -> str:
    return '"' + format((updated_at - _EPOCH) // _MICRO, "x") + '"'


def if_match(request: web.Request) -> datetime | None:
    """The version the client last saw, from If-Match; None when absent or '*'."""
    value = request.headers.get("If-Match")
    if value is None or value.strip() == "*":
        return None
    tag = value.strip().removeprefix("W/")
    try:
        if not (tag.startswith('"') and tag.endswith('"')):
            raise ValueError
        return _EPOCH + int(tag[1:-1], 16) * _MICRO
    except (ValueError, OverflowError):
        raise ProblemError(
            412, "If-Match does not hold an ETag this service issued; fetch the object again"
        ) from None


def require_json_body(request: web.Request) -> None:
    """415 unless the body is declared JSON (application/json or a +json type)."""
    ctype = request.content_type
    if ctype != "application/json" and not ctype.endswith("+json"):
        raise ProblemError(415, "send the body as application/json")


# How deep a body (and so a metadata object) may nest arrays and objects: far past any real
# document, and far below the ~940 levels at which asyncpg's encoder ran out of stack when
# storing one (msgspec decoded it; a 500).
MAX_JSON_DEPTH = 128
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes
# Scanning a larger body is done off the event loop (8 MiB of brackets: about half a second).
_SCAN_ON_LOOP_BYTES = 256 * 1024


def json_depth_exceeds(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` deep, found without
    decoding (which recurses). A body with at most `limit` brackets passes on sight."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    # Drop the strings, whose brackets do not nest: without escaped backslashes and quotes,
    # every other piece between quotes is one.
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[0::2])
    steps = outside.translate(_STEPS, _NOT_BRACKETS)
    return max(accumulate(memoryview(steps).cast("b")), default=0) > limit


async def read_json(request: web.Request, type_: type[T]) -> T:
    """Decode and validate the body: 415 not JSON, 400 malformed, 422 invalid, 413 too large.
    The admission middleware has read the body already, within its time bound."""
    require_json_body(request)
    raw = await request.read()
    if not raw:
        raise ProblemError(400, "the request body is empty; send a JSON document")
    if (
        json_depth_exceeds(raw)
        if len(raw) <= _SCAN_ON_LOOP_BYTES
        else await asyncio.get_running_loop().run_in_executor(None, json_depth_exceeds, raw)
    ):
        raise ProblemError(
            400,
            f"the body nests arrays or objects more than {MAX_JSON_DEPTH} levels deep",
            kind="malformed-json",
        )
    try:
        value = msgspec.json.decode(raw, type=type_)
    except msgspec.ValidationError as exc:
        raise validation_error(exc) from None
    except msgspec.DecodeError as exc:
        raise ProblemError(
            400, f"the body is not valid JSON: {exc}", kind="malformed-json"
        ) from None
    except RecursionError:
        raise ProblemError(
            400, "the body nests JSON arrays or objects too deeply", kind="malformed-json"
        ) from None
    # PostgreSQL's text and jsonb hold no U+0000. Typed text fields refuse it by pattern; this
    # finds it anywhere else (inside metadata, in a key), with its path. A byte search first:
    # JSON can only carry NUL escaped, so a body without `\u0000` needs no walk.
    if b"\\u0000" in raw:
        path = nul_path(msgspec.json.decode(raw))
        if path is not None:
            raise invalid(path, "must not contain the NUL character (U+0000)")
    return value


def nul_path(node: Any, path: str = "$") -> str | None:
    """The JSONPath of the first string or key holding U+0000 in a decoded JSON value, in
    document order. A walk with its own stack: any depth msgspec decodes is fine here."""
    stack: list[tuple[Any, str]] = [(node, path)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            if "\x00" in node:
                return path
        elif isinstance(node, list):
            stack.extend((item, f"{path}[{i}]") for i, item in reversed(list(enumerate(node))))
        elif isinstance(node, dict):
            children = []
            for key, item in node.items():
                step = (
                    f"{path}.{key}"
                    if key.isidentifier()
                    else f"{path}[{msgspec.json.encode(key).decode()}]"
                )
                if "\x00" in key:
                    # A key comes before its value and before the keys that follow it.
                    children.append((key, step))
                    break
                children.append((item, step))
            stack.extend(reversed(children))
    return None


# RFC 3339 date-time (section 5.6), with the space its note allows. Only a string of this shape
# reaches msgspec, which, converting leniently, would take `8` for 8 s after 1970.
_RFC3339_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})"
)


_date_time_names: dict[Any, frozenset[str]] = {}


def _date_time_parameters(type_: Any) -> frozenset[str]:
    """The query parameters (as sent) of a query Struct that hold a date-time."""
    known = _date_time_names.get(type_)
    if known is not None:
        return known
    info = msgspec.inspect.type_info(type_)
    assert isinstance(info, msgspec.inspect.StructType)
    names = set()
    for field in info.fields:
        kinds = (
            field.type.types if isinstance(field.type, msgspec.inspect.UnionType) else [field.type]
        )
        if any(isinstance(k, msgspec.inspect.DateTimeType) for k in kinds):
            names.add(field.encode_name)
    _date_time_names[type_] = frozenset(names)
    return _date_time_names[type_]


def read_query(request: web.Request, type_: type[T]) -> T:
    """Query parameters decoded into a Struct; unknown or repeated parameters are refused, and
    so is a date-time that is not RFC 3339."""
    params: dict[str, str] = {}
    date_times = _date_time_parameters(type_)
    for key, value in request.query.items():
        if key in params:
            raise invalid(
                key, "given more than once", f"query parameter {key!r} is given more than once"
            )
        if key in date_times and not _RFC3339_DATE_TIME.fullmatch(value):
            raise invalid(
                key,
                "not an RFC 3339 date-time",
                f"query parameter {key!r} must be an RFC 3339 date-time with an offset, such "
                f"as 2026-01-31T09:30:00Z, not {value[:60]!r}",
                where="query",
            )
        params[key] = value
    try:
        return msgspec.convert(params, type_, strict=False)
    except msgspec.ValidationError as exc:
        raise validation_error(exc, where="query") from None


def type_list(raw: str | None, known: Sequence[str], kind: str) -> list[str] | None:
    """`types=a,b` of a list across types: the distinct names asked for, in `known`'s order, or
    None when not given; a name not in `known` is a 422 that lists the names there are."""
    if raw is None:
        return None
    asked = {name.strip() for name in raw.split(",")}
    unknown = sorted(asked.difference(known))
    if unknown:
        raise invalid(
            "types",
            "unknown type",
            f"types: {unknown[0][:60]!r} is not a {kind} type; the types are " + ", ".join(known),
            where="query",
        )
    return [name for name in known if name in asked]


def path_uuid(request: web.Request, name: str = "id") -> UUID:
    raw = request.match_info[name]
    try:
        return UUID(raw)
    except ValueError:
        raise invalid(
            name, "not a UUID", f"{name} in the path must be a UUID, got {raw[:60]!r}", status=400
        ) from None


def db(request: web.Request) -> Executor:
    """The writing request's transaction, or the pool: a read is one round trip, no BEGIN."""
    conn = request.get(TX)
    return conn if conn is not None else request.app[POOL]


def audit_object(request: web.Request, object_id: UUID, *, owner: UUID | None = None) -> None:
    """Name the object (and, before login exists, the account) this request's audit row is about."""
    request[AUDIT_OBJECT] = object_id
    if owner is not None:
        request[AUDIT_USER] = owner


def user_id(request: web.Request) -> UUID:
    """The authenticated caller; set by the route wrapper for every non-public route."""
    return request[USER_ID]


async def act_as(request: web.Request, user: UUID) -> None:
    """From here on, this request's statements see `user`'s rows (row-level security): each
    pooled connection it takes acts for `user`, and so does the transaction it already holds."""
    ACTING_USER.set(str(user))
    conn = request.get(TX)
    if conn is not None:
        await act_for_user_in_transaction(conn, str(user))
