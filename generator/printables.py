"""Printable documents of one microsite: notices in the GB/T 9704-2012 layout, the 承诺书 and 统计表 forms.

Each is a self-contained HTML page (styles inline, system fonts only) under print/, which a browser
prints exactly; pdf.py turns them into PDFs at build time. 统计表 also comes as CSV for Excel.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import markdown
from markupsafe import Markup

from .editions import Edition
from .model import Notice, StatisticsForm

PRINT_FOLDER = "print"
WIDE_TABLE_COLUMNS = 6  # more columns than this print on A4 landscape
TEXT_BLOCK_MM = 156


@dataclass(frozen=True)
class Printable:
    kind: str  # notice, commitment, statistics
    id: str
    title: str
    html: str  # path of the print page, microsite-relative
    csv: str | None = None

    @property
    def pdf(self) -> str:
        return self.html.removesuffix(".html") + ".pdf"

    def as_dict(self, with_pdf: bool) -> dict[str, Any]:
        entry = {"kind": self.kind, "id": self.id, "title": self.title, "html": self.html}
        if with_pdf:
            entry["pdf"] = self.pdf
        if self.csv:
            entry["csv"] = self.csv
        return entry


def mark_size_mm(text: str) -> float:
    """发文机关标志: as large as 15 mm, but never wider than the text block."""
    return round(min(15.0, (TEXT_BLOCK_MM - 6) / max(len(text), 1) / 1.05), 2)


def body_html(source: str) -> Markup:
    return Markup(markdown.markdown(source, extensions=["tables"], output_format="html"))


def statistics_csv(form: StatisticsForm) -> bytes:
    """UTF-8 with BOM and CRLF, so Excel on Windows opens the Chinese headers correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(form.columns)
    for _ in range(form.rows):
        writer.writerow([""] * len(form.columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def printables(edition: Edition) -> list[Printable]:
    items = [Printable("notice", n.id, n.title, f"{PRINT_FOLDER}/notice-{n.id}.html") for n in edition.notices]
    if edition.forms.commitment:
        title = edition.forms.commitment.title
        items.append(Printable("commitment", "commitment", title, f"{PRINT_FOLDER}/commitment.html"))
    items += [Printable("statistics", f.id, f.title, f"{PRINT_FOLDER}/{f.id}.html", f"{PRINT_FOLDER}/{f.id}.csv")
              for f in edition.forms.statistics]
    return items


def render_printables(edition: Edition, bodies: dict[str, str], render: Any) -> dict[str, bytes]:
    """Files of every printable; `render(template, **context)` is the page renderer (shared Jinja setup)."""
    notices: dict[str, Notice] = {n.id: n for n in edition.notices}
    forms = {f.id: f for f in edition.forms.statistics}
    files: dict[str, bytes] = {}
    for item in printables(edition):
        if item.kind == "notice":
            notice = notices[item.id]
            html = render("print/notice.html.j2", n=notice, body=body_html(bodies[item.id]),
                          mark_size=mark_size_mm(notice.issuer_mark or notice.issuer))
        elif item.kind == "commitment":
            html = render("print/commitment.html.j2", f=edition.forms.commitment)
        else:
            form = forms[item.id]
            html = render("print/statistics.html.j2", f=form, wide=len(form.columns) > WIDE_TABLE_COLUMNS)
            files[item.csv] = statistics_csv(form)
        files[item.html] = html.encode("utf-8")
    return files
