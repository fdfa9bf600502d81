"""The fast paths give what the slow paths gave: QR codes an independent encoder's modules, the link check the references
Python's HTML parser finds, poster layouts re-read when their file changes. `--timings` says where time goes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import qrcode
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.assets.fonts import FAMILIES, fontconfig_charset, opened_face, system_font
from generator.assets.posters import load_layout
from generator.assets.qrcodes import QUIET_ZONE, Level, matrix, module_image, modules, qr_svg
from generator.documents import print_font
from generator.findings import CampaignError
from generator.publish.links import broken_links, site_facts
from generator.publish.pagescan import PageFacts, page_facts
from generator.publish.tree import file_names
from generator.read import sourcemap
from generator.read.sourcemap import load_yaml
from tests.support import BUILD_DAY, ROOT, run_cli

LEVELS: list[Level] = ["M", "H"]
_LIBRARY_LEVELS = {"M": qrcode.constants.ERROR_CORRECT_M, "H": qrcode.constants.ERROR_CORRECT_H}
TARGETS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=400)
# what the codes carry: microsite and platform addresses with their tracking parameters
ADDRESSES = [
    "https://campaigns.example.com/2022-nianhuojie/hunan/?utm_source=qr",
    "https://campaigns.example.com/2022-nianhuojie/hunan/?utm_source=poster&utm_medium=print",
    "https://www.jd.com/?utm_source=campaignsite&utm_campaign=2022-nianhuojie-hunan",
    "https://www.12315.cn/",
    "https://nianhuo.example.cn/" + "a" * 300,
]


def _library(target: str | bytes, level: Level, version: int | None = None, mask: int | None = None) -> qrcode.QRCode:
    code = qrcode.QRCode(version, _LIBRARY_LEVELS[level], border=QUIET_ZONE, mask_pattern=mask)
    code.add_data(target)
    code.make(fit=version is None)
    return code


@pytest.mark.unit
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("target", ADDRESSES)
def test_codes_are_the_modules_an_independent_encoder_writes(target: str, level: Level) -> None:
    """Zint's code for an address is, module for module, what the `qrcode` library writes at the same version
    with one of the eight masks: data, error correction, format and function patterns are the standard's."""
    written = matrix(target, level)
    version = (len(written) - 2 * QUIET_ZONE - 17) // 4
    assert version == _library(target, level).version  # the smallest version that holds it
    same_modules = [m for m in range(8) if _library(target, level, version, m).get_matrix() == [*map(list, written)]]
    assert len(same_modules) == 1, f"no mask of the library gives Zint's modules for {target}"


@pytest.mark.unit
@settings(max_examples=60, deadline=None)
@given(target=TARGETS, level=st.sampled_from(LEVELS))
def test_any_text_is_read_back_from_its_code(target: str, level: Level) -> None:
    image = module_image(target, level)
    assert image.width == modules(target, level) == len(matrix(target, level))
    read = zxingcpp.read_barcode(image.resize((image.width * 4, image.width * 4)).convert("L"))
    assert read is not None and read.ec_level == level
    assert read.bytes.decode("utf-8") == target  # UTF-8, never a legacy encoding (Shift JIS) a phone misreads


@pytest.mark.unit
@settings(max_examples=60, deadline=None)
@given(target=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=400))
def test_an_address_takes_the_smallest_version(target: str) -> None:
    """Never a larger code than the qrcode library's; Zint's mixed modes may make it smaller ("0000000)": the
    digits in numeric mode, version 1 where qrcode writes all in bytes, version 2)."""
    for level in LEVELS:
        assert modules(target, level) <= _library(target, level).modules_count + 2 * QUIET_ZONE


