"""What every command module shares: printing, failing with one line, argument types."""

from __future__ import annotations

import argparse
import sys


def say(line: str = "") -> None:
    print(line, flush=True)


def fail(message: str) -> int:
    """One line on standard error; the exit status of a command that could not do its job."""
    print(f"hypernet: {message}", file=sys.stderr, flush=True)
    return 1


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value
