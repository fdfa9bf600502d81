"""Pictures drawn at build time as inline SVG, where people would rather look than read: the 37 regions as
tiles (a rough geographic arrangement, not a map outline: a published map of China needs a 审图号) and the
campaign's phases and events on a timeline. Each keeps its table below for screen readers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from markupsafe import Markup, escape

from ..read.periods import lunar_date
from ..resolve import Edition, RegionStatus, SiteMap, Target
from .linebreak import words

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
TILE = 64  # design units; the figure fits the width (长辈版: larger, and scrolls sideways with a hint)
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
    scroller = (
        '<div class="cs-tilemap" data-search-exclude tabindex="0" role="region" aria-label="各地参加情况示意图">'
        '<p class="cs-scroll-hint" aria-hidden="true">左右滑动查看全部地区 →</p>'
    )
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


# --- the timeline: days run down the page; the campaign is a bar on the axis, phases bars beside it, events
# dots in a column of their own; names wrap between words; a legend says which is which -------------------

WIDTH = 390
DAY = 7  # design units per day
AXIS = 158  # x of the time axis; dates (and lunar dates) are written to its left
PHASES = AXIS + 10  # x of the phases' bars
EVENTS = AXIS + 30  # x of the events' dots
LABELS = AXIS + 44  # x where names start
LINE = 20  # a name's line
LABEL_GAP = 6  # the least space between two names
LABEL_CHARS = 11  # what fits right of the axis at 16 units a character


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


def name_lines(name: str, chars: int = LABEL_CHARS) -> list[str]:
    """A name in lines of at most `chars` characters, broken between words (a longer word alone on its line,
    split only if longer than a line)."""
    lines = [""]
    for word in words(name):
        while len(word) > chars:
            lines += [word[:chars]] if lines[-1] else []
            lines[-1] = lines[-1] or word[:chars]
            word = word[chars:]
            lines.append("")
        if lines[-1] and len(lines[-1]) + len(word) > chars:
            lines.append("")
        lines[-1] += word
    return [line.strip() for line in lines if line.strip()]


def _spread(wanted: list[tuple[float, int]]) -> list[float]:
    """Name positions (top of first line, line count) apart, each as near as it can be to where it belongs."""
    placed: list[float] = []
    bottom = float("-inf")
    for y, count in wanted:
        top = max(y, bottom + LABEL_GAP)
        placed.append(top)
        bottom = top + count * LINE
    return placed


def _legend(edition: Edition) -> str:
    primary, accent = escape(edition.colors.primary), escape(edition.colors.accent)
    keys = (
        (f"background:{primary}", "活动期间"),
        (f"background:{accent};border-color:{primary}", "实施阶段"),
        (f"background:{primary};border-radius:50%", "重点活动"),
        (f"background:none;border:0;border-top:3px dashed {primary};height:0", "今天"),
    )
    items = "".join(f'<li><span class="cs-swatch" style="{style}"></span>{name}</li>' for style, name in keys)
    return f'<ul class="cs-legend" aria-hidden="true">{items}</ul>'


def timeline(edition: Edition, today: date) -> Markup:
    first, last = _span(edition)

    def y(day: date) -> float:
        return 20 + (day - first).days * DAY

    parts = []
    for day, tick in _ticks(first, last, bool(edition.period.lunar)):
        parts.append(f'<text x="{AXIS - 8}" y="{y(day) + 5}" text-anchor="end" font-size="16">{escape(tick)}</text>')
    parts.append(
        f'<rect x="{AXIS - 5}" y="{y(edition.period.start)}" width="10" '
        f'height="{y(edition.period.end) - y(edition.period.start) + DAY}" fill="{edition.colors.primary}"/>'
    )
    items = [(p.start, p.end, p.name, False) for p in edition.phases]
    items += [(e.date, e.end_date or e.date, e.name, True) for e in edition.events if isinstance(e.date, date)]
    items.sort()
    lines = [name_lines(name) for _, _, name, _ in items]
    tops = _spread([(y(start) - 9, len(text)) for (start, *_), text in zip(items, lines, strict=True)])
    for (start, end, _, event), top, text in zip(items, tops, lines, strict=True):
        if event:
            parts.append(f'<circle cx="{EVENTS}" cy="{y(start) + DAY / 2}" r="7" fill="{edition.colors.primary}"/>')
        else:
            parts.append(
                f'<rect x="{PHASES}" y="{y(start)}" width="10" height="{max(DAY, y(end) - y(start) + DAY)}" rx="4" '
                f'fill="{edition.colors.accent}" stroke="{edition.colors.primary}"/>'
            )
        spans = "".join(
            f'<tspan x="{LABELS}" y="{top + LINE * (i + 1) - 5}">{escape(line)}</tspan>' for i, line in enumerate(text)
        )
        parts.append(f'<text font-size="16">{spans}</text>')
    height = max(y(last) + DAY, *(top + len(t) * LINE for top, t in zip(tops, lines, strict=True))) + 20
    parts.insert(0, f'<line x1="{AXIS}" y1="20" x2="{AXIS}" y2="{height - 20}" stroke="#888" stroke-width="2"/>')
    inside = first <= today <= last
    place = f'transform="translate(0 {y(today)})"' if inside else 'visibility="hidden"'
    marker = (
        f'<g class="cs-today" data-start="{first.isoformat()}" data-end="{last.isoformat()}" data-top="20" '
        f'data-day="{DAY}" {place}><line x1="0" x2="{WIDTH}" y1="0" y2="0" stroke="{edition.colors.primary}" '
        f'stroke-width="3" stroke-dasharray="6 4"/><text x="{WIDTH - 4}" y="-6" text-anchor="end" font-size="16" '
        f'font-weight="700" fill="{edition.colors.primary}">今天</text></g>'
    )
    svg = (
        f'<svg class="cs-timeline" viewBox="0 0 {WIDTH} {height:g}" role="img" '
        f'aria-label="活动日程示意图：{escape(first.isoformat())} 至 {escape(last.isoformat())}，各阶段与重点活动" '
        f'data-build-day="{today.isoformat()}">' + "".join(parts) + marker + "</svg>"
    )
    # the search indexes the tables below, not the picture's words
    return Markup(f'<div class="cs-timeline-figure" data-search-exclude>{svg}{_legend(edition)}</div>')
