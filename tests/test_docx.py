"""Word files of the notices and forms, made from the print pages with python-docx, rendered to PDF by
LibreOffice (Debian's libreoffice-writer-nogui, headless soffice) and read back with pdfplumber: they pass
the GB/T 9704 checks the Chromium PDFs pass (tests/gbt9704.py). They say what the print page says, come out
byte for byte the same, and are cached.

The shipped documents are rendered with LibreOffice's default PDF export (which leaves out the blank pages it
inserts itself): the same pages as the Chromium PDFs, every character of the Word file, the GB/T 9704 checks
with the 版记 on an even page, titles broken where the print page breaks them. Punctuation never hangs:
LibreOffice 7.4 reads w:overflowPunct inverted, and the Word files set it so that it keeps marks inside.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from lxml import etree
from lxml import html as lxml_html

from generator.documents import word_file
from tests import gbt9704 as gbt
from tests.printed import notice_parts
from tests.support import BUILD_DAY, ROOT, run_cli
from tests.test_print import IDS, NOTICES
from tests.test_print_text import printed_titles

EXPORT = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'  # pages it inserts, too


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise RuntimeError("LibreOffice is not installed: run `make test`, which installs libreoffice-writer-nogui")
    return path


def to_pdf(files: list[Path], out: Path, export: str = EXPORT) -> None:
    """All `files` in one LibreOffice run, with a profile of its own (test workers run side by side)."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / ".profile"
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    missing = [f.name for f in files if not (out / f.with_suffix(".pdf").name).is_file()]
    assert not missing, f"LibreOffice made no PDF of {missing}: {result.stderr}"


