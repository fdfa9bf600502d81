"""Documents: the 公文 (notices of every kind) and forms a campaign publishes, from their parts to paper.

    geometry.py   GB/T 9704-2012: the page, the text block, 22 lines of 28 characters (CSS, Word, tests)
    blocks.py     a body's safe HTML as blocks of text runs
    parts.py      NoticeParts, FormParts: each document built once from the Edition, with its origins
    titles.py     titles broken into lines between words (§7.3.1)
    printing.py   the print pages (HTML from the parts, geometry from geometry.py) and the CSV forms
    word_*.py     the Word files, written from the parts (word_pages.py: where the text ends, for the 版记)
    glyphs.py     the print font must hold every character the parts print
    pdf.py        PDFs printed from the print pages by a sealed Chromium
    printfonts.py the faces it prints with: the system's, their cmap without radicals
Each microsite's documents are made in its worker (microsite.py); their PDFs once per build.
"""

from .config import PdfConfig
from .glyphs import missing_glyphs, print_font
from .parts import FormParts, NoticeParts
from .pdf import PrintJob, browser_problem, print_pdfs
from .printing import PrintedDocument, PrintedDocuments, document_parts, print_documents


def word_file(parts: NoticeParts | FormParts) -> bytes:
    """The Word file of a document (word_forms.py, imported where Word files are written: python-docx is the
    workers', not the build process's)."""
    from .word_forms import word_file as written

    return written(parts)


__all__ = [
    "FormParts",
    "NoticeParts",
    "PdfConfig",
    "PrintJob",
    "PrintedDocument",
    "PrintedDocuments",
    "browser_problem",
    "document_parts",
    "missing_glyphs",
    "print_documents",
    "print_font",
    "print_pdfs",
    "word_file",
]
