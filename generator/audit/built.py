"""What the build holds: the manifest an audit compares the published copy with."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ..publish import manifest

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Microsite:
    folder: str  # relative to the site root, "" for none
    pages: tuple[str, ...]  # its content pages (the sitemap's), as file paths: columns and notices


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    digests: dict[str, str]  # file path (relative, "/" separated) -> sha256
    microsites: tuple[Microsite, ...]
    external_hosts: frozenset[str]  # every host the YAML names (each data.json's list)

    def page_file(self, url_path: str) -> str:
        """The file a URL path (relative to the site root) is served from."""
        return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()


def _files(root: Path) -> dict[str, str]:
    """The manifest the build itself keeps of a folder, less the marks no visitor is served (`.campaignsite`)."""
    return {path: digest for path, digest in manifest(root).items() if not path.rsplit("/", 1)[-1].startswith(".")}


def _sitemap_pages(root: Path, sitemap: str, files: dict[str, str]) -> tuple[str, ...]:
    """The content pages a microsite's sitemap lists, as built files (its URLs carry the public address, so each
    is matched by the longest tail that names a built page)."""
    tree = etree.fromstring((root / sitemap).read_bytes(), parser=etree.XMLParser(resolve_entities=False))
    pages = []
    for loc in tree.iter(f"{SITEMAP_NS}loc"):
        parts = urlsplit((loc.text or "").strip()).path.strip("/").split("/")
        for start in range(len(parts) + 1):
            tail = "/".join(parts[start:])
            candidate = f"{tail}/index.html" if tail else "index.html"
            if candidate in files:
                pages.append(candidate)
                break
    return tuple(pages)


def read_build(root: Path) -> BuiltSite:
    files = _files(root)
    microsites = []
    hosts: set[str] = set()
    for data in sorted(p for p in files if p.endswith("/data.json") or p == "data.json"):
        folder = data.removesuffix("data.json")
        hosts |= set(json.loads((root / data).read_text(encoding="utf-8")).get("external_hosts", []))
        sitemap = folder + "sitemap.xml"
        if sitemap in files:
            microsites.append(Microsite(folder.rstrip("/"), _sitemap_pages(root, sitemap, files)))
    return BuiltSite(root, files, tuple(microsites), frozenset(hosts))
