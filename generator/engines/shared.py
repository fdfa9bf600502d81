"""Files every microsite of a build publishes unchanged (an engine's theme assets): stored once per build in
the engine's scratch folder and hard-linked into each microsite.

A hard link is a whole file of its own name, so an exported microsite stays self-contained; the source is
an installed package's file, or (Zensical) the national theme's asset whose bytes the engine's own copy was
found to hold: what is stored is what the engine copied.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

STORE = "shared-files"


def _stored(store: Path, source: Path, relative: str) -> Path:
    """The build's copy of `source`. Workers race to make it: the first complete copy is linked in under its
    name and never replaced (replacing it could drop its last link while another worker links to it)."""
    target = store / relative
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            os.link(temporary, target)
        except FileExistsError:
            pass  # another worker's copy is in place
        finally:
            os.unlink(temporary)
    return target


def link_shared(scratch: Path, files: Iterable[tuple[Path, str]], out_dir: Path) -> int:
    """Hard-link each (source, microsite-relative path) into `out_dir` from the build's store."""
    count = 0
    for source, relative in files:
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(_stored(scratch / STORE, source, relative), target)
        count += 1
    return count
