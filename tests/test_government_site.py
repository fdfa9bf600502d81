"""What a government microsite must carry, in a real browser: the footer of a government site on every page,
the 长辈版 (elder mode) measured on every kind of page, 朗读, the pictures (region tiles, timeline), the portal
by year, and the 离站提示 pages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import browser, pages_without_javascript, serve
from tests.support import ROOT, copy_project, load_data, run_cli, with_government_footer

ARTIFACTS = ROOT / "test-artifacts" / "government"
ARTICLE_PAGES = [
    "2022-nianhuojie/hunan/activities/",
    "2022-nianhuojie/hunan/rights/",
    "2022-nianhuojie/hunan/notices/hunan-2021-12-21/",
]
PAGE_KINDS = [
    "2022-nianhuojie/hunan/",
    "2022-nianhuojie/hunan/platforms/",
    "2022-nianhuojie/hunan/schedule/",
    *ARTICLE_PAGES,
    "2022-nianhuojie/regions/",
    "2022-nianhuojie/hunan/downloads/",
    "2022-nianhuojie/hunan/contact/",
    "2022-nianhuojie/hunan/yixian-yipin/",
    "2022-nianhuojie/go/2/",
]


@pytest.fixture(scope="module")
def gov_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped campaigns with a complete footer (numbers set by the test, never shipped) and 离站提示."""
    root = copy_project(tmp_path_factory.mktemp("gov") / "project")
    with_government_footer(root)
    national = root / "campaigns/2022-nianhuojie/campaign.yaml"
    national.write_text(
        national.read_text(encoding="utf-8").replace("tracking:", "external_links: notice\ntracking:"), encoding="utf-8"
    )
    result = run_cli("build", "-q", "--no-pdf", "--today", "2022-01-20", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "网站页脚缺少" not in result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def served(gov_site: Path):
    with serve(gov_site) as url, browser() as chromium:
        yield gov_site, url, chromium


def _phone(chromium, width: int = 390, **options):
    return chromium.new_context(
        viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN", **options
    )


# --- the footer ------------------------------------------------------------------------------------------


def test_every_page_carries_the_government_footer_linked(gov_site: Path) -> None:
    pages = [p for p in gov_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 60
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "主办单位：中华人民共和国商务部" in html and "网站标识码：bm14000001" in html, page
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">京ICP备05004093号-1</a>' in html, page
        assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=11040102700068"' in html, page
        if page.parent != gov_site and "/print/" not in page.as_posix():
            assert (
                'alt="党政机关网站标识"' in html
                and 'href="https://bszs.conac.cn/sitename?method=show&amp;id=EXAMPLE"' in html
            )


def test_print_pages_show_the_footer_on_screen_and_not_on_paper(served) -> None:
    site, url, chromium = served
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob("2022-nianhuojie/hunan/print/*.html"))
    assert len(pages) >= 3
    context = chromium.new_context()
    page = context.new_page()
    for path in pages:
        page.goto(f"{url}/{path}")
        footer = page.locator("footer.site-footer")
        assert footer.is_visible() and "京ICP备05004093号-1" in footer.inner_text(), path
        page.emulate_media(media="print")
        assert not footer.is_visible(), path
        page.emulate_media(media="screen")
    context.close()


@pytest.mark.unit
def test_footer_formats_are_checked(project: Path) -> None:
    site_yaml = project / "campaigns/site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8") + "footer:\n  icp: 京ICP 12345\n  site_code: 123\n", encoding="utf-8"
    )
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert re.search(
        r"campaigns/site.yaml:6:8: error: ICP 备案号“京ICP 12345”格式不对 \(footer-format\)", result.stdout
    )
    assert "网站标识码“123”格式不对" in result.stdout


def test_check_and_build_say_once_what_the_footer_lacks(project: Path) -> None:
    lacking = "campaigns/site.yaml:3:1: warning: 网站页脚缺少主办单位、网站标识码、ICP 备案号、公安机关备案号、党政机关网站标识"
    built = run_cli("build", "--no-pdf", "--today", "2022-01-20", cwd=project)  # not the shared built_site
    checked = run_cli("check", cwd=project)
    assert built.stderr.count(lacking) == 1 and checked.stdout.count(lacking) == 1
    said = re.compile(r"^\S+:\d+:\d+: (?:warning|error): .*$", re.M)
    assert set(said.findall(built.stderr)) == set(said.findall(checked.stdout))  # the same findings, both ways


# --- 长辈版 ------------------------------------------------------------------------------------------------

