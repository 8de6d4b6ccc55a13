"""The headers the plan engine reads: which queries it skips, and why, is said in each file."""

from __future__ import annotations

import pytest

from hypernet.core.config import SQL_DIR
from hypernet.db.queries import QueryFileError, parse_query, registry
from hypernet.sqlkit.plans import skip_reason


def _without_line(text: str, prefix: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(prefix))


def test_a_catalog_query_is_skipped_because_its_header_says_so() -> None:
    q = registry()["catalog/list_tables"]
    assert q.plan_unchecked_reason is not None
    assert skip_reason(q) == q.plan_unchecked_reason


def test_a_query_in_the_catalog_folder_without_the_line_is_checked() -> None:
    path = SQL_DIR / "catalog" / "list_tables.sql"
    text = _without_line(path.read_text(), "-- plan:")
    q = parse_query("catalog/list_tables", path, text)
    assert q.plan_unchecked_reason is None
    assert skip_reason(q) is None


def test_utility_statements_are_still_skipped_without_the_line() -> None:
    q = registry()["catalog/create_database"]
    assert q.plan_unchecked_reason is None
    assert skip_reason(q) is not None and "utility statement" in skip_reason(q)


@pytest.mark.parametrize("line", ["-- plan: not checked", "-- plan: not checked ()", "-- plan: x"])
def test_the_plan_line_needs_a_reason(line: str) -> None:
    path = SQL_DIR / "catalog" / "list_tables.sql"
    text = _without_line(path.read_text(), "-- plan:")
    text = line + "\n" + text
    with pytest.raises(QueryFileError, match="plan:"):
        parse_query("catalog/list_tables", path, text)


def test_only_catalog_and_migration_queries_are_exempt_today() -> None:
    exempt = {n.split("/")[0] for n, q in registry().items() if q.plan_unchecked_reason}
    assert exempt == {"catalog", "migrations"}
