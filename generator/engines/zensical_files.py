"""Files between the Zensical engine and its builder's folder: a folder's texts rewritten in place, and the
site Zensical wrote handed over to the microsite's folder (engines/zensical.py)."""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Callable
from pathlib import Path

from ..catalog import ASSETS
from .shared import link_shared


def rewrite(folder: Path, suffix: str, change: Callable[[str, str], str]) -> None:
    """Each file of `folder` ending in `suffix`, as `change(text, its path in the folder)` gives it; a file it
    leaves as it was is not written again."""
    for root, _, names in os.walk(folder):
        for path in (Path(root, name) for name in names if name.endswith(suffix)):
            text = path.read_text(encoding="utf-8")
            changed = change(text, path.relative_to(folder).as_posix())
            if changed != text:
                path.write_text(changed, encoding="utf-8")


_ENTITIES = {"&quot;": "&#34;", "&#x27;": "&#39;", "&#x2f;": "/"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))


def _markupsafe_escapes(text: str, _: str = "") -> str:
    """MiniJinja's escapes written as markupsafe's (see engines/zensical.py's notes)."""
    return _ENTITY.sub(lambda match: _ENTITIES[match[0]], text)


def theme_assets(national: Path) -> dict[str, Path]:
    """The files Zensical copies into every microsite as they are (the theme's `assets/`: the national theme's
    folder's over Zensical's own), by their path in the microsite."""
    return _assets_of(national, _builtin_theme())


@functools.cache
def _assets_of(*folders: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(folders):  # the first folder's file over the others'
        for path in sorted((folder / ASSETS).rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and not any(part.startswith(".") for part in name.split("/")):
                found[name] = path
    return found


def _builtin_theme() -> Path:
    """Zensical's own theme, found without importing Zensical into the worker (its builder does)."""
    spec = importlib.util.find_spec("zensical")
    assert spec is not None and spec.submodule_search_locations  # setup said so already
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def hand_over(site: Path, out_dir: Path, scratch: Path, assets: dict[str, Path]) -> None:
    """Zensical's site into `out_dir`, its pages with markupsafe's escapes: renamed where both lie on one
    filesystem; from memory, copied, each page rewritten on the way. Either way a theme asset is hard-linked
    from the build's store instead (one file for every microsite, as the MkDocs engine does) where Zensical's
    copy holds what the theme's file holds."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if site.stat().st_dev == out_dir.parent.stat().st_dev:
        rewrite(site, ".html", _markupsafe_escapes)
        same = [(theirs, name) for name, theirs in assets.items() if _holds(site / name, theirs)]
        for _, name in same:
            (site / name).unlink()  # linked from the store below, as from memory
        os.rename(site, out_dir)
        link_shared(scratch, same, out_dir)
        return
    shared = []
    out_dir.mkdir()
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_dir():
            (out_dir / name).mkdir(parents=True, exist_ok=True)
            continue
        content = path.read_bytes()
        if name.endswith(".html"):
            content = _markupsafe_escapes(content.decode("utf-8")).encode("utf-8")
        if (source := assets.get(name)) is not None and content == _content_of(source):
            shared.append((source, name))
        else:
            (out_dir / name).write_bytes(content)
    link_shared(scratch, shared, out_dir)


def _holds(copied: Path, theirs: Path) -> bool:
    return copied.is_file() and not copied.is_symlink() and copied.read_bytes() == _content_of(theirs)


@functools.cache
def _content_of(source: Path) -> bytes:
    """A theme asset's bytes, read once per worker (an installed package's file, or the build's theme copy)."""
    return source.read_bytes()
