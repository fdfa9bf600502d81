"""Fork templates vetted before any engine runs them: what a province's template may ask for and write.

A fork's templates (`overrides/**/*.html`) are parsed, never run, and refused at their line when they
  - reach for Python's internals (any name starting with `_`) or for what describes the build machine
    (`config.site_dir`, `page.file.abs_src_path` ...: HIDDEN_NAMES), or use a filter that prints a whole
    object or turns text into markup (FORBIDDEN_FILTERS);
  - include, import or extend a template by anything but a plain relative name (`partials/x.html`): no
    variable, no absolute path, no `..`, so every engine's loader stays inside the theme's layers;
  - write HTML outside a small allow-list (ALLOWED_ELEMENTS, ALLOWED_ATTRIBUTES), or let an expression or
    a tag decide a tag or an attribute name, or an attribute value without quotes. The template's text
    between its expressions is read as one page with a mark where each expression or tag stands, so a
    tag cannot be put together from pieces (`<scr{{ '' }}ipt>`);
  - transform the markup of a block, a macro or a `{% set %}…{% endset %}` (`super() | replace(…)`): a
    call's value is written whole or not at all.
The fork's templates are autoescaped by both engines (what an expression writes is text), the MkDocs engine
runs them in a sandbox (engines/sandbox.py), and every page of a fork is checked once built
(publish/page_policy.py). This module gives the editor the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from ..findings import Finding, display_path
from .text import decode

# names (attributes or keys) whose values describe the build machine or the engine, not the page
HIDDEN_NAMES = frozenset({
    "site_dir", "docs_dir", "config_file_path", "dirs", "custom_dir", "abs_src_path", "abs_dest_path", "src_dir",
    "dest_dir", "hooks", "watch", "jieba_dict_user", "taken", "env", "environ", "globals", "os", "sys"})
FORBIDDEN_FILTERS = frozenset({"safe", "script_tag", "pprint", "tojson", "dictsort", "items", "string", "format",
                               "forceescape", "xmlattr"})
HARMLESS_CALLS = frozenset({"range", "cycler", "joiner", "namespace", "dict", "lipsum", "_", "gettext"})
TEMPLATE_NAME = re.compile(r"^(?!.*(?:^|/)\.{1,2}(?:/|$))[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "img", "ins", "kbd", "li", "link", "mark", "nav", "ol", "p", "pre", "q", "s", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul"})
ALLOWED_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "role", "href", "src", "alt", "width", "height",
                                "colspan", "rowspan", "datetime", "open", "rel", "loading", "hidden", "tabindex"})
URL_ATTRIBUTES = frozenset({"href", "src"})
_ATTRIBUTE_PREFIXES = ("aria-", "data-")
_UNSAFE_URL = re.compile(r"^(?:javascript|data|vbscript):", re.I)
_OUTSIDE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/\\|\\)", re.I)
_CONTROLS = re.compile(r"[\x00-\x20\\]")
EXPRESSION, STATEMENT = "\x00", "\x01"  # where an expression writes, where a statement begins or ends
HOLES = EXPRESSION + STATEMENT
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE_NAME = re.compile(r"[^\s\"'>/=\x00\x01]+")
RULE = "fork-template"


def _environment() -> jinja2.Environment:
    """Parses as MkDocs' template environment does (with the i18n tags); nothing is ever rendered."""
    return jinja2.Environment(extensions=["jinja2.ext.i18n"])


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


