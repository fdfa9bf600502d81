"""Where a line of Chinese may break: between words, never inside one, a number or a date.

Browsers break Chinese between any two characters ("年货/节", "—2/月7日"). Titles, headings, card titles and
buttons are written with `<wbr>` between words and styled `word-break: keep-all` (cs-campaign.css), so the
browser breaks only there. Words come from jieba's dictionary (its common words) plus the campaigns' own
words below; digits stay with their unit (2022年, 10日, 29天), a whole date is one word, opening
punctuation stays with the word after it and closing punctuation with the word before.

Words are segment.py's: the same words break titles of printed notices and make the search index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import unescape

from markupsafe import Markup, escape

from .segment import segmented

_OPENING = set("“‘（《〈【「『〔([{")
_CLOSING = set("”’）》〉】」』〕)]}，。、：；！？…—–·%,.;:!?")
_UNIT = set("年月日号天时分秒点个项家类折元万亿场次件届期度")
# a run of Latin letters and digits with what may stand inside it (3.8, 10:00, 2022-01-10, 99.9%, 1+N): one word
_LETTERS = "0-9０-９A-Za-zＡ-Ｚａ-ｚ\u00c0-\u024f\u0300-\u036f"  # with accented Latin letters (Zhōngguó)
_LATIN = re.compile(rf"([{_LETTERS}]+(?:[.:：+\-/／%][{_LETTERS}]+)*%?)")
_NUMBER = re.compile(r"^[0-9０-９][0-9０-９.:：]*$")
_DATE_PART = re.compile(r"^[0-9０-９]+[月日号]")
_DATE_START = re.compile(r"^[0-9０-９].*[年月]$")
_SPACE = re.compile(r"^\s+$")
_DASH_BEFORE = re.compile(r"(?<=\S)([—–])")


def _cut(text: str) -> list[str]:
    """jieba's words (with its model for words it does not know: 美团, 湖湘), each Latin run whole."""
    tokens: list[str] = []
    for part in _LATIN.split(text):
        if _LATIN.fullmatch(part):
            tokens.append(part)
        elif part:
            tokens += segmented(part)
    return tokens


def _numbers_with_units(tokens: list[str]) -> list[str]:
    """'2022', '年' → '2022年' ('2021', '年度' → '2021年度'); then '2022年', '1月', '10日' → '2022年1月10日'."""
    joined: list[str] = []
    for token in tokens:
        if joined and _NUMBER.match(joined[-1]) and token[:1] in _UNIT:
            joined[-1] += token
            if len(joined) > 1 and _DATE_PART.match(joined[-1]) and _DATE_START.match(joined[-2]):
                last = joined.pop()
                joined[-1] += last
            continue
        joined.append(token)
    return joined


def _graphemes_whole(tokens: list[str]) -> list[str]:
    """A combining mark, a variation selector, a skin tone, a joined emoji or a flag's second half stays with
    the character before it."""
    whole: list[str] = []
    for token in tokens:
        if whole and (_continues(token[0]) or whole[-1][-1] == "\u200d" or _flag_half(whole[-1], token)):
            whole[-1] += token
        else:
            whole.append(token)
    return whole


def _continues(ch: str) -> bool:
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch in "\u200d\ufe0e\ufe0f"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
    )


def _flag_half(before: str, token: str) -> bool:
    """A regional indicator after an odd run of them ends a flag (🇨🇳)."""
    indicator = lambda ch: "\U0001f1e6" <= ch <= "\U0001f1ff"  # noqa: E731
    if not indicator(token[0]):
        return False
    run = len(before) - len(before.rstrip("".join(chr(c) for c in range(0x1F1E6, 0x1F200))))
    return run % 2 == 1


def _punctuation_attached(tokens: list[str]) -> list[str]:
    """Closing punctuation joins the word before it, opening punctuation the word after it."""
    words: list[str] = []
    pending = ""
    for token in tokens:
        if _SPACE.match(token):
            words.append(pending + token)
            pending = ""
        elif all(ch in _OPENING for ch in token):
            pending += token
        elif words and all(ch in _CLOSING for ch in token) and not pending and not _SPACE.match(words[-1]):
            words[-1] += token
        else:
            words.append(pending + token)
            pending = ""
    if pending:
        words.append(pending)
    return words


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The text cut where a line may break; joined again the pieces are the text."""
    if not text:
        return ()
    return tuple(_punctuation_attached(_numbers_with_units(_graphemes_whole(_cut(text)))))


def break_points(text: str) -> frozenset[int]:
    """Character offsets at which a line may start: after each word, and after any space."""
    points: set[int] = set()
    offset = 0
    for word in words(text):
        offset += len(word)
        points.add(offset)
    points.update(m.end() for m in re.finditer(r"[^\S\u00a0\u202f]+", text))  # not after a no-break space
    return frozenset(points)


def breakable(value: object) -> Markup:
    """The text escaped, with `<wbr>` between its words (see the module's note on `keep-all`); markup (a
    macro's output) keeps its tags and entities."""
    if isinstance(value, Markup):
        return breakable_html(str(value))
    pieces = words(str(value))
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index and not piece[:1].isspace() and not pieces[index - 1][-1:].isspace():
            out.append("<wbr>")
        # a dash ends its word: a word joiner keeps browsers (which may break before a dash) from parting them
        out.append(str(escape(_DASH_BEFORE.sub("\u2060\\1", piece))))
    return Markup("".join(out))


_TAG = re.compile(r"(<[^>]*>)")


def breakable_html(html: str) -> Markup:
    """Safe inline HTML with `<wbr>` between the words of its text (tags kept as they are)."""
    return Markup("".join(part if _TAG.fullmatch(part) else breakable(unescape(part)) for part in _TAG.split(html)))


_PLAIN_HEADING = re.compile(r"^(#{1,6} )([^<>&\\\[\]`*_{}\n]+)$", re.M)


def plain_headings_breakable(markdown: str) -> str:
    """A template's own Markdown headings of plain text ("## 严禁的违法违规行为") with `<wbr>` between their words
    (headings made from YAML have them already, from the `md` filter)."""
    return _PLAIN_HEADING.sub(lambda m: m.group(1) + str(breakable(m.group(2).strip())), markdown)
