"""The follow-up report ("Báo cáo tình hình giải quyết kiến nghị sau đối thoại"): every
conclusion of a period's sessions with its due date and latest status, overdue first, and the
period in figures, in the notice's administrative layout. A pure function of the folded
sessions, the period and the day it is counted to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence

from moderator.domain import followup
from moderator.domain.agenda import Agenda
from moderator.domain.followup import Figures, Item, Period
from moderator.domain.state import MeetingState
from moderator.export.document import Block, Chart, Columns, Document, Para
from moderator.export.sections import section, signature
from moderator.export.words import Words, sentence

BAR_WIDTH = 24
"""The longest bar of the report's text charts, in characters."""
BAR = "\u2588"


@dataclasses.dataclass(frozen=True)
class Report:
    """What the report says, before it is put in words: the period's sessions, items,
    figures and notice deadlines."""

    period: Period
    today: dt.date
    sessions: tuple[MeetingState, ...]
    items: tuple[Item, ...]
    figures: Figures
    areas: tuple[followup.AreaOutcome, ...]
    notices: tuple[followup.NoticeDue, ...]


def report_of(sessions: Sequence[MeetingState], period: Period, today: dt.date) -> Report:
    chosen = followup.in_period(sessions, period)
    found = tuple(followup.items(chosen, today))
    return Report(
        period=period,
        today=today,
        sessions=tuple(chosen),
        items=found,
        figures=followup.figures(chosen, today, found),
        areas=followup.area_outcomes(chosen, today, found),
        notices=tuple(followup.notices_due(chosen, today)),
    )


def followup_document(
    report: Report, agenda: Agenda, lang: str, *, pictures: bool = False
) -> Document:
    """The report as a document; ``agenda`` gives the issuing body, the place and who signs
    (the newest session's). ``pictures`` (Word): the figures drawn as charts, the counts
    listed without the text bars that stand in for them in plain text."""
    w = Words(lang)
    blocks: list[Block] = [
        _heading(w, agenda, report.today),
        Para("title", w("fu_doc_title")),
        Para("subtitle", w("fu_doc_subtitle")),
        Para("subtitle", _period(w, report.period)),
        Para("rule"),
        Para(
            "body",
            w(
                "fu_doc_intro",
                date=w.date(report.today),
                organiser=agenda.organiser,
                sessions=len(report.sessions),
            ),
        ),
        section(1, w("fu_doc_s_figures")),
        *figure_blocks(w, agenda, report.figures, bars=not pictures),
        *(charts(w, agenda, report) if pictures else ()),
        section(2, w("fu_doc_s_items")),
        *_items(w, agenda, report),
        section(3, w("fu_doc_s_notices")),
        *_notices(w, report),
    ]
    sign = agenda.signature
    signer = signature(
        sign.title or agenda.chair.role, sign.name or agenda.chair.name, authority=sign.authority
    )
    blocks.append(Columns("footer", _recipients(w, agenda), signer))
    title = f"{w('fu_doc_title')} — {w('fu_doc_subtitle')}"
    return Document(title=title, author=agenda.organiser, blocks=tuple(blocks))


def _heading(w: Words, agenda: Agenda, today: dt.date) -> Columns:
    organiser = agenda.organiser_full or agenda.organiser
    spacing = (Para("blank"),) if "\n" not in organiser else ()
    left = (
        Para("organiser", organiser.upper()),
        Para("rule"),
        *spacing,
        Para("number", w("fu_doc_number")),
    )
    right = (
        Para("national", w("doc_national_name")),
        Para("motto", w("doc_national_motto")),
        Para("rule"),
        Para("place_date", w("doc_place_date", place=agenda.commune, date=w.date(today))),
    )
    return Columns("heading", left, right)


def _period(w: Words, period: Period) -> str:
    start, end = period.start, period.end
    if start is not None and end is not None:
        if (start.month, start.day, end.month, end.day) == (
            1,
            1,
            12,
            31,
        ) and start.year == end.year:
            return w("fu_doc_period_year", year=start.year)
        return w("fu_doc_period", start=w.short_date(start), end=w.short_date(end))
    if start is not None:
        return w("fu_doc_period_from", start=w.short_date(start))
    if end is not None:
        return w("fu_doc_period_to", end=w.short_date(end))
    return w("fu_doc_period_all")