class _Html:
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
            following = self.text[self.at:self.at + 1]
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
        quote = self.text[self.at:self.at + 1]
        if quote not in ('"', "'"):
            value = re.compile(r"[^\s>]*").match(self.text, self.at)
            assert value is not None
            self.at = value.end()
            if any(hole in value.group(0) for hole in HOLES):
                self.problem(f"<{tag} {key}=> 的值由表达式给出却没有引号")
            return value.group(0)
        end = self.text.find(quote, self.at + 1)
        end = len(self.text) if end < 0 else end
        value = self.text[self.at + 1:end]
        self.at = end + 1
        return value

    def _check(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "link" and attributes.get("rel", "").lower() != "stylesheet":
            self.problem("<link> 只能引入本站的样式表（rel=\"stylesheet\"）")
        for key in URL_ATTRIBUTES & attributes.keys():
            url = _CONTROLS.sub("", attributes[key])
            if _UNSAFE_URL.match(url):
                self.problem(f"{key}=“{url[:30]}”")
            elif (key == "src" or tag == "link") and not url.startswith(tuple(HOLES)) and \
                    _OUTSIDE_URL.match(url.translate({ord(hole): None for hole in HOLES})):
                self.problem(f"引用站外文件 {key}=“{url[:40]}”")


def _output_problems(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    """The HTML each part of the template writes: each block alone (a child template writes nothing else),
    or the whole template."""
    extends = any(isinstance(node, nodes.Extends) for node in tree.body)
    parts = [*tree.find_all(nodes.Block), *tree.find_all(nodes.Macro)] if extends else [tree]
    for part in parts:
        pieces = list(_pieces(part.body, part.lineno or 1))
        if any(piece.text not in HOLES and any(hole in piece.text for hole in HOLES) for piece in pieces):
            yield part.lineno or 1, "控制字符 U+0000 或 U+0001"
        yield from _Html(pieces).read()


def _names(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    for item in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        name = None
        if isinstance(item, nodes.Getattr):
            name = item.attr
        elif isinstance(item, nodes.Getitem) and isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
            name = item.arg.value
        elif isinstance(item, nodes.Filter) and item.name == "attr" and item.args \
                and isinstance(item.args[0], nodes.Const):
            name = str(item.args[0].value)
        if isinstance(item, nodes.Filter) and item.name in FORBIDDEN_FILTERS:
            yield item.lineno, f"过滤器 {item.name}（会把文字当作网页代码，或把整个对象写进页面）"
        if name is not None and name.startswith("_") and name != "_":
            yield item.lineno, f"Python 内部属性“{name}”"
        elif name in HIDDEN_NAMES:
            yield item.lineno, f"生成机器的信息“{name}”"


# objects a template may read from but not print whole (their text names the build machine's folders)
WHOLE_OBJECTS = frozenset({"config", "page", "nav", "pages", "toc"})
OBJECT_ATTRIBUTES = frozenset({"theme", "plugins", "file", "mdx_configs", "markdown_extensions", "meta"})


def _whole_objects(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    for output in tree.find_all(nodes.Output):
        for item in output.nodes:
            if (isinstance(item, nodes.Name) and item.name in WHOLE_OBJECTS) or \
                    (isinstance(item, nodes.Getattr) and item.attr in OBJECT_ATTRIBUTES):
                yield item.lineno, "把整个对象写进页面（如 {{ config }}；只能写其中的文字，如 {{ config.site_name }}）"


def _references(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    for item in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        names = item.template.items if isinstance(item.template, nodes.List | nodes.Tuple) else [item.template]
        for name in names:
            if not (isinstance(name, nodes.Const) and isinstance(name.value, str)):
                yield item.lineno, "用变量或表达式指定要引入的模板"
            elif not TEMPLATE_NAME.match(name.value):
                yield item.lineno, f"引入主题之外的文件“{name.value[:60]}”"


def _markup(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    """A call's value (a block, a macro: markup) is written whole or only tested; markup is never made from
    pieces."""
    harmless = tuple(HARMLESS_CALLS)
    whole = {id(expression) for output in tree.find_all(nodes.Output) for expression in output.nodes}
    tested = [node.test if isinstance(node, nodes.If) else node.iter for node in tree.find_all((nodes.If, nodes.For))]
    whole |= {id(call) for expression in tested for call in expression.find_all(nodes.Call)}
    whole |= {id(expression) for expression in tested if isinstance(expression, nodes.Call)}
    for call in tree.find_all(nodes.Call):
        callee = call.node
        if isinstance(callee, nodes.Name) and callee.name in harmless:
            continue
        if isinstance(callee, nodes.Getattr) and isinstance(callee.node, nodes.Name) and callee.node.name == "loop":
            continue
        if id(call) not in whole:
            yield call.lineno, ("在输出之外调用方法或宏（宏和区块只能原样输出，如 {{ super() }}；"
                                "if、for 的条件中可以调用）")
    kinds = {nodes.AssignBlock: "{% set %}…{% endset %} 区块赋值（改用 {% set x = '文字' %}）",
             nodes.FilterBlock: "{% filter %} 区块", nodes.Pow: "乘方运算 **"}
    for item in tree.find_all((nodes.AssignBlock, nodes.FilterBlock, nodes.EvalContextModifier, nodes.Pow)):
        what = kinds.get(type(item), "关闭自动转义（autoescape）")
        if not isinstance(item, nodes.EvalContextModifier) or any(o.key == "autoescape" for o in item.options):
            yield item.lineno, what


def vet_template(path: Path) -> list[Finding]:
    """Findings for one fork template: a syntax error, or each construct it may not use."""
    where = display_path(path)
    source = decode(path.read_bytes(), where)
    if isinstance(source, Finding):
        return [source]
    try:
        tree = _environment().parse(source, name=path.name, filename=where)
    except jinja2.TemplateSyntaxError as error:
        return [Finding(where, error.lineno or 1, 1, "error", f"模板有误：{error.message}", RULE,
                        "按 Jinja 语法修正，或删除该覆盖文件、恢复全国主题")]
    found = sorted({*_names(tree), *_references(tree), *_markup(tree), *_whole_objects(tree),
                    *_output_problems(tree)})
    return [Finding(where, line, 1, "error", f"地方主题分支的模板不能使用{what}", RULE,
                    "地方模板只能改版式和文字：不能运行脚本、读取生成机器的信息或引入主题以外的文件；"
                    "需要的功能请向全国主题提出（可用的元素和属性见分支目录的 README.md）") for line, what in found]


def vet_templates(overrides: Path) -> list[Finding]:
    """Every template of a fork's overrides folder."""
    return [finding for path in sorted(overrides.rglob("*.html")) for finding in vet_template(path)]


_BLOCK_START = re.compile(r"(\{%-?\s*(?:block\s+\w+(?:\s+scoped)?(?:\s+required)?|macro\s[^%]*)\s*-?%\})")
_BLOCK_END = re.compile(r"(\{%-?\s*end(?:block|macro)(?:\s+\w+)?\s*-?%\})")
_EXTENDS = re.compile(r"\{%-?\s*extends\s")


def autoescaped(source: str) -> str:
    """A vetted fork template as an engine without per-template autoescaping (Zensical) must run it: each
    block's and macro's body, or the whole template, inside `{% autoescape true %}`; lines stay where they
    were."""
    if not _EXTENDS.search(source):
        return "{% autoescape true %}" + source + "{% endautoescape %}"
    source = _BLOCK_START.sub(r"\1{% autoescape true %}", source)
    return _BLOCK_END.sub(r"{% endautoescape %}\1", source)
