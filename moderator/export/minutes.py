"""The minutes (biên bản): what happened in the hall, in order, from the meeting's start to
its close, with every speech's time and length; then every petition, the conclusions, and
apart from the meeting what the secretary added after it."""

from __future__ import annotations

import datetime as dt

from moderator.domain.events import PetitionTakenUp
from moderator.domain.localtime import local
from moderator.domain.state import Issue, Response, Speech
from moderator.export import sections
from moderator.export.document import Block, Columns, Document, Para
from moderator.export.source import Context
from moderator.export.words import sentence


def minutes(ctx: Context) -> Document:
    w, agenda, state = ctx.words, ctx.agenda, ctx.state
    blocks: list[Block] = [
        *sections.draft_mark(ctx),
        sections.heading(ctx, "minutes_number"),
        Para("title", w("minutes_title")),
        Para("subtitle", agenda.title),
        Para("rule"),
        sections.section(1, w("doc_s_general")),
        *sections.general(ctx, secretary=True),
        sections.section(2, w("minutes_s_proceedings")),
        *_proceedings(ctx),
        sections.section(3, w("minutes_s_issues")),
        *sections.petitions(ctx),
        sections.section(4, w("minutes_s_overall")),
        *sections.overall(ctx),
    ]
    blocks.append(Para("body", _closing(ctx)))
    added = _after_meeting(ctx)
    if added:
        # Apart from the minutes read back to the meeting, and said to be.
        blocks.append(sections.section(5, w("minutes_s_after")))
        blocks.append(Para("body", w("minutes_after_intro")))
        blocks.extend(Para("bullet", text) for _, text in sorted(added, key=lambda a: a[0]))
    secretary, chair = ctx.secretary, state.chair
    hint = w("doc_sign_hint")
    left = sections.signature(
        w("minutes_secretary_label"), secretary, hint="" if secretary else hint
    )
    right = sections.signature(w("minutes_chair_label"), chair, hint="" if chair else hint)
    blocks.append(Columns("signatures", left, right))
    title = f"{w('minutes_title')} — {agenda.title}"
    return Document(title=title, author=agenda.organiser, blocks=tuple(blocks))


# -- in the hall -------------------------------------------------------------------------------


def _proceedings(ctx: Context) -> list[Block]:
    """Agenda steps, interruptions, notes, speeches and the chair's decisions on petitions,
    merged in time order, all within the meeting (at equal times, a note typed as the next
    speaker is called belongs before them)."""
    state, w = ctx.state, ctx.words
    start = state.meeting_start
    timed: list[tuple[dt.datetime, int, int, Block]] = []
    for index, visit in enumerate(state.step_visits):
        at = max(visit.at, start) if start is not None else visit.at
        if not ctx.in_hall(at):
            continue
        number = ctx.agenda.step_index(visit.step) + 1
        title = ctx.agenda.step(visit.step).title
        step = Para("item", w("minutes_step", number=number, title=title), label=ctx.stamp(at))
        timed.append((at, 0, index, step))
    for index, gap in enumerate(state.interruptions):
        text = w(
            "minutes_interrupted",
            # To the second, like every other time of the timeline: a gap of a few seconds
            # would otherwise read "from 08:41 to 08:41".
            start=ctx.stamp(gap.start),
            end=ctx.stamp(gap.end),
            duration=w.duration(gap.seconds),
        )
        timed.append((gap.start, 1, index, Para("bullet", text)))
    for index, note in enumerate(state.notes):
        if ctx.after_meeting(note.at, flagged=note.after_meeting):
            continue
        at = max(note.at, start) if start is not None else note.at
        text = w("minutes_note", time=ctx.stamp(at), text=sentence(note.text))
        timed.append((at, 1, index, Para("bullet", text)))
    for speech in state.speeches:
        if ctx.in_hall(speech.started_at):
            block = Para("bullet", _speech(ctx, speech))
            timed.append((speech.started_at, 2, speech.number, block))
    for at, index, text in _decisions(ctx):
        timed.append((at, 3, index, Para("bullet", text)))
    if not timed:
        return [Para("body", w("minutes_no_proceedings"))]
    timed.sort(key=lambda entry: entry[:3])
    return [block for *_, block in timed]


def _decisions(ctx: Context) -> list[tuple[dt.datetime, int, str]]:
    """Withdrawals, petitions taken up in writing, answers passed over: at the meeting."""
    w, state = ctx.words, ctx.state
    found: list[tuple[dt.datetime, int, str]] = []
    for speaker in state.speakers:
        at = speaker.withdrawn_at
        if at is not None and ctx.in_hall(at):
            text = w("minutes_withdrawn", time=ctx.stamp(at), person=w.person(speaker))
            found.append((at, speaker.number, text))
    for event in ctx.effective:
        if isinstance(event, PetitionTakenUp) and ctx.in_hall(event.at):
            found.append((event.at, event.seq, _taken_up(ctx, event, "minutes_taken_up")))
    for issue in state.issues:
        skip = issue.skipped
        if skip is not None and skip.speech is None and ctx.in_hall(skip.at):
            text = w("minutes_skipped", time=ctx.stamp(skip.at), issue=issue.number)
            found.append((skip.at, issue.number, text))
    return found


