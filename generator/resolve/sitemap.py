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
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from ..catalog import CALENDAR, DATA, LOGO_PNG, LOGO_SVG, PAGES, PALETTE, PARTY_MARK, POSTERS, PRINT
from ..catalog import microsite_path as folder_of
from ..findings import Origin, display_path
from ..read import Project
from .editions import Edition
from .targets import Page, Printable, QrCode, Target, go_path, relative_link


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
        return self.target(self.poster(name).path.removesuffix(".png").removesuffix("-preview") + ".pdf")


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
class Address:
    """A microsite's public URL and where it is written (a publish.url, or site.yaml's base_url it derives from)."""

    folder: str
    url: str
    origin: Origin


def _addresses(project: Project, base_url: str, base_origin: Origin) -> tuple[Address, ...]:
    """Each microsite's public URL: its publish.url, else under its campaign's (a region) or the base_url's."""
    found = []
    for campaign in project.campaigns:
        national = campaign.model.publish
        nat = (
            Address(campaign.id, national.url, campaign.doc.origin(("publish", "url")))
            if national
            else Address(campaign.id, base_url + campaign.id + "/", base_origin)
        )
        found.append(nat)
        for region in campaign.regions:
            folder = folder_of(campaign.id, region.region.slug)
            own = region.model.publish
            found.append(
                Address(folder, own.url, region.doc.origin(("publish", "url")))
                if own
                else Address(folder, nat.url + region.region.slug + "/", nat.origin)
            )
    return tuple(found)


@dataclass(frozen=True)
class SiteMap:
    """The whole site: the portal at the root and one `MicrositeMap` per edition.

    Each microsite has one public URL (`addresses`): under the base_url by default, or where its campaign or
    region publishes it (a 专栏 of a provincial portal). A link between two microsites is relative when their
    URLs stand as their folders do, absolute otherwise.
    With `standalone` set to a microsite's folder, that microsite is made to be hosted on its own
    (`campaignsite export`): links that leave it become absolute URLs of the public site.
    """

    base_url: str
    base_url_origin: Origin  # where base_url is written, for messages about it
    standalone: str | None = None
    addresses: tuple[Address, ...] = ()

    @classmethod
    def of(cls, project: Project, *, standalone: str | None = None) -> SiteMap:
        doc = project.site_doc
        origin = doc.origin(("base_url",)) if doc else Origin(display_path(project.layout.site_file), 1, 1)
        base_url = project.site.base_url
        return cls(base_url, origin, standalone, _addresses(project, base_url, origin))

    def address(self, folder: str) -> Address:
        """The public URL of the microsite in `folder` ("" is the portal, at the base_url)."""
        known = next((a for a in self.addresses if a.folder == folder), None)
        return known or Address(folder, self.base_url + (folder + "/" if folder else ""), self.base_url_origin)

    def url_of(self, target: Target | Page) -> str:
        """The absolute URL of a file or page of the site."""
        if isinstance(target, Page):
            target = target.target
        return self.address(target.microsite).url + target.path

    def owner(self, folder: str) -> str:
        """The microsite folder a site-relative folder belongs to ("" for the portal)."""
        inside = [a.folder for a in self.addresses if folder == a.folder or folder.startswith(a.folder + "/")]
        return max(inside, key=len, default="")

    def _side_by_side(self, one: str, other: str) -> bool:
        """Whether the microsites in two folders are published as their folders stand to each other."""
        step = posixpath.relpath(other or ".", one or ".") + "/"
        return one == other or urljoin(self.address(one).url, step) == self.address(other).url

    def link(self, from_folder: str, target: Target | Page) -> str:
        """The href from the page published as `from_folder/index.html` (site-relative) to `target`."""
        if isinstance(target, Page):
            target = target.target
        if self.standalone is not None and target.microsite != self.standalone:
            return self.url_of(target)
        if not self._side_by_side(self.owner(from_folder), target.microsite):
            return self.url_of(target)
        return relative_link(from_folder, target)

    def serves_error_page(self, folder: str) -> bool:
        """A 404 page links by paths from the host's root: only a microsite published where its folder stands
        under the base_url has one (an export, or a 专栏 on a portal, has the host's own)."""
        return self.standalone is None and self.address(folder).url == self.base_url + folder + "/"

    def page_url(self, page: str) -> str:
        """The public address of a site-relative file (2022-nianhuojie/hunan/platforms/index.html)."""
        owner = self.owner(posixpath.dirname(page))
        return self.address(owner).url + (posixpath.relpath(page, owner) if owner else page)

    @cached_property
    def _longest_first(self) -> tuple[Address, ...]:
        return tuple(sorted((*self.addresses, self.address("")), key=lambda a: len(a.url), reverse=True))

    def site_path(self, url: str) -> str | None:
        """The site-relative path an absolute URL of one of our microsites names (None: not ours)."""
        for address in self._longest_first:  # a microsite published inside another's URL is its own
            if url.startswith(address.url):
                rest = urlsplit(url[len(address.url) :]).path
                return posixpath.join(address.folder, rest) if address.folder else rest
        return None

    @property
    def own_hosts(self) -> frozenset[str]:
        """The hosts our microsites are published on: a link to them leaves no campaign."""
        return frozenset(urlsplit(a.url).hostname or "" for a in (*self.addresses, self.address("")))

    @property
    def portal(self) -> Target:
        return Target("", "")

    @property
    def sites_index(self) -> Target:
        return Target("", "sites.json")

    @property
    def data_schema(self) -> Target:
        """The JSON Schema every microsite's data.json names (`$schema`)."""
        return Target("", "data.schema.json")

    def microsite_folder(self, campaign_id: str, slug: str | None = None) -> Target:
        return Target(folder_of(campaign_id, slug), "")

    def nested(self, edition: Edition, editions: list[Edition]) -> set[str]:
        """Folders inside `edition`'s folder that are microsites of their own (a campaign's regions)."""
        inside = [e.path for e in editions if e.path.startswith(edition.path + "/")]
        return {posixpath.relpath(path, edition.path).split("/")[0] for path in inside}

    def microsite(self, edition: Edition) -> MicrositeMap:
        folder, address = edition.path, self.address(edition.path)
        url = address.url
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
            address.origin,
            edition.logo is not None,
            codes,
            posters,
            _printables(edition, folder),
            leaving_notice=notice,
        )
