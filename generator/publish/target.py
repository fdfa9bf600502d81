"""The folders a command fills with a whole site (`build --site-dir`, `export`, `serve`): only a folder that
does not exist yet, an empty one, or one this tool built, which carries its mark. Never the project, a folder
that holds it, or a folder the build reads: whatever a command replaces, it made.

The mark is a small file at the top of every site and export (`.campaignsite`). A site built before the mark
existed is recognised by the index every build writes at its root (`sites.json`).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..findings import CampaignError, Finding, display_path
from ..read import ProjectLayout

MARK = ".campaignsite"
MARK_CONTENT = b"campaignsite\nThis folder was built by campaignsite; a later build may replace all of it.\n"
_LEGACY_INDEX = "sites.json"


def is_marked(folder: Path) -> bool:
    """True when `folder` holds the mark this tool writes (a regular file, not a link to one)."""
    mark = folder / MARK
    try:
        return not mark.is_symlink() and mark.is_file() and mark.read_bytes().startswith(b"campaignsite\n")
    except OSError:
        return False


def _legacy_site(folder: Path) -> bool:
    """A site this tool built before it marked its sites: sites.json lists microsites as every build writes it."""
    index = folder / _LEGACY_INDEX
    try:
        rows = json.loads(index.read_text(encoding="utf-8")) if index.is_file() and not index.is_symlink() else None
    except (OSError, ValueError):
        return False
    return (
        isinstance(rows, list)
        and bool(rows)
        and all(isinstance(row, dict) and set(row) == {"campaign", "region", "path"} for row in rows)
    )


def _problem(folder: Path, layout: ProjectLayout) -> tuple[str, str] | None:
    """Why `folder` may not be replaced by a site, and what to do instead; None when it may."""
    if folder == layout.root or layout.root.is_relative_to(folder):
        return "是项目目录或它的上级目录", "写项目中的一个新目录，如 site/，或项目外的一个新目录"
    inputs = (*layout.read_roots, layout.root / ".git")
    if any(folder.is_relative_to(root.resolve()) for root in inputs):
        return "在生成器读取的目录（campaigns/、content/、theme/）或 .git 中", "换一个不在这些目录中的新目录"
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "已存在且不是目录", "换一个新目录"
    if is_marked(folder) or _legacy_site(folder) or not any(folder.iterdir()):
        return None
    return "已有其他文件，且不是本工具生成的网站", "换一个新目录，或确认无用后自己清空它"


def check_target(folder: Path, layout: ProjectLayout, option: str) -> Path:
    """The resolved folder a command may fill, or a CampaignError naming the option and the folder."""
    resolved = folder.resolve()
    problem = _problem(resolved, layout)
    if problem is None:
        return resolved
    why, fix = problem
    raise CampaignError(
        [
            Finding(
                display_path(folder),
                1,
                1,
                "error",
                f"{option} 指定的目录 {folder} {why}，不会写入或清空它",
                "site-dir",
                fix,
            )
        ]
    )
