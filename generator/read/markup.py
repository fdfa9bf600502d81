"""Notice bodies: Markdown with a small allow-list of HTML, turned into safe HTML once.

Editors may use Markdown and these HTML elements: paragraphs and line breaks, headings, emphasis,
lists, tables, block quotes, code, and links that are relative (inside the site) or https, mailto: or tel:.
Everything else (scripts, iframes, images, styles, event handlers, javascript: or data: links) is removed
by nh3 (the Rust ammonia sanitizer) and reported by `check` with its line (rule markup-removed).
A fork's pages (`pictures=True`) may also show pictures of the site itself (a relative `src`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "sub",
        "sup",
        "small",
        "mark",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "a",
        "span",
        "div",
    }
)
_CELL = {"colspan", "rowspan", "style"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": _CELL,
    "td": _CELL,
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
URL_SCHEMES = frozenset({"https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables align columns with style="text-align: …"

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class Removed:
    """Something a notice body asked for that the policy does not allow (1-based line and column)."""

    line: int
    column: int
    what: str


PICTURE_ATTRIBUTES = frozenset({"src", "alt", "title", "width", "height"})
_OUTSIDE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\)")


def _own_pictures(element: str, attribute: str, value: str) -> str | None:
    """A picture's source stays on the site: nothing is loaded from elsewhere."""
    return None if element == "img" and attribute == "src" and _OUTSIDE.match(value) else value


_CONVERTERS = threading.local()


def _markdown(source: str) -> str:
    """Markdown to HTML by one converter per thread, reset before each text: a new one for each text looked its
    extensions up among the installed packages again (half the time of reading 76 notice bodies)."""
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:
        converter = _CONVERTERS.markdown = markdown.Markdown(extensions=["tables", "toc"], output_format="html")
    return str(converter.reset().convert(source))


def safe_html(source: str, *, pictures: bool = False) -> str:
    """The Markdown as HTML with everything outside the allow-list removed."""
    html = _markdown(source)
    tags, attributes = set(ALLOWED_TAGS), {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}
    if pictures:
        tags.add("img")
        attributes["img"] = set(PICTURE_ATTRIBUTES)
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel="noopener",
        attribute_filter=_own_pictures if pictures else None,
    )


def _url_problem(url: str) -> str | None:
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return f"链接“{url[:60]}”（只允许站内相对链接和 https、mailto、tel 链接）"
    return None


def _picture_problem(url: str, pictures: bool) -> str | None:
    if not pictures:
        return "图片（通知正文不显示图片，请放在微站页面或附件中）"
    if _OUTSIDE.match(url):
        return f"站外图片“{url[:60]}”（页面不加载本站以外的文件：把图片放进地方主题分支的 overrides/assets/）"
    return None


def _attribute_problem(tag: str, key: str, value: str, pictures: bool) -> str | None:
    if key == "href":
        return _url_problem(value)
    return _picture_problem(value, pictures) if tag == "img" and key == "src" else None


def _line_problems(line: str, pictures: bool) -> list[tuple[int, str]]:
    problems = []
    allowed_tags = ALLOWED_TAGS | ({"img"} if pictures else set())
    for match in _TAG.finditer(line):
        name = match.group(2).lower()
        if match.group(1):
            continue  # a closing tag: its opening tag was reported
        if name not in allowed_tags:
            problems.append((match.start(), f" HTML 标签 <{name}>"))
            continue
        for attribute in _ATTRIBUTE.finditer(match.group(3)):
            key = attribute.group(1).lower()
            value = attribute.group(0).split("=", 1)[-1].strip("\"' ")
            allowed = PICTURE_ATTRIBUTES if name == "img" else ALLOWED_ATTRIBUTES.get(name, set())
            if key not in allowed:
                problems.append((match.start(), f" <{name}> 的属性 {key}"))
            elif problem := _attribute_problem(name, key, value, pictures):
                problems.append((match.start(), problem))
    for match in _LINK.finditer(line):
        if match.group(1):
            if problem := _picture_problem(match.group(2), pictures):
                problems.append((match.start(), problem))
        elif problem := _url_problem(match.group(2)):
            problems.append((match.start(), problem))
    for match in _AUTOLINK.finditer(line):
        if problem := _url_problem(match.group(1)):
            problems.append((match.start(), problem))
    return problems


def removed_parts(source: str, *, pictures: bool = False) -> list[Removed]:
    """What `safe_html` drops from this Markdown, with where it is written (code is left alone)."""
    found: list[Removed] = []
    fenced = False
    for number, line in enumerate(source.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        found += [Removed(number, column + 1, what) for column, what in _line_problems(visible, pictures)]
    return found
