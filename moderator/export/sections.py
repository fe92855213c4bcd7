"""Parts shared by the conclusion notice and the minutes: heading, general information, the
issues with their answers and conclusions, the overall conclusion, signature blocks."""

from __future__ import annotations

from moderator.domain.localtime import local
from moderator.domain.state import Conclusion, Issue
from moderator.export.document import Block, Columns, Para
from moderator.export.source import Context

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def section(number: int, title: str) -> Para:
    return Para("section", f"{ROMAN[number - 1]}. {title}")


def draft_mark(ctx: Context) -> list[Block]:
    if not ctx.draft:
        return []
    w = ctx.words
    return [Para("draft", w("doc_draft")), Para("draft_note", w("doc_draft_note"))]


def heading(ctx: Context, number_key: str, *, dated: bool) -> Columns:
    """The two-column heading of Nghị định 30/2020: the issuing body and the document's
    number on the left; the national name, the motto and the place-and-date line on the right."""
    w = ctx.words
    left = [
        Para("organiser", ctx.agenda.organiser.upper()),
        Para("rule"),
        Para("blank"),
        Para("number", w(number_key)),
    ]
    right = [
        Para("national", w("doc_national_name")),
        Para("motto", w("doc_national_motto")),
        Para("rule"),
    ]
    if dated:
        date = w.date(ctx.meeting_date)
        right.append(Para("place_date", w("doc_place_date", place=ctx.agenda.commune, date=date)))
    return Columns("heading", tuple(left), tuple(right))


def general(ctx: Context, *, secretary: bool = False) -> list[Block]:
    """Time, place, chair (and secretary), participants, attendance: as bullets."""
    w, state = ctx.words, ctx.state
    lines = [_time_range(ctx), w("doc_place", place=state.place)]
    chair = w.official(state.chair, ctx.agenda.chair.role)
    lines.append(w("doc_chair", chair=chair))
    if secretary and ctx.agenda.secretary is not None:
        who = w.official(ctx.agenda.secretary.name, ctx.agenda.secretary.role)
        lines.append(w("minutes_secretary", secretary=who))
    if ctx.agenda.participants:
        lines.append(w("doc_participants", participants="; ".join(ctx.agenda.participants)))
    if state.attendance is not None:
        lines.append(w("doc_attendance", count=state.attendance))
    return [Para("bullet", line) for line in lines]


def _time_range(ctx: Context) -> str:
    w = ctx.words
    start, closed = ctx.started_at, ctx.state.closed_at
    date = w.date(ctx.meeting_date)
    if start is None:
        return w("doc_time_date", date=date)
    if closed is None:
        return w("doc_time_start", start=w.time(start), date=date)
    end_date = local(closed).date()
    if end_date == ctx.meeting_date:
        return w("doc_time_range", start=w.time(start), end=w.time(closed), date=date)
    return w(
        "doc_time_range_days",
        start=w.time(start),
        date=date,
        end=w.time(closed),
        end_date=w.date(end_date),
    )


def issues(ctx: Context) -> list[Block]:
    """Every issue numbered: its content, who raised it, responder, answers, conclusion."""
    if not ctx.state.issues:
        return [Para("body", ctx.words("doc_no_issues"))]
    blocks: list[Block] = []
    for issue in ctx.state.issues:
        blocks.append(Para("item", issue.topic, label=f"{issue.number}."))
        blocks.extend(Para("bullet", line) for line in _issue_lines(ctx, issue))
    return blocks


def _issue_lines(ctx: Context, issue: Issue) -> list[str]:
    w, state = ctx.words, ctx.state
    people = [state.speaker(n) for n in issue.raised_by]
    first, others = people[0], people[1:]
    if others:
        villages = list(dict.fromkeys(p.village for p in people))
        lines = [
            w(
                "doc_issue_raised_by_many",
                person=w.person(first),
                others=", ".join(w.person(p) for p in others),
                count=len(people),
                villages=", ".join(villages),
            )
        ]
    else:
        lines = [w("doc_issue_raised_by", person=w.person(first))]
    if issue.area is not None:
        lines.append(w("doc_issue_area", area=w.area(ctx.agenda, issue.area)))
    if issue.responder:
        responder = w.official(issue.responder, issue.responder_role)
        lines.append(w("doc_issue_responder", responder=responder))
    else:
        lines.append(w("doc_issue_no_responder"))
    for response in issue.responses:
        if response.responder:
            line = w("doc_issue_response", responder=response.responder, summary=response.summary)
        else:
            line = w("doc_issue_response_anon", summary=response.summary)
        lines.append(line)
    if not issue.responses:
        lines.append(w("doc_issue_no_response"))
    if issue.conclusion is None:
        lines.append(w("doc_issue_no_conclusion"))
    else:
        lines.append(w("doc_issue_conclusion", text=issue.conclusion.text))
        lines.append(w("doc_issue_action", action=action(ctx, issue.conclusion)))
    return lines


def action(ctx: Context, conclusion: Conclusion) -> str:
    """What follows from a conclusion: answered, assigned (owner, due date), forwarded, noted."""
    w = ctx.words
    match conclusion.outcome:
        case "assigned":
            text = w("doc_outcome_assigned", owner=conclusion.owner)
        case "forwarded":
            text = w("doc_outcome_forwarded", body=conclusion.forwarded_to)
        case "answered":
            text = w("doc_outcome_answered")
        case "noted":
            text = w("doc_outcome_noted")
    if conclusion.due is not None:
        text = f"{text} {w('doc_due', date=w.date(conclusion.due))}"
    return text


def overall(ctx: Context) -> list[Block]:
    """The meeting's overall conclusion, one paragraph per line typed."""
    conclusion = ctx.state.overall
    if conclusion is None:
        return [Para("body", ctx.words("doc_no_overall"))]
    blocks: list[Block] = [
        Para("body", line) for line in conclusion.text.split("\n") if line.strip()
    ]
    if conclusion.owner or conclusion.forwarded_to or conclusion.due is not None:
        text = ctx.words("doc_issue_action", action=action(ctx, conclusion))
        blocks.append(Para("body", text))
    return blocks


def signature(role: str, name: str, *, hint: str = "") -> tuple[Para, ...]:
    """A signature block: the role in capitals, room to sign, the name."""
    return (
        Para("sign_role", role.upper()),
        Para("sign_hint", hint) if hint else Para("blank"),
        Para("sign_space"),
        Para("sign_name", name),
    )
