"""Generated binary assets cached by the hash of everything they are made from.

A rebuild with nothing changed reads every QR code and poster from here instead of drawing it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DRAWING_CODE = ("__init__.py", "qrcodes.py", "fonts.py", "posters/draw.py", "posters/layout.py")


@cache
def render_version() -> str:
    """Hash of the drawing code itself, so a change to how assets are drawn invalidates the cache."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _DRAWING_CODE:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class CacheStats:
    made: int = 0
    reused: int = 0


class AssetCache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.stats = CacheStats()

    def _path(self, kind: str, inputs: object) -> Path | None:
        digest = hashlib.sha256(json.dumps([render_version(), kind, inputs], ensure_ascii=False, sort_keys=True,
                                           default=str).encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.bin" if self.folder else None

    def lookup(self, kind: str, inputs: object) -> bytes | None:
        path = self._path(kind, inputs)
        if path is not None and path.is_file():
            self.stats.reused += 1
            return path.read_bytes()
        return None

    def store(self, kind: str, inputs: object, content: bytes) -> bytes:
        self.stats.made += 1
        path = self._path(kind, inputs)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(content)
            os.replace(partial, path)  # atomic: concurrent workers never read half a file
        return content

    def get(self, kind: str, inputs: object, make: Callable[[], bytes]) -> bytes:
        cached = self.lookup(kind, inputs)
        return cached if cached is not None else self.store(kind, inputs, make())
