"""Fork templates vetted before any engine runs them: what a province's template may ask for.

A fork's templates (`overrides/**/*.html`) are parsed, never run, and refused at their line when they
  - reach for Python's internals (any name starting with `_`) or for what describes the build machine
    (`config.site_dir`, `page.file.abs_src_path`, a plugin's files ...: HIDDEN_NAMES);
  - include, import or extend a template by anything but a plain relative name (`partials/x.html`): no
    variable, no absolute path, no `..`, so every engine's loader stays inside the theme's layers;
  - turn autoescaping off, or write script into the page as literal HTML (`<script>`, `onclick=`,
    `javascript:`, frames and objects), or load a file from another site.
The MkDocs engine also runs fork templates in a sandbox (engines/sandbox.py) that enforces the same names at
run time; every page of a fork is checked after it is built for script the national theme does not write
(publish/page_policy.py). This module gives the editor the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jinja2
from jinja2 import nodes

from ..findings import Finding, display_path
from .text import decode

# names (attributes or keys) whose values describe the build machine or the engine, not the page
HIDDEN_NAMES = frozenset({
    "site_dir", "docs_dir", "config_file_path", "dirs", "custom_dir", "abs_src_path", "abs_dest_path", "src_dir",
    "dest_dir", "hooks", "watch", "jieba_dict_user", "taken", "env", "environ", "globals", "os", "sys"})
TEMPLATE_NAME = re.compile(r"^(?!.*(?:^|/)\.{1,2}(?:/|$))[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
SCRIPT_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
                             "svg", "math", "form"})
_LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster"})
_UNSAFE_URL = re.compile(r"^(?:javascript|data|vbscript):", re.I)
_OUTSIDE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_CONTROLS = re.compile(r"[\x00-\x20]")
RULE = "fork-template"


def _environment() -> jinja2.Environment:
    """Parses as MkDocs' template environment does (with the i18n tags); nothing is ever rendered."""
    return jinja2.Environment(extensions=["jinja2.ext.i18n"])


class _LiteralHtml(HTMLParser):
    """The template's own HTML (its text between tags and expressions): what it writes into the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []  # (line in the text fed, what)

    def _problem(self, what: str) -> None:
        self.problems.append((self.getpos()[0], what))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SCRIPT_ELEMENTS:
            self._problem(f"元素 <{tag}>")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self._problem("<meta http-equiv>（跳转或改变页面规则）")
        for name, value in attrs:
            url = _CONTROLS.sub("", value or "")
            if name.startswith("on") or name == "srcdoc":
                self._problem(f"属性 {name}=")
            if name in _URL_ATTRIBUTES and _UNSAFE_URL.match(url):
                self._problem(f"{name}=“{url[:30]}”")
            elif (name in _LOADING_ATTRIBUTES or (tag == "link" and name == "href")) and _OUTSIDE_URL.match(url):
                self._problem(f"引用站外文件 {name}=“{url[:40]}”")


def _problems(node: nodes.Node) -> Iterator[tuple[int, str]]:
    """(line, what) for every construct a fork template may not use."""
    for item in node.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Template)):
        name = None
        if isinstance(item, nodes.Getattr):
            name = item.attr
        elif isinstance(item, nodes.Getitem) and isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
            name = item.arg.value
        elif isinstance(item, nodes.Filter) and item.name == "attr" and item.args \
                and isinstance(item.args[0], nodes.Const):
            name = str(item.args[0].value)
        elif isinstance(item, nodes.Filter) and item.name == "safe":
            yield item.lineno, "过滤器 safe（会把文字当作网页代码输出）"
        if name is not None and name.startswith("_"):
            yield item.lineno, f"Python 内部属性“{name}”"
        elif name in HIDDEN_NAMES:
            yield item.lineno, f"生成机器的信息“{name}”"
    for item in node.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        names = item.template.items if isinstance(item.template, nodes.List | nodes.Tuple) else [item.template]
        for name in names:
            if not (isinstance(name, nodes.Const) and isinstance(name.value, str)):
                yield item.lineno, "用变量或表达式指定要引入的模板"
            elif not TEMPLATE_NAME.match(name.value):
                yield item.lineno, f"引入主题之外的文件“{name.value[:60]}”"
    for item in node.find_all((nodes.EvalContextModifier,)):
        if any(option.key == "autoescape" for option in item.options):
            yield item.lineno, "关闭自动转义（autoescape）"


def _literal_html(node: nodes.Template) -> Iterator[tuple[int, str]]:
    for output in node.find_all(nodes.TemplateData):
        parser = _LiteralHtml()
        parser.feed(output.data)
        parser.close()
        for line, problem in dict.fromkeys(parser.problems):
            yield output.lineno + line - 1, problem


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
    found = sorted(set(_problems(tree)) | set(_literal_html(tree)))
    return [Finding(where, line, 1, "error", f"地方主题分支的模板不能使用{what}", RULE,
                    "地方模板只能改版式和文字：不能运行脚本、读取生成机器的信息或引入主题以外的文件；"
                    "需要的功能请向全国主题提出") for line, what in found]


def vet_templates(overrides: Path) -> list[Finding]:
    """Every template of a fork's overrides folder."""
    return [finding for path in sorted(overrides.rglob("*.html")) for finding in vet_template(path)]
