"""squawk lints every migration; a violation fails unless the migration excuses it, in place,
with a reason: `-- squawk-ignore <rule> -- <why>` before the statement, or
`-- squawk-ignore-file <rule> -- <why>` for the whole file.

The up part and the down part are linted apart: a down part exists to drop what its up part
created, so the ban-drop-* rules do not apply to it. A transactional migration is linted as
running inside a transaction (the runner wraps it in one); a `-- migrate:no-transaction` one is
not."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hypernet.core.config import MIGRATIONS_DIR, PROJECT_ROOT
from hypernet.db.migrate import parse_migration

_SQUAWK = shutil.which("squawk") or str(Path(sys.executable).parent / "squawk")
_DOWN_EXEMPT = [
    "ban-drop-table",
    "ban-drop-function",
    "ban-drop-view",
    "ban-drop-column",
    "ban-drop-constraint",
    "ban-drop-index",
    "require-concurrent-index-deletion",
]
_IGNORE_RE = re.compile(
    r"^\s*--\s*squawk-ignore(?:-file)?\s+(?P<rules>[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)"
    r"\s+--\s+(?P<why>.+)$"
)
MIGRATIONS = sorted(MIGRATIONS_DIR.glob("*.sql"))


def _parts(path: Path) -> dict[str, str]:
    text = path.read_text()
    up_at = re.search(r"^--\s*migrate:up\s*$", text, re.M)
    down_at = re.search(r"^--\s*migrate:down\s*$", text, re.M)
    assert up_at and down_at
    header = text[: up_at.start()]
    # squawk-ignore-file comments anywhere apply to both parts.
    file_ignores = "\n".join(line for line in text.splitlines() if "squawk-ignore-file" in line)
    return {
        "up": header + file_ignores + "\n" + text[up_at.end() : down_at.start()],
        "down": file_ignores + "\n" + text[down_at.end() :],
    }


def _squawk(text: str, name: str, in_transaction: bool, exclude: list[str]) -> str:
    args = [
        _SQUAWK,
        "--reporter",
        "gcc",
        "--pg-version",
        "15",
        "-c",
        str(PROJECT_ROOT / ".squawk.toml"),
        "--stdin-filepath",
        name,
    ]
    if in_transaction:
        args.append("--assume-in-transaction")
    if exclude:
        # --exclude replaces the config's excluded rules, so name those again.
        config = tomllib.loads((PROJECT_ROOT / ".squawk.toml").read_text())
        args.append("--exclude=" + ",".join([*config["excluded_rules"], *exclude]))
    done = subprocess.run(args, input=text, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("path", MIGRATIONS, ids=[p.name for p in MIGRATIONS])
def test_migration_passes_squawk_or_excuses_each_rule(path: Path) -> None:
    migration = parse_migration(path)
    parts = _parts(path)
    findings = _squawk(parts["up"], f"{path.name} (up)", migration.transactional, [])
    findings += "\n" + _squawk(
        parts["down"], f"{path.name} (down)", migration.transactional, _DOWN_EXEMPT
    )
    assert not findings.strip(), (
        f"squawk on {path.name}:\n{findings}\nFix the migration, or excuse the rule in place "
        "with `-- squawk-ignore <rule> -- <why>`."
    )


@pytest.mark.parametrize("path", MIGRATIONS, ids=[p.name for p in MIGRATIONS])
def test_every_squawk_excuse_gives_its_reason(path: Path) -> None:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if "squawk-ignore" not in line:
            continue
        match = _IGNORE_RE.match(line)
        assert match and match.group("why") and len(match.group("why").split()) >= 3, (
            f"{path.name}:{number}: write the reason after the rule: "
            "`-- squawk-ignore <rule> -- <why, in words>`"
        )
