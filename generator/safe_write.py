"""Files the build keeps for later builds (caches), written so that no reader ever sees half of one and no
name planted beforehand (a link at a name one could guess) is written through."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_whole(path: Path, content: bytes) -> None:
    """`content` as `path`, written under a new name of its own first (never an existing file or a link planted
    at a name one could guess), then renamed over it: whole, or not at all."""
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as written:
            written.write(content)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
