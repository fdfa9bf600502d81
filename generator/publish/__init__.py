"""Stage 8, publish: the one writer (staging.py), the brand guard, every built page read once (pagescan.py:
links, page policy), incremental reuse of unchanged microsites, and the atomic swap of the finished site."""

from .brand_guard import verify_brand
from .incremental import Stamps, Taking, fingerprint, link_tree, manifest, shared_fingerprint, take_published
from .staging import Staging, write

__all__ = [
    "Staging",
    "Stamps",
    "Taking",
    "fingerprint",
    "link_tree",
    "manifest",
    "shared_fingerprint",
    "take_published",
    "verify_brand",
    "write",
]
