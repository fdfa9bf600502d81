"""Inputs stay inside the project: the build reads only campaigns/, content/ and theme/.

A path written in YAML (a notice body, a font, a logo) must lead to a file inside the folder it is relative
to; a symbolic link anywhere in those folders must point inside them. Nothing outside is ever opened, so
no message can echo the content of a file that is not a campaign file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..findings import Finding, display_path


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def outside_link(path: Path, roots: tuple[Path, ...]) -> bool:
    """True when `path` is a symbolic link whose target (followed all the way) leaves the roots."""
    return path.is_symlink() and not _inside(path.resolve(), roots)


def symlinks_outside(roots: tuple[Path, ...]) -> list[Finding]:
    """Every symbolic link in the roots that points outside them (files and folders alike)."""
    resolved = tuple(root.resolve() for root in roots)
    findings = []
    for root in roots:
        if not root.exists():
            continue
        if outside_link(root, resolved):
            findings.append(_link_finding(root))
            continue
        for folder, dirs, files in os.walk(root):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                if outside_link(path, resolved):
                    findings.append(_link_finding(path))
            dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return findings


def only_files_and_folders(root: Path) -> bool:
    """Whether everything under `root` (links followed) is a regular file or a folder: nothing that blocks or
    never ends when read (a FIFO, a device)."""
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            try:
                mode = os.stat(os.path.join(folder, name)).st_mode
            except OSError:  # a dangling link
                return False
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return False
    return True


def _link_finding(path: Path) -> Finding:
    return Finding(
        display_path(path),
        1,
        1,
        "error",
        "符号链接指向项目之外（campaigns/、content/、theme/ 以外），生成时不会读取它",
        "path-outside",
        "删除该链接，把文件本身放进项目",
    )


def confined_file(base: Path, relative: str, roots: tuple[Path, ...]) -> Path | str:
    """`base / relative` when it stays inside `base` and the roots, else why not (Chinese, for editors)."""
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).anchor:
        return "不能写绝对路径"
    if "\x00" in relative:
        return "路径中有不可见字符"
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()):
        return "路径离开了所在目录（“..”）"
    if not _inside(target, tuple(root.resolve() for root in roots)):
        return "路径经符号链接指向项目之外"
    return base / relative
