"""PyYAML's problems (scanner, parser, composer, constructor) in an editor's words: a YAML syntax error is
never said in PyYAML's English."""

from __future__ import annotations

_INDENT = "这一行的缩进与上文不一致，或文字中的引号、冒号没有整段加引号"
_TAG = "以 ! 开头的标签写法不对（文字以 ! 开头时请整段加引号）"
_DIRECTIVE = "以 % 开头的指令写法不对（删除该行，或给文字整段加引号）"
_PROBLEMS_ZH = (  # PyYAML's problems (scanner, parser, composer, constructor) in an editor's words
    ("mapping values are not allowed here", "此处不能出现“键: 值”（缩进不对，或文字中的冒号需整段加引号）"),
    ("could not find expected ':'", "缺少冒号“:”（或上一行的引号没有闭合）"),
    ("found character '\\t' that cannot start any token", "不能使用 Tab 缩进，请改用空格"),
    ("found character", "此处的字符不能作为取值的开头（请给整段文字加引号）"),
    ("found undefined alias", "引用了未定义的别名（文字中的 * 请整段加引号）"),
    ("expected <block end>, but found '-'", "列表项“-”的缩进与上文不一致"),
    ("expected <block end>", _INDENT),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合）"),
    ("found duplicate anchor", "锚点名称重复"),
    ("expected ',' or ']'", "方括号 [ ] 未闭合或缺少逗号"),
    ("expected ',' or '}'", "花括号 { } 未闭合或缺少逗号"),
    ("found unexpected ':'", "出现了多余的冒号（文本中含冒号时请加引号）"),
    ("found unknown escape character", "双引号文本中有无效的反斜杠转义，请改用单引号"),
    ("expected escape sequence", "双引号文本中的反斜杠转义不完整，请改用单引号"),
    ("expected the node content", "此处缺少取值"),
    ("mapping keys are not allowed here", "此处不能出现字段名（缩进不对）"),
    ("sequence entries are not allowed here", "此处不能出现列表项“-”（缩进不对）"),
    ("expected a comment or a line break", "此处多出了内容（应换行，或给整段文字加引号）"),
    ("expected a single document", "文件中只能有一份配置（删除多余的“---”）"),
    ("found unexpected document separator", "文件中只能有一份配置（删除多余的“---”）"),
    ("expected '<document start>'", "文件开头的格式不对（删除多余的“---”或“...”）"),
    ("invalid indentation or unclosed", "缩进不对，或方括号、花括号未闭合"),
    (
        "expected alphabetic or numeric character",
        "锚点或别名（& 与 *）后应为字母或数字（文字中的 & 或 * 请整段加引号）",
    ),
    ("expected chomping or indentation indicators", "“|”或“>”后只能跟缩进数字或 + -"),
    ("expected indentation indicator", "“|”或“>”后的缩进数字应为 1–9"),
    ("found unhashable key", "字段名不能是列表或映射"),
    ("could not determine a constructor for the tag", _TAG),
    ("found undefined tag handle", _TAG),
    ("found non-specific tag", _TAG),
    ("expected non-empty name appended to the tag", _TAG),
    ("expected '!'", _TAG),
    ("expected '>'", _TAG),
    ("expected URI", _TAG),
    ("expected ' '", _TAG),
    ("found duplicate YAML directive", _DIRECTIVE),
    ("found incompatible YAML document", _DIRECTIVE),
    ("duplicate tag handle", _DIRECTIVE),
    ("expected a digit", _DIRECTIVE),
    ("while scanning a quoted scalar", "引号未闭合"),
)


def problem_zh(problem: str | None) -> str:
    """Never PyYAML's English: a problem this table does not know is said in general words."""
    for english, chinese in _PROBLEMS_ZH:
        if problem and english in problem:
            return chinese
    return "无法解析此处的内容"
