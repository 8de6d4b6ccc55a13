"""RFC 9457 problem+json responses, and the middleware that turns every failure into one."""

from __future__ import annotations

import logging
import re
from typing import Any

import asyncpg
import msgspec
from aiohttp import web

from hypernet.api.keys import KEY_COLUMNS, REQUEST_ID
from hypernet.api.observability import count_rate_limited
from hypernet.db.pool import PoolExhausted
from hypernet.domain.errors import (
    Conflict,
    InvalidCursor,
    InvalidField,
    MissingReferences,
    NotFound,
    PreconditionFailed,
)
from hypernet.domain.fields import PATTERN_RULES

log = logging.getLogger("hypernet.api")

PROBLEM_JSON = "application/problem+json"


class FieldError(msgspec.Struct, omit_defaults=True):
    path: str
    message: str


class Problem(msgspec.Struct, omit_defaults=True):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    request_id: str | None = None


_encode = msgspec.json.Encoder().encode

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class ProblemError(Exception):
    """Raise from a handler to answer with a problem; nothing after it runs."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.kind = kind


def problem_response(
    request: web.Request | None,
    status: int,
    detail: str,
    *,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    kind: str | None = None,
) -> web.Response:
    if status == 429:
        count_rate_limited(request)
    title = _TITLES.get(status, "Error")
    slug = kind or title.lower().replace(" ", "-")
    body = Problem(
        type=f"https://hypernet.dev/problems/{slug}",
        title=title,
        status=status,
        detail=detail,
        errors=errors,
        request_id=request.get(REQUEST_ID) if request is not None else None,
    )
    return web.Response(
        body=_encode(body), status=status, content_type=PROBLEM_JSON, headers=headers
    )


def invalid(
    path: str,
    message: str,
    detail: str | None = None,
    *,
    where: str = "body",
    status: int = 422,
) -> ProblemError:
    """The one way to say that a part of the request is wrong: a validation-failed problem whose
    errors[].path names it.

    `path` is what the API documents: a JSONPath into the body ("$.size", "$[3].filename", "$"
    for the body as a whole) or the bare name of a query or path parameter ("limit", "id").
    `detail` defaults to "invalid body: <message> at <path>" (or "invalid query: ...").
    """
    return ProblemError(
        status,
        detail or f"invalid {where}: {message} at {path}",
        errors=[FieldError(path=path, message=message)],
        kind="validation-failed",
    )


def field_path(location: str, where: str = "body") -> str:
    """msgspec's location ("$.items[3].filename", "$") as the path the API documents: the
    JSONPath itself for a body; for a query the parameter's name, or "query" for the whole."""
    location = location or "$"
    if where == "query":
        return location.removeprefix("$.").removeprefix("$") or "query"
    return location


_PATTERN_MESSAGES = {
    f"Expected `str` matching regex {pattern!r}": rule for pattern, rule in PATTERN_RULES.items()
}


def validation_error(exc: msgspec.ValidationError, where: str = "body") -> ProblemError:
    """msgspec says 'Expected `int`, got `str` - at `$.size`'; keep the path apart."""
    message, _, location = str(exc).partition(" - at ")
    # "Expected `str` matching regex '...'" says nothing to a person: say the rule instead.
    message = _PATTERN_MESSAGES.get(message, message)
    # A bad key of an object: "`key` in `$.labels`"; the path is the object's, and the message
    # says that a key (not a value) is wrong.
    key_of, found, container = location.partition("` in `")
    if found and key_of == "`key":
        return invalid(field_path(container.rstrip("`"), where), f"a key: {message}", where=where)
    return invalid(field_path(location.strip("`"), where), message, where=where)


# SQLSTATE -> (status, message). What PostgreSQL enforces is answered, not raced.
_SQLSTATE: dict[str, tuple[int, str]] = {
    "23505": (409, "conflicts with an existing object"),
    "23503": (409, "refers to an object that does not exist or is still referenced"),
    "23514": (422, "violates a rule of the data model"),
    "23502": (422, "a required value is missing"),
    "23P01": (409, "conflicts with an existing object"),
    "57014": (503, "the database took too long to answer; retry shortly"),
    "55P03": (503, "the object is busy; retry shortly"),
    "40001": (503, "a concurrent change interfered; retry"),
    "40P01": (503, "a concurrent change interfered; retry"),
    # default_transaction_read_only, a standby not yet promoted, a disk-full guard: writes
    # wait for the operator, reads go on.
    "25006": (
        503,
        "the database is read-only at the moment (maintenance or a failover); reads still "
        "work, retry the write later",
    ),
}

