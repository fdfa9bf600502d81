"""Proofreading, offline and without a model: Chinese punctuation and spacing (autocorrect), common 错别字 (a
list with its sources in generator/data/confusions.tsv) and the 规范表述 dictionaries of terms.yaml.

The house style of 公文 is kept: no space between Chinese and digits or Latin letters (autocorrect's spacing
rules are off), full-width spaces in 电　话 stay; spacing is only reported where a text writes it both ways.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import groupby
from typing import Any

import autocorrect_py

from ..findings import Finding
from ..read import Project
from ..read.model import Campaign, RegionEdition
from ..read.terms import Term
from .base import Text, rule, texts
from .laws import BOOK_TITLE, looks_like_law

# autocorrect's rules as a 公文 writes: full-width punctuation in Chinese, no spaces added anywhere
AUTOCORRECT_CONFIG = """
rules:
  space-word: 0
  space-punctuation: 0
  space-bracket: 0
  space-backticks: 0
  space-dash: 0
  space-dollar: 0
  fullwidth: 1
  no-space-fullwidth: 1
  no-space-fullwidth-quote: 0
  halfwidth-word: 0
  halfwidth-punctuation: 0
  spellcheck: 0
"""
HAN = "\u4e00-\u9fff"
CHINESE_CONTEXT = f"{HAN}\u3000-\u303f\uff01-\uff5e“”‘’"
# what autocorrect leaves: a semicolon, a bracket pair around Chinese (not an outline number at the line start,
# which the outline rule reports), letters and digits typed full-width
HALF_SEMICOLON = re.compile(f"(?<=[{CHINESE_CONTEXT}]);(?=\\s*[{CHINESE_CONTEXT}])")
HALF_BRACKETS = re.compile(f"(?<=[{CHINESE_CONTEXT}])\\(([^()]*[{HAN}][^()]*)\\)")
FULLWIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
# a number of running text (a year, a count: up to four digits), not a phone number after a name nor a time
SPACED = re.compile(f"[{HAN}][ \t]+(?=[0-9]{{1,4}}(?![0-9:：.-]))|(?<![0-9:：.-])[0-9]{{1,4}}[ \t]+(?=[{HAN}])")
UNSPACED = re.compile(f"[{HAN}](?=[0-9])|[0-9](?=[{HAN}])")


@cache
def _configured() -> None:
    autocorrect_py.load_config(AUTOCORRECT_CONFIG)  # type: ignore[attr-defined]  # missing from its stubs


def _corrected(text: Text) -> str:
    _configured()
    if text.document and text.document.endswith(".md"):
        return autocorrect_py.format_for(text.text, "body.md")
    return autocorrect_py.format(text.text)


def _changes(text: Text) -> Iterator[tuple[int, str, str]]:
    """(offset, written, corrected) for each place autocorrect and the rules it lacks would change."""
    corrected = _corrected(text)
    if corrected != text.text:
        matcher = difflib.SequenceMatcher(None, text.text, corrected, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                yield i1, text.text[i1:i2], corrected[j1:j2]
    for match in HALF_SEMICOLON.finditer(text.text):
        yield match.start(), ";", "；"
    for match in HALF_BRACKETS.finditer(text.text):
        yield match.start(), match.group(0), f"（{match.group(1)}）"


def _kind(change: tuple[int, str, str]) -> tuple[str, str]:
    """Changes reported together on a line: spaces removed, or one mark replaced by another."""
    _, old, new = change
    return ("", "") if not old.strip() else (old[:1], new[:1])


def _punctuation_finding(text: Text, places: list[tuple[int, str, str]]) -> Finding:
    offset, old, new = places[0]
    more = f"（本行 {len(places)} 处）" if len(places) > 1 else ""
    if not old.strip():
        return text.finding(
            offset, f"全角标点旁不加空格{more}", "punctuation-space", fix="删去空格", severity="warning"
        )
    return text.finding(
        offset, f"中文里用了半角标点“{old}”{more}", "punctuation-halfwidth", fix=f"改为“{new}”", severity="warning"
    )


@rule
def punctuation(project: Project) -> Iterator[Finding]:
    """Half-width punctuation in Chinese text, spaces around full-width punctuation, full-width letters/digits;
    one finding per line and kind of change, at its first place."""
    for text in texts(project):
        if not re.search(f"[{HAN}]", text.text):
            continue
        changes = sorted(_changes(text))
        for _, places in groupby(sorted(changes, key=_kind), key=_kind):
            yield _punctuation_finding(text, sorted(places))
        for match in FULLWIDTH_ALNUM.finditer(text.text):
            yield text.finding(
                match.start(),
                f"“{match.group(0)}”是全角字母或数字",
                "fullwidth-alnum",
                fix=f"改为“{match.group(0).translate(_HALF_WIDTH)}”",
                severity="warning",
            )


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}


@rule
def spacing(project: Project) -> Iterator[Finding]:
    """Chinese and numbers spaced in some places of one file and not in others: the fewer are reported, one
    finding per line."""
    for _, group in groupby(sorted(texts(project), key=_file_of), key=_file_of):
        lines = list(group)
        spaced = {id(t): [m.start() + len(m.group(0).rstrip()) for m in SPACED.finditer(t.text)] for t in lines}
        unspaced = {id(t): [m.start() + 1 for m in UNSPACED.finditer(t.text)] for t in lines}
        spaced_count, unspaced_count = sum(map(len, spaced.values())), sum(map(len, unspaced.values()))
        if not spaced_count or not unspaced_count:
            continue
        report, fix = (
            (spaced, f"删去空格（本文件另有 {unspaced_count} 处不加）")
            if spaced_count <= unspaced_count
            else (unspaced, f"统一写法（本文件另有 {spaced_count} 处加空格）")
        )
        for text in lines:
            if places := report[id(text)]:
                more = f"（本行 {len(places)} 处）" if len(places) > 1 else ""
                yield text.finding(
                    places[0],
                    f"汉字与数字之间有的加空格、有的不加{more}",
                    "spacing-inconsistent",
                    fix=fix,
                    severity="warning",
                )


def _file_of(text: Text) -> str:
    return text.path


@dataclass(frozen=True)
class Confusion:
    wrong: str
    right: str
    source: str


@cache
def confusions() -> dict[str, Confusion]:
    """The common 错别字, by their wrong form."""
    data = resources.files("generator.data").joinpath("confusions.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in data.splitlines() if line and not line.startswith("#")]
    return {wrong: Confusion(wrong, right, source) for wrong, right, source in rows}


@cache
def _confusion_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(confusions(), key=len, reverse=True))))


SOURCE_NAMES = {"pycorrector": "pycorrector 常见错别字表", "campaignsite": "本项目常见错字表"}


def _fixed(schema: dict[str, Any]) -> bool:
    if "enum" in schema or "const" in schema or schema.get("format") in ("uri", "file-path"):
        return True
    inner = [*schema.get("anyOf", []), *([schema["items"]] if "items" in schema else [])]
    return any(_fixed(s) for s in inner)


@cache
def fixed_fields() -> frozenset[str]:
    """Fields whose value is picked from a list, an address or a file (kind, url, body …): not prose an editor
    could reword, so no wording rule applies to them."""
    found = {"id", "code", "email", "phone", "fax"}
    for model in (Campaign, RegionEdition):
        schema = model.model_json_schema()
        for definition in [schema, *schema.get("$defs", {}).values()]:
            found |= {name for name, field in definition.get("properties", {}).items() if _fixed(field)}
    return frozenset(found)


def prose(text: Text) -> bool:
    key = next((part for part in reversed(text.at) if isinstance(part, str)), "")
    return text.doc is None or key not in fixed_fields()


@rule
def typos(project: Project) -> Iterator[Finding]:
    for text in filter(prose, texts(project)):
        for match in _confusion_pattern().finditer(text.text):
            entry = confusions()[match.group(0)]
            yield text.finding(
                match.start(),
                f"错别字“{entry.wrong}”（{SOURCE_NAMES[entry.source]}）",
                "typo",
                fix=f"改为“{entry.right}”",
            )


def _law_titles(line: str) -> list[range]:
    return [range(m.start(), m.end()) for m in BOOK_TITLE.finditer(line) if looks_like_law(m.group(1))]


def _written_right(line: str, term: Term, start: int) -> bool:
    """Whether the match of `term.wrong` at `start` is part of the right form (网上年货节 inside 全国网上年货节)."""
    if not term.right:
        return False
    for match in re.finditer(re.escape(term.right), line):
        if match.start() <= start and start + len(term.wrong) <= match.end():
            return True
    return False


@dataclass(frozen=True)
class Dictionary:
    """The terms that apply to one campaign or region, the most local entry of each wrong form winning, and
    one pattern finding them all (a list of thousands is one pass over each text)."""

    terms: dict[str, Term]
    pattern: re.Pattern[str] | None


def _dictionary(project: Project, campaign: str, region: str | None) -> Dictionary:
    applicable = [t for t in project.terms if t.scope.covers(campaign, region)]
    # national first, then the campaign's, then the region's: a later entry of the same wrong form wins
    terms = {
        t.wrong: t for t in sorted(applicable, key=lambda t: (t.scope.campaign is not None, t.scope.region is not None))
    }
    words = sorted(terms, key=len, reverse=True)
    return Dictionary(terms, re.compile("|".join(map(re.escape, words))) if words else None)


@rule
def terms(project: Project) -> Iterator[Finding]:
    """The 规范表述 dictionaries, each applied to the texts of its own scope; law titles in 《》 are the law rule's."""
    if not project.terms:
        return
    dictionaries: dict[tuple[str, str | None], Dictionary] = {}
    for text in filter(prose, texts(project)):
        scope = (text.source.campaign.id, text.source.region)
        dictionary = dictionaries.get(scope) or dictionaries.setdefault(scope, _dictionary(project, *scope))
        if dictionary.pattern is None:
            continue
        titles = _law_titles(text.text)
        for match in dictionary.pattern.finditer(text.text):
            term = dictionary.terms[match.group(0)]
            if _written_right(text.text, term, match.start()) or any(match.start() in r for r in titles):
                continue
            note = f"（{term.note}）" if term.note else ""
            right = f"改为“{term.right}”" if term.right else "删去"
            yield text.finding(
                match.start(),
                f"“{term.wrong}”不是规范表述{note}",
                "term",
                fix=f"{right}（规范表述表 {term.origin.path}:{term.origin.line}）",
                severity="warning" if term.severity == "warning" else "error",
            )
