"""Stage 2, check: rules that catch what real campaign documents get wrong -> findings.

One module per family of rules (dates, calendar, prose, characters, laws, contacts, urls, regions, documents,
footer, forks, images, palette); each
registers its rules with `@rule` from base.py, so a new family drops in without touching the others.
Rule ids are stable: tests and editors' CI scripts rely on them.
"""

from __future__ import annotations

from ..findings import Finding
from ..read import Project
from . import (  # noqa: F401 - each module registers its rules
    calendar,
    characters,
    contacts,
    dates,
    documents,
    footer,
    forks,
    images,
    laws,
    palette,
    prose,
    regions,
    urls,
)
from .base import RULES


def run_checks(project: Project) -> list[Finding]:
    return sorted({f for check in RULES for f in check(project)})
