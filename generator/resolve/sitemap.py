"""The site map: every output path and URL of the site comes from here, and every link is made here.

    site/index.html, site/sites.json                 the portal and the index of microsites
    site/<campaign>/                                 the national microsite
    site/<campaign>/<region slug>/                   a region's microsite
Inside a microsite folder (directory URLs: `platforms.md` is published as `platforms/index.html`):
    ""  platforms/  schedule/  activities/  rights/  notices/  notices/<id>/  regions/  downloads/  contact/
    <fork page>/                                     a region fork's extra pages
    print/notice-<id>.{html,pdf,docx}  print/commitment.{html,pdf,docx}  print/<form>.{html,pdf,docx,csv}
    assets/qr/site.{svg,png}  assets/qr/platform-<n>.{svg,png}  assets/posters/{share,print}.png
    assets/posters/print.pdf  assets/share-icon.png  assets/palette.css  assets/logo.svg
    data.json  schedule.ics
Templates never write a path: they call `link(target)` with a `Target` or `Page` from this module, and get
the URL relative to the page they render. A staging key names a microsite's work folders in a build.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from ..catalog import CALENDAR, DATA, LEAVING, LOGO_PNG, LOGO_SVG, PAGES, PALETTE, PARTY_MARK, POSTERS, PRINT
from ..catalog import microsite_path as folder_of
from ..findings import Origin, display_path
from ..read import Project
from .editions import Edition


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


class _File:
    """A file every microsite has at the same place: `microsite.calendar` is its Target."""

    def __init__(self, path: str):
        self.path = path

    def __get__(self, microsite: MicrositeMap, owner: type) -> Target:
        return microsite.target(self.path)


@dataclass(frozen=True)
class MicrositeMap:
    """Paths and URLs of one microsite."""

    path: str  # site-relative folder: <campaign> or <campaign>/<slug>
    url: str  # public URL, ends with /
    url_origin: Origin  # where the site's base URL is written (site.yaml)
    own_logo: bool = False  # branding.logo is set: the mark is that image, not the built-in SVG
    platform_targets: tuple[tuple[str, str | None], ...] = ()  # (name, QR target; None: no zone yet) per platform
    poster_targets: tuple[tuple[str, str], ...] = ()  # (name, what its code on a poster opens) per zone
    printables: tuple[Printable, ...] = field(default=())
    leaving_notice: bool = False  # platform buttons and codes lead to go/<n>/ pages first (离站提示)

    @property
    def key(self) -> str:
        """Name of this microsite's work folders in a build's staging area."""
        return self.path.replace("/", "__")

    def target(self, path: str) -> Target:
        return Target(self.path, path)

    def page(self, name: str) -> Page:
        """The page of a kind (catalog.PAGE_KINDS): home is the microsite's folder; a section's page is the
        index of its folder (notices/, which holds each notice)."""
        if name == "home":
            return Page("index.md", self.target(""))
        if PAGES[name].section:
            return Page(f"{name}/index.md", self.target(f"{name}/"))
        return Page(f"{name}.md", self.target(f"{name}/"))

    def notice_page(self, notice_id: str) -> Page:
        return Page(f"notices/{notice_id}.md", self.target(f"notices/{notice_id}/"))

    def leaving_page(self, index: int, medium: str = "web") -> Page | None:
        """The 离站提示 page of the platform at `index` (0-based) for a medium, which names it and links on to
        that medium's target; None when its button and codes open the zone itself (the campaign's
        `external_links`) or it has no zone yet."""
        if not self.leaving_notice or self.platform_targets[index][1] is None:
            return None
        folder = go_path(index, medium)
        return Page(folder.rstrip("/") + ".md", self.target(folder))

    def fork_page(self, stem: str) -> Page:
        return Page(f"{stem}.md", self.target(f"{stem}/"))

    def public_url(self, target: Target) -> str:
        return self.url + target.path

    calendar = _File(CALENDAR.path)
    data_file = _File(DATA.path)
    palette = _File(PALETTE.path)
    party_mark = _File(PARTY_MARK.path)

    @property
    def logo(self) -> Target:
        return self.target(LOGO_PNG.path if self.own_logo else LOGO_SVG.path)

    @property
    def site_code(self) -> QrCode:
        return QrCode(None, self.url, self.target("assets/qr/site.svg"), self.target("assets/qr/site.png"))

    def platform_code(self, index: int) -> QrCode | None:
        """The code of the platform at `index` (0-based), None when it has no zone URL yet."""
        name, target = self.platform_targets[index]
        if target is None:
            return None
        return QrCode(
            name,
            target,
            self.target(f"assets/qr/platform-{index + 1}.svg"),
            self.target(f"assets/qr/platform-{index + 1}.png"),
        )

    def platform_logo(self, index: int) -> Target:
        return self.target(f"assets/platforms/logo-{index + 1}.png")

    @property
    def platform_codes(self) -> list[QrCode]:
        return [code for i in range(len(self.platform_targets)) if (code := self.platform_code(i))]

    def poster(self, name: str) -> Target:
        return self.target(next(poster.path for poster in POSTERS if poster.name == name))

    def poster_pdf(self, name: str) -> Target:
        return self.target(self.poster(name).path.removesuffix(".png") + ".pdf")


def _printables(edition: Edition, folder: str) -> tuple[Printable, ...]:
    def files(stem: str, csv: bool = False) -> dict[str, Target]:
        out = {kind: Target(folder, f"{PRINT}/{stem}.{kind}") for kind in ("html", "pdf", "docx")}
        return {**out, "csv": Target(folder, f"{PRINT}/{stem}.csv")} if csv else out

    items = [Printable("notice", n.id, n.title, **files(f"notice-{n.id}")) for n in edition.notices]
    if edition.forms.commitment:
        items.append(Printable("commitment", "commitment", edition.forms.commitment.title, **files("commitment")))
    items += [Printable("statistics", f.id, f.title, **files(f.id, csv=True)) for f in edition.forms.statistics]
    return tuple(items)


@dataclass(frozen=True)
class SiteMap:
    """The whole site: the portal at the root and one `MicrositeMap` per edition.

    With `standalone` set to a microsite's folder, that microsite is made to be hosted on its own
    (`campaignsite export`): links that leave it become absolute URLs of the public site.
    """

    base_url: str
    base_url_origin: Origin  # where base_url is written, for messages about it
    standalone: str | None = None

    @classmethod
    def of(cls, project: Project, *, standalone: str | None = None) -> SiteMap:
        doc = project.site_doc
        origin = doc.origin(("base_url",)) if doc else Origin(display_path(project.layout.site_file), 1, 1)
        return cls(project.site.base_url, origin, standalone)

    def link(self, from_folder: str, target: Target | Page) -> str:
        """The href from the page published as `from_folder/index.html` (site-relative) to `target`."""
        if isinstance(target, Page):
            target = target.target
        if self.standalone is not None and target.microsite != self.standalone:
            return self.base_url + target.site_path
        return relative_link(from_folder, target)

    @property
    def portal(self) -> Target:
        return Target("", "")

    @property
    def sites_index(self) -> Target:
        return Target("", "sites.json")

    def microsite_folder(self, campaign_id: str, slug: str | None = None) -> Target:
        return Target(folder_of(campaign_id, slug), "")

    def nested(self, edition: Edition, editions: list[Edition]) -> set[str]:
        """Folders inside `edition`'s folder that are microsites of their own (a campaign's regions)."""
        inside = [e.path for e in editions if e.path.startswith(edition.path + "/")]
        return {posixpath.relpath(path, edition.path).split("/")[0] for path in inside}

    def microsite(self, edition: Edition) -> MicrositeMap:
        folder, url = edition.path, self.base_url + edition.path + "/"
        # the one place the 离站提示 is decided: with it, every button and code of a zone opens its go/<n>/ page
        notice = edition.campaign.external_links == "notice"
        codes = tuple(
            (p.platform.name, url + go_path(i, "qr") if notice and p.targets else p.targets.get("qr"))
            for i, p in enumerate(edition.platforms)
        )
        posters = tuple(
            (p.platform.name, url + go_path(i, "poster") if notice else p.targets["poster"])
            for i, p in enumerate(edition.platforms)
            if p.targets
        )
        return MicrositeMap(
            folder,
            url,
            self.base_url_origin,
            edition.logo is not None,
            codes,
            posters,
            _printables(edition, folder),
            leaving_notice=notice,
        )