_CONSTRAINT_MESSAGES: dict[str, str] = {
    "user_emails_pkey": "an account with this e-mail address already exists",
    "media_live_source_key": (
        "a live media item with the same source_platform and source_object_id already exists"
    ),
    "integrations_live_source_key": (
        "a live integration with the same source_platform and source_object_id (the same "
        "external account) already exists"
    ),
    "integrations_error_explained": "an integration with status error needs a last_error",
    "media_source_integration_fkey": "source_integration_id names no integration of yours",
    # Rules across fields, which a name's last word (see _CHECK_RULES) does not say.
    "ai_interactions_currency_iso4217": "currency must be an ISO 4217 code such as EUR",
    "transactions_currency_iso4217": "currency must be an ISO 4217 code such as EUR",
    "calendar_events_all_day_not_empty": "an all-day event must end after it starts",
    "calendar_events_ends_after_start": "ends_at must not be before starts_at",
    "calendar_events_exdates_need_recurrence": "exdates need a recurrence",
    "calendar_events_series_end_needs_recurrence": "a series end needs a recurrence",
    "calendar_events_series_ends_after_first": "the series must end after its first occurrence",
    "chat_messages_edited_after_sent": "edited_at must not be before sent_at",
    "chat_messages_not_a_reply_to_itself": "a message cannot reply to itself",
    "social_posts_not_a_reply_to_itself": "a post cannot reply to itself",
    "devices_os_version_needs_os": "os_version needs os_name",
    "health_records_lab_result_named": "a lab_result needs a label",
    "health_records_steps_whole": "steps are a whole number",
    "health_records_unit_of_type": "unit is not a unit of this record_type",
    "health_records_value2_of_blood_pressure": "value2 is given for blood_pressure, and only there",
    "health_records_value2_sign": "value2 must not be negative",
    "health_records_value_sign": "value must not be negative (except for a lab_result)",
    "integrations_not_imported": "an integration cannot itself be imported from another",
    "links_not_to_itself": "an object cannot be linked to itself",
    "links_symmetric_same_type": "a symmetric link joins two objects of the same type",
    "notifications_object_complete": "object_type and object_id go together: give both or neither",
    "notifications_read_at_when_read": "read_at is set when, and only when, read is true",
    "profile_attributes_value_size": "value is larger than 16 KiB",
    "tasks_completed_at_when_done": "completed_at is set when, and only when, status is done",
    "tasks_not_its_own_parent": "a task cannot be its own parent",
}


# PostgreSQL's detail of a unique or foreign key violation names the key's columns:
# 'Key (user_id, source_platform)=(...) already exists.' (values are not repeated back).
_KEY_COLUMNS = re.compile(r"^Key \((.+?)\)=\(")
_COLUMN = re.compile(r"(?<![:\w])([a-z_][a-z0-9_]*)\b(?!\s*\()")
_REFERENCED_FROM = re.compile(r'referenced from table "([^"]+)"')

# The last word of a check constraint's name (<table>_<field>_<rule>) says the rule.
_CHECK_RULES: dict[str, str] = {
    "length": "{field} is too long or empty",
    "is_object": "{field} must be a JSON object",
    "nonnegative": "{field} must not be negative",
    "positive": "{field} must be positive",
    "known": "{field} is not one of the known values",
    "range": "{field} is out of range",
    "bounded": "{field} holds too many entries",
    "shape": "{field} is malformed",
    "format": "{field} is malformed",
}


def _key_columns(detail: str) -> list[str]:
    """The columns of the key a detail names, less user_id (every key of a user's data has it)."""
    found = _KEY_COLUMNS.match(detail)
    if found is None:
        return []
    return [c for c in _COLUMN.findall(found.group(1)) if c not in ("user_id", "deleted_at")]


def _in_words(
    state: str, exc: asyncpg.PostgresError, generic: str, known: dict[str, list[str]]
) -> str:
    """A violated constraint as a sentence about fields, never the constraint's name. The key's
    columns come from the error's detail, or, where row-level security leaves them out of it,
    from the catalog as read at start-up (`known`)."""
    detail = getattr(exc, "detail", None) or ""
    named = _key_columns(detail) or [
        c
        for c in known.get(getattr(exc, "constraint_name", "") or "", [])
        if c not in ("user_id", "deleted_at")
    ]
    columns = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
    if state in ("23505", "23P01"):
        return f"an object with the same {columns} already exists" if columns else generic
    if state == "23503":
        if (referrer := _REFERENCED_FROM.search(detail)) is not None:
            return f"still referred to by {referrer.group(1).replace('_', ' ')}"
        return f"{columns} names no object of yours" if columns else generic
    if state == "23502" and (column := getattr(exc, "column_name", None)):
        return f"{column} is required"
    if state == "23514":
        name = getattr(exc, "constraint_name", "") or ""
        table = getattr(exc, "table_name", "") or ""
        words = name.removeprefix(f"{table}_") if table and name.startswith(table) else ""
        if words == "source_complete":
            return "source_platform and source_object_id go together: give both or neither"
        for rule, sentence in _CHECK_RULES.items():
            field = words.removesuffix(f"_{rule}")
            if words.endswith(f"_{rule}") and field:
                return sentence.format(field=field)
    return generic


