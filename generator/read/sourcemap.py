"""Read YAML into plain data while remembering where every key and value sits in the file.

PyYAML's own loader forgets positions; editors need `file:line:col` in every message, so we
compose the node graph ourselves and keep a map from data path to position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..findings import CampaignError, Finding, Origin
from .loaders import MAX_DEPTH, CampaignLoader, FastCampaignLoader, shallow
from .text import decode
from .yaml_problems import problem_zh

DataPath = tuple[str | int, ...]

# An alias may point at a large subtree; expanding nested aliases multiplies it (a "billion laughs"
# file). Real campaign files have a few thousand nodes at most.
MAX_NODES = 200_000
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class SourceDoc:
    """A YAML file's data and the position of each value (and of each mapping key)."""

    path: str
    data: Any
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)
    lines: tuple[str, ...] = ()  # the file's text, to place a finding inside a string value

    def position(self, at: DataPath, *, key: bool = False) -> Position:
        """Position of `at`, falling back to the closest ancestor that exists in the file."""
        probe = tuple(at)
        if key and probe in self.keys:
            return self.keys[probe]
        if probe in self.keys and probe in self.values and self.values[probe].line > self.keys[probe].line:
            return self.keys[probe]  # a block mapping or list: its key line is where the editor looks
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))

    def inside(self, at: DataPath, value: str, offset: int) -> Position:
        """Where the character `offset` of the string value at `at` sits in the file: found by the few characters
        from there on, on the value's first line or below (quotes, escapes and folded lines shift the offset);
        the value's own position when they are not written as such."""
        start = self.position(at)
        for length in (12, 6, 3, 1):
            snippet = value[offset : offset + length].split("\n", 1)[0]
            if not snippet:
                break
            below = 200 if len(snippet) >= 3 else 0  # a lone comma may stand anywhere: only the first line
            for number in range(start.line, min(start.line + below, len(self.lines)) + 1):
                line = self.lines[number - 1]
                found = line.find(snippet, start.column - 1 if number == start.line else 0)
                if found >= 0:
                    return Position(number, found + 1)
        return start

    def origin(self, at: DataPath, *, key: bool = False) -> Origin:
        pos = self.position(at, key=key)
        return Origin(self.path, pos.line, pos.column)

    def finding(
        self,
        at: DataPath,
        message: str,
        rule: str,
        *,
        fix: str | None = None,
        severity: str = "error",
        key: bool = False,
    ) -> Finding:
        return self.origin(at, key=key).finding(message, rule, fix=fix, severity=severity)  # type: ignore[arg-type]


_CJK_END = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…·]$")
_CJK_START = re.compile(r"^[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…·]")


def fold_chinese(node: yaml.ScalarNode, text: str, value: str) -> str:
    """A folded scalar (`>`) whose lines break between Chinese characters, joined without the space YAML puts
    there (`活动，\n  着力` is `活动，着力`, not `活动， 着力`). Anything not plainly folded is left as it is."""
    if node.style != ">":
        return value
    lines = text[node.start_mark.index : node.end_mark.index].splitlines()[1:]
    body = [line.strip() for line in lines]
    paragraphs, current = [], []
    for line in body:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    if "\n".join(" ".join(p) for p in paragraphs) != value.rstrip("\n"):
        return value  # more-indented lines, escapes ...: not a plain fold
    joined = []
    for paragraph in paragraphs:
        text_so_far = paragraph[0]
        for line in paragraph[1:]:
            cjk = _CJK_END.search(text_so_far) and _CJK_START.search(line)
            text_so_far += ("" if cjk else " ") + line
        joined.append(text_so_far)
    return "\n".join(joined) + value[len(value.rstrip("\n")) :]


