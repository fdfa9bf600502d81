"""Pictures drawn at build time as inline SVG, where people would rather look than read: the 37 regions as
tiles (a rough geographic arrangement, not a map outline: a published map of China needs a 审图号) and the
campaign's phases and events on a timeline. Each keeps its table below for screen readers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from markupsafe import Markup, escape

from ..read.periods import lunar_date
from ..resolve import Edition, RegionStatus, SiteMap, Target

# (column, row) of each region's tile, by GB/T 2260 code: north at the top, west on the left
TILES = {
    "230000": (7, 0),
    "650000": (0, 1),
    "660000": (1, 1),
    "150000": (4, 1),
    "220000": (7, 1),
    "620000": (2, 2),
    "640000": (3, 2),
    "140000": (4, 2),
    "110000": (5, 2),
    "210000": (6, 2),
    "210200": (7, 2),
    "540000": (0, 3),
    "630000": (1, 3),
    "610000": (3, 3),
    "130000": (4, 3),
    "120000": (5, 3),
    "370000": (6, 3),
    "370200": (7, 3),
    "510000": (2, 4),
    "500000": (3, 4),
    "410000": (4, 4),
    "320000": (5, 4),
    "310000": (6, 4),
    "520000": (2, 5),
    "420000": (3, 5),
    "340000": (4, 5),
    "330000": (5, 5),
    "330200": (6, 5),
    "530000": (2, 6),
    "430000": (3, 6),
    "360000": (4, 6),
    "350000": (5, 6),
    "350200": (6, 6),
    "450000": (3, 7),
    "440000": (4, 7),
    "440300": (5, 7),
    "460000": (4, 8),
}
TILE = 64  # design units; the figure scrolls sideways rather than shrink a tile below a finger
STATUS_STYLES = {  # status: (fill, text colour or None for the palette's), in legend order
    "分会场": ("primary", "#ffffff"),
    "已开通地方微站": ("accent", "#1f1f1f"),
    "参加": ("#fbe3d6", "#1f1f1f"),
    "未参加": ("#e0e0e0", "#333333"),
}


def _status_key(status: RegionStatus) -> str:
    if status.absent:
        return "未参加"
    return "分会场" if status.branch else "已开通地方微站" if status.microsite else "参加"


def _fill(name: str, edition: Edition) -> str:
    return {"primary": edition.colors.primary, "accent": edition.colors.accent}.get(name, name)


def region_tiles(edition: Edition, link: Callable[[Target], str], sites: SiteMap) -> Markup:
    """The 37 regions as tiles coloured by status; a tile with its own microsite is a link to it."""
    columns = 1 + max(c for c, _ in TILES.values())
    rows = 1 + max(r for _, r in TILES.values())
    tiles = "".join(_tile(status, edition, link, sites) for status in edition.statuses)
    label = f"全国{len(edition.statuses)}个地区参加情况示意图（按大致地理位置排列，不是地图）"
    svg = (
        f'<svg class="cs-tiles" viewBox="0 0 {columns * TILE} {rows * TILE}" role="group" aria-label="{label}" '
        f'font-size="17" font-weight="700" text-anchor="middle">{tiles}</svg>'
    )
    legend = "".join(
        f'<li><span class="cs-swatch" style="background:{escape(_fill(fill, edition))}"></span>{name}</li>'
        for name, (fill, _) in STATUS_STYLES.items()
    )
    scroller = '<div class="cs-tilemap" tabindex="0" role="region" aria-label="各地参加情况示意图（窄屏可左右滑动）">'
    return Markup(f'{scroller}{svg}</div><ul class="cs-legend">{legend}</ul>')


def _tile(status: RegionStatus, edition: Edition, link: Callable[[Target], str], sites: SiteMap) -> str:
    column, row = TILES[status.region.code]
    key = _status_key(status)
    fill, ink = STATUS_STYLES[key]
    x, y = column * TILE, row * TILE
    both = status.microsite and status.branch  # a 分会场 with its own microsite: a gold border
    border = f' stroke="{escape(edition.colors.accent)}" stroke-width="5"' if both else ""
    tile = (
        f'<rect x="{x + 2}" y="{y + 2}" width="{TILE - 4}" height="{TILE - 4}" rx="8" '
        f'fill="{escape(_fill(fill, edition))}"{border}/><text x="{x + TILE / 2}" y="{y + TILE / 2 + 6}" '
        f'fill="{ink}">{escape(status.region.short_name)}</text>'
    )
    label = escape(f"{status.region.name}：{status.label}")
    if not status.microsite:
        return f'<g data-status="{key}"><title>{label}</title>{tile}</g>'
    home = link(sites.microsite_folder(edition.campaign_id, status.region.slug))
    return f'<a href="{escape(home)}" aria-label="{label}" data-status="{key}"><title>{label}</title>{tile}</a>'


# --- the timeline: days run down the page, phases are bars, events are dots ---------------------------------

WIDTH = 390
DAY = 7  # design units per day
AXIS = 158  # x of the time axis; dates (and lunar dates) are written to its left
LABEL_GAP = 22  # the least distance between two labels
LABEL_CHARS = 12  # what fits right of the axis at 16 units a character


def _span(edition: Edition) -> tuple[date, date]:
    starts = [edition.period.start, *(p.start for p in edition.phases)]
    ends = [edition.period.end, *(p.end for p in edition.phases)]
    return min(starts), max(ends)


def _ticks(first: date, last: date, lunar: bool) -> list[tuple[date, str]]:
    """A date label each week, and the first and last day; lunar dates beside them for Spring campaigns."""
    days = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, 7)]
    if (last - days[-1]).days >= 4:  # the last day too, unless its label would touch the last week's
        days.append(last)
    return [(d, f"{d.month}月{d.day}日" + (f" {lunar_date(d)}" if lunar else "")) for d in days]


def _spread(wanted: list[float]) -> list[float]:
    """Label positions at least LABEL_GAP apart, each as near as it can be to where it belongs."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, placed[-1] + LABEL_GAP) if placed else y)
    return placed


