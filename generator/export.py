"""`campaignsite export`: one built microsite as a self-contained folder a province can host itself.

The microsite folder already holds its own copy of every asset (each MkDocs build has its own assets/);
export copies it and turns the few links that leave the folder (the national site, the portal) into
absolute links to the public site, so every relative link resolves inside the exported folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from .findings import CampaignError, Finding

_LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"#?]*)(?P<rest>[^"]*)"')


def _outside(page: Path, folder: Path, url: str) -> bool:
    if not url or urlsplit(url).scheme or url.startswith(("//", "mailto:", "tel:", "data:")):
        return False
    if url.startswith("/"):
        return True
    target = (page.parent / url).resolve()
    return not target.is_relative_to(folder.resolve()) or not target.exists()


def localize(folder: Path, site_url: str) -> int:
    """Rewrite links that leave `folder` to absolute URLs under `site_url`; returns how many."""
    changed = 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page_url = urljoin(site_url, PurePosixPath(page.relative_to(folder).parent.as_posix()).as_posix() + "/")

        def absolute(match: re.Match[str], page: Path = page, page_url: str = page_url) -> str:
            nonlocal changed
            if not _outside(page, folder, match["url"]):
                return match[0]
            changed += 1
            return f'{match["attr"]}="{urljoin(page_url, match["url"])}{match["rest"]}"'

        new = _LINK.sub(absolute, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return changed


def export_microsite(site_dir: Path, campaign: str, slug: str | None, target: Path, site_url: str) -> Path:
    source = site_dir / campaign / slug if slug else site_dir / campaign
    if not (source / "index.html").is_file():
        raise CampaignError([Finding(str(source), 1, 1, "error", f"找不到已生成的微站 {source}",
                                     "export-missing", "先运行 campaignsite build（或 make site）")])
    if target.exists() and any(target.iterdir()):
        raise CampaignError([Finding(str(target), 1, 1, "error", f"目标目录 {target} 不是空目录，未导出",
                                     "export-target", "换一个新目录，或先清空它")])
    def nested_microsites(folder: str, names: list[str]) -> list[str]:
        """A national microsite's folder also holds the region microsites: they are not part of it."""
        if Path(folder) != source:
            return []
        return [n for n in names if (source / n / "data.json").is_file() and (source / n / "index.html").is_file()]

    shutil.copytree(source, target, dirs_exist_ok=True, ignore=nested_microsites)
    localize(target, site_url)
    return target
