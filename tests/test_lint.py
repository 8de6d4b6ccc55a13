"""The house style, as tests: ruff's lint rules, ruff's formatting and mypy over the repository."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hypernet.core.config import PROJECT_ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_repository_passes(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command)}` failed; fix what it reports:\n{result.stdout}{result.stderr}",
            pytrace=False,
        )
