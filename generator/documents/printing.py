"""The print pages of one microsite: each document's parts laid out in the GB/T 9704-2012 layout as a
self-contained HTML page (styles inline, system fonts only), which a browser prints exactly (pdf.py); the
统计表 also as CSV for Excel.

The pages' lengths come from geometry.py (the templates read it as `g`); their layout scripts are rendered
with the same numbers, for the page and for the printer, which runs them itself.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..read.documents import StatisticsForm
from ..render.brand import footer_lines
from ..render.environment import make_environment, render, template_path
from ..resolve import Edition, MicrositeMap, Printable, SiteMap, Target
from .geometry import GEOMETRY, mm
from .parts import FormParts, NoticeParts, commitment_parts, notice_parts, statistics_parts

TEMPLATES = {"notice": "notice.html.j2", "commitment": "commitment.html.j2", "statistics": "statistics.html.j2"}
LAYOUT_SCRIPTS = {"notice": "notice-layout.js", "commitment": "commitment-layout.js"}


@cache
def environment() -> Environment:
    return make_environment("generator.documents", mm=mm, num=lambda value: f"{value:g}")


@dataclass(frozen=True)
class PrintedDocument:
    """A print page, the parts it shows and the files it is published as."""

    printable: Printable
    parts: NoticeParts | FormParts
    html: bytes
    layout: str  # the page's layout script, which the PDF printer runs itself (it runs no script of the page)

    @property
    def pdf(self) -> Target:
        return self.printable.pdf


@dataclass(frozen=True)
class PrintedDocuments:
    documents: tuple[PrintedDocument, ...]
    files: dict[str, bytes]  # print pages and CSV files, by their path in the microsite
    sources: dict[str, str]  # print page -> the template that wrote it


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


def document_parts(edition: Edition, item: Printable) -> NoticeParts | FormParts:
    """The parts of one printable of the edition (the site map lists them)."""
    if item.kind == "notice":
        return notice_parts(edition, next(i for i, n in enumerate(edition.notices) if n.id == item.id))
    if item.kind == "commitment":
        return commitment_parts(edition)
    index, form = next((i, f) for i, f in enumerate(edition.forms.statistics) if f.id == item.id)
    return statistics_parts(edition, form, index)


def _page(item: Printable, parts: NoticeParts | FormParts, sites: SiteMap, context: dict[str, Any]) -> str:
    name = "p" if isinstance(parts, NoticeParts) else "f"
    return render(
        TEMPLATES[item.kind], sites=sites, at=item.html, env=environment(), g=GEOMETRY, **{name: parts}, **context
    )


def print_documents(edition: Edition, microsite: MicrositeMap, sites: SiteMap) -> PrintedDocuments:
    context = {"footer": footer_lines(edition.footer)}
    documents, files, sources = [], {}, {}
    for item in microsite.printables:
        parts = document_parts(edition, item)
        html = _page(item, parts, sites, context).encode("utf-8")
        layout = (
            environment().get_template(LAYOUT_SCRIPTS[item.kind]).render(g=GEOMETRY)
            if item.kind in LAYOUT_SCRIPTS
            else ""
        )
        documents.append(PrintedDocument(item, parts, html, layout))
        files[item.html.path] = html
        sources[item.html.path] = template_path(TEMPLATES[item.kind], Path(__file__).parent)
        if item.csv is not None:
            form = next(f for f in edition.forms.statistics if f.id == item.id)
            files[item.csv.path] = statistics_csv(form)
    return PrintedDocuments(tuple(documents), files, sources)
