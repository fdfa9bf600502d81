"""Every published page read once, after it is built: its references (for the link check), and what no page
of the site may carry, whoever wrote it: an inline event handler, a frame or object, a `<base>` or
`<meta http-equiv>`, a javascript:/data: URL, a script, style or picture loaded from another site.

Inline scripts are kept as fingerprints with the microsite's own paths taken out (Material writes the page's
base into them: "..", "../..", "/<campaign>/<region>/", Zensical without the last /): a page of a province's
fork may only carry the inline scripts the national theme writes on the other microsites (page_policy.py).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from ..read.css import css_problems
from .tree import files_under

_URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "{http://www.w3.org/1999/xlink}href",
    "data",
    "poster",
)
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20]")  # browsers drop tabs and newlines inside a URL's scheme
_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)  # browsers read \ as / in a URL
# never written by the theme or the generator: each is a frame, an object, or read one way by a parser and
# another by a browser (<noscript> when scripts run, <template>, MathML)
_FORBIDDEN = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "noscript", "template", "math"}
)
_LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "object": ("data",),
}
_LOADING_LINKS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "preload",
        "modulepreload",
        "prefetch",
        "manifest",
        "apple-touch-icon",
        "import",
        "dns-prefetch",
        "preconnect",
        "prerender",
    }
)
# names that neither load, link nor run anything: an element with only these, not a script or style, adds no
# reference, script or problem (any other name goes through every check)
_INERT_ATTRIBUTES = frozenset(
    {
        "class", "id", "title", "lang", "dir", "role", "alt", "width", "height", "type", "name", "value", "for",
        "tabindex", "colspan", "rowspan", "scope", "hidden", "disabled", "checked", "required", "datetime",
        "charset", "content", "property", "itemprop", "viewbox", "fill", "d", "x", "y", "font-size", "text-anchor",
        "xmlns", "placeholder", "autocomplete", "autocapitalize", "autocorrect", "spellcheck", "download",
    }
)  # fmt: skip
_INERT_PREFIXES = ("data-", "aria-")  # never loaded or run by a browser (`data` itself is: <object data>)
_ALWAYS_READ = frozenset({"script", "style"}) | _FORBIDDEN
# libxml2: as browsers read it, entities decoded; huge_tree: nesting up to 2048 deep and long texts; no table
# of the ids (nothing here looks an element up by id: a quarter of the parse)
_PARSER = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True, collect_ids=False)


@dataclass(frozen=True)
class PageFacts:
    references: tuple[str, ...]  # every href and src, in order, once each (not the canonical link)
    targets: tuple[str | None, ...]  # where each reference leads, read with the page (plain_target)
    scripts: frozenset[str] = frozenset()  # its scripts: fingerprints of the inline ones, paths of the others
    problems: tuple[str, ...] = ()  # what no page may carry (Chinese)


# a relative reference urlsplit reads as a path alone: no scheme, host or root, nothing it strips or drops
PLAIN_REFERENCE = re.compile(r"[^#/?\\:\x00-\x20\x7f][^:\\\x00-\x20\x7f]*\Z")


def plain_target(page: str, reference: str) -> str | None:
    """The site path a plain relative reference (most of them: ../assets/x.css) of the page at site path `page`
    leads to, normalised (one that leaves the site starts with ..); "" for a fragment of the page itself (#top);
    None for any other, which the link check reads with the site map (an absolute URL, a path from the host's
    root)."""
    if reference.startswith("#"):
        return ""
    if not PLAIN_REFERENCE.match(reference):
        return None
    relative = reference.partition("#")[0].partition("?")[0]  # never empty: it does not start with # or ?
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(relative)))


def unsafe_url(value: str) -> bool:
    return _IGNORED_BY_BROWSERS.sub("", value).lower().startswith(_UNSAFE_SCHEMES)


def script_fingerprint(text: str, page: str, microsite: str) -> str:
    """An inline script with the page's base taken out: the same script on every page of every microsite."""
    depth = page.count("/")
    base = "/".join([".."] * depth) or "."
    own = f"/{microsite}" if microsite else ""
    text = text.replace(f'"{own}/', '"@/').replace(f'"{own}"', '"@"')  # Zensical writes the base without its /
    text = text.replace(f'"{base}"', '"@"').replace(f'"{base}/', '"@/')
    if depth == 0:
        text = text.replace('"assets/', '"@/assets/')
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _candidates(name: str, value: str) -> list[str]:
    """The addresses an attribute names: one, or each of a srcset's."""
    if name.endswith("srcset"):
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    return [value]


def _element_problems(tag: str, attributes: Mapping[str, str], text: str) -> list[str]:
    problems = [f"<{tag}>"] if tag in _FORBIDDEN else []
    if tag == "meta" and "http-equiv" in attributes:
        problems.append("<meta http-equiv>")
    for name, value in attributes.items():
        if name.startswith("on"):
            problems.append(f"事件属性 {name}=")
        elif name in _URL_ATTRIBUTES and unsafe_url(value):
            problems.append(f"{name}=“{value[:40]}”")
    loads = _LOADING.get(tag, ())
    if tag == "link" and _LOADING_LINKS & set(attributes.get("rel", "").lower().split()):
        loads = ("href", "imagesrcset")
    for name in (*loads, "srcset", "imagesrcset", "poster", "background"):
        if address := attributes.get(name):  # most elements load nothing: no list made for them
            outside = [a for a in _candidates(name, address) if _OUTSIDE.match(a)]
            problems += [f"站外文件 <{tag} {name}=“{a[:60]}”>" for a in outside]
    styles = [attributes.get("style", ""), text if tag == "style" else ""]
    for _, what in (found for style in styles if style for found in _style_problems_of(style)):
        problems.append(f"<{tag}> 的样式中有{what}")
    return problems


_REMEMBERED_STYLE = 64 * 1024  # a longer style text (a fork page's own) is read each time, not kept


def _style_problems_of(text: str) -> tuple[tuple[int, str], ...]:
    return _style_problems(text) if len(text) <= _REMEMBERED_STYLE else tuple(css_problems(text))


@lru_cache(maxsize=512)
def _style_problems(text: str) -> tuple[tuple[int, str], ...]:
    """css_problems, once per text in a process: the theme's style block is the same on every page (7 KB,
    a quarter of a page's reading)."""
    return tuple(css_problems(text))


class _Standard(HTMLParser):
    """Python's own HTML parser: slower, without libxml2's limits (the fallback for a page past them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], str]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, ""))
        self._script = [] if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._script is not None and self.elements:
            name, attributes, _ = self.elements[-1]
            self.elements[-1] = (name, attributes, "".join(self._script))
        self._script = None


def _elements(content: bytes, standard: bool) -> list[tuple[str, dict[str, str], str]]:
    """(tag, attributes, text of a script) of every element that may load, link or run something (not one with
    only inert attributes). A page libxml2 stops reading (nested deeper than it allows) is read by Python's
    parser (`standard`: always): nothing after that point may go unchecked."""
    root = None if standard else etree.fromstring(content, _PARSER)
    if standard or any(error.level_name == "FATAL" for error in _PARSER.error_log):
        parser = _Standard()
        parser.feed(content.decode("utf-8", errors="replace"))
        parser.close()
        return [element for element in parser.elements if element[0] in _ALWAYS_READ or not _inert(element[1])]
    if root is None:
        return []
    return [  # libxml2's attribute names decide before anything is copied
        (tag, {str(k): str(v) for k, v in element.items()}, element.text or "" if tag in ("script", "style") else "")
        for element in root.iter(tag=etree.Element)
        if (tag := str(element.tag)) in _ALWAYS_READ or not _inert(element.keys())
    ]


def _inert(attributes: Iterable[object]) -> bool:
    return _INERT_ATTRIBUTES.issuperset(attributes) or all(
        name in _INERT_ATTRIBUTES or (isinstance(name, str) and name.startswith(_INERT_PREFIXES)) for name in attributes
    )


def _own_path(src: str, page: str, microsite: str) -> str:
    """A script's address as the path inside its microsite (the same script on every page that loads it)."""
    path = urlsplit(src.strip()).path
    own = f"/{microsite}/" if microsite else "/"
    if path.startswith("/"):
        return path.removeprefix(own) if path.startswith(own) else path
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def page_facts(content: bytes, page: str = "index.html", microsite: str = "", *, standard: bool = False) -> PageFacts:
    """`page`: the page's path inside its microsite (`platforms/index.html`); `microsite`: its folder."""
    references: list[str] = []
    scripts, problems = set(), []
    for tag, attributes, text in _elements(content, standard):  # only what may load, link or run something
        if not (tag == "link" and attributes.get("rel") == "canonical"):  # the page's public URL
            references += [value for name in ("href", "src") if (value := attributes.get(name))]
        if tag == "script" and "src" in attributes:
            scripts.add("src:" + _own_path(attributes["src"], page, microsite))
        elif tag == "script" and attributes.get("type") != "application/ld+json":
            scripts.add(script_fingerprint(text, page, microsite))
        problems += _element_problems(tag, attributes, text)
    unique, site_path = tuple(dict.fromkeys(references)), f"{microsite}/{page}".lstrip("/")
    targets = tuple(plain_target(site_path, reference) for reference in unique)
    return PageFacts(unique, targets, frozenset(scripts), tuple(dict.fromkeys(problems)))


def scan_pages(folder: Path, microsite: str) -> dict[str, PageFacts]:
    """Every HTML file of a microsite's folder, by its path in the site (`microsite/...`)."""
    pages = sorted((relative, path) for relative, path in files_under(folder) if relative.endswith(".html"))
    return {
        f"{microsite}/{relative}".lstrip("/"): page_facts(Path(path).read_bytes(), relative, microsite)
        for relative, path in pages
    }
