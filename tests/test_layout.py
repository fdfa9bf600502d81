"""The code's layout keeps its promises: stages as packages importing only earlier stages, MkDocs only in
engines/, no hand-written `../` in templates, no module over 300 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.unit

PACKAGE = ROOT / "generator"
# each stage may import itself and the stages before it; findings is shared vocabulary
ORDER = [
    "findings",
    "checkpoints",
    "processes",
    "timings",
    "installed",
    "safe_write",
    "catalog",
    "read",
    "check",
    "resolve",
    "render",
    "assets",
    "documents",
    "preflight",
    "engines",
    "publish",
    "shards",
    "microsite",
    "microsites",
    "options",
    "build",
    "export",
    "deploy",
    "audit",
    "cli",
]


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def stage_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def imported(path: Path) -> set[str]:
    """Absolute names of the generator's modules that `path` imports."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            if name.startswith("generator"):
                names |= {name} if node.module else {f"{name}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith("generator")}
    return names


def test_stages_import_only_earlier_stages() -> None:
    for path in modules():
        own = stage_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if own == "__init__":
            continue
        for name in imported(path):
            other = stage_of(name)
            if other in ORDER and own in ORDER:
                assert ORDER.index(other) <= ORDER.index(own), f"{path.relative_to(ROOT)} imports {name}"


def test_only_engines_import_mkdocs_or_material() -> None:
    pattern = re.compile(r"^\s*(?:from|import)\s+(?:mkdocs|material)\b", re.M)
    users = [p.relative_to(ROOT).as_posix() for p in modules() if pattern.search(p.read_text(encoding="utf-8"))]
    assert users and all(u.startswith("generator/engines/") for u in users), users


def test_no_template_writes_a_relative_path() -> None:
    templates = [
        *(PACKAGE / "render" / "templates").rglob("*"),
        *(PACKAGE / "documents" / "templates").rglob("*"),
        *(ROOT / "theme").rglob("*.html"),
    ]
    for path in (p for p in templates if p.is_file()):
        assert "../" not in path.read_text(encoding="utf-8"), path


def test_no_module_over_300_lines() -> None:
    for path in modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 300, f"{path.relative_to(ROOT)}: {lines} lines"
