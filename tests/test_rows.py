"""Rows built positionally into dataclasses: every declared statement's columns are its row
type's fields in order, and a statement that drifts is named."""

from __future__ import annotations

import dataclasses

import asyncpg

from hypernet.db.queries import parse_query, query
from hypernet.db.rows import ROW_SHAPES, RowShape, row_shape_mismatches
from hypernet.domain.media import Media
from hypernet.mappers import albums, media  # noqa: F401 - they declare their row shapes


async def test_every_row_shape_matches_its_statements(conn: asyncpg.Connection) -> None:
    assert {shape.cls for shape in ROW_SHAPES} >= {Media}
    assert await row_shape_mismatches(conn) == []


async def test_a_statement_whose_columns_moved_is_named(conn: asyncpg.Connection) -> None:
    q = query("media/get_live")
    swapped = q.body.replace("    filename,\n    media_type,", "    media_type,\n    filename,")
    assert swapped != q.body
    moved = parse_query(
        q.name,
        q.path,
        "-- Moved.\n-- params: $1 user_id uuid, $2 id uuid\n-- uses: media_pkey\n" + swapped,
    )
    ROW_SHAPES.append(RowShape(Media, (moved,)))
    try:
        problems = await row_shape_mismatches(conn)
    finally:
        ROW_SHAPES.pop()
    assert len(problems) == 1
    assert problems[0].startswith("media/get_live: its columns (id, user_id, media_type, filename")


def test_a_media_row_builds_the_same_object_as_by_name() -> None:
    values = {f.name: f"value-{i}" for i, f in enumerate(dataclasses.fields(Media))}
    assert media.media_from_row(tuple(values.values())) == Media(**values)  # type: ignore[arg-type]
