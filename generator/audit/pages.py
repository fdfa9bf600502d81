"""One page as an inspector reads it: its links (and how each is hidden), its date, 归档, the footer marks.

Hiding is read from what a planted link carries with it: the `hidden` attribute and elements that never show
(noscript, template, a closed details), inline styles and the page's own <style> rules for plain selectors
(tag, #id, .class) on the link or any element around it — display, visibility, opacity, tiny or zero size,
clipping, off-screen positions, text the colour of its background — and a link with nothing to see.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from datetime import date

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

# where a page sends a reader (checked for hiding and hosts) and what it loads (checked to exist)
LINKS = (("a", "href"), ("area", "href"), ("iframe", "src"), ("frame", "src"), ("form", "action"),
         ("embed", "src"), ("object", "data"), ("base", "href"))  # fmt: skip
ASSETS = (("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"))
NEVER_SHOWN = {"noscript", "template", "head", "title"}
SIZED = {"iframe", "frame", "embed", "object", "marquee"}  # a width/height attribute sizes what they show
FOOTER_MARKS = {
    "主办单位": lambda footer, text: "主办单位：" in text,
    "网站标识码": lambda footer, text: "网站标识码：" in text,
    "ICP 备案号": lambda footer, text: "ICP备" in text,
    "公安机关备案号": lambda footer, text: "公网安备" in text,
    "党政机关网站标识": lambda footer, text: bool(footer.xpath(".//img[@alt='党政机关网站标识']")),
}
OFF_SCREEN_PX = 500
TINY_PX = 3
UNIT_PX = {"px": 1.0, "": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "vw": 10.0, "vh": 10.0, "%": 10.0}
WHITE = "#ffffff"
NAMED_COLOURS = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "transparent": "transparent"}
MEDIA_BLOCK = re.compile(r"@media([^{]*)\{")


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    hidden: str  # how it is hidden ("" when it shows)


@dataclass(frozen=True)
class PageFacts:
    links: tuple[Link, ...] = ()
    assets: tuple[str, ...] = ()  # href/src of what the page loads (styles, scripts, pictures)
    date: date | None = None
    date_label: str = ""  # 发布日期 / 更新日期
    archived: bool = False
    empty: bool = False  # a column that says it has nothing (暂无…)
    footer_missing: tuple[str, ...] = tuple(FOOTER_MARKS)


def _declarations(style: str) -> dict[str, str]:
    found = {}
    for part in re.sub(r"/\*.*?\*/", "", style, flags=re.S).split(";"):
        name, _, value = part.partition(":")
        if value.strip():
            found[name.strip().lower()] = " ".join(value.lower().replace("!important", "").split())
    return found


SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?((?:[#.][\w-]+)*)$", re.I)


def _screen_css(css: str) -> str:
    """The CSS a screen applies: rules inside `@media print` (or another medium) are dropped."""
    out, at = [], 0
    for match in MEDIA_BLOCK.finditer(css):
        if match.start() < at:
            continue
        depth, end = 1, match.end()
        while end < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        query = match.group(1).lower()
        inner = css[match.end() : end - 1]
        out.append(css[at : match.start()])
        out.append(inner if "print" not in query and "speech" not in query else "")
        at = end
    return "".join(out) + css[at:]


def _style_rules(tree: HtmlElement) -> list[tuple[str, dict[str, str]]]:
    rules = []
    for style in tree.iter("style"):
        css = _screen_css(re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.S))
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            for selector in selectors.split(","):
                if SIMPLE_SELECTOR.match(selector.strip()):
                    rules.append((selector.strip(), _declarations(body)))
    return rules


def _matches(element: HtmlElement, selector: str) -> bool:
    match = SIMPLE_SELECTOR.match(selector)
    if not match:
        return False
    tag, rest = match.group(1), match.group(2)
    if tag and element.tag != tag.lower():
        return False
    classes = set((element.get("class") or "").split())
    for kind, name in re.findall(r"([#.])([\w-]+)", rest):
        if (kind == "#" and element.get("id") != name) or (kind == "." and name not in classes):
            return False
    return True


def _style_of(element: HtmlElement, rules: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    style: dict[str, str] = {}
    for selector, declarations in rules:
        if _matches(element, selector):
            style |= declarations
    return style | _declarations(element.get("style") or "")


def _px(value: str) -> float | None:
    found = re.match(r"^(-?\d*\.?\d+)(px|pt|em|rem|vw|vh|%)?$", value.strip())
    return float(found.group(1)) * UNIT_PX[found.group(2) or ""] if found else None


def _colour(value: str) -> str:
    """A colour as #rrggbb ("transparent" for none), or "" when not one."""
    value = value.strip()
    for token in [value, *value.split()]:
        if token in NAMED_COLOURS:
            return NAMED_COLOURS[token]
        if re.fullmatch(r"#[0-9a-f]{3}", token):
            return "#" + "".join(c * 2 for c in token[1:])
        if re.fullmatch(r"#[0-9a-f]{6}", token):
            return token
    if found := re.search(r"rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)", value):
        if found.group(4) is not None and float(found.group(4).rstrip("%")) == 0:
            return "transparent"
        return "#" + "".join(f"{min(255, int(n)):02x}" for n in found.groups()[:3])
    if found := re.search(r"hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%", value):
        hue, saturation, lightness = (float(n) for n in found.groups())
        red, green, blue = colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
        return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))
    return ""


