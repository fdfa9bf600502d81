"""The public face in real Chromium, as a citizen sees it: every kind of page of a region's microsite (and the
national one's region list, the portal and the 404 page), at 320, 390 and 1280 px, normal and 长辈版, built by
each engine. Nothing clipped without a visible scroll cue, no table cell narrower than four characters, titles,
card titles and buttons broken only between words (checked against the segmenter the pages are written with),
长辈版 keeping its promises, no 404. Screenshots of each kind of page at 390 px, normal and 长辈版, and the
posters and key visuals go to test-artifacts/face/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.render.linebreak import break_points
from tests.browser import ENGINES, browser, search, serve, site_of
from tests.support import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "face"
REGION = "2022-nianhuojie/hunan/"
WIDTHS = (320, 390, 1280)
ELDER = "try { localStorage.setItem('cs-elder', '1') } catch (e) {}"


def _face_pages(site: Path) -> list[str]:
    """Every page of the region's microsite (one of each kind there is), the national list of regions, the
    portal and the 404 page."""
    region = sorted(
        str(p.parent.relative_to(site)) + "/" for p in (site / REGION).rglob("index.html") if "print" not in p.parts
    )
    return ["", "2022-nianhuojie/regions/", *region, REGION + "404.html"]


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def looks(engine: str, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Each page measured at each width, normal and 长辈版; responses of 400 and more recorded."""
    site = site_of(engine, built_site, tmp_path_factory)
    results: dict[tuple[str, int, bool], dict] = {}
    failed: list[str] = []
    with serve(site) as base, browser() as chromium:
        for width in WIDTHS:
            for elder in (False, True):
                phone = width < 800
                context = chromium.new_context(
                    viewport={"width": width, "height": 800 if phone else 900},
                    device_scale_factor=1,
                    is_mobile=phone,
                    has_touch=phone,
                    locale="zh-CN",
                )
                if elder:
                    context.add_init_script(ELDER)
                page = context.new_page()
                page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
                for path in _face_pages(site):
                    page.goto(base + path, wait_until="load")
                    page.evaluate("document.fonts.ready")
                    results[(path, width, elder)] = page.evaluate(MEASURE)
                    if width == 390 and engine == ENGINES[0]:
                        _screenshot(page, path, elder)
                context.close()
        search_texts = _search_results(chromium, base, engine)
        names = _accessible_names(chromium, base, site, engine)
    return {"pages": results, "failed": failed, "search": search_texts, "site": site, "names": names}


def _screenshot(page, path: str, elder: bool) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = (path.strip("/").replace("/", "_").replace(".html", "") or "portal") + ("-elder" if elder else "")
    page.screenshot(path=ARTIFACTS / f"{name}-390.png", full_page=True)


def _accessible_names(chromium, base: str, site: Path, engine: str) -> list[tuple[str, str, str]]:
    """(page, role, name) of every link and button in Chromium's accessibility tree (CDP), the names screen
    readers say: a <wbr> between words must not turn into a space there. Zensical's table of contents copies
    each heading's markup, <wbr> included, into its links: those are left out (see the note in the README)."""
    context = chromium.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    found = []
    for path in _face_pages(site):
        page.goto(base + path)
        headings = {h.replace(" ", "") for h in page.locator(".md-content :is(h1, h2, h3, h4)").all_text_contents()}
        for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
            role, name = node.get("role", {}).get("value"), node.get("name", {}).get("value")
            if engine == "zensical" and name and name.replace(" ", "") in headings:
                continue
            if role in ("link", "button") and name:
                found.append((path, role, name))
    context.close()
    return found


def _search_results(chromium, base: str, engine: str) -> list[str]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(base + REGION + "schedule/")
    try:
        return search(page, "日程", engine)
    finally:
        context.close()


