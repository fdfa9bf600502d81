"""Stage 8, publish: the one writer (staging.py), the brand guard, every built page read once (pagescan.py:
links, page policy), incremental reuse of unchanged microsites, and the atomic swap of the finished site."""

from .brand_guard import verify_brand
from .incremental import Stamps, fingerprint, link_tree, manifest, shared_fingerprint
from .staging import Staging, write

__all__ = [
    "Staging",
    "Stamps",
    "fingerprint",
    "link_tree",
    "manifest",
    "shared_fingerprint",
    "verify_brand",
    "write",
]
