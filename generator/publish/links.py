"""Every internal link resolves: after assembly, each href and src of each HTML file the build publishes
(pages, print pages, the portal) must name a file of the site, or a folder with its index.html.

A link that does not resolve stops the build, naming the page and the template that wrote it.
"""

from __future__ import annotations

import functools
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..findings import Finding

_ATTRIBUTES = ("href", "src")
_SKIPPED_SCHEMES = ("mailto:", "tel:")
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20]")  # browsers drop tabs and newlines inside a URL's scheme
# libxml2: as browsers read it, entities decoded; huge_tree: nesting up to 2048 deep and long texts
_PARSER = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)


class _StandardReferences(HTMLParser):
    """Python's own HTML parser: slower, without libxml2's limits (the fallback for a page past them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not (tag == "link" and ("rel", "canonical") in attrs):
            self.found += [value for key, value in attrs if key in _ATTRIBUTES and value]


def standard_references(content: bytes) -> list[str]:
    parser = _StandardReferences()
    parser.feed(content.decode("utf-8", errors="replace"))
    parser.close()
    return list(dict.fromkeys(parser.found))


def _references(page: Path) -> list[str]:
    """Every href and src of a page, in order, once each. A page libxml2 stops reading (nested deeper than
    it allows) is read by Python's parser: a link after that point must not go unchecked."""
    content = page.read_bytes()
    root = etree.fromstring(content, _PARSER)
    if any(error.level_name == "FATAL" for error in _PARSER.error_log):
        return standard_references(content)
    if root is None:
        return []
    found: list[str] = []
    for element in root.iter(tag=etree.Element):
        if element.tag == "link" and element.get("rel") == "canonical":
            continue  # the public URL of the page, not a file of this folder
        found += [value for name in _ATTRIBUTES if (value := element.get(name))]
    return list(dict.fromkeys(found))


def _target(page: Path, reference: str, site: Path) -> Path | None:
    """The file a reference leads to inside the site, None for a reference that leaves the site's files."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("#", *_SKIPPED_SCHEMES)) or not parts.path:
        return None
    path = unquote(parts.path)
    return site / path.lstrip("/") if path.startswith("/") else page.parent / path


@functools.cache
def _resolves(target: str, site: str) -> bool:
    """Pages share most targets (the theme's assets): each is looked up once. The build writes no symbolic
    link into the site, so a normalised path that stays inside it is a file inside it."""
    if os.path.commonpath([target, site]) != site:
        return False
    return os.path.isfile(target) or os.path.isfile(os.path.join(target, "index.html"))


def page_references(folder: Path, prefix: str) -> dict[str, list[str]]:
    """The references of every HTML file of a microsite's folder, by its path in the site (`prefix/...`):
    read where the microsite is made, in parallel, so the build only resolves them."""
    return {f"{prefix}/{page.relative_to(folder).as_posix()}": _references(page)
            for page in sorted(folder.rglob("*.html"))}


def broken_links(site: Path, sources: dict[str, str],
                 read: dict[str, list[str]] | None = None) -> tuple[int, list[Finding]]:
    """(references checked, a finding per broken one); `sources` names the template of each page, `read`
    holds the references of pages already read (page_references), the others are read here."""
    checked, findings = 0, []
    root = os.path.abspath(site)
    _resolves.cache_clear()
    read = read or {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        references = read[relative] if relative in read else _references(page)
        for reference in references:
            if _IGNORED_BY_BROWSERS.sub("", reference).lower().startswith(_UNSAFE_SCHEMES):
                findings.append(_finding(relative, reference, sources, "使用了不安全的链接"))
                continue
            target = _target(page, reference, site)
            if target is None:
                continue
            checked += 1
            if not _resolves(os.path.normpath(os.path.abspath(target)), root):
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
