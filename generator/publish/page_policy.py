"""What the built pages may carry (pagescan.py reads them): nothing that runs script or loads from another
site on any page, and on a province's fork no inline script the national theme does not write itself.

The fork's templates are vetted before the build and run sandboxed (read/templates.py, engines/sandbox.py);
this looks at what they wrote, so a construct that no reading of a template can see (a tag put together from
pieces) is still refused. The finding names the fork's templates, as the brand guard does.
"""

from __future__ import annotations

from ..findings import Finding, display_path
from ..resolve import Edition
from .pagescan import PageFacts

RULE = "page-script"
_PRINT = "/print/"  # print pages are the generator's own, alike in every microsite that has the document


def _where(edition: Edition | None, page: str, sources: dict[str, str]) -> tuple[str, str]:
    """The file to name and the fix: the fork's templates on a fork, else the page's template."""
    if edition is None or edition.fork is None:
        return sources.get(page, "主题模板（theme/）"), "页面不能有内联事件、框架或站外资源：检查生成该页面的模板"
    fork = edition.fork
    where = display_path(fork.folder / fork.templates[0]) if fork.templates else display_path(fork.folder)
    return where, f"地方主题分支不能加入脚本、事件属性或站外资源；检查这些模板：{'、'.join(fork.templates) or '（无）'}"


def policy_findings(facts: dict[str, PageFacts], editions: list[Edition], sources: dict[str, str]) -> list[Finding]:
    """A finding per problem (with the pages that have it): what no page may carry, or (on a fork) a script
    the theme does not write."""
    by_depth = sorted(editions, key=lambda e: len(e.path), reverse=True)

    def owner(page: str) -> Edition | None:
        return next((e for e in by_depth if page.startswith(e.path + "/")), None)

    forked = {page: edition for page in facts if (edition := owner(page)) and edition.fork}
    allowed = {script for page, fact in facts.items() if page not in forked for script in fact.scripts}
    found: dict[tuple[str, str, str], list[str]] = {}
    for page, fact in facts.items():
        edition = forked.get(page)
        problems = list(fact.problems)
        if edition is not None and _PRINT not in f"/{page}" and fact.scripts - allowed:
            problems.append("全国主题没有的脚本")
        for problem in problems:
            where, fix = _where(edition, page, sources)
            found.setdefault((where, problem, fix), []).append(page)
    return [
        Finding(
            where,
            1,
            1,
            "error",
            f"页面 {pages[0]} {f'等 {len(pages)} 个页面' if len(pages) > 1 else ''}含有不允许的内容：{problem}",
            RULE,
            fix,
        )
        for (where, problem, fix), pages in found.items()
    ]
