"""Stage 7, publish: the one writer (staging.py), PDF printing of the rendered print documents, the brand
guard, incremental reuse of unchanged microsites, and the atomic swap of the finished site."""

from .brand_guard import verify_brand
from .config import PdfConfig
from .incremental import Stamps, link_tree, manifest, microsite_fingerprint, shared_fingerprint
from .pdf import PrintJob, browser_problem, print_pdfs
from .staging import Staging, write

__all__ = [
    "PdfConfig",
    "PrintJob",
    "Staging",
    "Stamps",
    "browser_problem",
    "link_tree",
    "manifest",
    "microsite_fingerprint",
    "print_pdfs",
    "shared_fingerprint",
    "verify_brand",
    "write",
]