class _Builder:
    def __init__(self, doc: SourceDoc, loader: yaml.SafeLoader | yaml.CSafeLoader, text: str):
        self.doc = doc
        self.loader = loader
        self.text = text
        self.count = 0

    def fail(self, node: yaml.Node, message: str, rule: str, fix: str | None = None) -> CampaignError:
        mark = node.start_mark
        return CampaignError([Finding(self.doc.path, mark.line + 1, mark.column + 1, "error", message, rule, fix)])

    def build(self, node: yaml.Node, at: DataPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                "文件展开后过大（可能是 YAML 别名 * 的循环或嵌套引用）",
                "yaml-too-large",
                "不要用锚点/别名（& 与 *）反复引用大段内容",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"嵌套层级超过 {MAX_DEPTH} 层", "yaml-too-deep", "检查缩进是否有误")
        self.doc.values.setdefault(at, Position(node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*at, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            value = self.loader.construct_object(node, deep=True)
            if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
                return fold_chinese(node, self.text, value)
            return value
        except yaml.constructor.ConstructorError as exc:
            raise self.fail(node, f"无法识别的取值：{problem_zh(exc.problem)}", "yaml-syntax") from None
        except (ValueError, KeyError, IndexError, TypeError, OverflowError, AttributeError):
            if node.tag.endswith(":timestamp"):  # e.g. 2022-02-30 looks like a date but is not one
                raise self.fail(
                    node,
                    f"无效的日期“{node.value}”（日期不存在？）",
                    "yaml-value",
                    "日期写作 YYYY-MM-DD，并确认该日期存在",
                ) from None
            # a value its tag cannot read (!!bool "abc", !!int "0x"): PyYAML's constructors fail in many ways
            raise self.fail(
                node, f"无法识别的取值“{node.value}”", "yaml-value", "文字请加引号，不要用 !! 开头的标签"
            ) from None

    def _mapping(self, node: yaml.MappingNode, at: DataPath, depth: int) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # resolves `<<` merge keys
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key, int | float | bool) and not isinstance(key, bool):
                key = str(key)
            if not isinstance(key, str):
                raise self.fail(key_node, "字段名必须是文本", "yaml-key")
            if key in result:
                raise self.fail(key_node, f"字段“{key}”重复出现", "yaml-duplicate-key", "删除多余的一处")
            self.doc.keys[(*at, key)] = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*at, key), depth + 1)
        return result


def load_yaml(path: Path, display: str, content: bytes | None = None) -> SourceDoc:
    """Parse one YAML file (`content`: its bytes, already read); any problem becomes a CampaignError with the
    file's line and column."""
    doc = SourceDoc(display, None)
    try:
        raw = path.read_bytes() if content is None else content
    except OSError as exc:
        raise CampaignError([Finding(display, 1, 1, "error", f"无法读取文件：{exc.strerror}", "io")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise CampaignError([Finding(display, 1, 1, "error", "文件超过 2 MB，不像是活动配置", "yaml-too-large")])
    text = decode(raw, display)
    if isinstance(text, Finding):
        raise CampaignError([text])
    doc.lines = tuple(text.split("\n"))
    if shallow(text):
        fast = FastCampaignLoader(text)
        try:
            node = fast.get_single_node()
            doc.data = {} if node is None else _Builder(doc, fast, text).build(node, (), 0)
            return doc
        except (yaml.YAMLError, CampaignError, RecursionError):
            doc.keys.clear()  # said again below, by the parser whose messages editors are shown
            doc.values.clear()
        finally:
            fast.dispose()
    loader: yaml.SafeLoader | None = None
    try:
        loader = CampaignLoader(text)
        node = loader.get_single_node()
        doc.data = {} if node is None else _Builder(doc, loader, text).build(node, (), 0)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = f"文件含有不可见的控制字符（U+{exc.character:04X}）"
        raise CampaignError(
            [
                Finding(
                    display,
                    line,
                    column,
                    "error",
                    message,
                    "yaml-syntax",
                    "删除该字符（常见于从 PDF 或网页复制的文字）",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise CampaignError(
            [
                Finding(
                    display,
                    line,
                    col,
                    "error",
                    f"YAML 语法错误：{problem_zh(exc.problem)}",
                    "yaml-syntax",
                    "检查该行的缩进、冒号和引号",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise CampaignError(
            [Finding(display, 1, 1, "error", f"YAML 语法错误：{problem_zh(str(exc))}", "yaml-syntax")]
        ) from None
    except RecursionError:
        mark = loader.get_mark() if loader is not None else None  # where the parser had got to
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise CampaignError(
            [
                Finding(
                    display,
                    line,
                    column,
                    "error",
                    f"嵌套层级过深（超过 {MAX_DEPTH} 层）",
                    "yaml-too-deep",
                    "检查缩进和括号是否配对",
                )
            ]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return doc
