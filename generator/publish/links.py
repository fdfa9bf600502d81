"""Every internal link resolves: after assembly, each href and src of each HTML file the build publishes
(pages, print pages, the portal) must name a file of the site, or a folder with its index.html.

A link that does not resolve, or that runs script (javascript:, data:), stops the build, naming the page and
the template that wrote it. The pages are read once (pagescan.py), in the workers for the pages they made.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..findings import Finding
from .pagescan import PageFacts, page_facts, unsafe_url

_SKIPPED_SCHEMES = ("mailto:", "tel:")


def _target(folder: str, reference: str, site: str, at: str | None, ours: Callable[[str], str | None]) -> str | None:
    """The file a reference from a page in `folder` leads to inside the site, None for a reference that leaves
    the site's files (paths as strings: ten thousand references). A path from the host's root (/zt/…) or an
    absolute URL is read from the page's public address `at`: it leads inside the site when it names one of
    our microsites (`ours` gives its site path)."""
    parts = urlsplit(reference)
    if reference.startswith(("#", *_SKIPPED_SCHEMES)) or not (parts.path or parts.netloc):
        return None
    if parts.scheme or parts.netloc or parts.path.startswith("/"):
        if at is None or (path := ours(urljoin(at, reference))) is None:
            return None if parts.scheme or parts.netloc else os.path.join(site, unquote(parts.path).lstrip("/"))
        return os.path.join(site, unquote(path))
    return os.path.join(folder, unquote(parts.path))


def _leads_to(
    root: str,
    page: str,
    reference: str,
    plain: str | None,
    ours: Callable[[str], str | None],
    public_url: Callable[[str], str | None],
) -> str | None:
    """The normalised path in the site a reference of `page` leads to, None for one that leaves the site's files;
    `plain`: where the page's scan found a plain relative reference leads (pagescan.plain_target)."""
    if plain == "":  # a fragment of the page itself
        return None
    if plain is not None:  # read with the page, in a worker: normalised, so joined to the root it stays so
        return os.path.normpath(f"{root}/{plain}") if plain.startswith(".") else os.path.join(root, plain)
    found = _target(os.path.dirname(os.path.join(root, page)), reference, root, public_url(page), ours)
    return None if found is None else os.path.normpath(found)


@functools.cache
def _resolves(target: str, site: str) -> bool:
    """Pages share most targets (the theme's assets): each is looked up once. The build writes no symbolic
    link into the site, so a normalised path that stays inside it is a file inside it."""
    if os.path.commonpath([target, site]) != site:
        return False
    return os.path.isfile(target) or os.path.isfile(os.path.join(target, "index.html"))


def site_facts(
    site: Path, read: dict[str, PageFacts], microsites: list[str], names: Iterable[str]
) -> dict[str, PageFacts]:
    """The facts of every page of the assembled site: those the workers read, the others read here
    (microsites reused from the last build, the portal). `microsites`: every microsite's folder; `names`: the
    site's files (tree.file_names)."""
    by_depth = sorted(microsites, key=len, reverse=True)
    facts = {}
    for relative in sorted(name for name in names if name.endswith(".html")):
        if relative not in read:
            owner = next((m for m in by_depth if relative.startswith(m + "/")), "")
            read[relative] = page_facts((site / relative).read_bytes(), relative.removeprefix(owner).lstrip("/"), owner)
        facts[relative] = read[relative]
    return facts


def broken_links(
    site: Path,
    sources: dict[str, str],
    facts: dict[str, PageFacts],
    ours: Callable[[str], str | None] = lambda url: None,
    public_url: Callable[[str], str | None] = lambda page: None,
) -> tuple[int, list[Finding]]:
    """(references checked, a finding per broken one); `sources` names the template of each page, `ours` the
    site path of an absolute URL of our own (SiteMap.site_path), `public_url` a page's address (SiteMap.page_url)."""
    checked, findings = 0, []
    root = os.path.abspath(site)
    _resolves.cache_clear()
    public_url = functools.cache(public_url)  # a page's address, once for all its references that need it
    for relative, page_facts_ in facts.items():
        for reference, plain in zip(page_facts_.references, page_facts_.targets, strict=True):
            if ":" in reference and unsafe_url(reference):  # a scheme needs its colon
                findings.append(link_finding(relative, reference, sources, "使用了不安全的链接"))
                continue
            target = _leads_to(root, relative, reference, plain, ours, public_url)
            if target is None:
                continue
            checked += 1
            if not _resolves(target, root):
                findings.append(link_finding(relative, reference, sources, "指向不存在的文件"))
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


def link_finding(page: str, reference: str, sources: dict[str, str], problem: str) -> Finding:
    template = sources.get(page, "主题模板（theme/ 或地方主题分支）")
    line, column = _line_of(template, reference)
    fix = (
        "改正该页中的链接：站内页面写相对路径，如 ../platforms/"
        if template.endswith(".md")
        else f"检查生成该页面的模板 {template}：链接应通过 link() 取自站点地图"
    )
    return Finding(template, line, column, "error", f"页面 {page} 的链接“{reference}”{problem}", "link-broken", fix)
