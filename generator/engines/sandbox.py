"""The Jinja sandbox a microsite with a province's fork is rendered in by the MkDocs engine.

A fork's templates are vetted before the build (read/templates.py); this is the same rule at run time, for
what no reading of the source can see (a name built from pieces, a method reached through an object):
  - no attribute or key that starts with `_` (Jinja's own sandbox rule) or that names the build machine
    or the engine (HIDDEN_NAMES: `site_dir`, `abs_src_path` ...);
  - MkDocs' objects (its configuration, the theme, files, plugins) are seen through views that leave
    those names out, also when a filter walks them (`dictsort`) or prints them (`{{ config }}`);
  - no call of anything the theme does not hand its templates: macros, blocks (`super()`, `self.x()`),
    the template globals (`range` bounded, `cycler`, `gettext` ...) and the reading methods of plain
    values (strings, lists, dicts, Jinja's loop); never a method that changes a value, never one of
    markup (`Markup.replace` would turn the theme's own tags into others), never one of MkDocs' objects;
  - `**` and `*` bounded, so a template cannot make the build compute forever;
  - the fork's own templates are autoescaped: what an expression writes is text, never a tag.
A refused name or call stops the build with the template's file and line (engines.template_error).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jinja2
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, PluginCollection
from mkdocs.structure.files import File
from mkdocs.theme import Theme

from ..read.templates import HIDDEN_NAMES

_PLAIN_VALUES = (str, int, float, list, tuple, dict, set, frozenset, LoopContext, Cycler, Joiner, Namespace)
_OPAQUE = (Config, Theme, File, BasePlugin, PluginCollection)
MAX_POWER = 100  # the largest exponent of `**`
MAX_PRODUCT = 100_000  # the longest string or list `*` may make


def _hidden(name: object) -> bool:
    return isinstance(name, str) and (name in HIDDEN_NAMES or name.startswith("_"))


def shown(value: Any) -> Any:
    """A value as a fork's template may see it: MkDocs' objects through a view."""
    return View(value) if isinstance(value, _OPAQUE) else value


class View(Mapping[str, Any]):
    """An MkDocs object without what describes the build machine: read by attribute or key, walked by
    filters, printed as its kind only."""

    __slots__ = ("_target",)

    def __init__(self, target: Any) -> None:
        object.__setattr__(self, "_target", target)

    def __getitem__(self, key: str) -> Any:
        if _hidden(key):
            raise KeyError(key)
        return shown(self._target[key])

    def __getattr__(self, name: str) -> Any:
        if _hidden(name):  # refused, not missing: a template that asks is told so (the `attr` filter too)
            raise SecurityError(f"地方主题分支的模板不能读取“{name}”（Python 内部属性、生成机器或引擎的信息）")
        try:
            return shown(getattr(self._target, name))
        except AttributeError:
            try:
                return self[name]
            except (KeyError, TypeError):
                raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        try:
            return iter([key for key in self._target if not _hidden(key)])
        except TypeError:
            return iter(())

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        try:
            return not _hidden(key) and key in self._target
        except TypeError:
            return False

    def __repr__(self) -> str:
        return f"<{type(self._target).__name__}>"


_READABLE = (*_PLAIN_VALUES, View)  # whose reading methods a template may call


class ForkSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"**", "*"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in HIDDEN_NAMES or isinstance(obj, Markup):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"地方主题分支的模板不能读取“{attribute}”（Python 内部属性、生成机器或引擎的信息）")

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj) and self._handed(obj)

    def _handed(self, obj: Any) -> bool:
        if isinstance(obj, Macro | BlockReference | Joiner):
            return True
        if any(obj is value for value in self.globals.values()):
            return True
        owner = getattr(obj, "__self__", None)
        return (
            isinstance(owner, _READABLE)
            and not isinstance(owner, Markup)
            and not getattr(obj, "__name__", "_").startswith("_")
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__qualname__", type(__obj).__name__)
            raise SecurityError(f"地方主题分支的模板不能调用“{name}”：只能调用主题提供的宏和文字、列表的读取方法")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise SecurityError(f"地方主题分支的模板不能计算 {MAX_POWER} 次以上的幂")
        if operator_name == "*" and any(isinstance(side, str | list | tuple) for side in (left, right)):
            count = right if isinstance(left, str | list | tuple) else left
            length = len(left) if isinstance(left, str | list | tuple) else len(right)
            if isinstance(count, int) and count * length > MAX_PRODUCT:
                raise SecurityError("地方主题分支的模板不能生成过长的文字或列表")
        return {"**": operator.pow, "*": operator.mul}[operator_name](left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in HIDDEN_NAMES:
            return self.unsafe_undefined(obj, attribute)
        return shown(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument in HIDDEN_NAMES:
            return self.unsafe_undefined(obj, argument)
        return shown(super().getitem(obj, argument))


class ForkContext(BasePlugin):
    """Hands the templates MkDocs' configuration through a view (the rest of the context is the page's)."""

    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        return {**context, "config": shown(context["config"])}

    def on_template_context(self, context: Any, /, *, template_name: str, config: Any) -> Any:
        return {**context, "config": shown(context["config"])}


def sandboxed(env: jinja2.Environment, fork_templates: frozenset[str]) -> ForkSandbox:
    """The sandbox with what `env` (MkDocs' environment for the theme) hands its templates: loader, filters,
    tests, extensions (i18n) and globals, except Python's unbounded `range`. The templates named in
    `fork_templates` (the fork's own) are autoescaped; the theme's are rendered as MkDocs renders them."""
    autoescape: Callable[[str | None], bool] = lambda name: name in fork_templates  # noqa: E731
    box = ForkSandbox(loader=env.loader, auto_reload=env.auto_reload, autoescape=autoescape)
    for extension in env.extensions.values():
        box.add_extension(type(extension))
    box.filters.update(env.filters)
    box.tests.update(env.tests)
    box.globals.update({name: value for name, value in env.globals.items() if name != "range"})
    box.policies.update(env.policies)
    return box
