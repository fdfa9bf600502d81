"""Turn pydantic's validation errors into findings an editor can act on (Chinese, file:line:col)."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from ..findings import Finding
from .fields import ONE_LINE
from .sourcemap import SourceDoc

_TYPE_NAMES = {
    "string_type": "文本",
    "int_type": "整数",
    "int_parsing": "整数",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "映射（“字段: 值”）",
    "model_type": "映射（“字段: 值”）",
    "model_attributes_type": "映射（“字段: 值”）",
    "date_type": "日期 YYYY-MM-DD",
    "date_parsing": "日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期 YYYY-MM-DD（不带时间）",
}


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside list[...] / X | None / Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType, dict):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found:
                return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    if issubclass(model, RootModel):  # a file that is a list (terms.yaml): its entries' model
        current = _unwrap_model(model.model_fields["root"].annotation)
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return current if part not in current.model_fields else None
        current = _unwrap_model(field.annotation)
    return current


def did_you_mean(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _data_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's pseudo-locations (function validator names) that are not keys in the file."""
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("function-", "list[", "str")))


def findings_from_validation(exc: ValidationError, model: type[BaseModel], doc: SourceDoc) -> list[Finding]:
    found: list[Finding] = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = _data_loc(tuple(err["loc"]))
        kind = err["type"]
        if (loc, kind) in seen:
            continue
        seen.add((loc, kind))
        name = str(loc[-1]) if loc else ""
        if kind == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            options = list(owner.model_fields) if owner else []
            guess = did_you_mean(name, options)
            message = f'未知字段 "{name}"' + (f'，是否为 "{guess}"？' if guess else "")
            fix = f"改为 {guess}" if guess else f"可用字段：{'、'.join(options)}"
            found.append(doc.finding(loc, message, "schema-unknown-key", fix=fix, key=True))
        elif kind == "missing":
            found.append(doc.finding(loc[:-1], f'缺少必填字段 "{name}"', "schema-missing", fix=f"在此处添加 {name}: …"))
        elif kind in _TYPE_NAMES:
            found.append(
                doc.finding(loc, f'字段 "{_dotted(loc)}" 应为{_TYPE_NAMES[kind]}，实际为“{_show(err)}”', "schema-type")
            )
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            found.append(
                doc.finding(loc, f'字段 "{_dotted(loc)}" 的取值“{_show(err)}”无效，应为：{expected}', "schema-choice")
            )
        elif kind in ("string_too_short", "too_short"):
            found.append(doc.finding(loc, f'字段 "{_dotted(loc)}" 不能为空', "schema-empty"))
        elif kind in ("string_too_long", "too_long"):
            found.append(doc.finding(loc, f'字段 "{_dotted(loc)}" 过长', "schema-too-long", fix="精简内容"))
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ONE_LINE:
            found.append(
                doc.finding(
                    loc,
                    f'字段 "{_dotted(loc)}" 不能换行',
                    "schema-line",
                    fix="写成一行；较长的说明写在 description 或 summary 中",
                )
            )
        elif kind == "string_pattern_mismatch":
            found.append(
                doc.finding(
                    loc,
                    f'字段 "{_dotted(loc)}" 的格式不对：“{_show(err)}”',
                    "schema-format",
                    fix=_PATTERN_HINTS.get(name),
                )
            )
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            found.append(doc.finding(loc, f'字段 "{_dotted(loc)}" 超出允许范围：{_show(err)}', "schema-range"))
        elif kind == "value_error":  # our own validators say what is wrong, in Chinese
            reason = str(err.get("ctx", {}).get("error", err["msg"]))
            message = f'字段 "{_dotted(loc)}" 无效：{reason}' if loc else reason
            found.append(doc.finding(loc, message, "schema-invalid"))
        elif kind == "string_unicode":
            found.append(
                doc.finding(
                    loc,
                    f'字段 "{_dotted(loc)}" 含有无效的字符',
                    "schema-invalid",
                    fix="删除用反斜杠转义写成的无效字符",
                )
            )
        else:  # pydantic's own words are English: the editor gets where and what, not them
            found.append(
                doc.finding(loc, f'字段 "{_dotted(loc)}" 的取值无效', "schema-invalid", fix="对照说明检查该值")
            )
    return found


_PATTERN_HINTS = {
    "id": "只用小写字母、数字和连字符，如 shangban-2021-11",
    "time": "写作 HH:MM，如 09:30",
    "end_time": "写作 HH:MM，如 17:00；到午夜结束写 24:00",
    "primary": "写作 #RRGGBB，如 #b71c1c",
    "accent": "写作 #RRGGBB",
    "text": "写作 #RRGGBB",
    "background": "写作 #RRGGBB",
}


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(err: Mapping[str, Any]) -> str:
    value = err.get("input")
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"
