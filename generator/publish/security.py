"""The security headers every response of a published site carries (等保 2.0 scans look for them), declared once
and rendered for the hosts offices use (`campaignsite headers`): a Content-Security-Policy whose scripts are
the site's own files and the inline scripts the engines write, allowed by their hashes, never 'unsafe-inline'."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

# a script element whose type a browser runs (JSON data blocks are not run, so need no hash)
RUN_TYPES = ("", "text/javascript", "application/javascript", "module")
HSTS_SECONDS = 31536000  # a year, as 等保 scans expect; the portal decides on includeSubDomains and preload


@dataclass(frozen=True)
class Policy:
    """What the built pages need: the hashes of their inline scripts."""

    script_hashes: tuple[str, ...]
    hsts_seconds: int = HSTS_SECONDS

    def content_security_policy(self) -> str:
        scripts = " ".join(["'self'", *(f"'{h}'" for h in self.script_hashes)])
        return "; ".join(
            [
                "default-src 'self'",
                f"script-src {scripts}",
                "style-src 'self' 'unsafe-inline'",  # the engines' style attributes; no script can hide there
                "img-src 'self' data:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "worker-src 'self' blob:",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'self'",
            ]
        )

    def headers(self) -> dict[str, str]:
        """Every response's security headers, in the order they are written."""
        found = {
            "Content-Security-Policy": self.content_security_policy(),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "SAMEORIGIN",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        }
        if self.hsts_seconds:
            found["Strict-Transport-Security"] = f"max-age={self.hsts_seconds}"
        return found


def script_hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def inline_scripts(page: bytes) -> Iterable[str]:
    """The text of each inline script a browser would run."""
    if not page.strip():
        return []
    tree = lxml_html.fromstring(page)
    return [
        element.text or ""
        for element in tree.iter("script")
        if element.get("src") is None and (element.get("type") or "").strip().lower() in RUN_TYPES
    ]


def policy_of(site: Path, hsts_seconds: int = HSTS_SECONDS) -> Policy:
    """The policy the built pages of `site` need (every .html below it, print pages included)."""
    hashes = {script_hash(s) for page in sorted(site.rglob("*.html")) for s in inline_scripts(page.read_bytes())}
    return Policy(tuple(sorted(hashes)), hsts_seconds)
