"""Skip microsites whose inputs did not change since the last published build.

A microsite's fingerprint covers everything its output is made from: the resolved edition (which holds
the campaign data it inherits and its notice bodies), its fork folder, the build date and URL, and one
shared part (the theme, the engine's configuration and the generator's own code). When the fingerprint
matches the one recorded at the last publish, the microsite's published folder is reused (hard links).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..resolve import Edition

_NOT_CONTENT = {"provenance", "fork"}  # where values came from; the fork is hashed as a folder


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in fields(value) if f.name not in _NOT_CONTENT}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (date, Path)):
        return str(value)
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def _tree_digest(digest: Any, root: Path) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def shared_fingerprint(inputs: list[Path]) -> str:
    """Inputs common to every microsite: the generator itself, the theme, the engine's configuration."""
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(str(path.name).encode() + b"\0")
        if path.is_dir():
            _tree_digest(digest, path)
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def microsite_fingerprint(edition: Edition, shared: str, site_url: str, today: date, with_pdf: bool) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([shared, site_url, str(today), with_pdf, edition], default=_plain, sort_keys=True,
                             ensure_ascii=False).encode("utf-8"))
    if edition.fork is not None:
        _tree_digest(digest, edition.fork.folder)
    return digest.hexdigest()


def stamp_folder(cache_dir: Path | None, site_dir: Path) -> Path | None:
    """Stamps belong to one published site folder (several projects may share an asset cache)."""
    if cache_dir is None:
        return None
    return cache_dir.parent / "microsites" / hashlib.sha256(str(site_dir).encode()).hexdigest()[:16]


class Stamps:
    """Fingerprints of the microsites as last published, one small file each."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.sha256" if self.folder else None

    def matches(self, key: str, fingerprint: str) -> bool:
        path = self._path(key)
        return path is not None and path.is_file() and path.read_text() == fingerprint

    def record(self, key: str, fingerprint: str) -> None:
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(fingerprint)


def link_tree(source: Path, target: Path, skip: set[str]) -> None:
    """Hard-link a published microsite into the staging area; `skip` names nested microsite folders."""
    for root, dirs, files in os.walk(source):
        rel = Path(root).relative_to(source)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in skip]
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(root) / name, target / rel / name)
