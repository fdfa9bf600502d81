"""Editors' text files (YAML, Markdown, templates) as text: UTF-8, with or without a byte-order mark, any line
endings. A file in another encoding (GBK from an old editor) is refused at the line and column of its first
byte that is not UTF-8, not read as mojibake."""

from __future__ import annotations

from ..findings import Finding


def decode(raw: bytes, display: str) -> str | Finding:
    """The file's text with `\\n` line endings, or the finding that it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return Finding(
            display,
            line,
            column,
            "error",
            "文件不是 UTF-8 编码（可能是 GBK）",
            "encoding",
            "用编辑器以 UTF-8 编码另存（记事本：另存为 → 编码选 UTF-8）",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")
