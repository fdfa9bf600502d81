"""What every microsite is made of, declared once: its kinds of page, the files each publishes, its posters.

The site map (resolve/sitemap.py) makes every path and URL from these tables; render makes the pages, the
navigation and the home page's buttons from PAGE_KINDS; a fork's page may take no name of RESERVED_NAMES;
data.json and the 下载 page list FILES and POSTERS. To add a kind of page: a row here and its template.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageKind:
    name: str  # the page's folder in the microsite ("home" is the microsite's own folder)
    title: str  # its title in the navigation
    template: str  # render/templates/pages/<template>
    national_only: bool = False  # only the national microsite has it
    quick_link: bool = False  # a button on the home page
    section: str | None = None  # the navigation section it heads (and the label of its button)

    @property
    def label(self) -> str:
        """What the home page's button says."""
        return self.section or self.title


# in the order of the navigation; a fork's own pages follow FORK_PAGES_AFTER, each notice its section's page
PAGE_KINDS = (
    PageKind("home", "首页", "index.md.j2"),
    PageKind("platforms", "平台专区", "platforms.md.j2", quick_link=True),
    PageKind("schedule", "活动日程", "schedule.md.j2", quick_link=True),
    PageKind("activities", "活动内容", "activities.md.j2"),
    PageKind("rights", "消费者权益", "rights.md.j2", quick_link=True),
    PageKind("notices", "全部通知", "notices.md.j2", quick_link=True, section="通知公告"),
    PageKind("regions", "各地活动", "regions.md.j2", national_only=True, quick_link=True),
    PageKind("downloads", "下载", "downloads.md.j2"),
    PageKind("contact", "联系我们", "contact.md.j2"),
)
FORK_PAGES_AFTER = "rights"
PAGES = {kind.name: kind for kind in PAGE_KINDS}

# folders of a microsite besides its pages: print documents, assets, the 离站提示 pages; and the engines' own
PRINT, ASSETS, LEAVING = "print", "assets", "go"
ENGINE_NAMES = ("search", "404", "sitemap")
RESERVED_NAMES = frozenset({"index", *PAGES, PRINT, ASSETS, LEAVING, *ENGINE_NAMES}) - {"home"}


@dataclass(frozen=True)
class MicrositeFile:
    name: str  # its key in data.json's `assets`
    path: str  # in the microsite


CALENDAR = MicrositeFile("calendar", "schedule.ics")
DATA = MicrositeFile("data", "data.json")
PALETTE = MicrositeFile("palette", f"{ASSETS}/palette.css")
PARTY_MARK = MicrositeFile("party_mark", f"{ASSETS}/party-mark.png")
LOGO_SVG = MicrositeFile("logo", f"{ASSETS}/logo.svg")  # the built-in mark
LOGO_PNG = MicrositeFile("logo", f"{ASSETS}/logo.png")  # the campaign's own (branding.logo)


@dataclass(frozen=True)
class Poster:
    name: str  # its layout (layouts/<name>.yml) and its key in data.json's `assets.posters`
    path: str  # the PNG, in the microsite
    pdf: bool = False  # printed from a vector PDF (`<name>_pdf` in data.json); the PNG is then its preview
    data_key: str | None = None  # listed in data.json's `assets` under this key instead of in `posters`


POSTERS = (
    Poster("share", f"{ASSETS}/posters/share.png"),  # WeChat Moments, 1080 × 1920, also og:image
    # A3 for print shops as a vector PDF (print.pdf); its PNG is a preview for screens at the design size
    Poster("print", f"{ASSETS}/posters/print-preview.png", pdf=True),
    Poster("icon", f"{ASSETS}/share-icon.png", data_key="share_icon"),  # 300 × 300, the share card's icon
    # 头图, the key visual at the top of the home page: for phones, and for wider screens
    Poster("keyvisual", f"{ASSETS}/posters/keyvisual.png"),
    Poster("keyvisual_wide", f"{ASSETS}/posters/keyvisual-wide.png"),
)
POSTER_NAMES = tuple(poster.name for poster in POSTERS)


def microsite_path(campaign_id: str, region_slug: str | None = None) -> str:
    """A microsite's folder in the site: <campaign> for the national one, <campaign>/<region> for a region."""
    return campaign_id if region_slug is None else f"{campaign_id}/{region_slug}"
