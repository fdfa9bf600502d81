"""Findings: what an editor is told about their files, compiler style, in Chinese; origins of values."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