def figure_blocks(w: Words, agenda: Agenda, f: Figures, *, bars: bool = True) -> list[Para]:
    """The period in figures: counts as bullets, then text bar charts (without ``bars``, the
    values only) by area, by village and of speaking time by village (the follow-up screen
    shows the same)."""
    if not f.sessions:
        return [Para("body", w("fu_doc_no_sessions"))]
    lines = [
        w("fu_fig_petitions", petitions=f.petitions, issues=f.issues, sessions=f.sessions),
        w("fu_fig_answered", count=f.answered_at_meeting),
        w("fu_fig_concluded", count=f.concluded, tracked=f.tracked),
        w("fu_fig_on_time", count=f.done_on_time),
        w("fu_fig_late", count=f.done_late),
        w("fu_fig_overdue", count=f.overdue),
        w("fu_fig_open", count=f.open),
        w("fu_fig_cannot", count=f.cannot_be_done),
        w("fu_fig_came_back", count=f.came_back),
    ]
    blocks = [Para("bullet", _listed(lines, i)) for i in range(len(lines))]
    by_area = [(area_name(w, agenda, a), float(n)) for a, n in f.by_area]
    blocks += _chart(w("fu_chart_by_area"), by_area, lambda n: str(round(n)), bars)
    by_village = [(v, float(n)) for v, n in f.by_village]
    blocks += _chart(w("fu_chart_by_village"), by_village, lambda n: str(round(n)), bars)
    speaking = [(v, s) for v, s in f.speaking_by_village]
    blocks += _chart(w("fu_chart_speaking_village"), speaking, w.duration, bars)
    by_area_time = [(area_name(w, agenda, a), s) for a, s in f.speaking_by_area]
    blocks += _chart(w("fu_chart_speaking_area"), by_area_time, w.duration, bars)
    return blocks


def charts(w: Words, agenda: Agenda, report: Report) -> list[Chart]:
    """The figures as pictures (Word only): each area's petitions and where its issues stand,
    then the petitions by village."""
    if not report.figures.sessions:
        return []
    unavailable = w("fu_chart_unavailable")
    areas = report.areas
    series = (
        ("fu_chart_s_petitions", [a.petitions for a in areas]),
        ("fu_chart_s_answered", [a.answered_at_meeting for a in areas]),
        ("fu_chart_s_concluded", [a.concluded for a in areas]),
        ("fu_chart_s_on_time", [a.done_on_time for a in areas]),
        ("fu_chart_s_late", [a.done_late for a in areas]),
        ("fu_chart_s_overdue", [a.overdue for a in areas]),
        ("fu_chart_s_open", [a.open for a in areas]),
    )
    found = []
    if areas:
        found.append(
            Chart(
                title=w("fu_chart_img_by_area"),
                categories=tuple(area_name(w, agenda, a.area) for a in areas),
                series=tuple((w(key), tuple(float(v) for v in values)) for key, values in series),
                unavailable=unavailable,
            )
        )
    villages = report.figures.by_village
    if villages:
        found.append(
            Chart(
                title=w("fu_chart_by_village"),
                categories=tuple(v for v, _ in villages),
                series=((w("fu_chart_s_petitions"), tuple(float(n) for _, n in villages)),),
                unavailable=unavailable,
            )
        )
    return found


def area_name(w: Words, agenda: Agenda, area: str | None) -> str:
    if area is None:
        return w("fu_area_none")
    found = agenda.area(area)
    return found.name if found is not None else area


def bar(value: float, largest: float, width: int = BAR_WIDTH) -> str:
    """A bar as long as ``value`` is against ``largest`` (at least one block when above 0)."""
    if value <= 0 or largest <= 0:
        return ""
    return BAR * max(1, round(width * value / largest))


