"""The security headers as a government site serves them: Debian's nginx with the snippet `campaignsite headers`
prints, every kind of page of both engines opened in Chromium under the Content-Security-Policy (no
'unsafe-inline' for scripts): no violation, every header there, search and 长辈版 still working."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ENGINES, browser, search, site_of, site_pages
from tests.nginxserver import nginx
from tests.support import run_cli

pytestmark = pytest.mark.browser

WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));"""
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Strict-Transport-Security": "max-age=31536000",
}


@pytest.fixture(scope="module", params=ENGINES)
def served(request, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    site = site_of(request.param, built_site, tmp_path_factory)
    printed = run_cli("headers", "--format", "nginx", "--site-dir", str(site), cwd=site.parent)
    assert printed.returncode == 0, printed.stderr
    with nginx(site, printed.stdout, tmp_path_factory.mktemp(f"nginx-{request.param}")) as url:
        yield request.param, site, url


def _head(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return {name.lower(): value for name, value in answer.headers.items()}


def test_every_response_carries_the_headers_and_its_type(served: tuple[str, Path, str]) -> None:
    _, site, base = served
    hashed = next(p for p in site.rglob("main.*.min.css")).relative_to(site).as_posix()
    expected = {
        "2022-nianhuojie/": ("text/html; charset=utf-8", "public, max-age=300"),
        hashed: ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        "2022-nianhuojie/hunan/schedule.ics": ("text/calendar; charset=utf-8", "public, max-age=300"),
        "2022-nianhuojie/hunan/data.json": ("application/json; charset=utf-8", "public, max-age=300"),
        "2022-nianhuojie/hunan/sitemap.xml": ("application/xml; charset=utf-8", "public, max-age=300"),
    }
    docx = next(p for p in site.rglob("*.docx")).relative_to(site).as_posix()
    expected[docx] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "public, max-age=300")
    for path, (kind, cache) in expected.items():
        headers = _head(base + path)
        assert (headers["content-type"], headers["cache-control"]) == (kind, cache), path
        for name, value in SECURITY.items():
            assert headers[name.lower()] == value, (path, name)
        policy = headers["content-security-policy"]
        assert "script-src 'self' 'sha256-" in policy and "unsafe-inline'" not in policy.split("style-src")[0]
        assert "frame-ancestors 'self'" in policy and "nginx/" not in headers.get("server", "")


def test_no_page_breaks_the_content_security_policy(served: tuple[str, Path, str]) -> None:
    engine, site, base = served
    with browser() as chromium:
        context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        context.add_init_script(WATCH)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
        violations = {}
        for path in site_pages(site):
            page.goto(base + path, wait_until="load")
            if found := page.evaluate("window.__violations"):
                violations[path] = found
        assert violations == {}
        assert [m for m in console if "Content Security Policy" in m] == []
        context.close()
        # what the scripts do still works under the policy: search finds a page, 长辈版 switches on
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.add_init_script(WATCH)
        page = context.new_page()
        page.goto(base + "2022-nianhuojie/hunan/")
        assert search(page, "一县一品", engine)
        page.goto(base + "2022-nianhuojie/hunan/")
        page.locator(".cs-elder-toggle").first.click()
        assert page.evaluate("document.documentElement.classList.contains('cs-elder')")
        assert page.evaluate("window.__violations") == []
        context.close()