@pytest.mark.unit
@pytest.mark.parametrize("target", ADDRESSES)
def test_svg_squares_are_the_dark_modules(target: str) -> None:
    svg = qr_svg(target)
    size = modules(target)
    assert f'viewBox="0 0 {size} {size}"' in svg
    squares = {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", svg)}
    dark = {(x, y) for y, row in enumerate(matrix(target)) for x, is_dark in enumerate(row) if is_dark}
    assert squares == dark and len(dark) > size


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
    _, findings = broken_links(tmp_path, {}, site_facts(tmp_path, {}, [], file_names(tmp_path)))
    assert len(findings) == 1 and findings[0].message.endswith("使用了不安全的链接"), findings


@pytest.mark.unit
@pytest.mark.parametrize(
    "element",
    [
        '<div class="x" data-a="1" aria-label="b" onclick="alert(1)">',
        '<span id="s" ONMOUSEOVER="alert(1)">',
        '<p data-x="1" style="background:url(https://evil.example/x.png)">',
        '<meta content="0;url=https://evil.example/" http-equiv="refresh">',
        '<img class="x" data-src="a.png" srcset="https://evil.example/a.png 2x">',
        '<div class="x" title="t"><template><img src=x></template></div>',
    ],
)
def test_an_element_with_harmless_names_is_still_read_whole(element: str) -> None:
    """Elements with only inert attributes (class, data-*, aria-*) are passed over: one name more is not."""
    assert page_facts(element.encode()).problems, element


@pytest.mark.unit
def test_inert_attributes_carry_no_problem_and_no_reference() -> None:
    facts = page_facts(b'<div class="a" data-href="javascript:x" aria-label="b" title="c"><a href="d.html">d</a></div>')
    assert facts == PageFacts(("d.html",), ("d.html",))


REFERENCES = st.text(st.sampled_from("ab./#?%:\\ \t\n\x00\x7f中é2F05CEe"), min_size=1, max_size=12)


@pytest.mark.unit
@settings(max_examples=3000, deadline=None)
@given(REFERENCES)
def test_a_plain_reference_leads_where_urlsplit_reads_it(reference: str) -> None:
    """Where the page scan says a plain relative reference leads (pagescan.plain_target, PLAIN_REFERENCE) is
    where the link check's general path (urlsplit) says it leads, for every reference it takes (%2E%2E, %00,
    %5C, backslashes, queries and fragments among them); any other is left to the general path."""
    from urllib.parse import urlsplit

    from generator.publish.links import _leads_to, _target
    from generator.publish.pagescan import PLAIN_REFERENCE, plain_target

    found = plain_target("a/index.html", reference)
    general = _target("/site/a", reference, "/site", "https://x.cn/a/", lambda url: None)
    if reference.startswith("#"):  # a fragment of the page itself: nothing to check, either way
        assert found == ""
        assert general is None
        return
    if not PLAIN_REFERENCE.match(reference):
        assert found is None
        return
    parts = urlsplit(reference)
    assert parts.scheme == ""  # what the fast path takes is read by urlsplit as a relative path alone
    assert parts.netloc == ""
    assert not parts.path.startswith("/")
    assert general is not None  # never a bare query: a plain reference names a path
    led = _leads_to("/site", "a/index.html", reference, found, lambda url: None, lambda page: None)
    assert led == os.path.normpath(general)


@pytest.mark.unit
def test_references_read_with_the_page_may_not_leave_the_site(tmp_path: Path) -> None:
    """Where the page scan says a reference leads is checked as the link check reads any other: a path out of
    the site (however it is escaped) is broken, one to a folder needs its index.html."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "b").mkdir()
    (site / "index.html").write_text("home", encoding="utf-8")
    (tmp_path / "secret.html").write_text("outside", encoding="utf-8")
    links = ["../index.html", "../b/", "../../secret.html", "%2E%2E/%2E%2E/secret.html", "%2Fetc%2Fpasswd", ".."]
    page = "".join(f'<a href="{link}">x</a>' for link in links).encode()
    facts = {"a/index.html": page_facts(page, "index.html", "a")}
    assert facts["a/index.html"].targets == ("index.html", "b", "../secret.html", "../secret.html", "/etc/passwd", ".")
    checked, broken = broken_links(site, {}, facts)
    assert checked == 6
    assert [finding.message.split("“")[1].split("”")[0] for finding in broken] == links[1:5]


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


def _yaml_files() -> list[Path]:
    files = sorted((ROOT / "campaigns").rglob("*.yaml")) + sorted((ROOT / "generator/data").glob("*.yaml"))
    return files + sorted((ROOT / "generator/assets/posters/layouts").glob("*.yml"))


@pytest.mark.unit
def test_libyaml_reads_every_shipped_file_as_pyyaml_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Data, and the line and column of every key and value, whichever parser read the file."""
    files = _yaml_files()
    assert len(files) > 10
    fast = [load_yaml(path, path.name) for path in files]
    monkeypatch.setattr(sourcemap, "shallow", lambda text: False)
    for path, quick in zip(files, fast, strict=True):
        slow = load_yaml(path, path.name)
        assert (quick.data, quick.keys, quick.values) == (slow.data, slow.keys, slow.values), path


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, [2, {b: 3}]]\n", True),
        ("a:\n" + "".join(f"{' ' * (2 * i + 2)}k{i}:\n" for i in range(40)), False),
        ("a: " + "[" * 70 + "]" * 70 + "\n", False),
        ("a: " + "[" * 100000 + "\n", False),
        ("a:\n" + "- " * 70 + "x\n", False),  # compact entries nest without indentation
        ("a:\n" + "? " * 70 + "x\n", False),
        ("a:\tb\n", False),  # libyaml takes the tab PyYAML refuses
    ],
)
def test_only_shallow_text_reaches_libyaml(text: str, expected: bool) -> None:
    """Deep text (libyaml's own limit is 1000 levels, not ours) and text with a tab (which libyaml takes where
    PyYAML refuses it) are read by PyYAML: its message, at the editor's line and column, whichever parser."""
    assert sourcemap.shallow(text) is expected


