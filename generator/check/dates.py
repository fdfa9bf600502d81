"""Dates in the YAML: period and phase order, events, venues and deadlines inside the right window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..findings import Finding
from ..read import Project
from ..read.fields import TBD
from ..read.model import Event
from ..read.periods import format_date
from ..read.sourcemap import DataPath, SourceDoc
from .base import regions_of, rule, sources


@rule
def period_order(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        period = source.model.period
        if period and period.start > period.end:
            yield source.doc.finding(
                ("period", "end"),
                f"活动结束日期 {period.end} 早于开始日期 {period.start}",
                "date-period-order",
                fix="交换开始与结束日期",
            )


@rule
def phases_in_order(project: Project) -> Iterator[Finding]:
    for campaign in project.campaigns:
        doc, phases = campaign.doc, campaign.model.phases
        for i, phase in enumerate(phases):
            if phase.start > phase.end:
                yield doc.finding(("phases", i, "end"), f"阶段“{phase.name}”的结束日期早于开始日期", "date-phase-order")
            if i and phase.start < phases[i - 1].end:
                prev = phases[i - 1]
                yield doc.finding(
                    ("phases", i, "start"),
                    f"阶段“{phase.name}”开始于 {phase.start}，早于上一阶段“{prev.name}”的结束日期 {prev.end}",
                    "date-phase-overlap",
                    fix=f"把开始日期改为 {prev.end} 或之后",
                )


def likely_date(day: date, start: date, end: date) -> date | None:
    """The same month and day in a year that falls inside [start, end], if any."""
    for year in {start.year, end.year}:
        try:
            candidate = day.replace(year=year)
        except ValueError:
            continue
        if start <= candidate <= end:
            return candidate
    return None


def _check_day(
    doc: SourceDoc, at: DataPath, label: str, day: date, start: date, end: date, rule_id: str, window: str
) -> Iterator[Finding]:
    if start <= day <= end:
        return
    guess = likely_date(day, start, end)
    if day.year not in {start.year, end.year} and guess:
        yield doc.finding(
            at,
            f"{label}的日期 {day} 年份有误，不在{window}（{start} 至 {end}）内",
            "date-wrong-year",
            fix=f"是否应为 {guess}（{format_date(guess)}）？",
        )
    else:
        yield doc.finding(
            at,
            f"{label}的日期 {day} 不在{window}（{start} 至 {end}）内",
            rule_id,
            fix="核对日期，或用 phase 指明所属阶段",
        )


@rule
def events_inside_period(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        doc, model = source.doc, source.model
        start, end = source.merged.period.start, source.merged.period.end
        phases = {p.name: p for p in source.merged.phases}
        for i, event in enumerate(model.events or []):
            phase = phases.get(event.phase or "")
            if event.phase and phase is None:
                yield doc.finding(
                    ("events", i, "phase"),
                    f"活动“{event.name}”所属阶段“{event.phase}”不存在",
                    "date-unknown-phase",
                    fix=f"可用阶段：{'、'.join(phases) or '（未定义阶段）'}",
                )
                continue
            if isinstance(event.date, str):
                yield doc.finding(
                    ("events", i, "date"),
                    f"活动“{event.name}”的日期待定",
                    "date-tbd",
                    fix="日期确定后填写 YYYY-MM-DD",
                    severity="warning",
                )
                continue
            lo, hi, window = (phase.start, phase.end, f"阶段“{phase.name}”") if phase else (start, end, "活动期")
            yield from _check_day(
                doc, ("events", i, "date"), f"活动“{event.name}”", event.date, lo, hi, "date-event-outside", window
            )
            yield from _event_range(doc, i, event, lo, hi, window)
            yield from _event_hours(doc, i, event)
        for i, venue in enumerate(getattr(model, "venues", [])):
            if venue.tentative or venue.place == TBD or venue.opens == TBD:
                yield doc.finding(
                    ("venues", i),
                    f"场所“{venue.name}”的地点或日期暂定",
                    "venue-tentative",
                    fix="确定后填写地点和日期，并删除 tentative",
                    severity="warning",
                )
            for key in ("opens", "closes"):
                day = getattr(venue, key)
                if isinstance(day, date):
                    yield from _check_day(
                        doc, ("venues", i, key), f"场所“{venue.name}”", day, start, end, "date-venue-outside", "活动期"
                    )


def _event_range(doc: SourceDoc, i: int, event: Event, lo: date, hi: date, window: str) -> Iterator[Finding]:
    """A multi-day event or series: it ends after it starts, inside its window; a series needs its end."""
    at, first = ("events", i), event.date
    assert isinstance(first, date)  # the caller passes dated events only
    if event.end_date is not None:
        if event.end_date < first:
            yield doc.finding(
                (*at, "end_date"),
                f"活动“{event.name}”的结束日期 {event.end_date} 早于开始日期",
                "date-event-order",
                fix="交换 date 与 end_date",
            )
        else:
            yield from _check_day(
                doc,
                (*at, "end_date"),
                f"活动“{event.name}”的结束",
                event.end_date,
                lo,
                hi,
                "date-event-outside",
                window,
            )
    elif event.repeat:
        yield doc.finding(
            (*at, "repeat"),
            f"系列活动“{event.name}”{event.repeat}举行，但没有结束日期",
            "date-event-order",
            fix="填写 end_date（系列的最后一天）",
        )


def _event_hours(doc: SourceDoc, i: int, event: Event) -> Iterator[Finding]:
    """An event's hours: an end needs a start, and ends after it on the same day (a calendar entry ending
    before it begins is invalid iCalendar)."""
    at = ("events", i, "end_time")
    if event.end_date and not event.repeat:
        return  # days on end (a night market, 20:00—02:00): the calendar holds the days, the hours are text
    if event.end_time and not event.time:
        yield doc.finding(
            at, f"活动“{event.name}”有结束时间但没有开始时间", "date-event-time", fix="填写 time（开始时间）"
        )
    elif event.time and event.end_time and event.end_time <= event.time:
        yield doc.finding(
            at,
            f"活动“{event.name}”的结束时间 {event.end_time} 不晚于开始时间 {event.time}",
            "date-event-time",
            fix="结束时间应晚于开始时间；到午夜结束写 24:00，跨过午夜的活动写到 24:00",
        )


@rule
def deadlines_after_reported_period(project: Project) -> Iterator[Finding]:
    for source in sources(project):
        phases = {p.name: p for p in source.merged.phases}
        for i, deadline in enumerate(source.model.deadlines or []):
            if not deadline.reports_on:
                continue
            phase = phases.get(deadline.reports_on)
            if phase is None:
                yield source.doc.finding(
                    ("deadlines", i, "reports_on"),
                    f"报送事项所指阶段“{deadline.reports_on}”不存在",
                    "date-unknown-phase",
                    fix=f"可用阶段：{'、'.join(phases)}",
                )
            elif deadline.due < phase.end:
                yield source.doc.finding(
                    ("deadlines", i, "due"),
                    f"“{deadline.what}”的截止日期 {deadline.due} 早于所报送阶段“{phase.name}”的结束日期 {phase.end}",
                    "date-deadline-before",
                    fix=f"截止日期应不早于 {phase.end}",
                )


@rule
def region_period_inside_national(project: Project) -> Iterator[Finding]:
    for campaign, region in regions_of(project):
        national, period = campaign.model.period, region.model.period
        if (
            period
            and not region.model.allow_period_outside
            and (period.start < national.start or period.end > national.end)
        ):
            yield region.doc.finding(
                ("period",),
                f"地方活动时间 {period.start} 至 {period.end} 超出全国活动时间 {national.start} 至 {national.end}",
                "date-region-outside",
                fix="调整日期，或设置 allow_period_outside: true",
            )


@rule
def region_phases_inside_campaign(project: Project) -> Iterator[Finding]:
    """A region refines or adds phases inside the campaign's span (its phases and its period)."""
    for campaign, region in regions_of(project):
        national = campaign.model
        starts = [national.period.start, *(p.start for p in national.phases)]
        ends = [national.period.end, *(p.end for p in national.phases)]
        lo, hi = min(starts), max(ends)
        for i, phase in enumerate(region.model.phases or []):
            if phase.start > phase.end:
                yield region.doc.finding(
                    ("phases", i, "end"), f"阶段“{phase.name}”的结束日期早于开始日期", "date-phase-order"
                )
            elif phase.start < lo or phase.end > hi:
                yield region.doc.finding(
                    ("phases", i),
                    f"地方阶段“{phase.name}”（{phase.start} 至 {phase.end}）超出全国活动的时间范围 {lo} 至 {hi}",
                    "date-region-outside",
                    fix="调整日期，使其在全国活动各阶段的时间范围之内",
                )
