"""The minutes (biên bản): what happened, in order, with every speech's time and length."""

from __future__ import annotations

import datetime as dt

from moderator.domain.localtime import local
from moderator.domain.state import Speech
from moderator.export import sections
from moderator.export.document import Block, Columns, Document, Para
from moderator.export.source import Context


def minutes(ctx: Context) -> Document:
    w, agenda, state = ctx.words, ctx.agenda, ctx.state
    blocks: list[Block] = [
        *sections.draft_mark(ctx),
        sections.heading(ctx, "minutes_number", dated=False),
        Para("title", w("minutes_title")),
        Para("subtitle", agenda.title),
        Para("rule"),
        sections.section(1, w("doc_s_general")),
        *sections.general(ctx, secretary=True),
        sections.section(2, w("minutes_s_proceedings")),
        *_proceedings(ctx),
        sections.section(3, w("minutes_s_issues")),
        *sections.issues(ctx),
        sections.section(4, w("minutes_s_overall")),
        *sections.overall(ctx),
        Para("body", _closed(ctx)),
    ]
    secretary = agenda.secretary
    hint = "" if secretary is not None and secretary.name else w("doc_sign_hint")
    left = sections.signature(
        w("minutes_secretary_label"), secretary.name if secretary else "", hint=hint
    )
    right = sections.signature(w("minutes_chair_label"), state.chair)
    blocks.append(Columns("footer", left, right))
    title = f"{w('minutes_title')} — {agenda.title}"
    return Document(title=title, author=agenda.organiser, blocks=tuple(blocks))


def _proceedings(ctx: Context) -> list[Block]:
    """Agenda steps, notes and speeches merged in time order (in that order at equal times:
    a note typed as the next speaker is called belongs before them)."""
    state, w = ctx.state, ctx.words
    timed: list[tuple[dt.datetime, int, int, Block]] = []
    for index, visit in enumerate(state.step_visits):
        number = ctx.agenda.step_index(visit.step) + 1
        title = ctx.agenda.step(visit.step).title
        step = Para(
            "item", w("minutes_step", number=number, title=title), label=ctx.stamp(visit.at)
        )
        timed.append((visit.at, 0, index, step))
    for speech in state.speeches:
        timed.append((speech.started_at, 2, speech.number, Para("bullet", _speech(ctx, speech))))
    for index, note in enumerate(state.notes):
        text = w("minutes_note", time=ctx.stamp(note.at), text=note.text)
        timed.append((note.at, 1, index, Para("bullet", text)))
    if not timed:
        return [Para("body", w("minutes_no_proceedings"))]
    timed.sort(key=lambda entry: entry[:3])
    return [block for *_, block in timed]


def _speech(ctx: Context, speech: Speech) -> str:
    w, state = ctx.words, ctx.state
    time = ctx.stamp(speech.started_at)
    duration = _duration(ctx, speech)
    issue = state.issue(speech.issue) if speech.issue is not None else None
    if speech.kind == "petition" and speech.speaker is not None:
        speaker = state.speaker(speech.speaker)
        person, topic = w.person(speaker), speaker.topic
        if issue is None:
            key = "minutes_petition_unfiled"
        elif issue.raised_by[0] == speech.speaker:
            key = "minutes_petition"
        else:
            key = "minutes_petition_joined"
        number = issue.number if issue is not None else 0
        return w(key, time=time, person=person, issue=number, duration=duration, topic=topic)
    responder = speech.responder or state.chair
    if speech.kind == "response" and issue is not None:
        given = [r.summary for r in issue.responses if r.speech == speech.number]
        if given:
            return w(
                "minutes_response_summary",
                time=time,
                responder=responder,
                issue=issue.number,
                duration=duration,
                summary="\n".join(given),
            )
        return w(
            "minutes_response",
            time=time,
            responder=responder,
            issue=issue.number,
            duration=duration,
        )
    return w("minutes_remark", time=time, responder=responder, duration=duration)


def _duration(ctx: Context, speech: Speech) -> str:
    """The time spoken (pauses excluded) and any overtime: "3 phút 40 giây, vượt 40 giây"."""
    w = ctx.words
    elapsed = speech.elapsed(ctx.now)
    spoken = w.duration(elapsed)
    if speech.running:
        return w("minutes_running", duration=spoken)
    over = round(elapsed - speech.allowed_seconds)
    if over > 0:
        return w("minutes_overtime", duration=spoken, over=w.duration(over))
    return spoken


def _closed(ctx: Context) -> str:
    w = ctx.words
    closed = ctx.state.closed_at
    if closed is None:
        return w("minutes_not_closed")
    if local(closed).date() == ctx.meeting_date:
        return w("minutes_closed", time=w.time(closed))
    return w("minutes_closed_on", time=w.time(closed), date=w.date(local(closed).date()))