MEASURE = """() => {
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0'; };
  const onScreen = el => { const r = el.getBoundingClientRect(); return r.right > 0 && r.left < innerWidth; };
  const clipped = [];
  for (const el of document.querySelectorAll('.md-content *, .cs-brand *, .cs-footer *, .cs-kv *, .cs-portal *')) {
    const s = getComputedStyle(el);
    /* said by screen readers only (a 1 px box): not content a visitor misses */
    if (s.overflowX === 'visible' || !visible(el) || el.clientWidth <= 1 || el.scrollWidth <= el.clientWidth + 1) continue;
    const hint = el.querySelector('.cs-scroll-hint');
    if (!hint || !visible(hint)) clipped.push(`${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
  }
  const cells = [];
  for (const el of document.querySelectorAll('.md-content td, .md-content th')) {
    if (!visible(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    cells.push({text: el.textContent.trim().slice(0, 20), w: el.getBoundingClientRect().width, size});
  }
  /* each line start of an element's text, as offsets into the text the visitor sees */
  const lines = el => {
    let text = '', starts = [], lastTop = null, lastBottom = null;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {acceptNode: n =>
      n.parentElement.closest('.headerlink, .md-nav__icon, svg') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        const ch = node.data[i];
        if (!rects.length || !rects[0].width) { if (/\\s/.test(ch) && text && !text.endsWith(' ')) text += ' '; continue; }
        const r = rects[0];
        if (/\\s/.test(ch)) { if (!text.endsWith(' ')) text += ' '; continue; }
        if (lastTop !== null && r.top >= lastBottom - 2) starts.push(text.length);
        lastTop = r.top; lastBottom = r.bottom; text += ch;
      }
    }
    return {text, starts};
  };
  const titled = [];
  const titles = '.md-typeset :is(h1, h2, h3, h4), .md-typeset :is(.cs-file-title, .cs-contact-name, .cs-button, .cs-keep), ' +
    '.cs-brand-text p, .cs-footer p, .cs-elder-toggle, .cs-portal :is(h1, h2, .cs-button)';
  for (const el of document.querySelectorAll(titles)) {
    if (!visible(el) || !onScreen(el) || el.closest('.md-search')) continue;
    const measured = lines(el);
    if (measured.starts.length) titled.push({tag: el.tagName, cls: String(el.className), ...measured});
  }
  const controls = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), summary, label[for], [role=button]')) {
    if (!visible(el) || !onScreen(el)) continue;
    if (el.closest('.md-search__output, .md-search__overlay, .md-sidebar--secondary')) continue;
    const block = el.closest('p, li, td, dd, th, small');
    const inline = !!block && block.textContent.trim().length > el.textContent.trim().length;
    const r = el.getBoundingClientRect();
    controls.push({tag: el.tagName, cls: String(el.className), text: el.textContent.trim().slice(0, 20),
      w: r.width, h: r.height, inline});
  }
  const nav = [...document.querySelectorAll('.md-nav--primary .md-nav__link')]
    .filter(el => visible(el) && onScreen(el))
    .map(el => ({text: el.textContent.trim(), size: parseFloat(getComputedStyle(el).fontSize)}));
  /* the page's visible title (a home's h1 is for screen readers only: the brand bar and key visual show it) */
  const h1 = [...document.querySelectorAll('.md-typeset h1, .cs-portal h1')].find(h => h.getBoundingClientRect().width > 1);
  return {clipped, cells, titled, controls, nav,
    h1: h1 ? parseFloat(getComputedStyle(h1).fontSize) : null,
    sideways: document.documentElement.scrollWidth - innerWidth,
    elder: document.documentElement.classList.contains('cs-elder')};
}"""


def _each(looks: dict, elder: bool | None = None):
    for (path, width, is_elder), measured in looks["pages"].items():
        if elder is None or elder == is_elder:
            yield f"{path or 'portal'} @{width}{' 长辈版' if is_elder else ''}", path, width, measured


def test_elder_mode_is_on_where_asked(looks) -> None:
    assert {m["elder"] for _, _, _, m in _each(looks, True)} == {True}
    assert {m["elder"] for _, _, _, m in _each(looks, False)} == {False}


