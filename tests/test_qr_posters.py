"""Every QR code we generate scans to its target (zxing-cpp, a real decoder), and posters look right."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
import zxingcpp
from fontTools.ttLib import TTCollection, TTFont
from PIL import Image

from generator.assets import poster_data
from generator.assets.fonts import poster_fonts
from generator.assets.posters import FitError, PosterData, layout_file, load_layout, render
from generator.findings import Origin
from generator.read import load_project
from generator.resolve import Edition, SiteMap, resolve_editions
from tests.browser import browser, serve
from tests.support import HUNAN, ROOT, edit, line_of, load_data, run_cli

MICROSITES = [
    "2021-nianhuojie",
    "2021-nianhuojie/liaoning",
    "2021-shuangpin",
    "2022-nianhuojie",
    "2022-nianhuojie/hunan",
]
A3_POINTS = (841.89, 1190.55)


def decode(image: Image.Image) -> list[str]:
    return sorted(r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode)


def codes_of(site: Path, path: str) -> list[dict]:
    qr = load_data(site, path)["assets"]["qr"]
    return [{"name": "微站", **qr["site"]}, *qr["platforms"]]


@pytest.mark.parametrize("path", MICROSITES)
def test_png_codes_decode_to_data_json_targets_even_at_quarter_size(built_site: Path, path: str) -> None:
    data = load_data(built_site, path)
    assert [c["target"] for c in data["assets"]["qr"]["platforms"]] == [p["targets"]["qr"] for p in data["platforms"]]
    assert data["assets"]["qr"]["site"]["target"] == data["url"]
    for code in codes_of(built_site, path):
        image = Image.open(built_site / path / code["png"])
        assert image.width >= 354, "3 cm at 300 dpi"
        assert round(image.info["dpi"][0]) == 300 and image.mode == "1", "black and white, one bit a pixel"
        assert decode(image) == [code["target"]], code["name"]
        small = image.convert("L").resize((image.width // 4, image.height // 4), Image.LANCZOS)
        assert decode(small) == [code["target"]], f"{code['name']} at 25%"


def test_svg_codes_rendered_by_chromium_decode_to_targets(built_site: Path) -> None:
    with serve(built_site) as url, browser() as chromium:
        page = chromium.new_page(viewport={"width": 400, "height": 400})
        for path in MICROSITES:
            for code in codes_of(built_site, path):
                page.set_content(
                    f'<body style="margin:0"><img src="{url}{path}/{code["svg"]}" width="300"'
                    ' height="300" style="display:block"></body>'
                )
                page.wait_for_load_state("load")
                shot = Image.open(io.BytesIO(page.screenshot(clip={"x": 0, "y": 0, "width": 300, "height": 300})))
                assert decode(shot) == [code["target"]], f"{path} {code['name']}"


def poster_targets(data: dict) -> list[str]:
    return sorted([data["url"], *(p["targets"]["poster"] for p in data["platforms"])])


@pytest.mark.parametrize("path", MICROSITES)
def test_poster_codes_decode_to_microsite_and_platform_targets(built_site: Path, path: str) -> None:
    data = load_data(built_site, path)
    posters = data["assets"]["posters"]
    share = Image.open(built_site / path / posters["share"])
    assert share.size == (1080, 1920)
    assert decode(share) == poster_targets(data)
    preview = Image.open(built_site / path / posters["print"])  # the print poster's screen image
    assert preview.size == (1080, 1527) and posters["print"].endswith("print-preview.png")
    assert decode(preview) == poster_targets(data)
    icon = Image.open(built_site / path / data["assets"]["share_icon"])
    assert icon.size == (300, 300)


@pytest.mark.parametrize("dpi", [150, 300])
def test_print_pdf_is_a3_vector_and_its_codes_scan(built_site: Path, tmp_path: Path, dpi: int) -> None:
    """Text as text in embedded subset faces, codes and shapes as paths: no picture at all (the built-in mark
    is drawn too), and the codes decode from the page rasterised at 150 and 300 dpi."""
    path = "2022-nianhuojie/hunan"
    data = load_data(built_site, path)
    pdf = built_site / path / data["assets"]["posters"]["print_pdf"]
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        assert abs(page.width - A3_POINTS[0]) <= 1 and abs(page.height - A3_POINTS[1]) <= 1
        assert page.images == []
        fonts = {char["fontname"] for char in page.chars}
        assert fonts and all(re.fullmatch(r"[A-Z]{6}\+NotoSansCJK\w*-(Regular|Bold)", f) for f in fonts), fonts
        text = page.extract_text().replace("\n", "")
        for shown in (data["site_name"], data["period"]["text"], "扫码进入", "京东", "指导单位："):
            assert shown in text, shown
        assert len(page.curves) + len(page.rects) > 10  # the codes' modules, the frames
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    assert decode(Image.open(tmp_path / "page.png")) == poster_targets(data)


def test_platform_page_shows_cards_with_codes_and_alt_text(built_site: Path) -> None:
    html = (built_site / "2022-nianhuojie/hunan/platforms/index.html").read_text(encoding="utf-8")
    data = load_data(built_site, "2022-nianhuojie/hunan")
    for code in data["assets"]["qr"]["platforms"]:
        assert f'src="../{code["svg"]}"' in html
        assert f'alt="{code["name"]}活动专区二维码，扫码打开 {code["target"].replace("&", "&amp;")}"' in html
    assert html.count('class="cs-card cs-platform"') == 8


def test_home_page_shares_the_poster(built_site: Path) -> None:
    html = (built_site / "2021-nianhuojie/liaoning/index.html").read_text(encoding="utf-8")
    poster = "https://campaigns.example.com/2021-nianhuojie/liaoning/assets/posters/share.png"
    assert f'<meta property="og:image" content="{poster}">' in html
    assert (
        'itemprop="image" content="https://campaigns.example.com/2021-nianhuojie/liaoning/assets/share-icon.png"'
        in html
    )


# --- posters drawn through the API: text fits, never overlaps, every glyph exists ----------------------


def shipped_editions():
    project, _ = load_project(ROOT / "campaigns")
    return resolve_editions(project)


def glyphs(font) -> set[int]:
    face = TTCollection(font.path).fonts[font.index] if font.path.endswith(".ttc") else TTFont(font.path)
    return set(face.getBestCmap())


def assert_well_drawn(poster, canvas: tuple[int, int]) -> None:
    texts = [d for d in poster.drawn if d.kind == "text"]
    codes = [d for d in poster.drawn if d.kind == "code"]
    assert texts and codes
    for item in poster.drawn:
        assert item.box.inside(*canvas), f"{item.layer} leaves the canvas: {item.box}"
    for i, item in enumerate(texts):
        for other in texts[i + 1 :] + codes:
            assert not item.box.overlaps(other.box), f"{item.layer} overlaps {other.layer}"
    covered: dict[str, set[int]] = {}
    for item in poster.drawn:
        if item.text:
            cmap = covered.setdefault(item.font.label, glyphs(item.font))
            assert not [ch for ch in item.text if not ch.isspace() and ord(ch) not in cmap], item.layer


def data_at(edition: Edition, url: str) -> PosterData:
    """The poster data of an edition published at `url` (the site map decides every other address)."""
    sites = SiteMap("https://campaigns.example.com/", Origin("campaigns/site.yaml", 1, 1))
    return poster_data(edition, replace(sites.microsite(edition), url=url))


LONG_SLOGANS = [
    "居家嗨购 网上过年",  # the longest real one among the seeds' slogans
    "品质消费惠及千家万户，网上年货丰富多彩，线上线下融合发展，欢欢喜喜过大年，好运来",  # 40 characters
]


@pytest.mark.parametrize("name", ["share", "print"])
def test_shipped_posters_text_inside_canvas_no_overlap_all_glyphs(name: str) -> None:
    layout = load_layout(layout_file(name))
    fonts = poster_fonts(None)
    for edition in shipped_editions():
        assert_well_drawn(render(layout, data_at(edition, "https://campaigns.example.com/x/"), fonts), layout.canvas)


@pytest.mark.parametrize("name", ["share", "print"])
@pytest.mark.parametrize("slogan", LONG_SLOGANS)
def test_long_slogans_wrap_or_shrink_to_fit(name: str, slogan: str) -> None:
    assert len(LONG_SLOGANS[1]) == 40
    layout = load_layout(layout_file(name))
    edition = shipped_editions()[1]  # 辽宁: theme and slogan both shown
    data = data_at(edition, "https://campaigns.example.com/x/")
    data.fields.update(theme=slogan, slogans=slogan)
    poster = render(layout, data, poster_fonts(None))
    assert_well_drawn(poster, layout.canvas)
    drawn = {d.layer: d.text.replace("\n", "") for d in poster.drawn}
    assert drawn["主题"].replace(" ", "") == slogan.replace(" ", "")
    assert drawn["口号"].replace(" ", "") == slogan.replace(" ", "")


@pytest.mark.parametrize("name", ["keyvisual", "keyvisual_wide"])
def test_key_visuals_take_what_the_share_poster_takes(name: str) -> None:
    """A theme of 40 characters and two slogans (one of 40) fit the key visuals as they fit the share poster: a
    campaign the posters accept is never refused for its key visual."""
    layout = load_layout(layout_file(name))
    data = data_at(shipped_editions()[1], "https://campaigns.example.com/x/")
    data.fields.update(theme=LONG_SLOGANS[1], slogans="\n".join(LONG_SLOGANS))
    poster = render(layout, data, poster_fonts(None))
    texts = [d for d in poster.drawn if d.kind == "text"]
    for i, item in enumerate(texts):
        assert item.box.inside(*layout.canvas), item.layer
        assert not [other.layer for other in texts[i + 1 :] if item.box.overlaps(other.box)], item.layer
    drawn = {d.layer: d.text.replace("\n", "").replace(" ", "") for d in texts}
    assert drawn["主题"] == LONG_SLOGANS[1].replace(" ", "")
    assert drawn["口号"] == "".join(LONG_SLOGANS).replace(" ", "")


def test_text_too_long_for_any_size_is_refused() -> None:
    layout = load_layout(layout_file("share"))
    data = data_at(shipped_editions()[1], "https://campaigns.example.com/x/")
    data.fields["theme"] = "网上年货节" * 30
    with pytest.raises(FitError, match="主题"):
        render(layout, data, poster_fonts(None))


def test_poster_error_names_region_file_line_and_missing_glyphs(project: Path) -> None:
    edit(project / HUNAN, "campaign_name: 2022湖南网上年货节", "campaign_name: 2022湖南网上年货节🧧")
    result = run_cli("build", "-q", cwd=project)
    assert result.returncode == 1
    assert f"{HUNAN}:{line_of(project / HUNAN, 'campaign_name:')}:1: error:" in result.stderr
    assert "缺少这些字：🧧" in result.stderr and "(poster-fit)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_rebuild_with_no_change_regenerates_no_asset(project: Path) -> None:
    cache = project / "cache"
    first = run_cli("build", "--cache-dir", str(cache), "--today", "2022-01-20", cwd=project)
    assert first.returncode == 0, first.stderr
    # 80 assets; share icons read only the mark and colours, so microsites alike may share one drawing
    made, reused = map(int, re.search(r"二维码和海报新生成 (\d+) 个、沿用缓存 (\d+) 个", first.stderr).groups())
    assert made + reused == 80 and made >= 78
    before = {p: p.read_bytes() for p in (project / "site").rglob("*.png")}
    second = run_cli("build", "--cache-dir", str(cache), "--today", "2022-01-20", cwd=project)
    assert "5 个微站（5 个未改动、沿用上次结果）" in second.stderr and "二维码和海报新生成 0 个" in second.stderr
    assert {p: p.read_bytes() for p in (project / "site").rglob("*.png")} == before
    edit(project / HUNAN, "campaign_name: 2022湖南网上年货节", "campaign_name: 2022湖南省网上年货节")
    third = run_cli("build", "--cache-dir", str(cache), "--today", "2022-01-20", cwd=project)
    # only Hunan is rebuilt; of its assets only the posters read the name: share, print (PNG, PDF) and the two
    # key visuals (whose stand-in for a missing theme is the name)
    assert "5 个微站（4 个未改动、沿用上次结果）" in third.stderr
    assert "二维码和海报新生成 5 个、沿用缓存 19 个" in third.stderr


def test_platform_with_tracking_off_keeps_its_url(project: Path) -> None:
    edit(
        project / HUNAN,
        "  - name: 兴盛优选\n    url: https://www.xsyxsc.com/\n",
        "  - name: 兴盛优选\n    url: https://www.xsyxsc.com/?a=1#zone\n    tracking: false\n",
    )
    assert run_cli("build", "-q", cwd=project).returncode == 0
    data = load_data(project / "site", "2022-nianhuojie/hunan")
    code = next(c for c in data["assets"]["qr"]["platforms"] if c["name"] == "兴盛优选")
    assert code["target"] == "https://www.xsyxsc.com/?a=1#zone"
    assert decode(Image.open(project / "site/2022-nianhuojie/hunan" / code["png"])) == [code["target"]]


@pytest.mark.parametrize("name", ["share", "print"])
def test_long_microsite_urls_wrap_after_slashes(name: str) -> None:
    layout = load_layout(layout_file(name))
    data = data_at(shipped_editions()[4], "https://campaigns.example.com/2022-nianhuojie/heilongjiang/")
    poster = render(layout, data, poster_fonts(None))
    assert_well_drawn(poster, layout.canvas)
    url = next(d for d in poster.drawn if d.layer == "网址")
    assert url.text.replace("\n", "") == "https://campaigns.example.com/2022-nianhuojie/heilongjiang/"
    assert url.text.splitlines()[0].endswith("/")


@pytest.mark.unit
def test_an_unusual_space_is_a_character_the_font_must_have() -> None:
    """Only the ordinary spaces are skipped by the glyph check: U+1680 would print as a box on both posters."""
    from generator.assets.fonts import missing_characters, system_font

    assert missing_characters(system_font("regular"), "品牌\u1680品质 \u3000a") == ["\u1680"]
