"""Where a line of Chinese may break: between words, never inside one, a number or a date.

Browsers break Chinese between any two characters ("年货/节", "—2/月7日"). Titles, headings, card titles and
buttons are written with `<wbr>` between words and styled `word-break: keep-all` (cs-campaign.css), so the
browser breaks only there. Words come from jieba's dictionary (its common words) plus the campaigns' own
words below; digits stay with their unit (2022年, 10日, 29天), a whole date is one word, opening
punctuation stays with the word after it and closing punctuation with the word before.

jieba runs in a tokenizer of its own: the search plugin adds the campaign terms to jieba's shared one, and
line breaks must not depend on which microsite a worker built first.
"""

from __future__ import annotations

import io
import re
from functools import cache, lru_cache
from html import unescape
from typing import Any

from markupsafe import Markup, escape

# words jieba's dictionary splits ("年货/节", "网/购") that titles of these campaigns are made of
CAMPAIGN_WORDS = (
    "网上年货节",
    "年货节",
    "双品网购节",
    "网购节",
    "网购",
    "网销",
    "一县一品",
    "长辈版",
    "大字版",
    "分会场",
    "主会场",
    "打印版",
    "统计表",
    "承诺书",
    "二维码",
    "市州",
    "中央网信办",
    "网信办",
    "工业和信息化部",
    "市场监管总局",
    "国家邮政局",
)
_OPENING = set("“‘（《〈【「『〔([{")
_CLOSING = set("”’）》〉】」』〕)]}，。、：；！？…—–·%,.;:!?")
_UNIT = set("年月日号天时分秒点个项家类")
_NUMBER = re.compile(r"^[0-9０-９.]+$")
_DATE_PART = re.compile(r"^[0-9０-９]+[年月日号]$")
_SPACE = re.compile(r"^\s+$")


# jieba's dictionary without its rarest words: a fifth of the time to load (0.1 s against 0.5 s a process) and
# of the memory; a rare word missing only adds a place where a line may break
MIN_FREQUENCY = 20


@cache
def _tokenizer() -> Any:
    import jieba

    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as dictionary:
        common = b"".join(line for line in dictionary if int(line.split()[1]) >= MIN_FREQUENCY)
    # the prefix dictionary built here, not read from or written to jieba's cache file in the temporary folder
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(io.BytesIO(common))
    tokenizer.initialized = True
    for word in CAMPAIGN_WORDS:
        tokenizer.add_word(word, freq=10**6)
    return tokenizer


def _numbers_with_units(tokens: list[str]) -> list[str]:
    """'2022', '年' → '2022年'; then '2022年', '1月', '10日' → '2022年1月10日'."""
    joined: list[str] = []
    for token in tokens:
        if joined and _NUMBER.match(joined[-1]) and token[:1] in _UNIT:
            joined[-1] += token[0]
            token = token[1:]
            if not token:
                _join_date(joined)
                continue
        joined.append(token)
    return joined


def _join_date(joined: list[str]) -> None:
    """A date part just completed ('1月') joins the date before it ('2022年')."""
    if len(joined) > 1 and _DATE_PART.match(joined[-1]) and re.search(r"^[0-9０-９].*[年月]$", joined[-2]):
        last = joined.pop()
        joined[-1] += last


def _punctuation_attached(tokens: list[str]) -> list[str]:
    """Closing punctuation joins the word before it, opening punctuation the word after it."""
    words: list[str] = []
    pending = ""
    for token in tokens:
        if _SPACE.match(token):
            words.append(pending + token) if pending else words.append(token)
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
    tokens = list(_tokenizer().cut(text, HMM=False))
    return tuple(_punctuation_attached(_numbers_with_units(tokens)))


def break_points(text: str) -> frozenset[int]:
    """Character offsets at which a line may start: after each word, and after any space."""
    points: set[int] = set()
    offset = 0
    for word in words(text):
        offset += len(word)
        points.add(offset)
    points.update(m.end() for m in re.finditer(r"\s+", text))
    return frozenset(points)


def breakable(value: object) -> Markup:
    """The text escaped, with `<wbr>` between its words (see the module's note on `keep-all`)."""
    pieces = words(str(value))
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index and not piece[:1].isspace() and not pieces[index - 1][-1:].isspace():
            out.append("<wbr>")
        out.append(str(escape(piece)))
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
