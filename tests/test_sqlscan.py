"""The SQL scanner: PostgreSQL's lexical rules as the loader, the migration runner, the plan
engine, index health and the schema dump rely on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from hypernet.db import sqlscan
from hypernet.db.queries import parse_query
from hypernet.db.snapshot import normalize_view_definition
from hypernet.db.sqlscan import (
    COMMENT,
    IDENTIFIER,
    NUMBER,
    PARAM,
    PUNCT,
    SPACE,
    STRING,
    WORD,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$$a;b$$", [(STRING, "$$a;b$$")]),
        # A dollar quote ends only at its own tag: other tags inside are text.
        ("$a$ x $b$ y; $b$ $$ z $a$", [(STRING, "$a$ x $b$ y; $b$ $$ z $a$")]),
        ("$fn$ $1 $fn$", [(STRING, "$fn$ $1 $fn$")]),
        ("$1", [(PARAM, "$1")]),
        ("$12::int", [(PARAM, "$12"), (PUNCT, ":"), (PUNCT, ":"), (WORD, "int")]),
        # `$` inside an identifier neither opens a dollar quote nor makes a placeholder.
        ("a$b$ c$1", [(WORD, "a$b$"), (SPACE, " "), (WORD, "c$1")]),
        ("/* a /* b; */ c */x", [(COMMENT, "/* a /* b; */ c */"), (WORD, "x")]),
        ("x--c;\ny", [(WORD, "x"), (COMMENT, "--c;"), (SPACE, "\n"), (WORD, "y")]),
        ("'it''s;'", [(STRING, "'it''s;'")]),
        # Plain strings take no backslash escapes (standard_conforming_strings is on)...
        ("'a\\' b", [(STRING, "'a\\'"), (SPACE, " "), (WORD, "b")]),
        # ...E'' strings do, and both of their ways to write a quote stay inside.
        ("E'it\\'s' x", [(STRING, "E'it\\'s'"), (SPACE, " "), (WORD, "x")]),
        ("e'\\\\' x", [(STRING, "e'\\\\'"), (SPACE, " "), (WORD, "x")]),
        ("e'a''b'", [(STRING, "e'a''b'")]),
        # `name'...'` is a word and a plain string, not an E'' string.
        ("name'\\'", [(WORD, "name"), (STRING, "'\\'")]),
        ('"we;ird--""name"', [(IDENTIFIER, '"we;ird--""name"')]),
        ("1.5e3 .5", [(NUMBER, "1.5e3"), (SPACE, " "), (NUMBER, ".5")]),
        ("größe", [(WORD, "größe")]),
        # Unterminated: the rest of the text.
        ("'abc; d", [(STRING, "'abc; d")]),
        ("/* a /* b */ c", [(COMMENT, "/* a /* b */ c")]),
        ("$q$ abc;", [(STRING, "$q$ abc;")]),
    ],
)
def test_tokens(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(sqlscan.tokens(text))
    assert [(t.kind, t.text) for t in found] == expected
    assert "".join(t.text for t in found) == text


def test_tokens_know_their_offset_and_line() -> None:
    text = "SELECT\n  'a\nb', /* c\n */ $1"
    assert [
        (t.text, t.offset, t.line) for t in sqlscan.tokens(text, first_line=5) if t.is_code
    ] == [
        ("SELECT", 0, 5),
        ("'a\nb'", 9, 6),
        (",", 14, 7),
        ("$1", 25, 8),
    ]


ROUTINE = (
    "CREATE OR REPLACE FUNCTION f(i int) RETURNS int LANGUAGE sql\n"
    "BEGIN ATOMIC\n  SELECT CASE WHEN i > 0 THEN 1 ELSE CASE i WHEN 0 THEN 0 END END;\n"
    "  SELECT i;\nEND"
)


@pytest.mark.parametrize(
    ("script", "statements"),
    [
        ("SELECT 1; SELECT 2;", [("SELECT 1", 1), ("SELECT 2", 1)]),
        (
            "SELECT $a$ x; $b$ y; $b$; $$ $a$;\nSELECT 2",
            [("SELECT $a$ x; $b$ y; $b$; $$ $a$", 1), ("SELECT 2", 2)],
        ),
        ('SELECT 1 AS "a;--b";\nSELECT 2', [('SELECT 1 AS "a;--b"', 1), ("SELECT 2", 2)]),
        ("SELECT E'\\';';\nSELECT 2", [("SELECT E'\\';'", 1), ("SELECT 2", 2)]),
        ("/* a; /* b; */ c; */ SELECT 1", [("/* a; /* b; */ c; */ SELECT 1", 1)]),
        # CASE ... END inside a BEGIN ATOMIC body does not end it.
        (ROUTINE + ";\nSELECT 2", [(ROUTINE, 1), ("SELECT 2", 6)]),
        (
            "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;"
            " SELECT 2",
            [
                ("CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END", 1),
                ("SELECT 2", 1),
            ],
        ),
        # BEGIN outside a function definition is a transaction: it holds no statements.
        (
            "BEGIN; SELECT CASE WHEN true THEN 1 END; COMMIT;",
            [("BEGIN", 1), ("SELECT CASE WHEN true THEN 1 END", 1), ("COMMIT", 1)],
        ),
        # A dollar-quoted body's BEGIN and END are text.
        (
            "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;\nSELECT 2",
            [
                ("CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NULL; END $$", 1),
                ("SELECT 2", 2),
            ],
        ),
        ("SELECT (1; 2); SELECT 3", [("SELECT (1; 2)", 1), ("SELECT 3", 1)]),
        # Comments before a statement belong to it; its line is that of its code.
        (
            "SELECT 1;\n\n-- why\n/* and\n how */\nSELECT\n  2;\n-- trailing; only",
            [("SELECT 1", 1), ("-- why\n/* and\n how */\nSELECT\n  2", 6)],
        ),
        (";; -- nothing\n;", []),
    ],
)
def test_split_statements(script: str, statements: list[tuple[str, int]]) -> None:
    assert [(s.sql, s.line) for s in sqlscan.split_statements(script)] == statements


def test_split_statements_counts_lines_from_the_first_line_given() -> None:
    found = sqlscan.split_statements("\n\nSELECT 1;\n  SELECT 2", first_line=10)
    assert [s.line for s in found] == [12, 13]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("SELECT $1, $2::int", {1, 2}),
        ("SELECT $1, '$2', E'\\'$3', \"$4\", a$5, $6", {1, 6}),
        ("SELECT $$ $1 $$, $q$ $2 $q$, $3", {3}),
        ("SELECT 1 -- $1\n/* $2 /* $3 */ $4 */", set()),
        ("SELECT $10", {10}),
    ],
)
def test_placeholders(text: str, numbers: set[int]) -> None:
    assert sqlscan.placeholders(text) == numbers


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("SELECT 1", "select"),
        ("-- with a comment\n/* /* nested */ */ WITH x AS (SELECT 1) SELECT * FROM x", "with"),
        ("(SELECT 1) UNION (SELECT 2)", "select"),
        ("/* update */ Insert INTO t VALUES (1)", "insert"),
        ("-- nothing", ""),
    ],
)
def test_first_keyword(text: str, keyword: str) -> None:
    assert sqlscan.first_keyword(text) == keyword


@pytest.mark.parametrize(
    ("expression", "terms"),
    [
        ("((a IS NULL) AND (b IS NOT NULL))", ["a IS NULL", "b IS NOT NULL"]),
        ("(((a > 0)))", ["a > 0"]),
        ("((a IS NOT NULL) OR (b IS NOT NULL))", ["(a IS NOT NULL) OR (b IS NOT NULL)"]),
        ("((note = 'x) AND (y') AND (n > 1))", ["note = 'x) AND (y'", "n > 1"]),
        ("((note = E'\\') AND (') AND (\"a)\" = 1))", ["note = E'\\') AND ('", '"a)" = 1']),
        ("(a AND b) OR c", ["(a AND b) OR c"]),
    ],
)
def test_conjuncts(expression: str, terms: list[str]) -> None:
    assert sqlscan.conjuncts(expression) == terms


@pytest.mark.parametrize(
    ("text", "stripped"),
    [(" ((a)) ", "a"), ("(a) AND (b)", "(a) AND (b)"), ("(')')", "')'"), ("(a", "(a")],
)
def test_strip_outer_parens(text: str, stripped: str) -> None:
    assert sqlscan.strip_outer_parens(text) == stripped


# -- the callers -------------------------------------------------------------------------------


def test_a_named_query_holding_a_dollar_quoted_literal_is_one_statement(tmp_path: Path) -> None:
    # The `;` and the `$2` inside the dollar quote are text: the loader once took the first for
    # a second statement and the second for a placeholder.
    text = (
        "-- A statement with a dollar-quoted literal.\n"
        "-- params: $1 note text\n"
        "-- uses: none (reads no table)\n"
        "SELECT $1::text || $tag$ a; b $2 $$ c $tag$ AS note;\n"
    )
    path = tmp_path / "notes" / "with_dollar_quote.sql"
    q = parse_query("notes/with_dollar_quote", path, text)
    assert [p.position for p in q.params] == [1]
    assert q.sql == (
        "/* hypernet:notes/with_dollar_quote */\n"
        "SELECT $1::text || $tag$ a; b $2 $$ c $tag$ AS note\n"
        "/* hypernet:notes/with_dollar_quote */"
    )


@pytest.mark.parametrize(
    ("definition", "normalized"),
    [
        (
            " SELECT m.id,\n    m.note\n   FROM media m\n  WHERE (m.note = 'm.id; it''s');",
            " SELECT id,\n    note\n   FROM media m\n  WHERE (note = 'm.id; it''s');",
        ),
        (
            " SELECT notes.title, E'\\\\' AS e\n   FROM ONLY notes\n  ORDER BY notes.title;",
            " SELECT title, E'\\\\' AS e\n   FROM ONLY notes\n  ORDER BY title;",
        ),
        (
            ' SELECT "Odd".x\n   FROM public."Odd"\n  WHERE (EXISTS ( SELECT 1\n'
            '           FROM a\n          WHERE (a.id = "Odd".x)));',
            ' SELECT x\n   FROM public."Odd"\n  WHERE (EXISTS ( SELECT 1\n'
            '           FROM a\n          WHERE (a.id = "Odd".x)));',
        ),
        (
            " SELECT a.id\n   FROM a\n     JOIN b ON ((a.id = b.id));",
            " SELECT a.id\n   FROM a\n     JOIN b ON ((a.id = b.id));",
        ),
    ],
)
def test_postgresql_15_view_text_loses_the_prefixes_of_its_one_relation(
    definition: str, normalized: str
) -> None:
    assert normalize_view_definition(definition) == normalized
