"""Each document as its parts, built once from the Edition: what the print page shows, what the Word file
writes, what the glyph guard reads. Every text is as the page shows it (white space collapsed); every part
remembers the YAML it came from (`origins`), so a finding about it names the line an editor changes.

    NoticeParts  a 公文 of any kind (GB/T 9704 names in the comments)
    FormParts    the 承诺书 or a 统计表
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass

from ..findings import Origin
from ..read.documents import DOCUMENT_KINDS, Notice, StatisticsForm
from ..read.periods import format_date
from ..resolve import Edition
from .blocks import Block, blocks_of, shown
from .geometry import MARK_MM, NOTICE, WIDE_FORM, form_rows
from .titles import title_lines

WIDE_TABLE_COLUMNS = 6  # more columns than this print on A4 landscape


def mark_size_mm(text: str) -> float:
    """发文机关标志: as large as 15 mm, but never wider than the text block."""
    return round(min(float(MARK_MM), (NOTICE.block_width - 6) / max(len(text), 1) / 1.05), 2)


@dataclass(frozen=True)
class Annex:
    """An attachment printed with its own body (§7.3.7)."""

    label: str  # 附件 / 附件2
    title: str
    body: tuple[Block, ...]
    body_html: str = field(default="", compare=False, repr=False)

    @property
    def title_lines(self) -> tuple[str, ...]:
        return title_lines(self.title, NOTICE.title_cells)


@dataclass(frozen=True)
class NoticeParts:
    """A 公文 as its print page shows it."""

    letter: bool  # 信函格式
    red_head: bool  # the 发文机关标志 is printed (in red)
    urgency: str | None  # 紧急程度
    mark: str | None  # 发文机关标志
    mark_mm: float = field(compare=False)  # its size (what the print page's style says, printed or not)
    number: str | None  # 发文字号
    title: str
    recipients: str | None  # 主送机关, with its colon
    body: tuple[Block, ...]
    annex_names: tuple[str, ...]  # 附件说明, each as printed ("1．名称")
    signature: str | None  # 发文机关署名
    date: str | None  # 成文日期
    annexes: tuple[Annex, ...]
    cc: str | None  # 抄送 names, with the closing 。
    printer: str | None  # 印发机关
    printed: str | None  # 印发日期 with 印发
    kind: str = field(default="通知", compare=False)  # the 文种
    body_html: str = field(default="", compare=False, repr=False)  # the body as the print page shows it
    origins: Mapping[str, Origin] = field(default_factory=dict, compare=False, repr=False)  # part -> its YAML

    @property
    def title_lines(self) -> tuple[str, ...]:
        """The title as it is printed, broken between words (§7.3.1; titles.py)."""
        return title_lines(self.title, NOTICE.title_cells)


@dataclass(frozen=True)
class FormParts:
    """承诺书 or 统计表 as its print page shows it."""

    kind: str  # commitment, statistics
    title: str
    intro: str | None = None
    items: tuple[str, ...] = ()  # each as printed ("1．条款")
    signoff: tuple[tuple[str, bool], ...] = ()  # (text, followed by a blank to fill in)
    fields: tuple[str, ...] = ()  # each with its colon
    columns: tuple[str, ...] = ()
    rows: int = 0
    wide: bool = False
    origins: Mapping[str, Origin] = field(default_factory=dict, compare=False, repr=False)

    @property
    def title_lines(self) -> tuple[str, ...]:
        return title_lines(self.title, (WIDE_FORM if self.wide else NOTICE).title_cells)

    @property
    def printed_rows(self) -> int:
        """A 统计表's blank rows on paper: its page filled (the CSV keeps the form's own `rows`)."""
        return form_rows(WIDE_FORM if self.wide else NOTICE, len(self.title_lines), len(self.fields), self.rows)


def parts_key(parts: NoticeParts | FormParts) -> str:
    """What a Word file is written from, as stable text (a cache key): every part but origins and HTML."""

    def plain(value: object) -> object:
        if is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in fields(value) if f.repr}
        if isinstance(value, frozenset | set):
            return sorted(plain(item) for item in value)  # type: ignore[type-var]
        if isinstance(value, tuple | list):
            return [plain(item) for item in value]
        return value

    return json.dumps(plain(parts), ensure_ascii=False, sort_keys=True)


def _joined(texts: list[str], separator: str, end: str) -> str | None:
    texts = [t for t in texts if t.strip()]
    return shown(separator.join(texts) + end) if texts else None


def notice_parts(edition: Edition, index: int) -> NoticeParts:
    """The parts of the edition's notice at `index` (its position in `edition.notices`)."""
    notice: Notice = edition.notices[index]
    kind = DOCUMENT_KINDS[notice.kind]
    at = ("notices", index)

    def origin(*path: str | int) -> Origin:
        return edition.provenance.origin(*at, *path)

    headed = kind.letter or kind.red_head
    mark = shown(notice.issuer_mark or notice.issuer) if headed else None
    numbered = len(notice.attachments) > 1
    printer = None if kind.letter else shown(notice.printer)  # §10.1: a letter's 版记 has no 印发
    printed_on = notice.printed or notice.date
    annexes = tuple(
        Annex(f"附件{i if numbered else ''}", shown(a.title) or "", blocks_of(html), html)
        for i, a in enumerate(notice.attachments, 1)
        if a.body and (html := edition.bodies.get(a.body))
    )
    origins = {
        "title": origin("title"),
        "mark": origin("issuer_mark" if notice.issuer_mark else "issuer"),
        **{name: origin(name) for name in ("urgency", "number", "recipients", "body", "signature", "cc", "printer")},
        "date": origin("date"),
        "printed": origin("printed" if notice.printed else "date"),
        "annex_names": origin("attachments"),
        **{f"annex:{i}:title": origin("attachments", i, "title") for i in range(len(notice.attachments))},
        **{f"annex:{i}:body": origin("attachments", i, "body") for i in range(len(notice.attachments))},
    }
    return NoticeParts(
        letter=kind.letter,
        red_head=headed,
        urgency=shown(notice.urgency) if headed else None,
        mark=mark,
        mark_mm=mark_size_mm(notice.issuer_mark or notice.issuer),
        number=shown(notice.number),
        title=shown(notice.title) or "",
        recipients=_joined(list(notice.recipients), "、", "：") if kind.recipients else None,
        body=blocks_of(edition.bodies[notice.body]),
        annex_names=tuple(
            name
            for i, a in enumerate(notice.attachments, 1)
            if (name := shown(f"{i}．{a.title}" if numbered else a.title))
        ),
        signature=shown(notice.signature),
        date=shown(format_date(notice.date)) if notice.date else None,
        annexes=annexes,
        cc=_joined(list(notice.cc), "，", "。"),
        printer=printer,
        printed=shown(f"{format_date(printed_on)}印发") if printer and printed_on else None,
        kind=notice.kind,
        body_html=edition.bodies[notice.body],
        origins=origins,
    )