@pytest.fixture(scope="module")
def word_pdfs(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every Word file of the shipped campaigns as LibreOffice prints it, by microsite/name."""
    out = tmp_path_factory.mktemp("word")
    files = sorted(built_site.glob("**/print/*.docx"))
    copies = []
    for file in files:  # one name per microsite: LibreOffice writes NAME.pdf into one folder
        copy = (
            out / "docx" / (file.relative_to(built_site).parent.parent.as_posix().replace("/", "__") + "__" + file.name)
        )
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(file.read_bytes())
        copies.append(copy)
    to_pdf(copies, out / "pdf", "pdf")  # LibreOffice's default export, as an office prints the file
    return {c.name.removesuffix(".docx").replace("__", "/"): out / "pdf" / c.with_suffix(".pdf").name for c in copies}


@pytest.fixture(scope="module")
def word_notices(word_pdfs: dict[str, Path]):
    with gbt.opened({notice: word_pdfs[f"{path}/notice-{notice}"] for path, notice, *_ in NOTICES}) as pdfs:
        yield pdfs


@pytest.mark.parametrize(("path", "notice", "signature", "date", "letter"), NOTICES, ids=IDS)
def test_word_notice_geometry_follows_gbt_9704(
    word_notices, path: str, notice: str, signature: str, date: str, letter: bool
) -> None:
    """A4, the 37/35/28/26 mm margins, page numbers, 28 characters a line, 22 lines a full page."""
    document = word_notices[notice]
    gbt.check_page_numbers(document, letter)
    gbt.check_text_block(document)
    gbt.full_lines_of_28(document)
    gbt.check_lines_per_page(document, signature)


@pytest.mark.parametrize(("path", "notice", "signature", "date", "letter"), NOTICES, ids=IDS)
def test_word_signature_with_text_and_colophon_on_an_even_last_page(
    word_notices, path: str, notice: str, signature: str, date: str, letter: bool
) -> None:
    gbt.check_ending(word_notices[notice], signature, date, letter)


def test_word_lines_hold_28_characters(word_notices) -> None:
    assert sum(gbt.full_lines_of_28(document) for document in word_notices.values()) >= 40


def test_word_red_head_number_rule_and_title(word_notices) -> None:
    document = word_notices["shangban-2021-11"]
    first = gbt.text_lines(document.pages[0])
    assert first[0]["text"] == "特急" and first[0]["top"] == pytest.approx(gbt.TOP + 1, abs=2)  # on the first line
    mark = next(ln for ln in first if ln["text"] == "中华人民共和国商务部办公厅")
    assert mark["top"] == pytest.approx(gbt.TOP + 35, abs=2.5) and tuple(round(v, 2) for v in mark["color"]) == gbt.RED
    number = next(ln for ln in first if ln["text"] == "商办电函〔2021〕11号")
    assert (number["x0"] + number["x1"]) / 2 == pytest.approx(gbt.LEFT + 78, abs=1)
    rule = next(r for r in gbt.rules(document.pages[0]) if r["top"] > number["bottom"])
    assert rule["top"] - number["bottom"] == pytest.approx(4, abs=1.5)  # §7.2.7: 4 mm under the number
    assert rule["width"] == pytest.approx(156, abs=0.5) and rule["x0"] == pytest.approx(gbt.LEFT, abs=0.5)
    title = next(ln for ln in first if ln["size"] == 22.0)
    assert title["text"].startswith("商务部办公厅关于开展")
    printed = next(ln for ln in gbt.text_lines(document.pages[-1]) if "印发" in ln["text"])
    assert printed["x0"] == pytest.approx(gbt.LEFT + 14 / 72 * 25.4, abs=0.5)
    assert printed["x1"] == pytest.approx(210 - gbt.RIGHT - 14 / 72 * 25.4, abs=0.5)


def test_word_letter_format(word_notices) -> None:
    gbt.check_letter_head(word_notices["gongxiaofei-2021-885"], "工业和信息化部司局简函", "工消费函〔2021〕885号")


def test_word_attachment_page_annex_note_and_cc(word_notices) -> None:
    gbt.check_attachment(word_notices["gongxiaofei-2021-885"], "“2022全国网上年货节”工作方案")
    gbt.check_cc_wraps_after_colon(word_notices["gongxiaofei-2021-885"])
    gbt.check_annex_note(word_notices["liaoshang-2021-15"])


def test_word_forms(word_pdfs: dict[str, Path]) -> None:
    with pdfplumber.open(word_pdfs["2021-shuangpin/commitment"]) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        assert abs(page.width - gbt.A4[0]) <= 1 and abs(page.height - gbt.A4[1]) <= 1
        lines = gbt.body_lines(page)
        assert min(ln["x0"] for ln in lines) == pytest.approx(gbt.LEFT, abs=1)
        assert max(ln["x1"] for ln in lines) <= 210 - gbt.RIGHT + 0.5 + 156 / 28
        assert any(ln["text"] == "承诺书" and ln["size"] == 22 for ln in gbt.text_lines(page))
    with pdfplumber.open(word_pdfs["2022-nianhuojie/hunan/hunan-key-activities"]) as document:
        page = document.pages[0]
        assert len(document.pages) == 1 and abs(page.width - gbt.A4[1]) <= 1
        text = "".join(ln["text"] for ln in gbt.text_lines(page))
        for field in ("填报单位（盖章）", "联系人", "职务", "联系方式", "邮箱", "活动名称", "备注"):
            assert field in text
        assert len(gbt.rules(page)) >= 4, "a ruled table"


# --- the Word file says what the print page says ---------------------------------------------------------
_PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def _word_text(data: bytes) -> str:
    """Every character the Word file shows: body, headers and footers (not the page-number fields)."""
    document = docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        texts = ["".join(t.text or "" for t in etree.fromstring(archive.read(n)).iter(qn("w:t"))) for n in parts]
    assert document.paragraphs is not None  # python-docx opens it
    return _PAGE_NUMBER.sub("", "".join(texts))


def _page_text(page: bytes) -> str:
    sheet = lxml_html.document_fromstring(page.decode("utf-8")).xpath("//main")[0]
    return sheet.text_content()


def _characters(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def test_word_file_says_what_the_print_page_says(built_site: Path) -> None:
    pages = sorted(built_site.glob("**/print/*.html"))
    assert len(pages) == 9
    for page in pages:
        word, html = _word_text(page.with_suffix(".docx").read_bytes()), _page_text(page.read_bytes())
        blanks = Counter({"\u00a0": 99, "\u3000": 99}) if "notice-" not in page.name else Counter({"\u00a0": 9})
        assert _characters(word) - blanks == _characters(html) - blanks, page


def test_word_bytes_are_fixed_and_carry_no_build_time(built_site: Path) -> None:
    page = built_site / "2021-nianhuojie/print/notice-shangban-2021-11.html"
    data = word_file(notice_parts(page.read_bytes()))
    assert data == word_file(notice_parts(page.read_bytes())) == page.with_suffix(".docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.created.year == core.modified.year == 2000 and core.last_modified_by != "python-docx"
    assert core.title == "商务部办公厅关于开展“2021全国网上年货节”活动的通知" and core.language == "zh-CN"


def test_word_files_are_cached_like_the_pdfs(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    day = ("--today", BUILD_DAY.isoformat())
    first = run_cli("build", "-q", "--no-pdf", *day, "--cache-dir", str(cache), cwd=project)
    assert first.returncode == 0, first.stderr

    def words() -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in cache.rglob("*.bin") if b"\nPK" in p.read_bytes()[:80]}

    made = words()
    pages = {p.read_bytes() for p in (project / "site").glob("**/print/*.html")}
    assert len(made) == len(pages) >= 7  # one entry per print page (a notice a region inherits is the same)
    other = tmp_path / "other-site"  # no stamps there: every microsite is made again, its Word files not
    again = run_cli("build", "-q", "--no-pdf", *day, "--cache-dir", str(cache), "--site-dir", str(other), cwd=project)
    assert again.returncode == 0, again.stderr
    assert words() == made
    for file in (project / "site").glob("**/print/*.docx"):
        assert (other / file.relative_to(project / "site")).read_bytes() == file.read_bytes()


# --- bodies of growing length, as Word files ----------------------------------------------------------------
@pytest.fixture(scope="module")
def grown_words(tmp_path_factory: pytest.TempPathFactory):
    project, notices = gbt.grown_project(tmp_path_factory.mktemp("grown-word"))
    result = run_cli("build", "-q", "--no-pdf", "--today", BUILD_DAY.isoformat(), cwd=project)
    assert result.returncode == 0, result.stderr
    folder = project / "site" / "2021-shuangpin" / "print"
    out = tmp_path_factory.mktemp("grown-word-pdf")
    to_pdf([folder / f"notice-{n.id}.docx" for n in notices], out)
    data = json.loads((project / "site" / "2021-shuangpin" / "data.json").read_text(encoding="utf-8"))
    assert all(p["docx"].endswith(".docx") for p in data["assets"]["printables"])
    with gbt.opened({n.id: out / f"notice-{n.id}.pdf" for n in notices}) as pdfs:
        yield {n.id: (n, pdfs[n.id]) for n in notices}


def test_word_signature_never_stands_alone_whatever_line_the_body_ends_on(grown_words) -> None:
    """In Word the body's last paragraph and the signature are kept with the date; the 版记 is the footer of
    a section that starts on an even page."""
    ends = {False: set(), True: set()}
    for notice, document in grown_words.values():
        gbt.check_page_numbers(document, notice.letter)
        ending = gbt.check_ending(document, gbt.SIGNATURE, gbt.DATE, notice.letter)
        assert ending.colophon_page is not None
        ends[notice.letter].add((ending.signature_page, ending.lines_above))
    # the body's last line fell on every line of page 2: up to line 19 the signature follows it there, after
    # that Word keeps the last paragraph with the signature on page 3
    for letter in (False, True):
        assert {k for page, k in ends[letter] if page == 1} >= set(range(1, 20))
        assert any(page == 2 for page, _ in ends[letter])
    assert len(grown_words) == len(gbt.GROWN_NOTICES) + len(gbt.GROWN_LETTERS)


RICH_BODY = """<p>第一段<strong>加粗</strong>、<em>强调</em>、<u>下划线</u>和<del>删除</del>，H<sub>2</sub>O，10<sup>3</sup>；
换行<br>之后&amp;&lt;符号&gt;。</p>
<h2>一、标题</h2><h3>（一）小标题</h3><h4>1．细目</h4>
<ul><li>甲项<ul><li>甲项之一</li></ul></li><li>乙项</li></ul>
<ol start="3"><li>丙项</li></ol>
<blockquote><p>引用的话</p></blockquote>
<pre><code>代码 第一行
第二行</code></pre>
<table><thead><tr><th colspan="2">合并表头</th><th>第三列</th></tr></thead>
<tbody><tr><td rowspan="2">跨两行</td><td>乙</td><td>丙</td></tr><tr><td style="text-align: right">丁</td><td>戊</td></tr></tbody>
</table>
<div><span>块里<a href="https://example.com/">链接</a>文字</span></div>
<dl><dt>术语</dt><dd>解释</dd></dl>"""


def test_word_file_holds_every_markup_a_body_may_use(built_site: Path) -> None:
    """Every element the body policy allows (README, 通知正文) comes through with its text."""
    page = (built_site / "2021-shuangpin/print/notice-shangban-2021-107.html").read_text(encoding="utf-8")
    start = page.index('<div class="body">') + len('<div class="body">')
    rich = (page[:start] + RICH_BODY + page[page.index("</div>", start) :]).encode("utf-8")
    data = word_file(notice_parts(rich))
    assert _characters(_word_text(data)) - Counter({"\u00a0": 9}) == _characters(_page_text(rich)) - Counter(
        {"\u00a0": 9}
    )
    document = docx.Document(io.BytesIO(data))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["一、标题"] == "一级标题" and styles["（一）小标题"] == "二级标题" and styles["1．细目"] == "三级标题"
    runs = {r.text: r for p in document.paragraphs for r in p.runs}
    assert runs["加粗"].bold and runs["强调"].italic and runs["下划线"].underline and runs["删除"].font.strike
    assert runs["2"].font.subscript and runs["3"].font.superscript
    table = document.tables[0]
    assert len(table.rows) == 3 and table.cell(0, 0).text == table.cell(0, 1).text == "合并表头"
    assert table.cell(1, 0).text == table.cell(2, 0).text == "跨两行" and table.cell(2, 2).text == "戊"


def test_each_document_is_made_of_the_parts_its_print_page_shows(built_site: Path) -> None:
    """The print page and the Word file are both made from the parts (documents/parts.py); read back from the
    print page by the templates' class names (tests/printed.py), the parts are the same: the Word file says
    what the page says, and nothing on the page is missing from the parts."""
    from generator.documents import FormParts, document_parts
    from generator.read import load_project
    from generator.resolve import SiteMap, resolve_editions
    from tests.printed import as_printed, form_parts

    project = load_project(ROOT / "campaigns")[0]
    sites = SiteMap.of(project)
    compared = 0
    for edition in resolve_editions(project):
        for item in sites.microsite(edition).printables:
            parts = document_parts(edition, item)
            page = (built_site / item.html.site_path).read_bytes()
            shown = form_parts(page) if isinstance(parts, FormParts) else notice_parts(page)
            assert as_printed(parts) == shown, item.html.site_path
            compared += 1
    assert compared == 9


# --- LibreOffice's default export: the PDF's pages, every character, the titles' lines ---------------------------
def test_word_file_prints_the_pdf_pages_and_every_character(built_site: Path, word_pdfs: dict[str, Path]) -> None:
    """Nothing lost (a mark at a line's end, a digit), nothing added but the page numbers, and as many pages as
    the Chromium PDF: a short notice's 版记 sits under its text on the same even page."""
    assert len(word_pdfs) == 9
    for name, rendered in word_pdfs.items():
        site, _, stem = name.rpartition("/")
        source = built_site / site / "print" / f"{stem}.docx"
        with pdfplumber.open(rendered) as document, pdfplumber.open(source.with_suffix(".pdf")) as printed:
            assert len(document.pages) == len(printed.pages), name
            lines = [ln["text"] for page in document.pages for ln in gbt.text_lines(page)]
        shown = _characters("".join(t for t in lines if not _PAGE_NUMBER.fullmatch(t)))
        assert shown == _characters(_word_text(source.read_bytes())), name


def test_word_numbers_stay_whole_on_their_line(word_notices) -> None:
    """LibreOffice breaks digits as words (w:lang): no line ends in a digit that the next line goes on with."""
    for name, document in word_notices.items():
        lines = [ln["text"] for page in document.pages for ln in gbt.text_lines(page)]
        for line, following in itertools.pairwise(lines):
            assert not (line[-1].isdigit() and following[0].isdigit()), f"{name}: {line} / {following}"


def test_word_titles_break_where_the_print_page_breaks_them(built_site: Path, word_pdfs: dict[str, Path]) -> None:
    def rendered(page: Path) -> Path:
        return word_pdfs[f"{page.parent.parent.relative_to(built_site).as_posix()}/{page.stem}"]

    titles = printed_titles(built_site, rendered)
    assert len(titles) == 11
    for name, printed, broken in titles:
        assert tuple(printed) == broken, name
