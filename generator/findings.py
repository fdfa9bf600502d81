"""Findings: what an editor is told about their files, compiler style, in Chinese; origins of values."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


def nest_quotes(text: str) -> str:
    """Quotes inside quotes as GB/T 15834 writes them, levels alternating “外‘中“内”中’外”. A message quotes
    names that carry their own quotes (活动“‘2022湖南网上年货节’启动仪式”); unbalanced quotes are left alone."""
    out, depth = [], 0
    for char in text:
        if char in "“‘":
            out.append("“" if depth % 2 == 0 else "‘")
            depth += 1
        elif char in "”’":
            depth -= 1
            if depth < 0:
                return text
            out.append("”" if depth % 2 == 0 else "’")
        else:
            out.append(char)
    return "".join(out) if depth == 0 else text


@dataclass(frozen=True, order=True)
class Finding:
    """One message about one place in one file."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    rule: str
    fix: str | None = None

    def __post_init__(self) -> None:
        # the message's own quoting only: a fix gives text to type, verbatim
        object.__setattr__(self, "message", nest_quotes(self.message))

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} ({self.rule})"
        if self.fix:
            text += f"\n    建议：{self.fix}"
        return text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Origin:
    """Where a value came from: the file an editor opens and the line and column of the value."""

    path: str
    line: int
    column: int

    def finding(self, message: str, rule: str, *, fix: str | None = None, severity: Severity = "error") -> Finding:
        return Finding(self.path, self.line, self.column, severity, message, rule, fix)

    def error(self, message: str, rule: str, *, fix: str | None = None) -> CampaignError:
        return CampaignError([self.finding(message, rule, fix=fix)])


class CampaignError(Exception):
    """Raised when input cannot be turned into a site; carries every finding that stops the build."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.format() for f in findings))
        self.findings = sorted(findings)

    def __reduce__(self) -> tuple[type, tuple[list[Finding]]]:
        # raised in worker processes: rebuild from the findings, not from the formatted message
        return (CampaignError, (self.findings,))


def display_path(path: os.PathLike[str] | str) -> str:
    """Paths in messages are relative to where the editor ran the command, as their editor shows them."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def findings_to_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in sorted(findings)], ensure_ascii=False, indent=2)
