"""The HTML a fork template writes, read before it runs: a positive allow-list of elements and attributes,
and the place of every expression and statement (read/templates.py vets the rest of a template).

The template's text between its expressions is read as one page with a mark where each expression writes
(EXPRESSION) and where each statement begins or ends (STATEMENT): an expression may write text or a quoted
attribute value, never a tag, an attribute name or an unquoted value, so a tag cannot be put together from
pieces (`<scr{{ '' }}ipt>`); what a statement may write is read as part of the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import nodes

ALLOWED_ELEMENTS = frozenset(
    "a abbr article aside b blockquote br caption cite code dd del details dfn div dl dt em figcaption "
    "figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li link mark nav ol p pre q s section small "
    "span strong sub summary sup table tbody td tfoot th thead time tr u ul".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "alt class colspan datetime height hidden href id lang loading open rel role rowspan src tabindex "
    "title width".split()
)
URL_ATTRIBUTES = frozenset("href src".split())
_ATTRIBUTE_PREFIXES = ("aria-", "data-")
_UNSAFE_URL = re.compile(r"^(?:javascript|data|vbscript):", re.I)
_OUTSIDE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/\\|\\)", re.I)
_CONTROLS = re.compile(r"[\x00-\x20\\]")
EXPRESSION, STATEMENT = "\x00", "\x01"  # where an expression writes, where a statement begins or ends
HOLES = EXPRESSION + STATEMENT
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE_NAME = re.compile(r"[^\s\"'>/=\x00\x01]+")


@dataclass(frozen=True)
class _Piece:
    text: str  # literal HTML, EXPRESSION or STATEMENT
    line: int


def _pieces(body: list[nodes.Node], line: int) -> Iterator[_Piece]:
    """A body's output in the order of the source: literal text, EXPRESSION where an expression writes, and
    STATEMENT at each start and end of a statement (an `if` may or may not write what it holds)."""
    for node in body:
        if isinstance(node, nodes.Output):
            for item in node.nodes:
                line = item.lineno or line
                yield _Piece(item.data if isinstance(item, nodes.TemplateData) else EXPRESSION, line)
        elif isinstance(node, nodes.Stmt):
            line = node.lineno or line
            yield _Piece(STATEMENT, line)
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    yield from _pieces([child], child.lineno or line)
            yield _Piece(STATEMENT, line)


class HtmlReader:
    """A strict reader of a template's text: tags of the allow-list with quoted attributes, nothing else."""

    def __init__(self, pieces: list[_Piece]):
        self.text = "".join(piece.text for piece in pieces)
        self.lines: list[int] = []  # the template line of each character
        for piece in pieces:
            line = piece.line
            for character in piece.text:
                self.lines.append(line)
                line += character == "\n"
        self.problems: list[tuple[int, str]] = []
        self.at = 0

    def problem(self, what: str) -> None:
        self.problems.append((self.lines[min(self.at, len(self.lines) - 1)] if self.lines else 1, what))

    def read(self) -> list[tuple[int, str]]:
        while (start := self.text.find("<", self.at)) >= 0:
            self.at = start + 1
            following = self.text[self.at : self.at + 1]
            if following == "/":
                self._end_tag()
            elif following and _NAME.match(following):
                self._start_tag()
            else:
                self.problem("“<”后不是标签（文字中的“<”写作 &lt;；不能写注释 <!-- --> 或用表达式拼出标签）")
        return self.problems

    def _end_tag(self) -> None:
        match = re.compile(r"/([A-Za-z][A-Za-z0-9-]*)\s*>").match(self.text, self.at)
        if not match:
            self.problem("结束标签中有表达式或不完整")
            return
        self.at = match.end()

    def _start_tag(self) -> None:
        name = _NAME.match(self.text, self.at)
        assert name is not None
        tag = name.group(0).lower()
        self.at = name.end()
        if tag not in ALLOWED_ELEMENTS:
            self.problem(f"元素 <{tag}>（地方模板可用的元素见说明）")
        attributes: dict[str, str] = {}
        while self.at < len(self.text):
            if self.text[self.at] == EXPRESSION:
                self.problem(f"<{tag}> 的标签名或属性由表达式给出（表达式只能写在文字中或带引号的属性值中）")
                return
            while self.at < len(self.text) and self.text[self.at] in " \t\n\r\f" + STATEMENT:
                self.at += 1  # a statement between attributes may add or leave one: what it holds is read too
            if self.at < len(self.text) and self.text[self.at] == EXPRESSION:
                continue
            if self.text.startswith(">", self.at) or self.text.startswith("/>", self.at):
                self.at += 1 if self.text[self.at] == ">" else 2
                break
            attribute = _ATTRIBUTE_NAME.match(self.text, self.at)
            if attribute is None or self.at >= len(self.text):
                self.problem(f"<{tag}> 的属性名中有表达式")
                return
            key = attribute.group(0).lower()
            self.at = attribute.end()
            attributes[key] = self._value(tag, key)
        self._check(tag, attributes)

    def _value(self, tag: str, key: str) -> str:
        if key not in ALLOWED_ATTRIBUTES and not key.startswith(_ATTRIBUTE_PREFIXES):
            self.problem(f"属性 {key}=（如 onclick、style、srcset 等）")
        if not self.text.startswith("=", self.at):
            return ""
        self.at += 1
        quote = self.text[self.at : self.at + 1]
        if quote not in ('"', "'"):
            unquoted = re.compile(r"[^\s>]*").match(self.text, self.at)
            assert unquoted is not None  # the pattern matches the empty string too
            self.at = unquoted.end()
            if any(hole in unquoted.group(0) for hole in HOLES):
                self.problem(f"<{tag} {key}=> 的值由表达式给出却没有引号")
            return unquoted.group(0)
        end = self.text.find(quote, self.at + 1)
        end = len(self.text) if end < 0 else end
        value = self.text[self.at + 1 : end]
        self.at = end + 1
        return value

    def _check(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "link" and attributes.get("rel", "").lower() != "stylesheet":
            self.problem('<link> 只能引入本站的样式表（rel="stylesheet"）')
        for key in URL_ATTRIBUTES & attributes.keys():
            url = _CONTROLS.sub("", attributes[key])
            if _UNSAFE_URL.match(url):
                self.problem(f"{key}=“{url[:30]}”")
            elif (
                (key == "src" or tag == "link")
                and not url.startswith(tuple(HOLES))
                and _OUTSIDE_URL.match(url.translate({ord(hole): None for hole in HOLES}))
            ):
                self.problem(f"引用站外文件 {key}=“{url[:40]}”")


def output_problems(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    """The HTML each part of the template writes: each block alone (a child template writes nothing else),
    or the whole template."""
    extends = any(isinstance(node, nodes.Extends) for node in tree.body)
    parts: list[nodes.Block | nodes.Macro | nodes.Template] = (
        [*tree.find_all(nodes.Block), *tree.find_all(nodes.Macro)] if extends else [tree]
    )
    for part in parts:
        pieces = list(_pieces(part.body, part.lineno or 1))
        if any(piece.text not in HOLES and any(hole in piece.text for hole in HOLES) for piece in pieces):
            yield part.lineno or 1, "控制字符 U+0000 或 U+0001"
        yield from HtmlReader(pieces).read()
