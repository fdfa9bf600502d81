"""The Jinja sandbox a microsite with a province's fork is rendered in by the MkDocs engine.

A fork's templates are vetted before the build (read/templates.py); this is the same rule at run time, for
what no reading of the source can see (a name built from pieces, a method reached through an object):
  - no attribute or key that starts with `_` (Jinja's own sandbox rule) or that names the build machine
    or the engine (HIDDEN_NAMES: `site_dir`, `plugins`, `abs_src_path` ...);
  - no call of anything the theme does not hand its templates: macros, blocks (`super()`, `self.x()`),
    the template globals (`range` bounded, `cycler`, `gettext` ...) and the methods of plain values
    (strings, lists, dicts, Jinja's loop); never a method of MkDocs' objects (`config.theme.get_env()`).
A refused name or call stops the build with the template's file and line (engines.template_error).
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup
from mkdocs.plugins import BasePlugin

from ..read.templates import HIDDEN_NAMES

_PLAIN_VALUES = (str, Markup, int, float, list, tuple, dict, set, frozenset, LoopContext, Cycler, Joiner, Namespace)


class ForkSandbox(SandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in HIDDEN_NAMES or (isinstance(obj, BasePlugin) and attr != "config"):
            return False  # a plugin is its settings to a template (Material reads the search plugin's)
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"地方主题分支的模板不能读取“{attribute}”（Python 内部属性、生成机器或引擎的信息）")

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj) and self._handed(obj)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not __self.is_safe_callable(__obj):
            name = getattr(__obj, "__qualname__", type(__obj).__name__)
            raise SecurityError(f"地方主题分支的模板不能调用“{name}”：只能调用主题提供的宏和文字、列表的方法")
        return super().call(__context, __obj, *args, **kwargs)

    def _handed(self, obj: Any) -> bool:
        if isinstance(obj, Macro | BlockReference | Joiner):
            return True
        if any(obj is value for value in self.globals.values()):
            return True
        owner = getattr(obj, "__self__", None)
        return isinstance(owner, _PLAIN_VALUES) and not getattr(obj, "__name__", "_").startswith("_")

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in HIDDEN_NAMES:
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument in HIDDEN_NAMES:
            return self.unsafe_undefined(obj, argument)
        return super().getitem(obj, argument)


def sandboxed(env: jinja2.Environment) -> ForkSandbox:
    """The sandbox with what `env` (MkDocs' environment for the theme) hands its templates: loader, filters,
    tests, extensions (i18n) and globals, except Python's unbounded `range`."""
    box = ForkSandbox(loader=env.loader, auto_reload=env.auto_reload, autoescape=env.autoescape)
    for extension in env.extensions.values():
        box.add_extension(type(extension))
    box.filters.update(env.filters)
    box.tests.update(env.tests)
    box.globals.update({name: value for name, value in env.globals.items() if name != "range"})
    box.policies.update(env.policies)
    return box
