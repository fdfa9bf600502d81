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
from pathlib import Path

import jinja2
from jinja2 import nodes

from ..findings import Finding, display_path
from .template_html import output_problems
from .text import decode

# names (attributes or keys) whose values describe the build machine or the engine, not the page
HIDDEN_NAMES = frozenset(
    "abs_dest_path abs_src_path config_file_path custom_dir dest_dir dirs docs_dir env environ globals "
    "hooks jieba_dict_user os site_dir src_dir sys taken watch".split()
)
FORBIDDEN_FILTERS = frozenset("dictsort forceescape format items pprint safe script_tag string tojson xmlattr".split())
HARMLESS_CALLS = frozenset("_ cycler dict gettext joiner lipsum namespace range".split())
TEMPLATE_NAME = re.compile(r"^(?!.*(?:^|/)\.{1,2}(?:/|$))[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
RULE = "fork-template"


def _environment() -> jinja2.Environment:
    """Parses as MkDocs' template environment does (with the i18n tags); nothing is ever rendered."""
    return jinja2.Environment(extensions=["jinja2.ext.i18n"])


def _names(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    for item in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        name = None
        if isinstance(item, nodes.Getattr):
            name = item.attr
        elif isinstance(item, nodes.Getitem) and isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
            name = item.arg.value
        elif (
            isinstance(item, nodes.Filter)
            and item.name == "attr"
            and item.args
            and isinstance(item.args[0], nodes.Const)
        ):
            name = str(item.args[0].value)
        if isinstance(item, nodes.Filter) and item.name in FORBIDDEN_FILTERS:
            yield item.lineno, f"过滤器 {item.name}（会把文字当作网页代码，或把整个对象写进页面）"
        if name is not None and name.startswith("_") and name != "_":
            yield item.lineno, f"Python 内部属性“{name}”"
        elif name in HIDDEN_NAMES:
            yield item.lineno, f"生成机器的信息“{name}”"


# objects a template may read from but not print whole (their text names the build machine's folders)
WHOLE_OBJECTS = frozenset("config nav page pages toc".split())
OBJECT_ATTRIBUTES = frozenset("file markdown_extensions mdx_configs meta plugins theme".split())


def _whole_objects(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    for output in tree.find_all(nodes.Output):
        for item in output.nodes:
            if (isinstance(item, nodes.Name) and item.name in WHOLE_OBJECTS) or (
                isinstance(item, nodes.Getattr) and item.attr in OBJECT_ATTRIBUTES
            ):
                yield item.lineno, "把整个对象写进页面（如 {{ config }}；只能写其中的文字，如 {{ config.site_name }}）"


def _references(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    for item in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        assert isinstance(item, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends)
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
    tested = [
        node.test if isinstance(node, nodes.If) else node.iter
        for node in tree.find_all((nodes.If, nodes.For))
        if isinstance(node, nodes.If | nodes.For)
    ]
    whole |= {id(call) for expression in tested for call in expression.find_all(nodes.Call)}
    whole |= {id(expression) for expression in tested if isinstance(expression, nodes.Call)}
    for call in tree.find_all(nodes.Call):
        callee = call.node
        if isinstance(callee, nodes.Name) and callee.name in harmless:
            continue
        if isinstance(callee, nodes.Getattr) and isinstance(callee.node, nodes.Name) and callee.node.name == "loop":
            continue
        if id(call) not in whole:
            yield (
                call.lineno,
                ("在输出之外调用方法或宏（宏和区块只能原样输出，如 {{ super() }}；if、for 的条件中可以调用）"),
            )
    kinds = {
        nodes.AssignBlock: "{% set %}…{% endset %} 区块赋值（改用 {% set x = '文字' %}）",
        nodes.FilterBlock: "{% filter %} 区块",
        nodes.Pow: "乘方运算 **",
    }
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
        return [
            Finding(
                where,
                error.lineno or 1,
                1,
                "error",
                f"模板有误：{error.message}",
                RULE,
                "按 Jinja 语法修正，或删除该覆盖文件、恢复全国主题",
            )
        ]
    found = sorted({*_names(tree), *_references(tree), *_markup(tree), *_whole_objects(tree), *output_problems(tree)})
    return [
        Finding(
            where,
            line,
            1,
            "error",
            f"地方主题分支的模板不能使用{what}",
            RULE,
            "地方模板只能改版式和文字：不能运行脚本、读取生成机器的信息或引入主题以外的文件；"
            "需要的功能请向全国主题提出（可用的元素和属性见分支目录的 README.md）",
        )
        for line, what in found
    ]


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
