"""The fast paths give what the slow paths gave: QR codes the library's bytes, the link check the references
Python's HTML parser finds, poster layouts re-read when their file changes. `--timings` says where time goes."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import qrcode
import qrcode.image.svg
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode import util

from generator.assets.fonts import FAMILIES, fontconfig_charset, opened_face, system_font
from generator.assets.posters import load_layout
from generator.assets.qrcodes import QUIET_ZONE, make_code, qr_svg
from generator.assets.qrfast import FastQRCode, lost_point
from generator.documents import print_font
from generator.publish.links import broken_links, site_facts
from generator.publish.pagescan import page_facts
from tests.support import BUILD_DAY, run_cli

LEVELS = [qrcode.constants.ERROR_CORRECT_L, qrcode.constants.ERROR_CORRECT_M, qrcode.constants.ERROR_CORRECT_H]
TARGETS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=400)


def _library(target: str, level: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=level, border=QUIET_ZONE)
    code.add_data(target)
    code.make(fit=True)
    return code


@pytest.mark.unit
@settings(max_examples=60, deadline=None)
@given(target=TARGETS, level=st.sampled_from(LEVELS))
def test_fast_encoder_chooses_the_libraries_mask_and_modules(target: str, level: int) -> None:
    fast = FastQRCode(error_correction=level, border=QUIET_ZONE)
    fast.add_data(target)
    fast.make(fit=True)
    library = _library(target, level)
    assert (fast.version, fast.mask_pattern) == (library.version, library.mask_pattern)
    assert fast.get_matrix() == library.get_matrix()


@pytest.mark.unit
@pytest.mark.parametrize("size", [21, 25, 57, 101, 177])
def test_penalty_score_is_the_libraries(size: int) -> None:
    rnd = random.Random(size)
    for density in (0.1, 0.5, 0.9):
        modules = [[rnd.random() < density for _ in range(size)] for _ in range(size)]
        assert lost_point(modules) == util.lost_point(modules)


@pytest.mark.parametrize(
    "target",
    ["https://campaigns.example.com/2022-nianhuojie/hunan/?utm_source=qr", "x", "https://例子.cn/" + "a" * 300],
)
@pytest.mark.unit
def test_svg_is_the_libraries_svg_without_its_mm_size(target: str) -> None:
    image = make_code(target).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    expected = image.to_string(encoding="unicode")
    for attribute in ("width", "height"):
        expected = expected.replace(f' {attribute}="{image.units(image.pixel_size)}"', "", 1)
    assert qr_svg(target) == expected + "\n"


def test_page_scan_reads_what_pythons_parser_reads(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        content = page.read_bytes()
        assert page_facts(content) == page_facts(content, standard=True), page


@pytest.mark.unit
@pytest.mark.parametrize("depth", [300, 3000])
def test_link_check_reads_links_after_deep_nesting(tmp_path: Path, depth: int) -> None:
    """An editor's raw HTML nested past libxml2's limit must not hide the links after it."""
    page = tmp_path / "deep.html"
    page.write_text(
        "<p>" + "<div>" * depth + "</div>" * depth + '<a href="javascript:alert(1)">x</a>'
        '<a href="../../../../etc/passwd">y</a></p>',
        encoding="utf-8",
    )
    assert page_facts(page.read_bytes()).references == ("javascript:alert(1)", "../../../../etc/passwd")


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "java&#9;script:alert(1)",
        "JaVaScRiPt&#10;:alert(1)",
        "data:text/html,x",
        "vb&#13;script:x",
    ],
)
@pytest.mark.unit
def test_unsafe_schemes_are_refused_however_they_are_spelled(tmp_path: Path, link: str) -> None:
    (tmp_path / "index.html").write_text(f'<a href="{link}">x</a>', encoding="utf-8")
    _, findings = broken_links(tmp_path, {}, site_facts(tmp_path, {}, []))
    assert len(findings) == 1 and findings[0].message.endswith("使用了不安全的链接"), findings


@pytest.mark.unit
def test_link_check_decodes_entities_and_skips_the_canonical_url(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        '<link rel="canonical" href="https://example.gov.cn/a/"><a href="b.html?x=1&amp;y=2">b</a>'
        '<img src="c&#46;png"><!-- <a href="commented.html"> --><a href="b.html?x=1&amp;y=2">again</a>',
        encoding="utf-8",
    )
    assert page_facts(page.read_bytes()).references == ("b.html?x=1&y=2", "c.png")


@pytest.mark.unit
def test_a_changed_poster_layout_is_read_again(tmp_path: Path) -> None:
    layout = tmp_path / "share.yml"
    layers = "layers:\n  - {name: 底色, kind: fill, color: primary}\n"
    layout.write_text(f"size: [100, 200]\n{layers}", encoding="utf-8")
    assert load_layout(layout).size == (100, 200)
    layout.write_text(f"size: [300, 200]\n{layers}", encoding="utf-8")
    assert load_layout(layout).size == (300, 200)


def test_timings_name_every_stage(project: Path) -> None:
    result = run_cli("build", "-q", "--no-pdf", "--today", BUILD_DAY.isoformat(), "--timings", cwd=project)
    assert result.returncode == 0, result.stderr
    table = result.stderr.split("阶段用时（秒）：墙钟 / CPU", 1)[1]
    for stage in (
        "render",
        "assets: QR codes, posters",
        "documents: print pages, Word files",
        "engine",
        "read+check",
        "microsites and PDFs",
        "assemble, link check",
        "publish",
    ):
        assert re.search(rf"^    {re.escape(stage)} +\d+\.\d\d / +\d+\.\d\d$", table, re.M), stage


@pytest.mark.unit
def test_fontconfig_reads_the_characters_fonttools_reads() -> None:
    """Which characters a font has comes from fontconfig (fast); fontTools reads the same from the cmap."""
    fonts = {system_font(weight) for weight in FAMILIES} | {print_font()}
    assert len(fonts) >= 2
    for font in fonts:
        quick = fontconfig_charset(font)
        assert quick is not None and len(quick) > 20000, font
        assert quick == frozenset(opened_face(font).getBestCmap()), font
