"""The audit: the published copy read against the build, each finding at the level inspectors give it.

Levels (国办秘函〔2019〕19号): 单项否决 — a site that fails one of these fails the inspection (unreachable, home page
not updated for two weeks, five or more empty or stale columns, tampered or planted files, redirects away and
hidden links, which inspectors treat as 严重错误); 扣分 — points lost (broken links, missing or weakened headers,
undated pages, footer marks); 提示 — what an inspector notes (the newest date of each home page).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..publish.headers import content_type
from ..publish.security import HSTS_SECONDS, policy_of
from .built import BuiltSite, Microsite, read_build
from .pages import PageFacts, read_page
from .served import Response, Site

VETO, DEDUCT, NOTE = "单项否决", "扣分", "提示"
LEVELS = (VETO, DEDUCT, NOTE)
HOME_STALE = timedelta(days=14)  # 首页栏目两周未更新
STALE_COLUMN = timedelta(days=180)  # 栏目半年未更新
STALE_COLUMNS_VETO = 5  # 空白栏目、不更新栏目合计 5 个以上
PROBE = "campaignsite-audit-no-such-page.html"  # a page nobody built: the server must answer 404
ONLY_CHECKED_FOR = frozenset({"strict-transport-security"})  # the office decides on its value
TEXT_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")


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


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _first_difference(built: bytes, served: bytes, path: str) -> str:
    """Where a text file first differs (a CDN's injected script shows up here), else nothing."""
    if not content_type(path).startswith(TEXT_TYPES):
        return ""
    ours, theirs = built.decode("utf-8", "replace").splitlines(), served.decode("utf-8", "replace").splitlines()
    for number, (line, other) in enumerate(zip(ours, theirs, strict=False), 1):
        if line != other:
            shown = other.strip()
            return f"，第 {number} 行起不同：“{shown[:60]}{'…' if len(shown) > 60 else ''}”"
    return f"，行数不同（生成的 {len(ours)} 行，网站上 {len(theirs)} 行）"


def _compare(built: BuiltSite, served: dict[str, Response], addresses: dict[str, str]) -> Iterator[AuditFinding]:
    """Every built file (and each folder's address) as the server gives it: the same bytes, its type."""
    for path, digest in [*built.digests.items(), *((a, built.digests[f]) for a, f in addresses.items())]:
        response, file = served[path], addresses.get(path, path)
        shown = path or "/"
        if response.status == 0:
            yield AuditFinding(VETO, "unreachable", shown, f"无法访问（{response.error}）")
        elif response.moved_to:
            yield AuditFinding(
                VETO,
                "redirect",
                shown,
                f"被重定向到 {response.moved_to}（HTTP {response.status}）：生成的网站没有重定向",
            )
        elif not response.found:
            yield AuditFinding(DEDUCT, "missing", shown, f"生成的文件在网站上打不开（HTTP {response.status}）")
        elif _sha256(response.body) != digest:
            difference = _first_difference(built.read(file), response.body, file)
            yield AuditFinding(VETO, "modified", shown, f"与生成的文件不同：发布后被改动（篡改）{difference}")
        elif path == file and not response.headers.get("content-type", "").startswith(content_type(path).split(";")[0]):
            yield AuditFinding(
                DEDUCT,
                "content-type",
                path,
                f"Content-Type 为“{response.headers.get('content-type', '')}”，应为“{content_type(path)}”",
            )


def _cloaked(served: dict[str, Response], crawled: dict[str, Response]) -> Iterator[AuditFinding]:
    """A page shown to a search engine's crawler other than to visitors (暗链 often are)."""
    for path, response in crawled.items():
        if (response.status, response.body) != (served[path].status, served[path].body):
            yield AuditFinding(
                VETO, "cloaking", path, "搜索引擎（百度蜘蛛）看到的页面与访客看到的不同：可能是只给搜索引擎看的暗链"
            )


def _links(site: Site, built: BuiltSite, pages: dict[str, PageFacts]) -> Iterator[AuditFinding]:
    """Hidden links and links to unnamed hosts that the build did not write."""
    for path, facts in sorted(pages.items()):
        own = set()
        if path in built.digests and path.endswith(".html"):
            own = {link.href for link in read_page(built.read(path)).links}
        for link in facts.links:
            if link.href in own:
                continue
            target = urljoin(site.url_of(path), link.href.replace("\\", "/"))
            where = f"“{link.text or link.href}” → {link.href}"
            outside = site.path_of(target) is None and urlsplit(target).scheme in {"http", "https"}
            if link.hidden:
                yield AuditFinding(VETO, "hidden-link", path, f"隐藏的链接（暗链，{link.hidden}）：{where}")
            elif outside and (urlsplit(target).hostname or "").lower() not in built.external_hosts:
                yield AuditFinding(VETO, "unknown-host", path, f"链接到活动配置中没有的站外网址：{where}")


def _targets(site: Site, pages: dict[str, PageFacts]) -> dict[str, list[str]]:
    """Every site path a page links to or loads, with the pages that do."""
    found: dict[str, list[str]] = defaultdict(list)
    for path, facts in sorted(pages.items()):
        for href in [link.href for link in facts.links] + list(facts.assets):
            if href.lower().startswith(("mailto:", "tel:", "#", "javascript:", "data:")):
                continue
            target = site.path_of(urljoin(site.url_of(path), href.replace("\\", "/")).split("#")[0].split("?")[0])
            if target is not None:
                found[target].append(path)
    return found


def _reached(built: BuiltSite, served: dict[str, Response], targets: dict[str, list[str]]) -> Iterator[AuditFinding]:
    for target, sources in sorted(targets.items()):
        response = served[target]
        count = f"（共 {len(sources)} 个页面链接到它）" if len(sources) > 1 else ""
        if target not in built.digests and response.found:
            yield AuditFinding(VETO, "unbuilt", target, f"网站上有生成时没有的文件（由 {sources[0]} 链接）")
        elif not response.found and (target not in built.digests or not response.moved_to):  # built: said above
            moved = f"（重定向到 {response.moved_to}）" if response.moved_to else ""
            yield AuditFinding(DEDUCT, "broken-link", sources[0], f"链接的 {target} 打不开{moved}{count}")


def _headers(site: Site, built: BuiltSite, served: dict[str, Response]) -> Iterator[AuditFinding]:
    """The headers `campaignsite headers` writes, on every page, with the values it writes."""
    pages = [r for r in served.values() if _html(r)]
    expected = {k.lower(): v for k, v in policy_of(built.root, HSTS_SECONDS).headers().items()}
    if not site.root.startswith("https:"):
        expected.pop("strict-transport-security")
    for name, value in expected.items():
        lacking = sorted(r.path for r in pages if name not in r.headers)
        other = sorted(r.path for r in pages if name in r.headers and r.headers[name] != value)
        title = _header_title(name)
        if lacking:
            yield AuditFinding(DEDUCT, "header-missing", lacking[0] or "/", f"{len(lacking)} 个页面缺少响应头 {title}")
        if other and name not in ONLY_CHECKED_FOR:
            sample = served[other[0]].headers[name]
            yield AuditFinding(
                DEDUCT,
                "header-value",
                other[0] or "/",
                f"{len(other)} 个页面的响应头 {title} 与 campaignsite headers 生成的不同：“{sample[:80]}”",
            )
    for response in pages:
        if "refresh" in response.headers:
            yield AuditFinding(
                VETO, "redirect", response.path or "/", f"响应头 Refresh 让页面跳转：{response.headers['refresh']}"
            )


def _header_title(lower: str) -> str:
    return "-".join(part.capitalize() for part in lower.split("-"))


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
    if newest and not archived and today - newest > HOME_STALE:
        yield AuditFinding(
            VETO,
            "home-stale",
            home,
            f"首页 {(today - newest).days} 天未更新（超过两周），且未标明归档："
            "发布新的通知，或活动结束后重新生成并发布（页面会显示“本专题已归档”）",
        )
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


def _probe(site: Site, built: BuiltSite) -> Iterator[AuditFinding]:
    """A page nobody built must not open (a server that answers everything hides what it serves)."""
    response = site.get(PROBE)
    if response.found:
        yield AuditFinding(DEDUCT, "soft-404", PROBE, "不存在的网址也返回 HTTP 200（应为 404）")
    if response.body and response.headers.get("content-type", "").startswith("text/html"):
        shown = read_page(response.body, response.charset)
        not_found = "404.html" if "404.html" in built.digests else ""
        if not_found and _sha256(response.body) != built.digests[not_found]:
            yield AuditFinding(VETO, "modified", "404.html", "找不到页面时显示的内容与生成的 404.html 不同（篡改）")
        yield from _links(site, built, {PROBE: shown})


def _read(served: Iterable[Response]) -> dict[str, PageFacts]:
    return {r.path: read_page(r.body, r.charset) for r in served if _html(r)}


def audit_site(url: str, site_dir: Path, today: date) -> AuditReport:
    built = read_build(site_dir)
    site = Site(url)
    report = AuditReport(site.root, files=len(built.digests))
    home = site.get("")
    if not home.found:
        reason = home.error or (f"重定向到 {home.moved_to}" if home.moved_to else f"HTTP {home.status}")
        hint = "；请确认网址是网站的根地址（与 site/ 对应），协议（https）和路径前缀无误" if home.status else ""
        report.findings.append(AuditFinding(VETO, "unreachable", "/", f"网站首页打不开（{reason}）{hint}"))
        return report
    addresses = {path.removesuffix("index.html"): path for path in built.digests if path.endswith("index.html")}
    served = site.get_all([*built.digests, *addresses])
    findings = list(_compare(built, served, addresses))
    pages = _read(r for p, r in served.items() if p in built.digests)
    crawled = site.get_all(pages, crawler=True)
    findings += _cloaked(served, crawled)
    shown_to_crawlers = _read(r for p, r in crawled.items() if r.body != served[p].body)
    targets: dict[str, list[str]] = {}
    while True:  # follow links until no page leads anywhere new: a planted page's own links are read too
        targets = _targets(site, pages)
        new = [t for t in targets if t not in served]
        if not new:
            break
        served |= site.get_all(new)
        pages |= _read(served[t] for t in new)
    report.pages = len(pages)
    findings += _links(site, built, pages)
    findings += _links(site, built, shown_to_crawlers)
    findings += _reached(built, served, targets)
    findings += _headers(site, built, served)
    findings += _probe(site, built)
    for microsite in built.microsites:
        findings += _dates(microsite, pages, today)
    findings += _footers(built, pages)
    report.findings = sorted(set(findings), key=lambda f: (LEVELS.index(f.level), f.kind, f.path, f.message))
    return report
