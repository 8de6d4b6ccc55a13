"""Shared request plumbing: the route table type, body and query decoding, ETags, encoding."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
    SETTINGS,
    SHUTTING_DOWN,
    TOKENS,
    TX,
    USER_ID,
)
from hypernet.api.problems import ProblemError, invalid, validation_error
from hypernet.db.pool import Executor

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


async def read_json(request: web.Request, type_: type[T]) -> T:
    """Decode and validate the body: 415 not JSON, 400 malformed, 422 invalid, 413 too large."""
    ctype = request.content_type
    if ctype != "application/json" and not ctype.endswith("+json"):
        raise ProblemError(415, "send the body as application/json")
    raw = await request.read()
    if not raw:
        raise ProblemError(400, "the request body is empty; send a JSON document")
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


def read_query(request: web.Request, type_: type[T]) -> T:
    """Query parameters decoded into a Struct; unknown or repeated parameters are refused."""
    params: dict[str, str] = {}
    for key, value in request.query.items():
        if key in params:
            raise invalid(
                key, "given more than once", f"query parameter {key!r} is given more than once"
            )
        params[key] = value
    try:
        return msgspec.convert(params, type_, strict=False)
    except msgspec.ValidationError as exc:
        raise validation_error(exc, where="query") from None


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
