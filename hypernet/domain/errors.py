"""Errors the mappers raise; the API turns each into one problem+json status."""

from __future__ import annotations

from collections.abc import Mapping


class NotFound(Exception):
    """No live object with that id belongs to the caller (404)."""


class PreconditionFailed(Exception):
    """The object changed since the caller read it: its ETag no longer matches (412)."""


class InvalidCursor(ValueError):
    """A pagination cursor that this service did not issue, or that was tampered with (400)."""


class MissingReferences(Exception):
    """A body names objects that are not live objects of the caller (404, with their paths)."""

    def __init__(self, refs: Mapping[str, object]) -> None:
        super().__init__(", ".join(f"{path}={value}" for path, value in refs.items()))
        self.refs = refs


class InvalidField(Exception):
    """A rule on one field that the request type cannot state (422, with the field's path)."""

    def __init__(self, path: str, message: str, detail: str | None = None) -> None:
        super().__init__(detail or f"{message} at {path}")
        self.path = path
        self.message = message
        self.detail = detail


class Conflict(Exception):
    """The request contradicts the current state of the data (409), e.g. an incomplete order."""