def _chart(
    title: str, rows: list[tuple[str, float]], shown: Callable[[float], str], bars: bool
) -> list[Para]:
    """A text bar chart: one bullet a row, "name: ████ value" (without ``bars``: "name: value")."""
    if not rows:
        return []
    largest = max(value for _, value in rows)

    def line(name: str, value: float) -> str:
        drawn = bar(value, largest) if bars else ""
        return f"{name}: {drawn} {shown(value)}" if drawn else f"{name}: {shown(value)}"

    return [Para("group", title), *(Para("bullet", line(name, value)) for name, value in rows)]


def _items(w: Words, agenda: Agenda, report: Report) -> list[Block]:
    if not report.items:
        return [Para("body", w("fu_doc_no_items"))]
    blocks: list[Block] = []
    for number, item in enumerate(report.items, 1):
        where = "; ".join([*item.villages, area_name(w, agenda, item.area)])
        blocks.append(Para("item", w("fu_item_topic", topic=item.topic, where=where), f"{number}."))
        blocks.append(
            Para(
                "body",
                w(
                    "fu_item_conclusion",
                    date=w.short_date(item.session_date),
                    text=sentence(item.conclusion),
                ),
            )
        )
        if item.due is not None:
            key = "fu_item_forwarded" if item.outcome == "forwarded" else "fu_item_due"
            key += "" if item.due_given else "_default"
            owner = item.owner or w("fu_owner_none")
            blocks.append(Para("body", w(key, owner=owner, due=w.short_date(item.due))))
        blocks.append(Para("body", status_line(w, item)))
        blocks.extend(
            Para("body", w(key, date=w.short_date(day), number=number))
            for key, links in (
                ("fu_item_raised_before", item.raised_before),
                ("fu_item_raised_again", item.raised_again),
            )
            for day, number in links
        )
    return blocks


def status_line(w: Words, item: Item) -> str:
    """ "Tình trạng: Đã giải quyết (ngày 10/04/2024): note. Quá hạn 5 ngày." """
    if item.status is None:
        if item.due is None:
            key = "fu_item_answered" if item.answered_at_meeting else "fu_item_no_action"
            return w(key)
        text = w("fu_item_status_none")
    else:
        assert item.status_on is not None
        status = w(f"fu_status_{item.status}")
        text = w("fu_item_status", status=status, date=w.short_date(item.status_on))
        if item.note:
            text = w("fu_item_status_note", status=text, note=item.note)
    if item.overdue_days:
        text = w("fu_item_overdue", status=text, days=item.overdue_days)
    elif item.late_days:
        text = w("fu_item_late", status=text, days=item.late_days)
    return sentence(text)


def _notices(w: Words, report: Report) -> list[Block]:
    if not report.notices:
        return [Para("body", w("fu_doc_no_notices"))]
    lines = []
    for n in report.notices:
        key = "fu_notice_late" if n.days_left < 0 else "fu_notice_due"
        lines.append(
            w(
                key,
                session=w.short_date(n.session_date),
                due=w.short_date(n.due),
                days=abs(n.days_left),
            )
        )
    return [Para("bullet", _listed(lines, i)) for i in range(len(lines))]


def _listed(lines: list[str], index: int) -> str:
    return lines[index] + ("." if index == len(lines) - 1 else ";")


def _recipients(w: Words, agenda: Agenda) -> tuple[Para, ...]:
    items = agenda.distribution
    if not items:
        return ()
    return (
        Para("recipients_label", w("notice_recipients")),
        *(Para("recipient", _listed(items, i)) for i in range(len(items))),
    )


# -- JSON ------------------------------------------------------------------------------------


def followup_json(report: Report) -> str:
    """The report's data for other programs: dates as ISO text, every item and figure."""

    def plain(value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    data = {
        "today": report.today,
        "period": {"from": report.period.start, "to": report.period.end},
        "sessions": [s.session_id for s in report.sessions],
        "items": [dataclasses.asdict(item) for item in report.items],
        "figures": dataclasses.asdict(report.figures),
        "areas": [dataclasses.asdict(area) for area in report.areas],
        "notices": [dataclasses.asdict(n) for n in report.notices],
    }
    return json.dumps(plain(data), ensure_ascii=False, indent=2) + "\n"
