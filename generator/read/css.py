"""Stylesheets a reader's browser will load: what in them loads a file from another site or runs script,
read as a browser reads CSS (comments dropped, escapes such as `\\75rl(` or `\\68ttp` decoded first)."""

from __future__ import annotations

import re

_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.S)
_IMPORT = re.compile(r"@import\b", re.I)
_SCRIPT = re.compile(r"expression\s*\(|javascript:|vbscript:|(?<![-\w])behavior\s*:|-moz-binding", re.I)
# where CSS names an address: url(…), src(…) and any quoted string (image-set("…"), @import "…")
_ADDRESS = re.compile(r"""(?:url|src)\(\s*(?!["'])([^)]*)|"([^"]*)"|'([^']*)'""", re.I)
# an address that leaves the site: a scheme (https:, but not data:) or a host (//)
_OUTSIDE = re.compile(r"^\s*(?:(?!data:)[a-z][a-z0-9+.-]*:|//|/\\)", re.I)


def _unescaped(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1):
            point = int(match.group(1), 16)
            return chr(point) if 0 < point <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return _ESCAPE.sub(one, text)


def css_problems(text: str) -> list[tuple[int, str]]:
    """(line, what) for each thing a stylesheet may not do: import, load from another site, run script."""
    kept = _COMMENT.sub(lambda comment: re.sub(r"[^\n]", " ", comment.group(0)), text)  # lines stay
    problems = []
    for number, line in enumerate(kept.split("\n"), 1):
        plain = _unescaped(line)
        if _IMPORT.search(plain):
            problems.append((number, "@import（用 <link> 或把样式写在同一个文件中）"))
        if match := _SCRIPT.search(plain):
            problems.append((number, f"可执行的写法“{match.group(0)}”"))
        for match in _ADDRESS.finditer(plain):
            address = next(group for group in match.groups() if group is not None)
            if _OUTSIDE.match(address):
                problems.append((number, f"站外文件“{address.strip()[:60]}”"))
    return problems
