"""Prose: dates and weekdays written in notices and YAML text, the events they describe, the outline numbering
of a 公文 (GB/T 9704 §7.3.3: 一、 → （一） → 1． → （1）), and a word typed twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from ..findings import Finding
from ..read import Project
from ..read.model import Event
from ..read.periods import format_date
from .base import Text, rule, texts
from .dates import likely_date

FULL_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"(?:\s*[（(](?:星期|周)([一二三四五六日天])[)）])?"
)
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-4])\s*[:：]\s*([0-5]\d)(?!\d)")
WEEKDAYS = "一二三四五六日"
SENTENCE = re.compile(r"[^。；！？\n]+")


def _day(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


@rule
def dates_in_prose(project: Project) -> Iterator[Finding]:
    """A date in the wrong year (the same day falls in the period of another year: a copied date), a weekday
    that is not the date's."""
    for text in texts(project):
        if text.doc is not None and text.at and not isinstance(text.at[-1], int) and text.at[-1] == "date":
            continue
        period = text.source.merged.period
        for match in FULL_DATE.finditer(text.text):
            day = _day(*match.group(1, 2, 3))
            if day is None:
                yield text.finding(match.start(), f"文中日期“{match.group(0)}”不存在", "date-invalid")
                continue
            guess = likely_date(day, period.start, period.end)
            if not period.start <= day <= period.end and day.year not in {period.start.year, period.end.year} and guess:
                yield text.finding(
                    match.start(),
                    f"文中日期“{match.group(0)}”年份有误，不在活动期（{period.start} 至 {period.end}）内",
                    "date-wrong-year",
                    fix=f"是否应为 {format_date(guess)}？",
                )
            weekday = match.group(4)
            if weekday and WEEKDAYS[day.weekday()] != weekday.replace("天", "日"):
                yield text.finding(
                    match.start(),
                    f"{format_date(day)}是星期{WEEKDAYS[day.weekday()]}，文中写作“{weekday}”",
                    "calendar-weekday",
                    fix=f"改为（星期{WEEKDAYS[day.weekday()]}）",
                )


def _plain_name(name: str) -> str:
    return name.strip("“”\"'《》「」 ")


def _written_days(sentence: str, year: int) -> list[date]:
    days = [d for m in FULL_DATE.finditer(sentence) if (d := _day(*m.group(1, 2, 3)))]
    without_full = FULL_DATE.sub("", sentence)
    return days + [d for m in MONTH_DAY.finditer(without_full) if (d := _day(str(year), *m.group(1, 2)))]


@rule
def events_in_prose(project: Project) -> Iterator[Finding]:
    """A sentence naming a YAML event with another date or time than the YAML gives it."""
    for text in texts(project):
        if text.doc is not None:
            continue  # YAML text: the event's own fields are its facts
        events = [e for e in text.source.merged.events if isinstance(e.date, date)]
        for sentence in SENTENCE.finditer(text.text):
            for event in events:
                if _plain_name(event.name) in sentence.group(0):
                    yield from _event_sentence(text, sentence.start(), sentence.group(0), event)


def _event_sentence(text: Text, offset: int, sentence: str, event: Event) -> Iterator[Finding]:
    first = event.date
    assert isinstance(first, date)  # only dated events are looked for in the prose
    name, last = _plain_name(event.name), event.end_date or first
    days = _written_days(sentence, first.year)
    wrong = [d for d in days if not first <= d <= last]
    if days and len(wrong) == len(days):
        written, configured = format_date(wrong[0]), format_date(first)
        yield text.finding(
            offset,
            f"文中“{name}”的日期 {written} 与配置中的 {configured} 不一致",
            "date-event-mismatch",
            fix="核对正文或 YAML 中该活动的日期",
            severity="warning",
        )
    clocks = [f"{int(h):02d}:{m}" for h, m in CLOCK.findall(sentence)]
    if event.time and clocks and event.time not in clocks:
        yield text.finding(
            offset,
            f"文中“{name}”的时间 {clocks[0]} 与配置中的 {event.time} 不一致",
            "date-event-mismatch",
            fix="核对正文或 YAML 中该活动的时间",
            severity="warning",
        )


