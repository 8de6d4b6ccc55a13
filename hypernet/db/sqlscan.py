"""Reads SQL text the way PostgreSQL's lexer does: tokens, statements, placeholders, AND terms.

`tokens(text)` cuts text into tokens without losing a character (joined, they give the text
back): white space, `--` and nested `/* */` comments, '' strings with doubled quotes, E'' strings
with backslash escapes (plain '' strings take none: standard_conforming_strings is on),
"quoted identifiers", $tag$ dollar-quoted strings, `$n` placeholders, words (keywords and plain
identifiers), numbers, and single characters of punctuation. Everything else is a small function
over those tokens: the query loader, the migration runner, the plan engine, index health and
the schema dump all read SQL through them, so none of them mistakes a `;` or a `$1` inside a
literal for code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

# Token kinds.
SPACE = "space"
COMMENT = "comment"
STRING = "string"  # '...', E'...' and $tag$...$tag$
IDENTIFIER = "identifier"  # "quoted identifier"
PARAM = "param"  # $1
WORD = "word"  # a keyword or an unquoted identifier
NUMBER = "number"
PUNCT = "punct"  # one character: ( ) ; , . and each character of an operator

# PostgreSQL's identifier characters include every non-ASCII letter, and `$` after the first.
_IDENT_START = r"A-Za-z_\x80-\U0010ffff"
_TOKEN_RE = re.compile(
    rf"""
    (?P<space>\s+)
    |(?P<line_comment>--[^\n]*)
    |(?P<block_comment>/\*)
    |(?P<escape_string>[eE]'(?:[^'\\]+|\\(?:.|\Z)|'')*(?:'|\Z))
    |(?P<string>'(?:[^']+|'')*(?:'|\Z))
    |(?P<identifier>"(?:[^"]+|"")*(?:"|\Z))
    |(?P<param>\$\d+)
    |(?P<dollar>\$(?:[{_IDENT_START}][{_IDENT_START}0-9]*)?\$)
    |(?P<word>[{_IDENT_START}][{_IDENT_START}0-9$]*)
    |(?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<punct>.)
    """,
    re.S | re.X,
)
# The kind of token each group of _TOKEN_RE matches.
_KINDS = {
    "space": SPACE,
    "line_comment": COMMENT,
    "block_comment": COMMENT,
    "escape_string": STRING,
    "string": STRING,
    "identifier": IDENTIFIER,
    "param": PARAM,
    "dollar": STRING,
    "word": WORD,
    "number": NUMBER,
    "punct": PUNCT,
}


class Token(NamedTuple):  # a tuple: many are made, and a tuple is quickest to make
    kind: str
    text: str
    offset: int  # in the scanned text
    line: int  # of its first character, counted from the first line given to tokens()

    @property
    def is_code(self) -> bool:
        """Neither white space nor a comment."""
        return self.kind not in (SPACE, COMMENT)

    @property
    def word(self) -> str:
        """The word in lower case (keywords are case-insensitive), or "" for any other token."""
        return self.text.lower() if self.kind == WORD else ""


def _block_comment_end(text: str, start: int) -> int:
    """End of the /* ... */ comment starting at start; PostgreSQL nests them."""
    depth, i, n = 0, start, len(text)
    while i < n:
        if text.startswith("/*", i):
            depth += 1
            i += 2
        elif text.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return n


def tokens(text: str, first_line: int = 1) -> Iterator[Token]:
    """Every token of text, in order; an unterminated string or comment runs to the end."""
    i, n, line = 0, len(text), first_line
    match = _TOKEN_RE.match
    while i < n:
        m = match(text, i)
        assert m is not None and m.lastgroup is not None  # `punct` takes any character
        group, end = m.lastgroup, m.end()
        if group == "block_comment":
            end = _block_comment_end(text, i)
        elif group == "dollar":
            close = text.find(m.group(), end)
            end = n if close == -1 else close + len(m.group())
        piece = text[i:end]
        yield Token(_KINDS[group], piece, i, line)
        if "\n" in piece:
            line += piece.count("\n")
        i = end


def code_tokens(text: str) -> Iterator[Token]:
    """The tokens of text that are neither white space nor comments."""
    return (t for t in tokens(text) if t.is_code)


def words(text: str) -> Iterator[str]:
    """The unquoted words of text in lower case, outside comments and literals."""
    return (t.word for t in tokens(text) if t.kind == WORD)


def first_keyword(text: str) -> str:
    """The first word of a statement in lower case (`select`, `with`, `create`...), or ""."""
    return next(words(text), "")


def placeholders(text: str) -> set[int]:
    """The numbers of the `$n` parameters text uses, outside comments and literals."""
    return {int(t.text[1:]) for t in tokens(text) if t.kind == PARAM}


# -- statements ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a script, without its `;`, and the line where its code starts.

    Comments before the statement belong to it (a `-- squawk-ignore` line stays with the
    statement it excuses).
    """

    sql: str
    line: int

    @property
    def code(self) -> str:
        """The statement from its first token that is not a comment."""
        first = next(code_tokens(self.sql), None)
        return "" if first is None else self.sql[first.offset :]

    def excerpt(self, max_lines: int = 12) -> str:
        """The statement without its leading comments, shortened for an error message."""
        lines = self.code.splitlines()
        if len(lines) > max_lines:
            lines = [*lines[:max_lines], f"... ({len(lines) - max_lines} more lines)"]
        return "\n".join(lines)


def _defines_routine(head: list[str]) -> bool:
    """CREATE [OR REPLACE] FUNCTION|PROCEDURE: the statements whose BEGIN ATOMIC body holds `;`."""
    if head[:1] != ["create"]:
        return False
    kind = head[3:4] if head[1:3] == ["or", "replace"] else head[1:2]
    return kind in (["function"], ["procedure"])


def split_statements(text: str, first_line: int = 1) -> list[Statement]:
    """The statements of a script, each with the line (counted from first_line) its code
    starts on; pieces holding nothing but comments are left out.

    psql's rules: `;` ends a statement unless it is inside a string, a quoted identifier, a
    dollar-quoted body, a comment, parentheses, or the BEGIN ATOMIC ... END body of a function
    or procedure (where a CASE ... END does not end the body).
    """
    statements: list[Statement] = []
    start, code_line = 0, 0  # code_line 0: no code yet in the current statement
    head: list[str] = []  # the first four words of the current statement
    parens = begin_depth = 0

    def finish(end: int) -> None:
        if code_line:
            statements.append(Statement(text[start:end].strip(), code_line))

    for tok in tokens(text, first_line):
        if tok.kind == PUNCT and tok.text == ";" and parens == 0 and begin_depth == 0:
            finish(tok.offset)
            start, code_line, head = tok.offset + 1, 0, []
            continue
        if tok.is_code and not code_line:
            code_line = tok.line
        if tok.kind == WORD:
            if len(head) < 4:
                head.append(tok.word)
            if parens == 0 and _defines_routine(head):
                if tok.word == "begin":
                    begin_depth += 1
                elif tok.word == "case" and begin_depth > 0:
                    begin_depth += 1  # CASE also ends with END
                elif tok.word == "end" and begin_depth > 0:
                    begin_depth -= 1
        elif tok.text == "(" and tok.kind == PUNCT:
            parens += 1
        elif tok.text == ")" and tok.kind == PUNCT:
            parens = max(0, parens - 1)
    finish(len(text))
    return statements


# -- expressions -----------------------------------------------------------------------------


def closing_paren(text: str, start: int) -> int:
    """Offset of the `)` closing the `(` at offset start, or -1; literals are skipped."""
    depth = 0
    for tok in tokens(text[start:]):
        if tok.kind != PUNCT:
            continue
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
            if depth == 0:
                return start + tok.offset
    return -1


def strip_outer_parens(text: str) -> str:
    """text without white space and the parentheses that enclose all of it: `((a))` is `a`."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and closing_paren(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def conjuncts(expression: str) -> list[str]:
    """The top-level `AND` terms of an expression (as pg_get_expr prints it), each without its
    enclosing parentheses: `((a IS NULL) AND (b > 0))` gives `a IS NULL` and `b > 0`."""
    text = strip_outer_parens(expression)
    terms: list[str] = []
    depth, start = 0, 0
    for tok in tokens(text):
        if tok.kind == PUNCT and tok.text == "(":
            depth += 1
        elif tok.kind == PUNCT and tok.text == ")":
            depth -= 1
        elif depth == 0 and tok.word == "and":
            terms.append(text[start : tok.offset])
            start = tok.offset + len(tok.text)
    terms.append(text[start:])
    return [strip_outer_parens(t) for t in terms if t.strip()]
