"""What the repository must not hold: the build's cache (`.cache/`) and the published site (`site/`). Both are
the build's own; committed (`git add -f` passes `.gitignore`), an editor's files there would be taken by every
build as if it had made them: a cached poster or word list of another region, a stamp saying a microsite of
theirs is unchanged. A fresh clone in CI then holds them too. Said where the project lies in a git work tree."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, display_path
from ..read import Project
from .base import rule

SHOWN = 3  # tracked files named in the message


def _tracked(root: Path, folders: list[str]) -> list[str]:
    """The files git tracks under `folders` of the work tree at `root` (none outside a work tree or without git)."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", *folders],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listed.returncode != 0:
        return []
    return [name for name in listed.stdout.decode("utf-8", errors="replace").split("\0") if name]


@rule
def committed_outputs(project: Project) -> Iterator[Finding]:
    layout = project.layout
    folders = [
        display
        for folder in (layout.cache_dir, layout.site_dir)
        if (display := _inside(layout.root, folder)) is not None
    ]
    if folders and (tracked := _tracked(layout.root, folders)):
        names = "、".join(tracked[:SHOWN]) + (f" 等 {len(tracked)} 个文件" if len(tracked) > SHOWN else "")
        yield Finding(
            display_path(layout.root / tracked[0]),
            1,
            1,
            "error",
            f"生成的缓存或网站文件被提交到了仓库：{names}。构建会把它们当作自己生成的结果使用（可能改变其他地区的页面）",
            "committed-output",
            f"执行 git rm -r --cached {' '.join(folders)} 并提交；.gitignore 中保留 .cache/ 和 site/",
        )


def _inside(root: Path, folder: Path) -> str | None:
    """`folder` relative to the project root, None when it lies elsewhere."""
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
