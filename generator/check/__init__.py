"""Stage 2, check: rules that catch what real campaign documents get wrong -> findings.

One module per family of rules (dates, calendar, prose, characters, laws, contacts, urls, publish, regions,
documents, footer, forks, images, palette); each registers its rules with `@rule` from base.py, and every module
of this package is imported here, so a new family is one new file. Rule ids are stable: tests and editors' CI
scripts rely on them.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..findings import Finding
from ..read import Project
from .base import RULES

for _family in sorted(module.name for module in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_family}")  # registers the family's rules


def run_checks(project: Project) -> list[Finding]:
    return sorted({f for check in RULES for f in check(project)})