MEASURE = """() => {
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = el => { for (let n = el; n; n = n.parentElement) { const c = getComputedStyle(n).backgroundColor;
    if (c && !c.endsWith(', 0)') && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  const text = [];
  for (const el of document.querySelectorAll('.md-content p, .md-content li, .md-content td, .md-content h1, .md-content h2')) {
    if (!visible(el) || !el.textContent.trim() || el.closest('.cs-tilemap, .cs-timeline-figure')) continue;
    const s = getComputedStyle(el), size = parseFloat(s.fontSize);
    const [a, b] = [lum(s.color), lum(background(el))].sort((x, y) => y - x);
    text.push({tag: el.tagName, size, line: parseFloat(s.lineHeight), gap: parseFloat(s.marginBottom),
               contrast: (a + 0.05) / (b + 0.05), text: el.textContent.trim().slice(0, 20)});
  }
  const taps = [];
  for (const el of document.querySelectorAll('a[href], button, input, label[for]')) {
    if (!visible(el) || getComputedStyle(el).opacity === '0' || el.closest('.cs-tilemap')) continue;
    const block = el.closest('p, li, td, dd, th');
    const inline = block && block.textContent.trim().length > el.textContent.trim().length;
    const r = el.getBoundingClientRect();
    if (r.right < 0 || r.left > innerWidth || inline) continue;
    taps.push({text: (el.textContent.trim() || el.getAttribute('aria-label') || el.className).slice(0, 20), w: r.width, h: r.height});
  }
  return {elder: document.documentElement.classList.contains('cs-elder'), text, taps,
          scroll: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
          motion: getComputedStyle(document.querySelector('.md-header')).transitionDuration};
}"""


def _elder_page(chromium, url: str):
    context = _phone(chromium)
    page = context.new_page()
    page.goto(url + PAGE_KINDS[0])
    toggle = page.locator(".cs-elder-toggle")
    assert "大字版" in toggle.inner_text() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    return context, page


def test_elder_mode_on_every_kind_of_page(served) -> None:
    _, url, chromium = served
    context, page = _elder_page(chromium, url)
    axe, shots = Axe(), ARTIFACTS / "elder"
    shots.mkdir(parents=True, exist_ok=True)
    for path in PAGE_KINDS:
        page.goto(url + path)  # the mode was chosen on the first page: it is remembered
        m = page.evaluate(MEASURE)
        assert m["elder"] and m["scroll"], path
        body = [t for t in m["text"] if t["tag"] in ("P", "LI", "TD")]
        assert body and min(t["size"] for t in body) >= 22, (path, min(body, key=lambda t: t["size"]))
        headings = [t for t in m["text"] if t["tag"] in ("H1", "H2")]
        assert all(h["size"] > 22 for h in headings), path
        assert all(t["line"] >= 1.5 * t["size"] - 0.5 for t in m["text"]), path
        paragraphs = [t for t in m["text"] if t["tag"] == "P" and t["gap"] > 0]
        assert paragraphs and all(t["gap"] >= 1.3 * t["line"] - 0.5 for t in paragraphs), path
        assert all(t["contrast"] >= 4.5 for t in m["text"]), path
        assert min(t["contrast"] for t in body) >= 7, path
        small = [t for t in m["taps"] if t["w"] < 59.5 or t["h"] < 59.5]
        assert not small, (path, small)
        assert m["motion"] in ("0s", "0s, 0s")
        violations = [
            v
            for v in axe.run(
                page,
                options={
                    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
                },
            ).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not violations, (path, [v["id"] for v in violations])
        page.screenshot(path=shots / f"{path.strip('/').replace('/', '_')}.png", full_page=True)
    page.locator(".cs-elder-toggle").click()  # and back
    page.goto(url + PAGE_KINDS[1])
    assert not page.evaluate("document.documentElement.classList.contains('cs-elder')")
    context.close()


def test_read_aloud_speaks_the_article(served) -> None:
    _, url, chromium = served
    context, page = _elder_page(chromium, url)
    context.add_init_script("""window.__spoken = []; window.speechSynthesis.speak = u => window.__spoken.push(
        {text: u.text, lang: u.lang}); window.speechSynthesis.cancel = () => window.__spoken.push('cancel');""")
    for path in ARTICLE_PAGES:
        page.goto(url + path)
        page.get_by_role("button", name="朗读本页").click()
        spoken = page.evaluate("window.__spoken")
        said = next(s for s in spoken if isinstance(s, dict))
        heading = page.locator(".md-content h1").inner_text()
        assert said["lang"] == "zh-CN" and said["text"].startswith(heading) and len(said["text"]) > 200, path
        assert "朗读本页" not in said["text"]
        page.get_by_role("button", name="停止朗读").click()
        assert page.evaluate("window.__spoken").count("cancel") >= 2
    context.close()


def test_without_javascript_pages_reflow_at_200_percent(served) -> None:
    for path, page in pages_without_javascript(served, 320):
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert page.locator(".cs-elder-toggle").is_hidden()  # it needs JavaScript: not offered without it


# --- pictures --------------------------------------------------------------------------------------------


def test_region_tiles_show_every_region_coloured_by_status_and_link_microsites(served) -> None:
    site, url, chromium = served
    context = _phone(chromium)
    page = context.new_page()
    page.goto(url + "2022-nianhuojie/regions/")
    tiles = page.locator(".cs-tiles rect")
    assert tiles.count() == 37
    data = load_data(site, "2022-nianhuojie")
    colours = {"分会场": "rgb(183, 28, 28)", "已开通地方微站": "rgb(242, 193, 78)", "参加": "rgb(251, 227, 214)"}
    statuses = page.locator(".cs-tiles [data-status]")
    assert statuses.count() == 37
    for i in range(37):
        group = statuses.nth(i)
        name = group.locator("text").text_content()
        region = next(r for r in data["regions"] if r["name"].startswith(name) or name in r["name"])
        status = "分会场" if region["branch"] else "已开通地方微站" if region["microsite"] else "参加"
        fill = group.locator("rect").evaluate("r => getComputedStyle(r).fill")
        assert fill == colours[status], (name, fill)
        assert (group.evaluate("g => g.tagName") == "a") == region["microsite"], name
    page.locator('.cs-tiles a[data-status="已开通地方微站"]').first.click()
    assert page.url == url + "2022-nianhuojie/hunan/"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(url + "2022-nianhuojie/regions/")
    page.locator(".cs-tilemap").screenshot(path=ARTIFACTS / "region-tiles.png")
    context.close()


def _marker_y(page) -> float | None:
    marker = page.locator(".cs-timeline .cs-today")
    if marker.get_attribute("visibility") == "hidden":
        return None
    return float(re.search(r"translate\(0 ([\d.]+)\)", marker.get_attribute("transform")).group(1))


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2022, 1, 20), 20 + 44 * 7), (date(2021, 12, 7), 20), (date(2022, 3, 1), None), (date(2021, 11, 1), None)],
)
def test_timeline_marker_sits_on_the_day(served, day: date, expected: float | None) -> None:
    _, url, chromium = served
    context = _phone(chromium)
    page = context.new_page()
    page.clock.set_fixed_time(f"{day.isoformat()}T10:00:00+08:00")
    page.goto(url + "2022-nianhuojie/hunan/schedule/")
    assert _marker_y(page) == expected
    if day == date(2022, 1, 20):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(".cs-timeline-figure").screenshot(path=ARTIFACTS / "timeline.png")
    context.close()


