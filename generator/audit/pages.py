"""One page as an inspector reads it: its links (and how each is hidden), its date, 归档, the footer marks.

Hiding is read from what a planted link carries with it: the `hidden` attribute, inline styles and the page's
own <style> rules for plain selectors (tag, #id, .class) on the link or any element around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import html as lxml_html
from lxml.html import HtmlElement

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"))
FOOTER_MARKS = {
    "主办单位": lambda footer, text: "主办单位：" in text,
    "网站标识码": lambda footer, text: "网站标识码：" in text,
    "ICP 备案号": lambda footer, text: "ICP备" in text,
    "公安机关备案号": lambda footer, text: "公网安备" in text,
    "党政机关网站标识": lambda footer, text: bool(footer.xpath(".//img[@alt='党政机关网站标识']")),
}
OFF_SCREEN_PX = 999
WHITE = "#ffffff"
NAMED_COLOURS = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "transparent": ""}


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    hidden: str  # how it is hidden ("" when it shows)


@dataclass(frozen=True)
class PageFacts:
    links: tuple[Link, ...]
    assets: tuple[str, ...]  # href/src of what the page loads (styles, scripts, pictures)
    date: date | None
    date_label: str  # 发布日期 / 更新日期
    archived: bool
    empty: bool  # a column that says it has nothing (暂无…)
    footer_missing: tuple[str, ...]


def _declarations(style: str) -> dict[str, str]:
    found = {}
    for part in style.split(";"):
        name, _, value = part.partition(":")
        if value.strip():
            found[name.strip().lower()] = value.strip().lower().replace("!important", "").strip()
    return found


SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?((?:[#.][\w-]+)*)$", re.I)


def _style_rules(tree: HtmlElement) -> list[tuple[str, dict[str, str]]]:
    rules = []
    for style in tree.iter("style"):
        css = re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.S)
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
    found = re.match(r"^(-?\d+(?:\.\d+)?)(px|em|rem|pt|%)?$", value.strip())
    return float(found.group(1)) if found else None


def _colour(value: str) -> str:
    value = value.strip()
    if value in NAMED_COLOURS:
        return NAMED_COLOURS[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    if found := re.fullmatch(r"rgba?\((\d+)\s*,\s*(\d+)\s*,\s*(\d+)(?:\s*,\s*[\d.]+)?\)", value):
        return "#" + "".join(f"{int(n):02x}" for n in found.groups())
    return value


def _hidden_by(style: dict[str, str]) -> str:
    """How one element's own style hides what is inside it ("" when it does not)."""
    if style.get("display") == "none" or style.get("visibility") in {"hidden", "collapse"}:
        return "display:none / visibility:hidden"
    if "opacity" in style and _px(style["opacity"]) == 0:
        return "透明（opacity:0）"
    if any(_px(style.get(name, "1")) == 0 for name in ("font-size", "width", "height", "max-height", "max-width")):
        return "尺寸为零"
    if style.get("position") in {"absolute", "fixed"} or "text-indent" in style:
        for name in ("left", "top", "right", "text-indent", "margin-left", "margin-top"):
            if (value := _px(style.get(name, "0"))) is not None and value <= -OFF_SCREEN_PX:
                return "移出屏幕"
    return ""


def _hiding(link: HtmlElement, rules: list[tuple[str, dict[str, str]]]) -> str:
    colour, background = "", ""
    for element in [link, *link.iterancestors()]:
        if element.get("hidden") is not None:
            return "hidden 属性"
        style = _style_of(element, rules)
        if reason := _hidden_by(style):
            return reason
        colour = colour or _colour(style.get("color", ""))
        background = background or _colour(style.get("background-color", style.get("background", "")))
    if colour and colour == (background or WHITE):
        return "文字与背景同色"
    return ""


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


def read_page(body: bytes) -> PageFacts:
    tree = lxml_html.fromstring(body or b"<html></html>")
    rules = _style_rules(tree)
    links, assets = [], []
    for tag, attribute in LINK_ATTRIBUTES:
        for element in tree.iter(tag):
            assert isinstance(element, HtmlElement)
            value = (element.get(attribute) or "").strip()
            if not value:
                continue
            if tag == "a":
                links.append(Link(value, " ".join(element.text_content().split()), _hiding(element, rules)))
            else:
                assets.append(value)
    day, label = _date(tree)
    archived = bool(tree.xpath("//*[contains(concat(' ', @class, ' '), ' cs-archived ')]"))
    empty = bool(tree.xpath("//*[contains(concat(' ', @class, ' '), ' cs-empty ')]"))
    return PageFacts(tuple(links), tuple(assets), day, label, archived, empty, _footer_missing(tree))
