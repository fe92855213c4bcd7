"""Sections shared by the conclusion notice and the minutes: heading, general information,
every petition with its answers and conclusion, the overall conclusion, signature blocks."""

from __future__ import annotations

import datetime as dt

from moderator.domain.localtime import local
from moderator.domain.state import Conclusion, EarlierIssue, Issue, Response, Speaker
from moderator.export.document import Block, Columns, Para
from moderator.export.registrations import Registrations, registrations
from moderator.export.source import Context
from moderator.export.words import clause, sentence
from moderator.i18n import link as earlier_words

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def section(number: int, title: str) -> Para:
    return Para("section", f"{ROMAN[number - 1]}. {title}")


def draft_mark(ctx: Context) -> list[Block]:
    if not ctx.draft:
        return []
    w = ctx.words
    return [Para("draft", w("doc_draft")), Para("draft_note", w("doc_draft_note"))]


def heading(ctx: Context, number_key: str) -> Columns:
    """The two-column heading of Nghị định 30/2020: the issuing body's full name and the
    document's number on the left; the national name, the motto and the place-and-date line
    on the right."""
    w = ctx.words
    organiser = ctx.agenda.organiser_full or ctx.agenda.organiser
    date = w.date(ctx.meeting_date)
    # The number sits level with the place-and-date line, below the rule under the name.
    spacing = (Para("blank"),) if "\n" not in organiser else ()
    left = (
        Para("organiser", organiser.upper()),
        Para("rule"),
        *spacing,
        Para("number", w(number_key)),
    )
    right = (
        Para("national", w("doc_national_name")),
        Para("motto", w("doc_national_motto")),
        Para("rule"),
        Para("place_date", w("doc_place_date", place=ctx.agenda.commune, date=date)),
    )
    return Columns("heading", left, right)


def general(ctx: Context, *, secretary: bool = False) -> list[Block]:
    """Time, place, chair (and secretary), participants, attendance: as bullets."""
    w, state = ctx.words, ctx.state
    lines = [_time_range(ctx), w("doc_place", place=state.place)]
    chair = w.official(state.chair, ctx.agenda.chair.role)
    lines.append(w("doc_chair", chair=chair))
    if secretary:
        role = ctx.agenda.secretary.role if ctx.agenda.secretary is not None else ""
        who = w.official(ctx.secretary, role)
        if who:
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


def date_of(ctx: Context, at: dt.datetime) -> str:
    """The date of something added after the meeting, in words."""
    return ctx.words.date(local(at).date())


# -- every petition in its group ---------------------------------------------------------------


def petitions(ctx: Context) -> list[Block]:
    """Every registration exactly once: the issues raised in the hall, numbered, with who
    raised and joined them; the written petitions not presented (taken up as issues, or not
    considered); floor registrations never called; withdrawn registrations."""
    w = ctx.words
    groups = registrations(ctx.state)
    if not ctx.state.speakers:
        return [Para("body", w("doc_no_issues"))]
    blocks: list[Block] = []
    if groups.only_hall:
        return _issues(ctx, groups.hall)
    if groups.hall:
        blocks.append(Para("group", w("doc_group_hall")))
        blocks.extend(_issues(ctx, groups.hall))
    blocks.extend(_not_presented(ctx, groups))
    if groups.waiting_floor:
        blocks.append(Para("group", w("doc_group_not_called")))
        blocks.extend(_waiting(ctx, groups.waiting_floor))
    if groups.withdrawn:
        blocks.append(Para("group", w("doc_group_withdrawn")))
        blocks.extend(
            Para("bullet", w("doc_withdrawn", person=w.person(s), topic=clause(s.topic)))
            for s in groups.withdrawn
        )
    return blocks