def test_timeline_marker_without_javascript_is_the_build_day(served) -> None:
    _, url, chromium = served
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "2022-nianhuojie/hunan/schedule/")
    assert _marker_y(page) == 20 + 44 * 7  # built with --today 2022-01-20: 44 days after 2021-12-07
    context.close()


def test_portal_groups_campaigns_by_year_with_their_status(served) -> None:
    _, url, chromium = served
    context = _phone(chromium)
    page = context.new_page()
    page.clock.set_fixed_time("2022-01-20T10:00:00+08:00")
    page.goto(url)
    assert page.locator("h2.year").all_inner_texts() == ["2022年", "2021年"]
    statuses = dict(
        zip(page.locator("main h3").all_inner_texts(), page.locator(".cs-phase-text").all_inner_texts(), strict=True)
    )
    assert statuses == {
        "2022全国网上年货节 进行中": "进行中",
        "2021全国网上年货节 已结束": "已结束",
        "第三届双品网购节 已结束": "已结束",
    }
    context.close()


# --- 离站提示 ---------------------------------------------------------------------------------------------


def test_leaving_pages_name_the_platform_and_wait_for_a_tap(served) -> None:
    site, url, chromium = served
    data = load_data(site, "2022-nianhuojie/hunan")
    jd = next(p for p in data["platforms"] if p["name"] == "京东")
    assert jd["leaving_pages"] == {"web": "go/2/", "qr": "go/2/qr/", "poster": "go/2/poster/"}
    code = next(c for c in data["assets"]["qr"]["platforms"] if c["name"] == "京东")
    assert code["target"] == "https://campaigns.example.com/2022-nianhuojie/hunan/go/2/qr/"
    context = _phone(chromium)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url + "2022-nianhuojie/hunan/platforms/")
    page.get_by_role("link", name="进入京东专区").click()
    assert page.url == url + "2022-nianhuojie/hunan/go/2/"
    page.wait_for_load_state("networkidle")
    assert "第三方平台“京东”" in page.locator(".md-content").inner_text()
    assert page.get_by_role("link", name="继续前往京东").get_attribute("href") == jd["targets"]["web"]
    assert not [r for r in requests if not r.startswith(url)]  # nothing goes to the platform before the tap
    for medium in ("qr", "poster"):  # a scanned code leads on to the zone with that medium's tracking
        page.goto(url + f"2022-nianhuojie/hunan/go/2/{medium}/")
        assert page.get_by_role("link", name="继续前往京东").get_attribute("href") == jd["targets"][medium]
    assert jd["targets"]["qr"] != jd["targets"]["web"]
    context.close()