@pytest.mark.unit
def test_a_broken_file_is_said_as_pyyaml_says_it(tmp_path: Path) -> None:
    broken = tmp_path / "x.yaml"
    broken.write_text("name: 湖南\nplatforms: [京东, 淘宝\nperiod: 1\n", encoding="utf-8")
    with pytest.raises(CampaignError) as raised:
        load_yaml(broken, "x.yaml")
    (finding,) = raised.value.findings
    assert (finding.rule, finding.line) == ("yaml-syntax", 3) and "YAML 语法错误" in finding.message


@pytest.mark.unit
def test_every_installed_library_and_its_version_is_in_the_shared_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared part of every microsite's fingerprint names each installed distribution with its version (from
    the metadata folders' names): an upgrade of any library makes every microsite again."""
    from importlib import metadata

    from generator.installed import installed_libraries

    listed = installed_libraries.__wrapped__().splitlines()
    for name in ("mkdocs", "mkdocs_material", "jinja2", "pillow", "zxing_cpp"):
        version = metadata.version(name.replace("_", "-"))
        assert any(line.lower() == f"{name}-{version}.dist-info" for line in listed), name
    assert len(listed) == len(list(metadata.distributions()))  # each one importlib.metadata finds
    (tmp_path / "somelib-1.2.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "somelib-1.2.dist-info" in installed_libraries.__wrapped__().splitlines()


@pytest.mark.unit
def test_a_notice_body_reads_as_if_it_were_the_only_one() -> None:
    """One Markdown converter serves every notice body (read/markup.py): nothing of one body (its link
    definitions, its headings' ids, footnote-like state) reaches the next."""
    import markdown

    from generator.read.markup import _markdown

    bodies = [
        "# 通知\n\n见[附件][a]。\n\n[a]: https://www.mofcom.gov.cn/a\n\n## 通知\n",
        "# 通知\n\n见[附件][a]。\n\n| 甲 | 乙 |\n|---|:-:|\n| 1 | 2 |\n",
        "## 通知\n\n[toc]\n\n### 一、活动时间\n",
    ]
    for body in [*bodies, *reversed(bodies)]:
        alone = markdown.markdown(body, extensions=["tables", "toc"], output_format="html")
        assert _markdown(body) == alone
    assert "mofcom" not in _markdown(bodies[1])  # the first body's link definition is gone