def _not_presented(ctx: Context, groups: Registrations) -> list[Block]:
    if not (groups.in_writing or groups.waiting_written):
        return []
    # Those never considered first: a list after a numbered issue would read as part of it.
    blocks: list[Block] = [Para("group", ctx.words("doc_group_written"))]
    blocks.extend(_waiting(ctx, groups.waiting_written))
    blocks.extend(_issues(ctx, groups.in_writing))
    return blocks


def _waiting(ctx: Context, speakers: tuple[Speaker, ...]) -> list[Block]:
    w = ctx.words
    lines: list[Block] = []
    for speaker in speakers:
        area = w.area(ctx.agenda, speaker.area) if speaker.area is not None else ""
        key = "doc_waiting_area" if area else "doc_waiting"
        text = w(key, person=w.person(speaker), topic=clause(speaker.topic), area=area)
        if speaker.earlier is not None:  # never called, but linked: the record says so
            text = f"{text} {_raised_before(ctx, EarlierIssue.of(speaker.earlier))}"
        lines.append(Para("bullet", text))
    return lines


def _issues(ctx: Context, issues: tuple[Issue, ...]) -> list[Block]:
    blocks: list[Block] = []
    for issue in issues:
        blocks.append(Para("item", sentence(issue.topic), label=f"{issue.number}."))
        blocks.extend(Para("bullet", line) for line in issue_lines(ctx, issue))
    return blocks


def issue_lines(ctx: Context, issue: Issue) -> list[str]:
    """Who raised the issue, its area, responder, answers and conclusion, latest first
    where corrected; what was added after the meeting says so and when."""
    w = ctx.words
    lines = [_raised_by(ctx, issue)]
    lines.extend(_raised_before(ctx, earlier) for earlier in issue.earlier)
    if issue.area is not None:
        lines.append(w("doc_issue_area", area=w.area(ctx.agenda, issue.area)))
    lines.append(_responder(ctx, issue))
    lines.extend(_response(ctx, response) for response in issue.responses)
    if not issue.responses:
        refused = issue.skipped is not None or any(
            s.kind == "response" and s.issue == issue.number and not s.running
            for s in ctx.state.speeches
        )
        lines.append(w("doc_issue_not_answered" if refused else "doc_issue_no_response"))
    conclusion = issue.conclusion
    if conclusion is None:
        lines.append(w("doc_issue_no_conclusion"))
        return lines
    if conclusion.after_meeting:
        key = (
            "doc_issue_conclusion_corrected"
            if corrected(ctx, issue)
            else "doc_issue_conclusion_after"
        )
        lines.append(w(key, date=date_of(ctx, conclusion.at), text=sentence(conclusion.text)))
    else:
        lines.append(w("doc_issue_conclusion", text=sentence(conclusion.text)))
    lines.append(w("doc_issue_action", action=action(ctx, conclusion, issue)))
    return lines


def _raised_by(ctx: Context, issue: Issue) -> str:
    w, state = ctx.words, ctx.state
    # In an issue raised in the hall, a petition taken up in writing says so; an issue of
    # written petitions only says it once, in its heading.
    marked = issue.presented
    people = [
        w.person(state.speaker(n), written=marked and n in issue.in_writing)
        for n in issue.raised_by
    ]
    if len(people) == 1:
        key = "doc_issue_raised_by" if issue.presented else "doc_issue_sent_by"
        return w(key, person=people[0])
    villages = list(dict.fromkeys(state.speaker(n).village for n in issue.raised_by))
    return w(
        "doc_issue_raised_by_many" if issue.presented else "doc_issue_sent_by_many",
        person=people[0],
        others=", ".join(people[1:]),
        count=len(people),
        villages=", ".join(villages),
    )


def _raised_before(ctx: Context, earlier: EarlierIssue) -> str:
    """An earlier meeting's issue this one repeats, and what had become of it by this meeting,
    as the link recorded it (the other session is not read: the record stands alone)."""
    w = ctx.words
    date = earlier_words.date(earlier.date, w)
    if earlier.outcome is None:
        return w("link_doc_raised_only", date=date, number=earlier.issue)
    outcome = earlier.outcome
    return w(
        "link_doc_raised",
        date=date,
        number=earlier.issue,
        conclusion=clause(outcome.text),
        result=clause(earlier_words.result(outcome, ctx.meeting_date, w)),
    )


