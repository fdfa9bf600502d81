"""The glyph guard of print pages: every character a document prints must be in the CJK serif face Chromium
prints it with (Noto Serif CJK SC, found with fontconfig), or the PDF shows a blank box. A character that is
missing stops the build at the YAML line of the part that holds it (each part remembers its origin). So does
a radical (⼀ U+2F00 ...): the faces the browser prints with map none (printfonts.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from ..assets.fonts import FontFile, fontconfig_match, missing_characters
from ..check.characters import RADICALS, ideograph
from ..findings import Finding
from .blocks import Block
from .parts import FormParts, NoticeParts

PRINT_FACE = "Noto Serif CJK SC:lang=zh-cn"  # the last name before `serif` in every print page's font stacks
_PROBE = "通知附件"
NOTICE_PARTS = {
    "mark": "发文机关标志",
    "urgency": "紧急程度",
    "number": "发文字号",
    "title": "标题",
    "recipients": "主送机关",
    "signature": "落款",
    "date": "成文日期",
    "cc": "抄送",
    "printer": "印发机关",
    "printed": "印发日期",
}
FORM_PARTS = {"title": "标题", "intro": "开头语"}


@cache
def print_font() -> FontFile | None:
    """The face Chromium falls back to for the print pages; None when the machine has no CJK serif face
    (the build then has no font to print Chinese with at all, and the posters already say so)."""
    font = fontconfig_match(PRINT_FACE)
    return font if font is not None and not missing_characters(font, _PROBE) else None


def _body(blocks: tuple[Block, ...]) -> str:
    cells = (span.text for block in blocks for row in block.rows for cell in row for span in cell.spans)
    return "".join(block.text for block in blocks) + "".join(cells)


Printed = Iterator[tuple[str, str, str]]  # (part, what it is in Chinese, its text)


def _notice(parts: NoticeParts) -> Printed:
    name = f"{parts.kind}“{parts.title}”"
    for key, label in NOTICE_PARTS.items():
        if text := getattr(parts, key):
            yield key, f"{name}的{label}", text
    yield "body", f"{name}的正文", _body(parts.body)
    yield "annex_names", f"{name}的附件说明", "".join(parts.annex_names)
    for i, annex in enumerate(parts.annexes):
        yield f"annex:{i}:title", f"{name}的附件名称", annex.title
        yield f"annex:{i}:body", f"{name}的附件正文", _body(annex.body)


def _form(parts: FormParts) -> Printed:
    name = "承诺书" if parts.kind == "commitment" else f"统计表“{parts.title}”"
    for key, label in FORM_PARTS.items():
        if text := getattr(parts, key):
            yield key, f"{name}的{label}", text
    yield "items", f"{name}的条款", "".join(parts.items)
    yield "signer", f"{name}的签章栏", "".join(text for text, _ in parts.signoff)
    yield "header_fields", f"{name}的表头", "".join(parts.fields)
    yield "columns", f"{name}的表头", "".join(parts.columns)


def missing_glyphs(documents: Iterable[NoticeParts | FormParts]) -> list[Finding]:
    """A finding per part whose text has characters the print face lacks (none when there is no face)."""
    font = print_font()
    if font is None:
        return []
    findings = []
    for parts in documents:
        for key, what, text in _notice(parts) if isinstance(parts, NoticeParts) else _form(parts):
            origin = parts.origins.get(key) or parts.origins.get(key.split(":")[0]) or parts.origins.get("title")
            if (radicals := sorted(set(RADICALS.findall(text)))) and origin is not None:
                findings.append(
                    origin.finding(
                        f"打印版不能使用部首字符：{''.join(radicals)}（{what}）。打印字体不含这些字符",
                        "print-glyphs",
                        fix="改为对应的汉字，如“" + "”“".join(ideograph(r) or r for r in radicals) + "”",
                    )
                )
            if (missing := missing_characters(font, text)) and origin is not None:
                findings.append(
                    origin.finding(
                        f"打印字体 {font.label} 缺少这些字：{''.join(missing)}（{what}）。"
                        "打印版 PDF 会把它们印成空白方框",
                        "print-glyphs",
                        fix="改用常用字或其他写法；生僻字可用同音字加注，或请管理员安装含这些字的字体",
                    )
                )
    return sorted(set(findings))