def timeline(edition: Edition, today: date) -> Markup:
    first, last = _span(edition)
    height = ((last - first).days + 1) * DAY + 40

    def y(day: date) -> float:
        return 20 + (day - first).days * DAY

    parts = [f'<line x1="{AXIS}" y1="20" x2="{AXIS}" y2="{height - 20}" stroke="#888" stroke-width="2"/>']
    for day, text in _ticks(first, last, bool(edition.period.lunar)):
        parts.append(f'<text x="{AXIS - 8}" y="{y(day) + 5}" text-anchor="end" font-size="16">{escape(text)}</text>')
    parts.append(
        f'<rect x="{AXIS - 5}" y="{y(edition.period.start)}" width="10" '
        f'height="{y(edition.period.end) - y(edition.period.start) + DAY}" fill="{edition.colors.primary}"/>'
    )
    items = [(p.start, p.end, p.name) for p in edition.phases]
    items += [(e.date, e.end_date or e.date, e.name) for e in edition.events if isinstance(e.date, date)]
    items.sort()
    labels = _spread([y(start) + 6 for start, _, _ in items])
    for (start, end, name), label_y in zip(items, labels, strict=True):
        bar = max(DAY, y(end) - y(start) + DAY)
        parts.append(
            f'<rect x="{AXIS + 10}" y="{y(start)}" width="8" height="{bar}" rx="4" '
            f'fill="{edition.colors.accent}" stroke="{edition.colors.primary}"/>'
        )
        short = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<text x="{AXIS + 28}" y="{label_y + 5}" font-size="16"><title>{escape(name)}</title>'
            f"{escape(short)}</text>"
        )
    inside = first <= today <= last
    place = f'transform="translate(0 {y(today)})"' if inside else 'visibility="hidden"'
    marker = (
        f'<g class="cs-today" data-start="{first.isoformat()}" data-end="{last.isoformat()}" data-top="20" '
        f'data-day="{DAY}" {place}><line x1="0" x2="{WIDTH}" y1="0" y2="0" stroke="{edition.colors.primary}" '
        f'stroke-width="3" stroke-dasharray="6 4"/><text x="{WIDTH - 4}" y="-6" text-anchor="end" font-size="16" '
        f'font-weight="700" fill="{edition.colors.primary}">今天</text></g>'
    )
    svg = (
        f'<svg class="cs-timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="活动日程示意图：{escape(first.isoformat())} 至 {escape(last.isoformat())}，各阶段与重点活动" '
        f'data-build-day="{today.isoformat()}">' + "".join(parts) + marker + "</svg>"
    )
    return Markup(f'<div class="cs-timeline-figure">{svg}</div>')