def _taken_up(ctx: Context, event: PetitionTakenUp, key: str) -> str:
    w = ctx.words
    speaker = ctx.state.speaker(event.speaker)
    joined = "" if event.new_issue else w("minutes_taken_up_joined")
    return w(
        key,
        time=ctx.stamp(event.at),
        date=sections.date_of(ctx, event.at),
        person=w.person(speaker),
        issue=event.issue,
        joined=joined,
    )


def _speech(ctx: Context, speech: Speech) -> str:
    w, state = ctx.words, ctx.state
    time = ctx.stamp(speech.started_at)
    duration = _duration(ctx, speech)
    issue = state.issue(speech.issue) if speech.issue is not None else None
    if speech.kind == "petition" and speech.speaker is not None:
        speaker = state.speaker(speech.speaker)
        person, topic = w.person(speaker), sentence(speaker.topic)
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
        return _response(ctx, speech, issue, time, responder, duration)
    return w("minutes_remark", time=time, responder=responder, duration=duration)


def _response(
    ctx: Context, speech: Speech, issue: Issue, time: str, responder: str, duration: str
) -> str:
    """A response speech with the answer given in it; one ended with no answer says the
    issue was not answered at the meeting (never an answer line)."""
    w = ctx.words
    given = [
        sentence(r.summary)
        for r in issue.responses
        if r.speech == speech.number and not r.after_meeting
    ]
    params = {"time": time, "responder": responder, "issue": issue.number, "duration": duration}
    if given:
        return w("minutes_response_summary", summary="\n".join(given), **params)
    if speech.running:
        return w("minutes_response", **params)
    return w("minutes_response_none", **params)


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


# -- after the meeting ------------------------------------------------------------------------


def _after_meeting(ctx: Context) -> list[tuple[dt.datetime, str]]:
    """What the secretary added after the meeting, as it stands now, each with its date."""
    w, state = ctx.words, ctx.state
    added: list[tuple[dt.datetime, str]] = []
    for issue in state.issues:
        assigned = sections.late_assignment(ctx, issue)
        if assigned is not None:
            responder = w.official(issue.responder, issue.responder_role)
            date = sections.date_of(ctx, assigned)
            text = w("minutes_after_assigned", issue=issue.number, responder=responder, date=date)
            added.append((assigned, text))
        for response in issue.responses:
            if response.after_meeting:
                added.append((response.at, _late_response(ctx, issue, response)))
        conclusion = issue.conclusion
        if conclusion is not None and conclusion.after_meeting:
            text = w(
                "minutes_after_corrected"
                if sections.corrected(ctx, issue)
                else "minutes_after_conclusion",
                issue=issue.number,
                date=sections.date_of(ctx, conclusion.at),
                text=sentence(conclusion.text),
                action=sections.action(ctx, conclusion, issue),
            )
            added.append((conclusion.at, text))
    overall = state.overall
    if overall is not None and overall.after_meeting:
        text = " ".join(sentence(line) for line in overall.text.split("\n") if line.strip())
        date = sections.date_of(ctx, overall.at)
        added.append((overall.at, w("minutes_after_overall", date=date, text=text)))
    for note in state.notes:
        if ctx.after_meeting(note.at, flagged=note.after_meeting):
            date = sections.date_of(ctx, note.at)
            added.append((note.at, w("minutes_after_note", date=date, text=sentence(note.text))))
    for event in ctx.effective:
        if isinstance(event, PetitionTakenUp) and ctx.after_meeting(event.at):
            added.append((event.at, _taken_up(ctx, event, "minutes_after_taken_up")))
    return added


def _late_response(ctx: Context, issue: Issue, response: Response) -> str:
    w = ctx.words
    date, summary = sections.date_of(ctx, response.at), sentence(response.summary)
    if response.responder:
        return w(
            "minutes_after_response",
            issue=issue.number,
            responder=response.responder,
            date=date,
            summary=summary,
        )
    return w("minutes_after_response_anon", issue=issue.number, date=date, summary=summary)


def _closing(ctx: Context) -> str:
    """The closing formula: read back and agreed, the time of closing, the copies made."""
    w = ctx.words
    closed = ctx.state.closed_at
    if closed is None:
        return w("minutes_not_closed")
    copies = ctx.agenda.minutes_copies
    if local(closed).date() == ctx.meeting_date:
        return w("minutes_closed", time=w.time(closed), copies=copies)
    date = w.date(local(closed).date())
    return w("minutes_closed_on", time=w.time(closed), date=date, copies=copies)