def _responder(ctx: Context, issue: Issue) -> str:
    w = ctx.words
    if issue.responder:
        responder = w.official(issue.responder, issue.responder_role)
        assigned = late_assignment(ctx, issue)
        if assigned is not None:
            return w("doc_issue_responder_after", responder=responder, date=date_of(ctx, assigned))
        return w("doc_issue_responder", responder=responder)
    answerers = list(dict.fromkeys(r.responder for r in issue.responses if r.responder))
    if answerers:
        return w("doc_issue_responder", responder=", ".join(answerers))
    return w("doc_issue_no_responder")


def corrected(ctx: Context, issue: Issue) -> bool:
    """Whether the issue was concluded at the meeting before the conclusion it has now."""
    return issue.number in ctx.conclusions_at_meeting


def late_assignment(ctx: Context, issue: Issue) -> dt.datetime | None:
    """When the issue's current responder was assigned, if that was after the meeting."""
    last = ctx.last_assignments.get(issue.number)
    if last is None:
        return None
    closed = ctx.state.closed_at
    late = last.after_meeting or (closed is not None and last.at >= closed)
    return last.at if late else None


def _response(ctx: Context, response: Response) -> str:
    w = ctx.words
    summary = sentence(response.summary)
    if response.after_meeting:
        date = date_of(ctx, response.at)
        if response.responder:
            return w(
                "doc_issue_response_after",
                responder=response.responder,
                date=date,
                summary=summary,
            )
        return w("doc_issue_response_after_anon", date=date, summary=summary)
    if response.responder:
        return w("doc_issue_response", responder=response.responder, summary=summary)
    return w("doc_issue_response_anon", summary=summary)


def action(ctx: Context, conclusion: Conclusion, issue: Issue | None = None) -> str:
    """What follows from a conclusion: answered, assigned, forwarded or noted, with the owner
    and the due date whenever they are given."""
    w = ctx.words
    text = w.outcome("doc", conclusion)
    answered_after = issue is not None and bool(issue.responses) and not issue.answered_at_meeting
    if conclusion.outcome == "answered" and answered_after:
        text = w("doc_outcome_answered_after")
    if conclusion.owner and conclusion.outcome != "assigned":
        text = f"{text} {w('doc_owner', owner=conclusion.owner)}"
    if conclusion.due is not None:
        text = f"{text} {w('doc_due', date=w.date(conclusion.due))}"
    return text


def overall(ctx: Context) -> list[Block]:
    """The meeting's overall conclusion, one paragraph per line typed."""
    w = ctx.words
    conclusion = ctx.state.overall
    if conclusion is None:
        return [Para("body", w("doc_no_overall"))]
    lines = [line for line in conclusion.text.split("\n") if line.strip()]
    blocks: list[Block] = [Para("body", sentence(line)) for line in lines]
    if conclusion.after_meeting:
        blocks.insert(0, Para("body", w("doc_overall_after", date=date_of(ctx, conclusion.at))))
    if conclusion.owner or conclusion.forwarded_to or conclusion.due is not None:
        text = w("doc_issue_action", action=action(ctx, conclusion))
        blocks.append(Para("body", text))
    return blocks


def signature(role: str, name: str, *, authority: str = "", hint: str = "") -> tuple[Para, ...]:
    """A signature block: the authority line if any ("TM. ỦY BAN NHÂN DÂN"), the signer's
    title in capitals, room to sign, the name."""
    paras = [Para("sign_authority", authority.upper())] if authority else []
    paras += [
        Para("sign_role", role.upper()),
        Para("sign_hint", hint) if hint else Para("blank"),
        Para("sign_space"),
        Para("sign_name", name),
    ]
    return tuple(paras)
