"""The tree shows the architecture: each package imports only the layers below it, the domain
imports nothing of the project but itself, and no request handler imports another's module."""

from __future__ import annotations

import ast
from pathlib import Path

import hypernet

PACKAGE = Path(hypernet.__file__).parent

# Bottom to top. A module may import its own package and any package of a lower layer; packages
# in one layer (ops, sqlkit) do not import each other.
LAYERS: list[set[str]] = [
    {"domain"},
    {"core"},
    {"db"},
    {"mappers"},
    {"ops", "sqlkit"},
    {"api"},
    {"cli"},
]
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}
# The API's own plumbing; every other module under api/ holds the handlers of one aggregate.
API_PLUMBING = {
    "app",
    "auditing",
    "http",
    "lifecycle",
    "keys",
    "openapi",
    "pagination",
    "problems",
    "revocations",
    "rate_limiting",
    "server",
    "workers",
    "__init__",
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _package_of(path: Path) -> str | None:
    """The top-level package of a module under hypernet/, or None for hypernet/*.py itself."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every `hypernet...` import, at top level or inside a function;
    `from hypernet.api import media` counts as `hypernet.api.media`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import; name the package"
            if node.module and (node.module + ".").startswith("hypernet."):
                found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("hypernet.")]
    return found


def test_every_module_lives_in_an_agreed_package() -> None:
    loose = [
        p.name
        for p in _modules()
        if _package_of(p) is None and p.name not in {"__init__.py", "__main__.py"}
    ]
    strays = [p for p in PACKAGE.iterdir() if p.is_dir() and p.name not in {*RANK, "__pycache__"}]
    assert not loose, f"modules outside the agreed packages: {loose}"
    assert not strays, f"packages no layer names: {[p.name for p in strays]}"


def test_no_import_points_up_or_sideways() -> None:
    wrong: list[str] = []
    for path in _modules():
        here = _package_of(path)
        if here is None:
            continue
        for line, module in _imports(path):
            there = module.split(".")[1]
            if there == here:
                continue
            if there not in RANK or RANK[there] >= RANK[here]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({here}) imports {module}")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_handlers_never_import_other_handlers() -> None:
    wrong: list[str] = []
    for path in sorted((PACKAGE / "api").glob("*.py")):
        if path.stem in API_PLUMBING:
            continue
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[1] == "api" and len(parts) > 2 and parts[2] not in API_PLUMBING:
                wrong.append(f"api/{path.name}:{line} imports {module}")
    assert not wrong, "a handler module imports another's:\n" + "\n".join(wrong)
