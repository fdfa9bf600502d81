"""The HTTP headers a published file is served with, declared once for every way a site is published (object
metadata on `campaignsite deploy`; a web server's configuration): its type, with the charset of text, and how
long a browser or a CDN may keep it."""

from __future__ import annotations

import posixpath
import re

TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".ics": "text/calendar",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".gz": "application/gzip",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
UNKNOWN_TYPE = "application/octet-stream"
# text a browser must not guess the encoding of (GBK is what a Chinese Windows guesses)
TEXT_TYPES = ("text/", "application/json", "application/manifest+json", "application/xml", "image/svg+xml")

# a name that carries its content's hash (main.57a0d79d.min.css): its bytes never change, so kept a year
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.")
LONG_CACHE = "public, max-age=31536000, immutable"
# pages, data and files published under the same name again: a change reaches readers within five minutes
SHORT_CACHE = "public, max-age=300"


def content_type(path: str) -> str:
    """The Content-Type of a published file, by its name; text says it is UTF-8."""
    name = posixpath.basename(path).lower()
    kind = TYPES.get(posixpath.splitext(name)[1], UNKNOWN_TYPE)
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def cache_control(path: str) -> str:
    """How long a browser or CDN may keep a file without asking again."""
    return LONG_CACHE if HASHED_NAME.search(posixpath.basename(path)) else SHORT_CACHE