def commitment_parts(edition: Edition) -> FormParts:
    commitment = edition.forms.commitment
    assert commitment is not None
    at = ("forms", "commitment")
    origins = {name: edition.provenance.origin(*at, name) for name in ("title", "intro", "items", "signer")}
    return FormParts(
        "commitment",
        shown(commitment.title) or "",
        intro=shown(commitment.intro),
        items=tuple(t for i, item in enumerate(commitment.items, 1) if (t := shown(f"{i}．{item}"))),
        signoff=(
            ("承诺单位（盖章）：", True),
            (shown(f"{commitment.signer}（签字）：") or "", True),
            ("日期：　　　　年　　月　　日", False),
        ),
        origins=origins,
    )


def statistics_parts(edition: Edition, form: StatisticsForm, index: int) -> FormParts:
    at = ("forms", "statistics", index)
    origins = {name: edition.provenance.origin(*at, name) for name in ("title", "header_fields", "columns")}
    return FormParts(
        "statistics",
        shown(form.title) or "",
        fields=tuple(t for name in form.header_fields if (t := shown(f"{name}："))),
        columns=tuple(shown(column) or "" for column in form.columns),
        rows=form.rows,
        wide=len(form.columns) > WIDE_TABLE_COLUMNS,
        origins=origins,
    )
