"""Log set-up: the text format as before, or one JSON object per line (HYPERNET_LOG_FORMAT=json).

A JSON line has `time` (UTC, ISO 8601), `level`, `logger` and `message`, the fields a call passes
as `extra={"fields": {...}}`, and, for anything logged while a request is handled, that request's
`request_id` and `user_id` (from LOG_CONTEXT, set by the request middleware), so a slow query or
an error can be tied to its request and its access line.
"""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

import msgspec

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LogContext(Protocol):
    """What a request lends to every line logged while it is handled."""

    def log_fields(self) -> dict[str, Any]: ...


LOG_CONTEXT: ContextVar[LogContext | None] = ContextVar("hypernet_log_context", default=None)

_encode = msgspec.json.Encoder(enc_hook=str).encode


class JsonFormatter(logging.Formatter):
    """One JSON object per line; a value msgspec cannot encode is written as its str()."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = LOG_CONTEXT.get()
        if context is not None:
            line.update(context.log_fields())
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return _encode(line).decode()


def configure_logging(level: str, log_format: Literal["text", "json"] = "text") -> None:
    """Log to stderr at `level`, in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    # Not force=True: a root logger already set up (a test's log capture) is left as it is.
    logging.basicConfig(level=level, handlers=[handler])
