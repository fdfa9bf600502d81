"""Contacts: phone and fax numbers a caller can dial (area code and hyphen), e-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..read import Project
from .base import rule, sources

LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}(-\d{1,6})?$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
SERVICE = re.compile(r"^(1\d{4}|400-?\d{3}-?\d{4})$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def phone_problem(number: str) -> str | None:
    compact = number.replace(" ", "")
    if LANDLINE.match(compact) or MOBILE.match(compact) or SERVICE.match(compact):
        return None
    if re.fullmatch(r"\d{7,8}", compact):
        return "座机号码缺少区号"
    if re.fullmatch(r"0\d{9,11}", compact):
        return "区号与号码之间应有连字符“-”"
    return "不是有效的座机、手机或服务号码"


@rule
def contact_details(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        doc = source.doc
        for i, contact in enumerate(source.model.contacts or []):
            for j, phone in enumerate(contact.phone):
                problem = phone_problem(phone)
                if problem:
                    yield doc.finding(
                        ("contacts", i, "phone", j),
                        f"{contact.name}的电话“{phone}”{problem}",
                        "contact-phone",
                        fix="座机写作 区号-号码，如 010-85093723；手机 11 位",
                    )
            for j, fax in enumerate(contact.fax):
                if problem := phone_problem(fax):
                    yield doc.finding(
                        ("contacts", i, "fax", j),
                        f"{contact.name}的传真“{fax}”{problem}",
                        "contact-fax",
                        fix="写作 区号-号码",
                    )
            if contact.email and not EMAIL.match(contact.email):
                yield doc.finding(
                    ("contacts", i, "email"),
                    f"{contact.name}的邮箱“{contact.email}”格式不对",
                    "contact-email",
                    fix="如 name@mofcom.gov.cn",
                )