CHINESE_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
OUTLINE = [  # level, pattern at the start of a paragraph (after Markdown's #), the style it should have
    (1, re.compile(r"^([一二三四五六七八九十]+)、")),
    (2, re.compile(r"^([（(])([一二三四五六七八九十]+)([)）])")),
    (3, re.compile(r"^(\d{1,2})[．.](?=[^\d\s.．])")),
    (4, re.compile(r"^([（(])(\d{1,2})([)）])")),
]
LEVEL_NAMES = {1: "一、", 2: "（一）", 3: "1．", 4: "（1）"}
# where a document ends and the next (an attachment) may begin: an 附件 label or 附件说明, a signature date,
# the 印发 line of the 版记
DOCUMENT_END = re.compile(
    r"^\s*(?:附\s*件\s*\d*\s*$|附件[:：]|[^，。、；：]*?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"\s*(?:印发)?\s*$)"
)


def chinese_number(text: str) -> int:
    """一 … 九十九 as written in outline numbers."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CHINESE_NUMBERS.get(text, 0)
    tens, _, ones = text.partition("十")
    return CHINESE_NUMBERS.get(tens, 1) * 10 + CHINESE_NUMBERS.get(ones, 0)


def _outline_marker(line: str) -> tuple[int, int, bool] | None:
    """(level, number, written with half-width brackets) of a paragraph's outline number."""
    stripped = line.lstrip("#").strip()
    for level, pattern in OUTLINE:
        match = pattern.match(stripped)
        if match:
            groups = match.groups()
            number = groups[1] if len(groups) == 3 else groups[0]
            return level, chinese_number(number), len(groups) == 3 and "(" in groups[0] + groups[2]
    return None


@dataclass
class _Item:
    """An open outline item: its level, and how its children are numbered so far."""

    level: int
    child_level: int | None = None
    last_child: int = 0


def _outline_findings(lines: list[Text]) -> Iterator[Finding]:
    """Numbers go 1, 2, 3 under each item; an item's children all use one style (a level may be skipped,
    as 一、 then 1．, but not mixed, as 1． then （二） under the same 一、)."""
    stack = [_Item(0)]
    for text in lines:
        if DOCUMENT_END.match(text.text):
            stack = [_Item(0)]  # a signature date or an 附件 label: what follows is another document
            continue
        marker = _outline_marker(text.text)
        if marker is None:
            continue
        level, number, half_width = marker
        if half_width:
            yield text.finding(
                0,
                f"序号“{text.text.lstrip('# ')[:4]}”用了半角括号",
                "outline-style",
                fix="公文结构层次序数用全角括号：（一）、（1）",
                severity="warning",
            )
        while stack[-1].level >= level:
            stack.pop()
        parent = stack[-1]
        if parent.child_level is not None and parent.child_level != level:
            yield text.finding(
                0,
                f"同一层中混用了“{LEVEL_NAMES[parent.child_level]}”和“{LEVEL_NAMES[level]}”两种序号",
                "outline-level",
                fix="同一层次用同一种序号：一、（一）1．（1）",
                severity="warning",
            )
        elif number != parent.last_child + 1:
            what = "重复" if number <= parent.last_child else "跳号"
            yield text.finding(
                0,
                f"序号{what}：上一个同级序号是 {parent.last_child or '（无）'}，此处为 {number}",
                "outline-number",
                fix=f"改为 {parent.last_child + 1}",
                severity="warning",
            )
        parent.child_level, parent.last_child = parent.child_level or level, number
        stack.append(_Item(level))


@rule
def outline_numbering(project: Project) -> Iterator[Finding]:
    """一、（一）1．（1） in each notice or attachment body: in order, each level under the one above it."""
    body_lines = sorted((t for t in texts(project) if t.document), key=lambda t: (t.document, t.line))
    for _, lines in groupby(body_lines, key=lambda t: t.document):
        yield from _outline_findings(list(lines))


REPEATED = re.compile(r"([\u4e00-\u9fff]{2,6})\1")


@rule
def repeated_words(project: Project) -> Iterator[Finding]:
    """A word of two or more characters typed twice in a row (a word, as jieba segments it, not a syllable)."""
    for text in texts(project):
        for match in REPEATED.finditer(text.text):
            word = match.group(1)
            if _twice_as_words(text.text, match.start(), word):
                yield text.finding(
                    match.start(),
                    f"“{word}”连续出现了两次",
                    "text-repeated-word",
                    fix=f"删除多余的“{word}”",
                    severity="warning",
                )


def _twice_as_words(line: str, start: int, word: str) -> bool:
    import jieba  # loaded only when a line repeats itself

    jieba.setLogLevel(60)
    position = 0
    tokens = []
    for token in jieba.cut(line):
        tokens.append((position, token))
        position += len(token)
    starts = {pos: token for pos, token in tokens}
    return starts.get(start) == word and starts.get(start + len(word)) == word
