"""Generated binary assets (QR codes, posters, PDFs) cached by the hash of everything they are made from.

A key is the hash of the inputs a drawing reads (text, layout, colours, font identities), of the code that
draws (the drawing module and every generator module it imports, found by reading their imports), and of
the versions of the libraries that draw (Pillow and FreeType, zxing-cpp, Chromium ...). An entry records the
hash of its content; an entry that does not match it (a truncated or edited file) is drawn again, never used.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from ..safe_write import write_whole

_PACKAGE = Path(__file__).resolve().parents[1]  # generator/


def _module_file(name: str) -> Path | None:
    parts = name.split(".")[1:]
    for candidate in (_PACKAGE.joinpath(*parts, "__init__.py"), _PACKAGE.joinpath(*parts).with_suffix(".py")):
        if parts and candidate.is_file():
            return candidate
    return None


# an import statement at the start of a line (indented too: imports inside functions); read with a pattern,
# not by parsing the module (a fifth of a worker's warm-up). A line of a docstring that looks like one adds a
# name, which only makes a key stricter; forms the pattern does not follow (a statement after `;` or `:`, a
# line continued by `\`, `import(`) send the module to Python's parser (a test compares the two on every module)
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n]*)"
    r"|import[ \t]+(?P<modules>[^\n]*))",
    re.MULTILINE,
)
_UNUSUAL = re.compile(
    r"\\\n|^[^#\n]*[;:][ \t]*(?:from[ \t]+\.*[\w.]*[ \t]+)?import[ \t]|\bimport[ \t]*\([^)]*#|\bimport\(|^[ \t]*from\.",
    re.MULTILINE,
)


def _names(listed: str) -> list[str]:
    """`a as b, c` or `(\n a,\n c,  # why\n)` as ["a", "c"]."""
    without_comments = re.sub(r"#[^\n]*", "", listed).strip("()")
    return [part.split()[0] for part in without_comments.split(",") if part.strip()]


def _absolute(package: str, level: int, module: str) -> str:
    """A module named in `package` with `level` leading dots (0: absolute) as its full name."""
    base = package.split(".")[: len(package.split(".")) - level + 1] if level else []
    return ".".join([*base, module] if module else base)


def _parsed_imports(source: str, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = _absolute(package, node.level, node.module or "")
            found |= {module, *(f"{module}.{alias.name}" for alias in node.names)}  # `from . import x`: modules
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def _matched_imports(source: str, package: str) -> set[str]:
    found = set()
    for statement in _IMPORT.finditer(source):
        if statement["modules"] is not None:
            found |= set(_names(statement["modules"]))
            continue
        relative = statement["base"].lstrip(".")
        module = _absolute(package, len(statement["base"]) - len(relative), relative)
        found |= {module, *(f"{module}.{alias}" for alias in _names(statement["names"]))}
    return found


@cache  # the closures of the drawing modules and of the Word files share most of their modules
def _imports(path: Path, name: str) -> frozenset[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    source = path.read_text(encoding="utf-8")
    found = (_parsed_imports if _UNUSUAL.search(source) else _matched_imports)(source, package)
    return frozenset(n for n in found if n.startswith("generator.") and _module_file(n))


@cache
def code_digest(*modules: str) -> str:
    """Hash of the source of `modules` and of every generator module they import, transitively."""
    seen: dict[str, Path] = {}
    pending = list(modules)
    while pending:
        name = pending.pop()
        path = _module_file(name)
        if path is None or name in seen:
            continue
        seen[name] = path
        pending += sorted(_imports(path, name) - set(seen))
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode() + b"\0" + seen[name].read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def versions(*distributions: str) -> dict[str, str]:
    found = {}
    for name in distributions:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


@dataclass
class CacheStats:
    made: int = 0
    reused: int = 0
    corrupt: int = 0  # entries whose content did not match their recorded hash (drawn again)


class AssetCache:
    """One folder of entries; `None` caches nothing (every asset is drawn)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.stats = CacheStats()

    def _path(self, kind: str, inputs: object, code: object) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(
            json.dumps([code, kind, inputs], ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
        ).hexdigest()
        return self.folder / digest[:2] / f"{digest}.bin"

    def lookup(self, kind: str, inputs: object, code: object) -> bytes | None:
        """The entry for `inputs` drawn by `code` (the code digest and library versions), if sound."""
        path = self._path(kind, inputs, code)
        if path is None or not path.is_file():
            return None
        header, _, content = path.read_bytes().partition(b"\n")
        if header != b"sha256:" + hashlib.sha256(content).hexdigest().encode():
            self.stats.corrupt += 1
            path.unlink(missing_ok=True)
            return None
        self.stats.reused += 1
        return content

    def store(self, kind: str, inputs: object, code: object, content: bytes) -> bytes:
        self.stats.made += 1
        path = self._path(kind, inputs, code)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # atomic: concurrent workers never read half a file
            write_whole(path, b"sha256:" + hashlib.sha256(content).hexdigest().encode() + b"\n" + content)
        return content

    def get(self, kind: str, inputs: object, code: object, make: Callable[[], bytes]) -> bytes:
        cached = self.lookup(kind, inputs, code)
        return cached if cached is not None else self.store(kind, inputs, code, make())
