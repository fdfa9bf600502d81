"""JSON Schemas of the campaign files, for editor completion via yaml-language-server."""

from __future__ import annotations

import json

from pydantic import BaseModel

from .model import Campaign, RegionEdition, SiteConfig, TermList


def json_text(schema: dict[str, object], title: str) -> str:
    """A JSON Schema as the files in schema/ hold it."""
    schema = {**schema, "title": title}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _schema(model: type[BaseModel], title: str) -> str:
    return json_text(model.model_json_schema(), title)


def schema_files() -> dict[str, str]:
    return {
        "campaign.schema.json": _schema(Campaign, "活动配置 campaign.yaml"),
        "region.schema.json": _schema(RegionEdition, "地方活动配置 regions/<地区>.yaml"),
        "site.schema.json": _schema(SiteConfig, "网站设置 site.yaml"),
        "terms.schema.json": _schema(TermList, "规范表述表 terms.yaml"),
    }
