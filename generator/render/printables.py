"""Printable documents of one microsite: notices in the GB/T 9704-2012 layout, the 承诺书 and 统计表 forms.

Each is a self-contained HTML page (styles inline, system fonts only) under print/, which a browser prints
exactly; publish/pdf.py turns them into PDFs. 统计表 also comes as CSV for Excel.
"""

from __future__ import annotations

import csv
import io

from markupsafe import Markup

from ..read.documents import DOCUMENT_KINDS, StatisticsForm
from ..resolve import Printable, SiteMap
from .brand import footer_lines
from .environment import render, template_path, template_source
from .structure import PrintDocument, RenderedMicrosite

WIDE_TABLE_COLUMNS = 6  # more columns than this print on A4 landscape
TEXT_BLOCK_MM = 156


def mark_size_mm(text: str) -> float:
    """发文机关标志: as large as 15 mm, but never wider than the text block."""
    return round(min(15.0, (TEXT_BLOCK_MM - 6) / max(len(text), 1) / 1.05), 2)


def csv_text(value: str) -> str:
    """A cell Excel shows as text: one starting with = + - @ would be run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def statistics_csv(form: StatisticsForm) -> bytes:
    """UTF-8 with BOM and CRLF, so Excel on Windows opens the Chinese headers correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(column) for column in form.columns])
    for _ in range(form.rows):
        writer.writerow([""] * len(form.columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


LAYOUT_SCRIPTS = {"notice": "print/notice-layout.js", "commitment": "print/commitment-layout.js"}


def _document(site: RenderedMicrosite, sites: SiteMap, item: Printable) -> str:
    edition = site.edition
    page = {"sites": sites, "at": item.html, "footer": footer_lines(edition.footer)}
    if item.kind == "notice":
        notice = next(n for n in edition.notices if n.id == item.id)
        kind = DOCUMENT_KINDS[notice.kind]
        mark = mark_size_mm(notice.issuer_mark or notice.issuer)
        return render(
            "print/notice.html.j2",
            **page,
            n=notice,
            kind=kind,
            body=Markup(edition.bodies[notice.body]),
            mark_size=mark,
            recipients=[r for r in notice.recipients if r.strip()] if kind.recipients else [],
            cc=[c for c in notice.cc if c.strip()],
            printer=None if kind.letter else notice.printer,  # §10.1: a letter's 版记 has no 印发
            attachments=[
                (i, a, Markup(edition.bodies[a.body]) if a.body else None) for i, a in enumerate(notice.attachments, 1)
            ],
        )
    if item.kind == "commitment":
        return render("print/commitment.html.j2", **page, f=edition.forms.commitment)
    form = next(f for f in edition.forms.statistics if f.id == item.id)
    site.add_file(item.csv, statistics_csv(form))
    return render("print/statistics.html.j2", **page, f=form, wide=len(form.columns) > WIDE_TABLE_COLUMNS)


def render_printables(site: RenderedMicrosite, sites: SiteMap) -> None:
    for item in site.map.printables:
        html = _document(site, sites, item).encode("utf-8")
        site.add_file(item.html, html)
        site.sources[item.html.path] = template_path(f"print/{item.kind}.html.j2")
        layout = template_source(LAYOUT_SCRIPTS[item.kind]) if item.kind in LAYOUT_SCRIPTS else ""
        site.prints.append(PrintDocument(item.html, item.pdf, html, layout))
