"""The glyph guard of print pages: every character a notice or form prints must be in the CJK serif face
Chromium prints it with (Noto Serif CJK SC, found with fontconfig), or the PDF shows a blank box. A
character that is missing stops the build at the YAML line of the field that holds it, as posters do.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from lxml import html as lxml_html

from ..assets.fonts import FontFile, _fc_match, missing_characters
from ..findings import Finding
from ..read.model import Notice
from ..resolve import Edition

PRINT_FACE = "Noto Serif CJK SC:lang=zh-cn"  # the last name before `serif` in every print page's font stacks
_PROBE = "通知附件"
FIELDS = {
    "title": "标题",
    "issuer": "发文机关",
    "issuer_mark": "发文机关标志",
    "number": "发文字号",
    "urgency": "紧急程度",
    "signature": "落款",
    "printer": "印发机关",
}


@cache
def print_font() -> FontFile | None:
    """The face Chromium falls back to for the print pages; None when the machine has no CJK serif face
    (the build then has no font to print Chinese with at all, and the posters already say so)."""
    font = _fc_match(PRINT_FACE)
    return font if font is not None and not missing_characters(font, _PROBE) else None


def _text(html: str) -> str:
    return lxml_html.fromstring(f"<div>{html}</div>").text_content()


Printed = Iterator[tuple[tuple[str | int, ...], str, str]]  # (YAML path, what it is in Chinese, its text)


def _notice(i: int, notice: Notice, bodies: dict[str, str]) -> Printed:
    at, name = ("notices", i), f"{notice.kind}“{notice.title}”"
    for key, what in FIELDS.items():
        if value := getattr(notice, key):
            yield (*at, key), f"{name}的{what}", value
    for key, what in (("recipients", "主送机关"), ("cc", "抄送")):
        for j, value in enumerate(getattr(notice, key)):
            yield (*at, key, j), f"{name}的{what}", value
    yield (*at, "body"), f"{name}的正文（{notice.body}）", _text(bodies.get(notice.body, ""))
    for j, annex in enumerate(notice.attachments):
        yield (*at, "attachments", j, "title"), f"{name}的附件名称", annex.title
        if annex.body:
            body = _text(bodies.get(annex.body, ""))
            yield (*at, "attachments", j, "body"), f"{name}的附件正文（{annex.body}）", body


def printed_texts(edition: Edition) -> Printed:
    """(YAML path, what it is in Chinese, text) of every field a print page of the edition shows."""
    for i, notice in enumerate(edition.notices):
        yield from _notice(i, notice, edition.bodies)
    if commitment := edition.forms.commitment:
        at = ("forms", "commitment")
        yield (*at, "title"), "承诺书的标题", commitment.title
        yield (*at, "intro"), "承诺书的开头语", commitment.intro
        yield (*at, "signer"), "承诺书的签章栏", commitment.signer
        for k, item in enumerate(commitment.items):
            yield (*at, "items", k), "承诺书的条款", item
    for k, form in enumerate(edition.forms.statistics):
        at = ("forms", "statistics", k)
        yield (*at, "title"), f"统计表“{form.title}”的标题", form.title
        for key in ("columns", "header_fields"):
            for m, value in enumerate(getattr(form, key)):
                yield (*at, key, m), f"统计表“{form.title}”的表头", value


def missing_glyphs(edition: Edition) -> list[Finding]:
    """A finding per field whose text has characters the print face lacks (none when there is no face)."""
    font = print_font()
    if font is None:
        return []
    findings = []
    for path, what, text in printed_texts(edition):
        if missing := missing_characters(font, text):
            origin = edition.provenance.origin(*path)
            findings.append(
                origin.finding(
                    f"打印字体 {font.label} 缺少这些字：{''.join(missing)}（{what}）。打印版 PDF 会把它们印成空白方框",
                    "print-glyphs",
                    fix="改用常用字或其他写法；生僻字可用同音字加注，或请管理员安装含这些字的字体",
                )
            )
    return findings
