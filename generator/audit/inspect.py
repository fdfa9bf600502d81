"""The audit: the published copy read against the build, each finding at the level inspectors give it.

Levels (国办秘函〔2019〕19号): 单项否决 — a site that fails one of these fails the inspection (unreachable, home page
not updated for two weeks, five or more empty or stale columns, tampered or planted files and hidden links, which
inspectors treat as 严重错误); 扣分 — points lost (broken links, missing headers, undated pages, footer marks);
提示 — what an inspector notes (the newest date of each home page and column).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..publish.headers import content_type
from ..publish.security import Policy
from .built import BuiltSite, Microsite, read_build
from .pages import PageFacts, read_page
from .served import Response, Site

VETO, DEDUCT, NOTE = "单项否决", "扣分", "提示"
HOME_STALE_DAYS = 14  # 首页栏目两周未更新
STALE_COLUMN = timedelta(days=180)  # 栏目半年未更新
STALE_COLUMNS_VETO = 5  # 空白栏目、不更新栏目合计 5 个以上
CHECKED_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy",
                   "permissions-policy")  # fmt: skip


@dataclass(frozen=True, order=True)
class AuditFinding:
    level: str
    kind: str  # stable id, as `--format json` gives it: modified, unbuilt, hidden-link, ...
    path: str  # the file it is about, relative to the site root
    message: str


@dataclass
class AuditReport:
    url: str
    files: int = 0
    pages: int = 0
    findings: list[AuditFinding] = field(default_factory=list)

    @property
    def vetoed(self) -> bool:
        return any(f.level == VETO for f in self.findings)


def _html(response: Response) -> bool:
    return response.found and response.headers.get("content-type", "").startswith("text/html")


def _compare(built: BuiltSite, served: dict[str, Response]) -> Iterator[AuditFinding]:
    for path, digest in built.digests.items():
        response = served[path]
        if response.status == 0:
            yield AuditFinding(VETO, "unreachable", path, f"无法访问（{response.error}）")
        elif not response.found:
            yield AuditFinding(DEDUCT, "missing", path, f"生成的文件在网站上打不开（HTTP {response.status}）")
        elif _sha256(response.body) != digest:
            yield AuditFinding(VETO, "modified", path, "与生成的文件不同：发布后被改动（篡改）")
        elif not response.headers.get("content-type", "").startswith(content_type(path).split(";")[0]):
            yield AuditFinding(
                DEDUCT,
                "content-type",
                path,
                f"Content-Type 为“{response.headers.get('content-type', '')}”，应为“{content_type(path)}”",
            )


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _links(site: Site, built: BuiltSite, pages: dict[str, PageFacts]) -> Iterator[AuditFinding]:
    """Hidden links and links to unnamed hosts that the build did not write; internal targets to fetch."""
    for path, facts in sorted(pages.items()):
        own = set()
        if path in built.digests and path.endswith(".html"):
            own = {link.href for link in read_page(built.read(path)).links}
        for link in facts.links:
            if link.href in own:
                continue
            target = urljoin(site.url_of(path), link.href)
            host = urlsplit(target).hostname or ""
            where = f"“{link.text or link.href}” → {link.href}"
            if link.hidden:
                yield AuditFinding(VETO, "hidden-link", path, f"隐藏的链接（暗链，{link.hidden}）：{where}")
            elif (
                site.path_of(target) is None
                and urlsplit(target).scheme in {"http", "https"}
                and host not in built.external_hosts
            ):
                yield AuditFinding(VETO, "unknown-host", path, f"链接到活动配置中没有的站外网址：{where}")


def _targets(site: Site, pages: dict[str, PageFacts]) -> dict[str, list[str]]:
    """Every site path a page links to or loads, with the pages that do."""
    found: dict[str, list[str]] = defaultdict(list)
    for path, facts in sorted(pages.items()):
        for href in [link.href for link in facts.links] + list(facts.assets):
            if href.startswith(("mailto:", "tel:", "#", "javascript:", "data:")):
                continue
            target = site.path_of(urljoin(site.url_of(path), href).split("#")[0].split("?")[0])
            if target is not None:
                found[target].append(path)
    return found


def _reached(built: BuiltSite, served: dict[str, Response], targets: dict[str, list[str]]) -> Iterator[AuditFinding]:
    for target, sources in sorted(targets.items()):
        response = served[target]
        if target not in built.digests and response.found:
            yield AuditFinding(VETO, "unbuilt", target, f"网站上有生成时没有的文件（由 {sources[0]} 链接）")
        elif not response.found:
            count = f"（共 {len(sources)} 个页面链接到它）" if len(sources) > 1 else ""
            yield AuditFinding(DEDUCT, "broken-link", sources[0], f"链接的 {target} 打不开{count}")


def _headers(site: Site, served: dict[str, Response]) -> Iterator[AuditFinding]:
    pages = [r for r in served.values() if _html(r)]
    wanted = list(CHECKED_HEADERS)
    if site.root.startswith("https:"):
        wanted.append("strict-transport-security")
    for name in wanted:
        lacking = sorted(r.path for r in pages if name not in r.headers)
        if lacking:
            yield AuditFinding(
                DEDUCT, "header-missing", lacking[0], f"{len(lacking)} 个页面缺少响应头 {_header_name(name)}"
            )


def _header_name(lower: str) -> str:
    return next((name for name in [*Policy(()).headers(), "Strict-Transport-Security"] if name.lower() == lower), lower)


def _dates(microsite: Microsite, pages: dict[str, PageFacts], today: date) -> Iterator[AuditFinding]:
    dated = {p: pages[p] for p in microsite.pages if p in pages}
    home = f"{microsite.folder}/index.html" if microsite.folder else "index.html"
    for path, facts in dated.items():
        if facts.date is None:
            yield AuditFinding(DEDUCT, "undated", path, "页面没有发布日期或更新日期（检查时视为未更新）")
    days = [f.date for f in dated.values() if f.date]
    archived = any(f.archived for f in dated.values())
    newest = max(days, default=None)
    state = "，已归档" if archived else ""
    yield AuditFinding(NOTE, "newest", home, f"最新内容的日期：{newest or '无'}{state}")
    if newest and not archived and today - newest > timedelta(days=HOME_STALE_DAYS):
        yield AuditFinding(VETO, "home-stale", home, f"首页 {(today - newest).days} 天未更新（超过两周），且未标明归档")
    weak = []
    for path, facts in dated.items():
        if facts.empty:
            weak.append(AuditFinding(DEDUCT, "column-empty", path, "空白栏目（暂无内容）"))
        elif facts.date_label == "更新日期" and facts.date and not archived and today - facts.date > STALE_COLUMN:
            weak.append(AuditFinding(DEDUCT, "column-stale", path, f"栏目 {(today - facts.date).days} 天未更新"))
    yield from weak
    if len(weak) >= STALE_COLUMNS_VETO:
        yield AuditFinding(VETO, "columns-stale", home, f"空白或不更新的栏目共 {len(weak)} 个（5 个以上）")


def _footers(built: BuiltSite, pages: dict[str, PageFacts]) -> Iterator[AuditFinding]:
    content = [p for m in built.microsites for p in m.pages if p in pages]
    lacking: dict[str, list[str]] = defaultdict(list)
    for path in content:
        for mark in pages[path].footer_missing:
            lacking[mark].append(path)
    for mark, paths in lacking.items():
        more = f"（共 {len(paths)} 个页面）" if len(paths) > 1 else ""
        yield AuditFinding(DEDUCT, "footer-mark", paths[0], f"页脚缺少{mark}{more}")


def audit_site(url: str, site_dir: Path, today: date) -> AuditReport:
    built = read_build(site_dir)
    site = Site(url)
    report = AuditReport(site.root)
    served = site.get_all(built.digests)
    report.files = len(built.digests)
    home = served.get("index.html") or site.get("index.html")
    if home.status == 0:
        report.findings.append(AuditFinding(VETO, "unreachable", "index.html", f"网站无法访问（{home.error}）"))
        return report
    findings = list(_compare(built, served))
    pages = {path: read_page(r.body) for path, r in served.items() if _html(r)}
    targets = _targets(site, pages)
    served |= site.get_all(t for t in targets if t not in served)
    for path, response in served.items():  # planted pages are read too: what they link to is found
        if path not in pages and _html(response):
            pages[path] = read_page(response.body)
    report.pages = len(pages)
    findings += _links(site, built, pages)
    findings += _reached(built, served, targets)
    findings += _headers(site, served)
    for microsite in built.microsites:
        findings += _dates(microsite, pages, today)
    findings += _footers(built, pages)
    report.findings = sorted(set(findings), key=lambda f: ([VETO, DEDUCT, NOTE].index(f.level), f.kind, f.path))
    return report