def _database_problem(request: web.Request, exc: asyncpg.PostgresError) -> web.Response:
    state = exc.sqlstate or ""
    status, message = _SQLSTATE.get(state, (0, ""))
    if not status and state.startswith("22"):
        status, message = 422, "a value is out of range or malformed"
    if not status and state[:2] in ("08", "53", "57"):
        status, message = 503, "the database is unavailable; retry shortly"
    if not status:
        log.exception("unexpected database error %s", state, exc_info=exc)
        return problem_response(request, 500, "internal error; it has been logged")
    constraint = getattr(exc, "constraint_name", None)
    if constraint:
        # The name is the schema's, not the client's: logged for whoever reads the logs, and
        # answered in words about the fields.
        log.info("%s: %s violated %s", request.path, state, constraint)
        message = _CONSTRAINT_MESSAGES.get(constraint) or _in_words(
            state, exc, message, request.app.get(KEY_COLUMNS, {})
        )
    headers = {"Retry-After": "1"} if status == 503 else None
    return problem_response(request, status, message, headers=headers)


def _connection_gone(exc: asyncpg.InterfaceError) -> bool:
    """A closed connection or pool is an outage; any other client error is our bug."""
    if isinstance(exc, asyncpg.exceptions.ConnectionDoesNotExistError):
        return True
    text = str(exc)
    return "closed" in text or "closing" in text


def _unavailable(request: web.Request, exc: BaseException) -> web.Response:
    log.warning("database unavailable: %s", exc)
    return problem_response(
        request, 503, "the database is unavailable; retry shortly", headers={"Retry-After": "1"}
    )


def _answer(request: web.Request, exc: ProblemError) -> web.Response:
    return problem_response(
        request, exc.status, exc.detail, errors=exc.errors, headers=exc.headers, kind=exc.kind
    )


@web.middleware
async def problem_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except ProblemError as exc:
        return _answer(request, exc)
    except NotFound:
        return problem_response(request, 404, "no such object")
    except MissingReferences as exc:
        return problem_response(
            request,
            404,
            "the request names objects that do not exist: " + str(exc),
            errors=[
                FieldError(path=p, message=f"no such object: {v}") for p, v in exc.refs.items()
            ],
        )
    except InvalidField as exc:
        return _answer(request, invalid(exc.path, exc.message, exc.detail))
    except Conflict as exc:
        return problem_response(request, 409, str(exc))
    except PreconditionFailed:
        return problem_response(
            request, 412, "the object changed since it was read; fetch it again for a fresh ETag"
        )
    except InvalidCursor as exc:
        return problem_response(
            request, 400, str(exc), errors=[FieldError(path="cursor", message=str(exc))]
        )
    except web.HTTPRequestEntityTooLarge as exc:
        return problem_response(
            request, 413, f"the request body is too large: {exc.text or 'limit exceeded'}"
        )
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {k: v for k, v in exc.headers.items() if k.lower() == "allow"}
        return problem_response(request, exc.status, exc.reason, headers=headers)
    except asyncpg.PostgresError as exc:
        return _database_problem(request, exc)
    except asyncpg.InterfaceError as exc:
        if not _connection_gone(exc):
            log.exception("database client error on %s %s", request.method, request.path)
            return problem_response(request, 500, "internal error; it has been logged")
        return _unavailable(request, exc)
    except asyncpg.InternalClientError as exc:
        # Only seen on a session the server ended under us (see BoundedPool.acquire).
        return _unavailable(request, exc)
    except PoolExhausted as exc:
        log.warning("%s %s: %s", request.method, request.path, exc)
        return problem_response(
            request, 503, f"the service is busy: {exc}; retry shortly", headers={"Retry-After": "1"}
        )
    except (ConnectionError, OSError, TimeoutError) as exc:
        return _unavailable(request, exc)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem_response(request, 500, "internal error; it has been logged")
