"""Every internal link resolves: after assembly, each href and src of each HTML file the build publishes
(pages, print pages, the portal) must name a file of the site, or a folder with its index.html.

A link that does not resolve stops the build, naming the page and the template that wrote it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..findings import Finding

_ATTRIBUTES = {"href", "src"}
_SKIPPED_SCHEMES = ("mailto:", "tel:")


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link" and ("rel", "canonical") in attrs:
            return  # the public URL of the page, not a file of this folder
        self.found += [value for key, value in attrs if key in _ATTRIBUTES and value]


def _target(page: Path, reference: str, site: Path) -> Path | None:
    """The file a reference leads to inside the site, None for a reference that leaves the site's files."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("#", *_SKIPPED_SCHEMES)) or not parts.path:
        return None
    path = unquote(parts.path)
    return site / path.lstrip("/") if path.startswith("/") else page.parent / path


def _resolves(target: Path, site: Path) -> bool:
    if not target.resolve().is_relative_to(site.resolve()):
        return False
    return target.is_file() or (target.is_dir() and (target / "index.html").is_file())


def broken_links(site: Path, sources: dict[str, str]) -> tuple[int, list[Finding]]:
    """(references checked, a finding per broken one); `sources` names the template of each page."""
    checked, findings = 0, []
    for page in sorted(site.rglob("*.html")):
        parser = _References()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        relative = page.relative_to(site).as_posix()
        for reference in dict.fromkeys(parser.found):
            if reference.lower().startswith(("javascript:", "data:", "vbscript:")):
                findings.append(_finding(relative, reference, sources, "使用了不安全的链接"))
                continue
            target = _target(page, reference, site)
            if target is None:
                continue
            checked += 1
            if not _resolves(target, site):
                findings.append(_finding(relative, reference, sources, "指向不存在的文件"))
    return checked, findings


def _line_of(path: str, reference: str) -> tuple[int, int]:
    """Where an editor's page writes the reference (a fork page), else the top of the template."""
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if reference in line:
                return number, line.index(reference) + 1
    except (OSError, UnicodeDecodeError):
        pass
    return 1, 1


def _finding(page: str, reference: str, sources: dict[str, str], problem: str) -> Finding:
    template = sources.get(page, "主题模板（theme/ 或地方主题分支）")
    line, column = _line_of(template, reference)
    fix = ("改正该页中的链接：站内页面写相对路径，如 ../platforms/" if template.endswith(".md")
           else f"检查生成该页面的模板 {template}：链接应通过 link() 取自站点地图")
    return Finding(template, line, column, "error", f"页面 {page} 的链接“{reference}”{problem}", "link-broken", fix)
