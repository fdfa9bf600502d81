"""The microsite's .ics calendar (RFC 5545, with RFC 7986's calendar properties): the campaign period, its
phases, its events and its reporting deadlines, each a component a calendar can follow from build to build.

- A component's UID comes from what it is (the event's name, the deadline's subject), never from its place in
  the YAML: inserting a deadline renumbers nothing, and a moved event updates the entry a phone already has.
- DTSTAMP and LAST-MODIFIED are the moment the build stands for (options.build_time), SEQUENCE that moment in
  minutes since 2020: a calendar importing a later file takes it as the newer version. Builds of one moment are
  byte-identical (a publishing CI sets SOURCE_DATE_EPOCH to the commit's time: each commit is a later moment).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from ..read.fields import TBD
from ..read.model import Event
from ..resolve import Edition, MicrositeMap

if TYPE_CHECKING:  # icalendar is imported where a calendar is written: the build's own process writes none
    from icalendar import Event as IcsEvent

CHINA = timezone(timedelta(hours=8))
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
NOT_A_PLACE = re.compile(rf"{TBD}|(另行|另|待)(通知|公布|确定|定|告知|安排)")  # a place still to be announced
DEADLINE_REMINDER = timedelta(hours=-15)  # 09:00 the day before an all-day deadline


class _Stamp:
    """What every component of one calendar carries: when it was written and where it is described."""

    def __init__(self, moment: datetime, url: str, prefix: str):
        self.moment, self.url, self.prefix = moment.astimezone(UTC), url, prefix
        self.sequence = int((self.moment - SEQUENCE_EPOCH).total_seconds()) // 60  # rises with each later build

    def component(self, kind: str, key: str, summary: str) -> IcsEvent:
        from icalendar import Event as IcsEvent

        ev = IcsEvent()
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
        ev.add("uid", f"{self.prefix}-{kind}-{digest}@campaignsite")
        ev.add("dtstamp", self.moment)
        ev.add("last-modified", self.moment)
        ev.add("sequence", max(self.sequence, 0))
        ev.add("summary", summary)
        ev.add("url", self.url)
        return ev


def _all_day(ev: IcsEvent, start: date, end: date) -> IcsEvent:
    ev.add("dtstart", start)
    ev.add("dtend", end + timedelta(days=1))  # DTEND of an all-day event is exclusive
    return ev


def _clock(day: date, hhmm: str) -> datetime:
    """A time of day in China as UTC; 24:00 is the midnight that ends the day."""
    if hhmm == "24:00":
        return datetime.combine(day + timedelta(days=1), time(0), CHINA).astimezone(UTC)
    return datetime.combine(day, time.fromisoformat(hhmm), CHINA).astimezone(UTC)


def _describe(ev: IcsEvent, *lines: str | None) -> None:
    if text := "\n".join(line for line in lines if line):
        ev.add("description", text)


def _place(place: str | None) -> tuple[str | None, str | None]:
    """(LOCATION, a description line): only a place one can go to is a LOCATION."""
    if not place:
        return None, None
    if NOT_A_PLACE.search(place):
        return None, f"地点：{place}"
    return place, None


def _event(stamp: _Stamp, key: str, ev: Event) -> IcsEvent:
    """One event: timed or all-day; a series repeats daily or weekly until its end date; a range spans it."""
    first = ev.date
    assert isinstance(first, date)  # an event to be announced (待定) has no calendar entry
    item = stamp.component("event", key, ev.name)
    if ev.time and (ev.repeat or not ev.end_date):
        begin = _clock(first, ev.time)
        item.add("dtstart", begin)
        item.add("dtend", _clock(first, ev.end_time) if ev.end_time else begin + timedelta(hours=1))
    else:
        _all_day(item, first, ev.end_date if ev.end_date and not ev.repeat else first)
    location, where = _place(ev.place)
    if location:
        item.add("location", location)
    count = f"共{ev.count}{ev.count_unit}" if ev.count else None
    _describe(item, count, where, ev.kind and f"类型：{ev.kind}", ev.description)
    item.add("categories", ["活动"])
    if ev.repeat and ev.end_date:
        # UNTIL takes DTSTART's value type (RFC 5545 §3.3.10): a date for a series of whole days
        timed = ev.time is not None
        until = datetime.combine(ev.end_date, time(23, 59, 59), CHINA).astimezone(UTC) if timed else ev.end_date
        item.add("rrule", {"freq": "daily" if ev.repeat == "每天" else "weekly", "until": until})
    return item


def _keys(names: list[str]) -> list[str]:
    """A component is known by its name; a second one of the same name by its name and its turn."""
    seen: Counter[str] = Counter()
    keys = []
    for name in names:
        seen[name] += 1
        keys.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return keys


def build_calendar(edition: Edition, microsite: MicrositeMap, moment: datetime) -> bytes:
    from icalendar import Alarm, Calendar

    cal = Calendar()
    cal.add("prodid", "-//campaignsite//活动日历//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", edition.site_name)
    cal.add("x-wr-calname", edition.site_name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add("url", microsite.url)
    cal.add("source", microsite.public_url(microsite.calendar))
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    schedule = microsite.public_url(microsite.page("schedule").target)
    stamp = _Stamp(moment, schedule, f"{edition.campaign_id}-{edition.slug}")

    period = _all_day(stamp.component("period", "period", edition.site_name), edition.period.start, edition.period.end)
    _describe(period, edition.period.lunar)
    period.add("categories", ["活动期"])
    cal.add_component(period)
    for key, phase in zip(_keys([p.name for p in edition.phases]), edition.phases, strict=True):
        item = _all_day(stamp.component("phase", key, f"阶段：{phase.name}"), phase.start, phase.end)
        _describe(item, phase.description)
        item.add("categories", ["阶段"])
        cal.add_component(item)
    dated = [ev for ev in edition.events if isinstance(ev.date, date)]  # 待定: in no calendar until it has a date
    for key, ev in zip(_keys([ev.name for ev in dated]), dated, strict=True):
        cal.add_component(_event(stamp, key, ev))
    for key, deadline in zip(_keys([d.what for d in edition.deadlines]), edition.deadlines, strict=True):
        item = _all_day(stamp.component("deadline", key, f"报送截止：{deadline.what}"), deadline.due, deadline.due)
        _describe(item, f"报送至{deadline.to}")
        item.add("categories", ["报送截止"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"明天截止报送：{deadline.what}")
        alarm.add("trigger", DEADLINE_REMINDER)
        item.add_component(alarm)
        cal.add_component(item)
    return cal.to_ical()