def _hidden_by(style: dict[str, str]) -> str:
    """How one element's own style hides what is inside it ("" when it does not)."""
    if style.get("display") == "none" or style.get("visibility") in {"hidden", "collapse"}:
        return "display:none / visibility:hidden"
    if "opacity" in style and (_px(style["opacity"]) or 0) < 0.1:
        return "几乎透明（opacity）"
    if "font-size" in style and (size := _px(style["font-size"])) is not None and size < TINY_PX:
        return "字号极小"
    clipped = style.get("overflow", "").startswith(("hidden", "clip"))
    for name in ("width", "height", "max-height", "max-width"):
        if (size := _px(style.get(name, "100"))) is not None and (size <= 0 or (size < TINY_PX and clipped)):
            return "尺寸为零或被裁去"
    if "rect(0" in style.get("clip", "") or re.search(r"inset\(\s*(50%|100%)", style.get("clip-path", "")):
        return "被裁去（clip）"
    if re.search(r"scale[xy]?\(\s*0(\.0+)?\s*[,)]", style.get("transform", "")):
        return "缩放为零（transform）"
    if style.get("position") in {"absolute", "fixed", "relative"} or "text-indent" in style or "margin-left" in style:
        for name in ("left", "top", "right", "text-indent", "margin-left", "margin-top"):
            if (value := _px(style.get(name, "0"))) is not None and value <= -OFF_SCREEN_PX:
                return "移出屏幕"
    return ""


def _page_background(tree: HtmlElement, rules: list[tuple[str, dict[str, str]]]) -> str:
    for element in (tree.find(".//body"), tree):
        if element is not None:
            style = _style_of(element, rules)
            if found := _colour(style.get("background-color", style.get("background", ""))):
                return found
    return WHITE


def _hiding(link: HtmlElement, rules: list[tuple[str, dict[str, str]]], page_background: str) -> str:
    colour, background = "", ""
    for element in [link, *link.iterancestors()]:
        tag = element.tag if isinstance(element.tag, str) else ""
        if element.get("hidden") is not None or tag in NEVER_SHOWN:
            return f"不显示的元素（{tag if tag in NEVER_SHOWN else 'hidden'}）"
        folded = tag == "details" and element.get("open") is None
        if folded and not any(link in summary.iter() for summary in element.iterchildren("summary")):
            return "折叠的 details"
        sizes = [_px(element.get(name) or "") for name in ("width", "height")]
        if tag in SIZED and any(size is not None and size < TINY_PX for size in sizes):
            return "尺寸为零或被裁去"
        style = _style_of(element, rules)
        if reason := _hidden_by(style):
            return reason
        colour = colour or _colour(style.get("color", ""))
        background = background or _colour(style.get("background-color", style.get("background", "")))
    if colour == "transparent":
        return "文字透明"
    if colour and colour == (background if background not in {"", "transparent"} else page_background):
        return "文字与背景同色"
    if link.tag == "a" and not link.text_content().strip() and not _visible_picture(link):
        return "没有可见文字的链接"
    return ""


def _visible_picture(link: HtmlElement) -> bool:
    for picture in link.iter("img", "svg"):
        sizes = [_px(picture.get(name, "")) for name in ("width", "height")]
        if all(size is None or size >= TINY_PX for size in sizes) and (picture.get("alt") or picture.tag == "svg"):
            return True
    return False


def _date(tree: HtmlElement) -> tuple[date | None, str]:
    for line in tree.xpath("//*[contains(concat(' ', @class, ' '), ' cs-page-date ')]"):
        label = line.text_content().split("：", 1)[0].strip()
        for time in line.iter("time"):
            try:
                return date.fromisoformat(time.get("datetime") or ""), label
            except ValueError:
                return None, label
    return None, ""


def _footer_missing(tree: HtmlElement) -> tuple[str, ...]:
    footers = tree.xpath("//*[contains(concat(' ', @class, ' '), ' cs-footer ')]")
    footer = footers[0] if footers else None
    text = footer.text_content() if footer is not None else ""
    return tuple(mark for mark, present in FOOTER_MARKS.items() if footer is None or not present(footer, text))


def _refresh_target(tree: HtmlElement) -> list[str]:
    found = []
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            _, _, target = (meta.get("content") or "").partition("url=")
            found.append(target.strip(" '\""))
    return [target for target in found if target]


def read_page(body: bytes, charset: str | None = None) -> PageFacts:
    """What the page shows; a blank or unreadable page shows nothing (its links and footer are missing)."""
    try:
        text = body.decode(charset, "replace") if charset else body
        tree = lxml_html.fromstring(text or b"<html></html>")
    except (etree.ParserError, LookupError, ValueError):
        return PageFacts()
    rules = _style_rules(tree)
    background = _page_background(tree, rules)
    links, assets = [], []
    for tag, attribute in LINKS:
        for element in tree.iter(tag):
            assert isinstance(element, HtmlElement)
            if value := (element.get(attribute) or "").strip():
                words = " ".join(element.text_content().split()) or element.get("title") or ""
                links.append(Link(value, words, _hiding(element, rules, background)))
    links += [Link(target, "自动跳转（meta refresh）", "") for target in _refresh_target(tree)]
    for tag, attribute in ASSETS:
        assets += [value for element in tree.iter(tag) if (value := (element.get(attribute) or "").strip())]
    day, label = _date(tree)
    archived = bool(tree.xpath("//*[contains(concat(' ', @class, ' '), ' cs-archived ')]"))
    empty = bool(tree.xpath("//*[contains(concat(' ', @class, ' '), ' cs-empty ')]"))
    return PageFacts(tuple(links), tuple(assets), day, label, archived, empty, _footer_missing(tree))
