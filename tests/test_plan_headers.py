"""The headers the plan engine reads: which queries it skips, and why, is said in each file."""

from __future__ import annotations

from pathlib import Path

import pytest

from hypernet.core.config import SQL_DIR
from hypernet.db.queries import QueryFileError, parse_query, registry
from hypernet.sqlkit.plans import declaration, skip_reason


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


def test_only_catalog_migration_and_session_queries_are_exempt_today() -> None:
    exempt = {n for n, q in registry().items() if q.plan_unchecked_reason}
    # And the one statement of the location import that reads the session's temporary staging
    # table (COPY fills it), which no other connection has; and what `hypernet db maintain` runs
    # over a whole month it drops (the links of its rows).
    maintenance = {
        "locations/import_staged",
        "locations/delete_links_of_month",
        "health_records/delete_links_of_month",
        # The erasure's call of erase_audit_trail_batch(): EXPLAIN shows a function call, not
        # the DELETE inside it (which goes by audit_log_pkey), and running it for a live
        # account is refused by design.
        "account_data/erase_audit_trail_batch",
        # The seed's rebuild of the timeline's derived tables after a load with triggers off
        # (0039): whole-table function calls run once, not the application's data access.
        "tooling/rebuild_location_stays",
        "tooling/rebuild_health_days",
    }
    # session/: the setting row-level security reads, made as a connection is taken.
    assert {n.split("/")[0] for n in exempt - maintenance} == {
        # `db backup` and `db restore`: catalog reads and the whole-table checksum of each table.
        "backup",
        "catalog",
        "migrations",
        # The replica check: WAL positions from server functions, no table.
        "replication",
        "session",
    }


_HEAD = (
    "-- A test query.\n-- params: $1 user_id uuid, $2 a timestamptz, $3 b uuid\n-- uses: x_idx\n"
)
_BODY = "SELECT 1 WHERE $1 IS NULL AND $2 IS NULL AND $3 IS NULL\n"


def test_sample_lines_are_read_into_the_query() -> None:
    text = _HEAD + "-- sample: a = sort_at, b from tooling/sample_media_points every row\n" + _BODY
    q = parse_query("x/y", SQL_DIR / "x/y.sql", text)
    a, b = q.samples
    assert (a.param, a.source, a.column, a.row) == (
        "a",
        "tooling/sample_media_points",
        "sort_at",
        None,
    )
    assert (b.param, b.column) == ("b", "b")
    q = parse_query("x/y", SQL_DIR / "x/y.sql", _HEAD + '-- sample: b = {"k": [1]}\n' + _BODY)
    assert q.samples[0].value == {"k": [1]}


@pytest.mark.parametrize(
    "line",
    [
        "-- sample: c from tooling/sample_media_points",  # not a parameter
        "-- sample: a = {not json}",
        "-- sample: a = sort_at from tooling/sample_media_points row 0",
        "-- sample: a = 1\n-- sample: a = 2",  # twice
        "-- sample user: media",
    ],
)
def test_a_malformed_sample_line_is_a_query_file_error(line: str) -> None:
    with pytest.raises(QueryFileError, match="sample"):
        parse_query("x/y", SQL_DIR / "x/y.sql", _HEAD + line + "\n" + _BODY)


def test_generic_plan_lines_are_read_into_the_query() -> None:
    base = "-- A query.\n-- params: $1 user_id uuid\n-- uses: media_pkey\n"
    body = "SELECT id FROM media WHERE user_id = $1\n"
    q = parse_query(
        "media/x", Path("x.sql"), base + "-- generic plan: uses a_idx, b_idx (why)\n" + body
    )
    assert (q.generic_uses, q.generic_reason, q.generic_unchecked) == (
        ("a_idx", "b_idx"),
        "why",
        False,
    )
    q = parse_query(
        "media/x", Path("x.sql"), base + "-- generic plan: not checked (dearer)\n" + body
    )
    assert (q.generic_uses, q.generic_reason, q.generic_unchecked) == ((), "dearer", True)
    q = parse_query("media/x", Path("x.sql"), base + body)
    assert (q.generic_uses, q.generic_reason, q.generic_unchecked) == ((), None, False)


@pytest.mark.parametrize(
    "line",
    [
        "-- generic plan: not checked",
        "-- generic plan: not checked ()",
        "-- generic plan: uses a_idx",
        "-- generic plan: uses Bad-Name (why)",
        "-- generic plan: ignored (why)",
    ],
)
def test_a_malformed_generic_plan_line_is_a_query_file_error(line: str) -> None:
    text = f"-- A query.\n-- params: $1 user_id uuid\n-- uses: media_pkey\n{line}\nSELECT $1\n"
    with pytest.raises(QueryFileError, match="generic plan"):
        parse_query("media/x", Path("x.sql"), text)


def test_partitions_lines_are_read_into_the_query_and_its_declaration() -> None:
    base = "-- A query.\n-- params: $1 user_id uuid\n-- uses: locations_live_point_key\n"
    body = "SELECT id FROM locations WHERE user_id = $1\n"
    q = parse_query(
        "locations/x",
        Path("x.sql"),
        base + "-- partitions: locations at most 2 (a day's window)\n" + body,
    )
    assert [(p.table, p.count, p.reason) for p in q.partition_limits] == [
        ("locations", 2, "a day's window")
    ]
    assert declaration(q) == "locations_live_point_key; partitions: locations at most 2"
    assert parse_query("locations/x", Path("x.sql"), base + body).partition_limits == ()


@pytest.mark.parametrize(
    "line",
    [
        "-- partitions: locations at most 2",  # no reason
        "-- partitions: locations at most 0 (none)",
        "-- partitions: locations 2 (why)",
        "-- partitions: at most 2 (why)",
        "-- partitions: locations at most 2 (a)\n-- partitions: locations at most 3 (b)",
    ],
)
def test_a_malformed_partitions_line_is_a_query_file_error(line: str) -> None:
    text = f"-- A query.\n-- params: $1 user_id uuid\n-- uses: x_idx\n{line}\nSELECT $1\n"
    with pytest.raises(QueryFileError, match="partitions"):
        parse_query("locations/x", Path("x.sql"), text)


def test_a_replica_line_marks_a_read_a_replica_may_answer() -> None:
    assert registry()["media/list_live_by_sort_at"].replica
    assert not registry()["media/update_live"].replica
    assert not registry()["users/get_credentials_by_email"].replica  # logins read the primary


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("media/update_live", "it starts with 'update'"),
        ("media/insert", "it starts with 'insert'"),
        ("emails/lock_live", "'for update'"),
    ],
)
def test_a_replica_line_on_a_statement_a_standby_refuses_is_an_error(name: str, why: str) -> None:
    path = SQL_DIR / f"{name}.sql"
    lines = path.read_text().splitlines(keepends=True)
    uses = next(i for i, line in enumerate(lines) if line.startswith("-- uses:"))
    text = "".join([*lines[: uses + 1], "-- replica: yes\n", *lines[uses + 1 :]])
    with pytest.raises(QueryFileError, match="replica: yes") as refused:
        parse_query(name, path, text)
    assert why in str(refused.value).lower()


def test_a_malformed_replica_line_is_an_error() -> None:
    path = SQL_DIR / "media" / "get_live.sql"
    text = path.read_text().replace("-- replica: yes", "-- replica: sometimes")
    with pytest.raises(QueryFileError, match="malformed 'replica:' line"):
        parse_query("media/get_live", path, text)