def test_nothing_clipped_and_no_sideways_scroll(looks) -> None:
    problems = {where: m["clipped"] for where, _, _, m in _each(looks) if m["clipped"]}
    sideways = {where: m["sideways"] for where, _, _, m in _each(looks) if m["sideways"] > 0}
    assert not problems, problems
    assert not sideways, sideways


def test_no_table_cell_narrower_than_four_characters(looks) -> None:
    narrow = [(where, c) for where, _, _, m in _each(looks) for c in m["cells"] if c["w"] < 4 * c["size"]]
    assert not narrow, narrow[:10]
    assert any(m["cells"] for _, _, _, m in _each(looks)), "the schedule's tables were not measured"


def test_titles_and_buttons_break_only_between_words(looks) -> None:
    wrong = []
    measured_breaks = 0
    for where, _, _, m in _each(looks):
        for item in m["titled"]:
            allowed = break_points(item["text"])
            measured_breaks += len(item["starts"])
            bad = [s for s in item["starts"] if s not in allowed]
            if bad:
                marked = "".join(("/" if i in bad else "") + ch for i, ch in enumerate(item["text"]))
                wrong.append(f"{where} {item['tag']}.{item['cls']}: {marked}")
    assert not wrong, "\n".join(wrong[:20])
    assert measured_breaks > 20, "too few broken titles measured for the check to mean anything"


def test_elder_controls_at_least_60_px(looks) -> None:
    small = [
        (where, c["tag"], c["cls"][:40], c["text"], round(c["w"]), round(c["h"]))
        for where, _, _, m in _each(looks, True)
        for c in m["controls"]
        if not c["inline"] and (c["w"] < 60 or c["h"] < 60)
    ]
    assert not small, "\n".join(map(str, small[:30]))


def test_elder_titles_larger_and_navigation_22_px_without_duplicates(looks) -> None:
    pages = looks["pages"]
    smaller, small_nav, doubled = [], [], []
    for (path, width, elder), m in pages.items():
        if not elder:
            continue
        normal = pages[(path, width, False)]
        if m["h1"] is not None and not m["h1"] > normal["h1"]:
            smaller.append((path, width, m["h1"], normal["h1"]))
        small_nav += [(path, width, n["text"], n["size"]) for n in m["nav"] if n["size"] < 22]
        texts = [n["text"] for n in m["nav"]]
        if len(texts) != len(set(texts)):
            doubled.append((path, width, texts))
    assert not smaller, smaller
    assert sum(m["h1"] is not None for _, _, _, m in _each(looks, True)) > 20, "too few titles measured"
    assert not small_nav, small_nav[:20]
    assert not doubled, doubled
    assert any(m["nav"] for _, _, width, m in _each(looks, True) if width == 1280), (
        "the desktop navigation was not seen"
    )


def test_search_for_the_schedule_shows_no_timeline_text(looks) -> None:
    results = " ".join(looks["search"]).replace("\u200b", "")  # Material marks its word breaks
    assert "活动日程" in results, looks["search"]
    assert "今天" not in results and "冬月" not in results, results


def test_links_and_buttons_are_named_without_the_break_hints(looks) -> None:
    """A Chinese name has no space between its words: "平台专区", not what Chromium makes of 平台<wbr>专区."""
    spaced = [
        (path, role, name)
        for path, role, name in looks["names"]
        if re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff（]", name)
    ]
    assert not spaced, spaced[:20]
    assert any("专区" in name for _, _, name in looks["names"]), "the platforms' buttons were not seen"


def test_no_page_asks_for_what_is_not_there(looks) -> None:
    assert not looks["failed"], looks["failed"]


def test_posters_and_key_visuals_kept_for_a_look(looks) -> None:
    posters = looks["site"] / REGION / "assets" / "posters"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept = []
    for name in ("keyvisual.png", "keyvisual-wide.png", "share.png", "print-preview.png"):
        shutil.copyfile(posters / name, ARTIFACTS / f"poster-{name}")
        kept.append(name)
    assert (posters / "keyvisual.png").stat().st_size < 40_000
    assert (posters / "keyvisual-wide.png").stat().st_size < 60_000
