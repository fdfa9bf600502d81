"""Titles broken into lines as GB/T 9704-2012 §7.3.1 asks: "回行时，要做到词意完整，排列对称，长短适宜，间距恰当，
标题排列应当使用梯形或菱形". A browser or an office program breaks a Chinese title after any character that
fits ("…“2022全 / 国网上年货节”…"); here a title that does not fit on one line is broken only between words
(render/segment.py's, as pages and the search index have them), never inside a number, a date, a quoted or
bracketed name, and never before a closing or after an opening mark; of the ways that fit, the one chosen is a
trapezoid or a diamond, as even as it can be, whose lines neither end on a word that leads into the next (关于,
的) nor start with one that hangs on the last (的, 和). The print page writes the lines with <br>, the Word file
with line breaks: both break alike.

A pure function of the title and the line's width in characters of the title's size.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from ..render.segment import segmented

# a document number's year and number, a number with its unit or ordinal (2022年, 15号, 第3届), a date, a
# quoted or bracketed name: never split
WHOLE = re.compile(
    r"〔\d+〕\d+号|第?\d+(?:[.,:：]\d+)*(?:年(?:\d+月(?:\d+日)?)?|月(?:\d+日)?|日|号|届|期|次|批|个|项|%|％)?"
    r"|第[一二三四五六七八九十百千零〇两]+[届期次批号]"
    r"|“[^”]*”|‘[^’]*’|《[^》]*》|〈[^〉]*〉|「[^」]*」|『[^』]*』|〔[^〕]*〕|【[^】]*】|（[^）]*）|\([^)]*\)"
)
NO_LINE_START = frozenset("，。、；：！？）》〉」』】〕”’…%％·")
NO_LINE_END = frozenset("（《〈「『【〔“‘")
LEADS_ON = ("关于", "的", "和", "与", "及", "对", "在", "为", "把", "将", "对于")  # a line should not end on these
HANGS_ON = ("的", "和", "与", "及", "之", "等")  # nor start with these
DIGIT, OTHER = 0.6, 0.8  # widths of half-width characters in the print face (bold digits 0.59, capitals ≤ 0.75)


def cells(text: str) -> float:
    """A text's width in characters of its size: CJK characters and marks one, digits and Latin less."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else DIGIT if c.isdigit() else OTHER for c in text)


def word_ends(text: str) -> list[int]:
    """Offsets where jieba's words of `text` end."""
    return list(itertools.accumulate(len(word) for word in segmented(text)))


def breaks(text: str, whole: bool = True) -> list[int]:
    """Offsets a line of `text` may end at: between words, outside what must stay whole (`whole`), never
    before a closing mark or after an opening one."""
    inside = {i for m in WHOLE.finditer(text) for i in range(m.start() + 1, m.end())} if whole else set()
    return [
        i
        for i in word_ends(text)[:-1]
        if i not in inside and text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END
    ]


def _units(text: str, width: float) -> list[str]:
    """The pieces lines are made of: words with what must stay whole; a piece wider than a line is broken
    between its words, and only past that between characters."""
    edges = [0, *breaks(text), len(text)]
    units = []
    for start, end in itertools.pairwise(edges):
        piece = text[start:end]
        if cells(piece) <= width:
            units.append(piece)
            continue
        inner = [0, *breaks(piece, whole=False), len(piece)]
        for a, b in itertools.pairwise(inner):
            units += [piece[a:b]] if cells(piece[a:b]) <= width else list(piece[a:b])
    return units


def _shaped(widths: list[float]) -> bool:
    """A trapezoid (lines growing or shrinking) or a diamond (growing, then shrinking)."""
    top = widths.index(max(widths))
    rising = all(a <= b + 0.5 for a, b in itertools.pairwise(widths[: top + 1]))
    falling = all(a + 0.5 >= b for a, b in itertools.pairwise(widths[top:]))
    return rising and falling


def _cost(lines: tuple[str, ...]) -> float:
    widths = [cells(line) for line in lines]
    cost = max(widths) - min(widths)  # 长短适宜: as even as the words allow
    cost += 0 if _shaped(widths) else 50  # 梯形或菱形: never an hourglass
    cost += sum(4 for line in lines[:-1] if line.endswith(LEADS_ON))  # 词意完整
    cost += sum(4 for line in lines[1:] if line.startswith(HANGS_ON))
    cost += sum(2 for line in lines[:-1] if re.search(r"第\w+[届期次批]$", line))  # 第三届 stays with its name
    return cost


def _arrangements(units: list[str], width: float, count: int, start: int = 0) -> Iterator[tuple[str, ...]]:
    """Every way to set the units from `start` on `count` lines of at most `width`."""
    if count == 1:
        if cells(line := "".join(units[start:])) <= width:
            yield (line,)
        return
    for end in range(start + 1, len(units) - count + 2):
        if cells(line := "".join(units[start:end])) > width:
            break
        for rest in _arrangements(units, width, count - 1, end):
            yield (line, *rest)


@cache
def title_lines(title: str, width: float) -> tuple[str, ...]:
    """The lines of `title` on lines of `width` characters of its size (one line when it fits)."""
    if cells(title) <= width:
        return (title,)
    units = _units(title, width)
    fewest = max(2, -int(-cells(title) // width))
    best: tuple[float, tuple[str, ...]] | None = None
    for count in range(fewest, len(units) + 1):
        for lines in _arrangements(units, width, count):
            key = _cost(lines) + 3 * (count - fewest)  # a line more only when it is much better
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None and count > fewest:
            break
    return best[1] if best is not None else (title,)
