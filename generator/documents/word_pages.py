"""Where a notice's text ends on the pages of its Word file, reckoned on the 22 lines of 28 characters both the
print page and the Word file keep to (geometry.py): the Word file places the 版记 from it (word_colophon.py).

A Word file cannot say "at the foot of this page if it is even, else of the next even page" and be read alike
by Word, WPS and LibreOffice: a section that starts on an even page does it in Word, but LibreOffice's default
PDF export leaves out the blank page it inserts, so the 版记 lands on an odd page. The lines are counted here
as the print page's layout counts them (whole lines of the grid under the head, the title, each paragraph
broken at 28 characters with the line-breaking rules of Chinese, the 附件说明, the signature) to learn the
page the text ends on and the lines left under it. Tables and preformatted text are not reckoned (None).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .blocks import Block
from .geometry import CHARACTERS, LINES
from .parts import NoticeParts

NO_LINE_START = frozenset("，。、；：！？）》〉」』】〕”’…%％·")  # a line never starts with these
NO_LINE_END = frozenset("（《〈「『【〔“‘")  # nor ends with these
HALF = 0.6  # a digit or Latin letter of 3号 in cells (Noto's digits 0.56 em, and LibreOffice spaces them)
HEAD_LINES = {"red": 10, "letter": 5, "plain": 0}  # grid lines above the title's first line (gbt9704.css)


@dataclass(frozen=True)
class TextEnd:
    page: int  # the page (1-based) of the text's last line: the signature's date, or an attachment's end
    free: int  # whole grid lines left under it on that page


def _cells(character: str) -> float:
    return 1.0 if unicodedata.east_asian_width(character) in "WFA" else HALF


def _units(text: str) -> list[str]:
    """Characters, with a number or a Latin word as one: a line never breaks inside them."""
    units: list[str] = []
    for character in text:
        joins = units and character.isascii() and character.isalnum()
        if joins and units[-1][-1].isascii() and units[-1][-1].isalnum():
            units[-1] += character
        else:
            units.append(character)
    return units


def lines_of(text: str, first: float = CHARACTERS - 2, rest: float = CHARACTERS) -> int:
    """Lines a paragraph takes: `first` cells on its first line (after the indent), `rest` on the others; a
    closing mark never starts a line nor an opening one ends it (the character before goes down with it)."""
    units = _units(text)
    count, room, used, k = 1, first, 0.0, 0
    while k < len(units):
        width = sum(_cells(c) for c in units[k])
        if used > 0 and used + width > room + 1e-6:
            if k > 1 and (units[k][0] in NO_LINE_START or units[k - 1][-1] in NO_LINE_END):
                k -= 1
            count, room, used = count + 1, rest, 0.0
        used += sum(_cells(c) for c in units[k])
        k += 1
    return count


def _body_lines(blocks: tuple[Block, ...]) -> int | None:
    total = 0
    for block in blocks:
        if block.kind in ("table", "pre") or "\n" in block.text:
            return None
        indent = 2 * block.quote
        total += lines_of(block.text, CHARACTERS - indent - 2, CHARACTERS - indent)
    return total


def _annex_note_lines(names: tuple[str, ...]) -> int:
    numbered = len(names) > 1
    lines = 0
    for i, name in enumerate(names):
        start = 2 + (3 if numbered or i == 0 else 0) + (2 if numbered else 0)
        hang = (3 if i == 0 else 0) + (2 if numbered else 0)
        lines += lines_of(("附件：" if i == 0 else "") + name, CHARACTERS - start + hang, CHARACTERS - start)
    return lines + (1 if names else 0)  # one blank line above (§7.3.4)


def text_end(parts: NoticeParts) -> TextEnd | None:
    """The page the notice's text ends on and the lines left under it; None when it cannot be reckoned (a
    table, preformatted text, or an ending so near the page's foot that the signature rules decide it)."""
    head = HEAD_LINES["letter" if parts.letter else "red" if parts.red_head else "plain"]
    if not parts.red_head and not parts.letter and parts.number:
        head = 1
    body = _body_lines(parts.body)
    if body is None:
        return None
    recipients = 1 + lines_of(parts.recipients, CHARACTERS, CHARACTERS) if parts.recipients else 0
    signature = (1 + (parts.signature is not None) + (parts.date is not None)) if parts.signature or parts.date else 0
    used = head + len(parts.title_lines) + recipients + body + _annex_note_lines(parts.annex_names)
    page, line = 1 + used // LINES, used % LINES
    if signature and (line == 0 or line + signature > LINES):
        # the body's last lines go over with the signature (§7.3.5: never alone at a page's top), as many as
        # the word processor's widow rules say: not reckoned
        return None
    line += signature
    for annex in parts.annexes:
        lines = _body_lines(annex.body)
        if lines is None:
            return None
        used = 2 + len(annex.title_lines) + lines  # "附件", a blank line, the title, the body
        page, line = page + 1 + (used - 1) // LINES, (used - 1) % LINES + 1
    return TextEnd(page, LINES - line)
