"""What the site map hands out: a file or folder of a microsite (`Target`), a page (`Page`), a QR code and a
printable document, and the relative link between two of them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..catalog import LEAVING


def go_path(index: int, medium: str = "web") -> str:
    """The 离站提示 page of the platform at `index` for a medium (tracking.MEDIUMS): a page's button opens
    go/<n>/, its QR code go/<n>/qr/, a poster's code go/<n>/poster/, each forwarding to that medium's target
    (short on purpose: a shorter URL makes a smaller QR code)."""
    return f"{LEAVING}/{index + 1}/" + ("" if medium == "web" else f"{medium}/")


@dataclass(frozen=True)
class Target:
    """A file or folder of the site: `microsite` is the microsite's folder, `path` is relative to it."""

    microsite: str
    path: str

    @property
    def is_folder(self) -> bool:
        return self.path == "" or self.path.endswith("/")

    @property
    def name(self) -> str:
        """The file's name (its last path segment)."""
        return posixpath.basename(self.path)

    @property
    def site_path(self) -> str:
        return posixpath.join(self.microsite, self.path) if self.microsite else self.path

    def __str__(self) -> str:
        return self.path  # data.json lists paths relative to the microsite folder


@dataclass(frozen=True)
class Page:
    """A page of a microsite: the Markdown file an engine reads and the folder it is published as."""

    source: str  # e.g. platforms.md, notices/<id>.md
    target: Target  # e.g. platforms/ ("" for the home page)

    @property
    def url(self) -> str:
        return self.target.path

    @property
    def output(self) -> str:
        """The HTML file the engine writes for it (directory URLs: <url>index.html)."""
        return self.target.path + "index.html"


@dataclass(frozen=True)
class QrCode:
    name: str | None  # the platform; None for the microsite's own code
    target: str  # the URL it encodes
    svg: Target
    png: Target

    def as_dict(self) -> dict[str, str]:
        entry = {"name": self.name} if self.name else {}
        return {**entry, "target": self.target, "svg": str(self.svg), "png": str(self.png)}


@dataclass(frozen=True)
class Printable:
    kind: str  # notice, commitment, statistics
    id: str
    title: str
    html: Target
    pdf: Target
    docx: Target  # the same document for Word and WPS
    csv: Target | None = None

    def as_dict(self, with_pdf: bool) -> dict[str, str]:
        entry = {"kind": self.kind, "id": self.id, "title": self.title, "html": str(self.html)}
        if with_pdf:
            entry["pdf"] = str(self.pdf)
        entry["docx"] = str(self.docx)
        if self.csv:
            entry["csv"] = str(self.csv)
        return entry


def relative_link(from_folder: str, target: Target | Page) -> str:
    """The href from a page published as `from_folder/index.html` (site-relative) to `target`."""
    if isinstance(target, Page):
        target = target.target
    to = target.site_path
    link = posixpath.relpath(to.rstrip("/") or ".", from_folder or ".")
    if target.is_folder:
        return "./" if link == "." else link + "/"
    return link
