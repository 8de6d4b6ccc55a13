"""Field types shared by every write: bounded text without NUL, aware timestamps, JSON objects."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

# PostgreSQL text cannot hold U+0000; refusing it here keeps it a 422 with a field path.
NO_NUL = r"^[^\x00]*$"


AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
JsonObject = Annotated[dict[str, Any], msgspec.Meta(max_length=200)]
