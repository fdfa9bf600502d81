"""The kinds of value an editor writes, shared by the campaign schema and the documents' schema."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, WithJsonSchema
from pydantic.json_schema import JsonDict


def as_list(value: object) -> object:
    """Let editors write a single phone number or recipient without list syntax."""
    return [value] if isinstance(value, str | int) else value


def as_text(value: object) -> object:
    """Phone numbers and codes typed without quotes arrive as int; they are text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ONE_LINE = r"^[^\r\n\u2028\u2029]*$"  # names, titles, numbers: a line break would break headings, posters, .ics
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200, pattern=ONE_LINE)]
Line = Annotated[str, Field(max_length=200, pattern=ONE_LINE)]


def _one_or_many(*items: Any) -> WithJsonSchema:
    """What an editor may write for a list: one value, or a list of them (as_list makes the one a list)."""
    schemas = [TypeAdapter(item).json_schema() for item in items]
    one: dict[str, Any] = {"anyOf": schemas} if len(schemas) > 1 else schemas[0]
    return WithJsonSchema({"anyOf": [one, {"type": "array", "items": one}]}, mode="validation")


TextList = Annotated[list[Text], BeforeValidator(as_list), _one_or_many(Text)]
PhoneList = Annotated[
    list[Annotated[ShortText, BeforeValidator(as_text)]], BeforeValidator(as_list), _one_or_many(ShortText, int)
]
Code = Annotated[str, BeforeValidator(as_text)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
TBD = "待定"
DateOrTbd = dt.date | Literal["待定"]
URI: JsonDict = {"format": "uri"}  # a web address
FILE: JsonDict = {"format": "file-path"}  # a file of the project, relative to the folder of the YAML file that names it
CONTENT: JsonDict = {"format": "file-path", "x-relative-to": "content/"}  # a Markdown file under content/


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
