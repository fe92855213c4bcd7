"""An agenda in a few lines, in the interface's words: what `moderator agenda check` prints.

Presentation, so it lives outside the domain, which knows no interface words.
"""

from __future__ import annotations

from moderator.domain.agenda import Agenda
from moderator.i18n import translate
from moderator.i18n.durations import clock


def agenda_summary(agenda: Agenda, lang: str = "vi") -> list[str]:
    """A few lines for `moderator agenda check`: what the file holds, in the interface's words."""
    rules = agenda.rules
    return [
        agenda.title,
        translate(
            "sum_organiser",
            lang,
            organiser=agenda.organiser,
            commune=agenda.commune,
            language=agenda.language,
        ),
        translate("sum_chair", lang, chair=f"{agenda.chair.role} {agenda.chair.name}".strip()),
        translate(
            "sum_steps",
            lang,
            count=len(agenda.steps),
            minutes=sum(step.planned_minutes for step in agenda.steps),
            ids=", ".join(s.id for s in agenda.steps),
        ),
        translate(
            "sum_villages", lang, count=len(agenda.villages), names=", ".join(agenda.villages)
        ),
        translate(
            "sum_areas",
            lang,
            count=len(agenda.areas),
            names=", ".join(f"{a.id} -> {a.responder}" for a in agenda.areas),
        ),
        translate(
            "sum_counts",
            lang,
            responders=len(agenda.responders),
            locations=len(agenda.locations),
            recipients=len(agenda.distribution),
        ),
        translate(
            "sum_limits",
            lang,
            petition=clock(rules.petition_seconds, hours=False),
            response=clock(rules.response_seconds, hours=False),
            warning=clock(rules.warning_seconds, hours=False),
        ),
    ]
