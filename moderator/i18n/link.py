"""How an earlier session's issue that a petition repeats is written, in one place for the
add-speaker form and the documents: its conclusion, who acts and by when, the latest progress
and the days it is overdue ("đã kết luận ngày 15/03/2024: …; giao Địa chính, hạn 30/04/2024;
chưa có báo cáo, quá hạn 45 ngày").

The facts come from what the later session's record carries (``EarlierOutcome``); the days
overdue are counted to the ``today`` given (the clock's date on the form, the meeting's date in
the documents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from moderator.domain.events import EarlierOutcome
from moderator.domain.followup import days_overdue

Tr = Callable[..., str]
"""``tr(key, **params)``: a catalogue message in one language (a screen's ``tr``, the
documents' ``Words``)."""


def date(day: dt.date, tr: Tr) -> str:
    return tr("link_date", day=day.day, month=day.month, year=day.year)


def result(outcome: EarlierOutcome, today: dt.date, tr: Tr) -> str:
    """What follows from the conclusion and where it stands: "giao Địa chính, hạn 30/04/2024;
    chưa có báo cáo, quá hạn 45 ngày"."""
    owner = outcome.owner or tr("link_owner_none")
    match outcome.outcome:
        case "assigned":
            action = tr("link_assigned", owner=owner)
        case "forwarded":
            action = tr("link_forwarded", owner=owner)
        case "answered":
            action = tr("link_answered")
        case "noted":
            action = tr("link_noted")
    if outcome.due is not None:
        action = tr("link_due", action=action, due=date(outcome.due, tr))
    if outcome.status is None or outcome.status_on is None:
        if outcome.due is None:
            return action  # nothing was asked by a date: no report is awaited
        status = tr("link_status_none")
    else:
        status = tr(f"link_status_{outcome.status}", date=date(outcome.status_on, tr))
        if outcome.note:
            status = tr("link_status_note", status=status, note=outcome.note)
    days = days_overdue(outcome.due, outcome.status, today)
    if days == 1:
        status = tr("link_overdue_one", status=status)
    elif days:
        status = tr("link_overdue", status=status, days=days)
    return f"{action}; {status}"


def summary(
    outcome: EarlierOutcome | None,
    today: dt.date,
    tr: Tr,
    *,
    concluded_on: dt.date,
    limit: int = 0,
) -> str:
    """The dated conclusion (its text cut to ``limit`` characters when that is not 0), then
    ``result``; or "no conclusion yet"."""
    if outcome is None:
        return tr("link_no_conclusion")
    text = outcome.text.strip().rstrip(".;,: ")
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    head = tr("link_concluded_on", date=date(concluded_on, tr), text=text)
    return f"{head}; {result(outcome, today, tr)}"
