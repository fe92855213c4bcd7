"""The printed timeline (``moderator replay SESSION --print``): one line per event, at the
event's local time, told in the words of the meeting.

The log is folded again event by event, so each line names things as they were at that
moment (an undone registration's number may later belong to someone else).
"""

from __future__ import annotations

from collections.abc import Iterator

from moderator.domain import events as ev
from moderator.domain.localtime import local
from moderator.domain.state import Conclusion, MeetingState, Speech, apply
from moderator.export.source import Context
from moderator.export.words import Words, clock


def timeline_lines(ctx: Context) -> Iterator[str]:
    said: dict[int, str] = {}
    state = MeetingState()
    for event in ctx.events:
        after = apply(state, event)
        text = _describe(ctx.words, event, state, after, said)
        if getattr(event, "after_meeting", False) and not state.closed:
            # Marked by the secretary in replay; once closed, everything is after anyway.
            text = ctx.words("tl_after_meeting", text=text)
        said[event.seq] = text
        yield f"{ctx.stamp(event.at)}  {text}"
        state = after


def _describe(  # noqa: C901 - one branch per event type
    w: Words, e: ev.Event, before: MeetingState, after: MeetingState, said: dict[int, str]
) -> str:
    match e:
        case ev.SessionOpened():
            return w("tl_opened", title=e.agenda.title, place=e.place, chair=e.chair)
        case ev.MeetingStarted():
            return w("tl_meeting_started")
        case ev.MeetingResumed():
            since = local(e.since).strftime("%H:%M:%S")
            gap = (e.at - e.since).total_seconds()
            return w("tl_meeting_resumed", since=since, duration=w.duration(gap))
        case ev.PetitionTakenUp():
            person = w.person(after.speaker(e.speaker))
            key = "tl_taken_up" if e.new_issue else "tl_taken_up_joined"
            return w(key, speaker=e.speaker, person=person, issue=e.issue)
        case ev.ResponseSkipped():
            return w("tl_skipped", issue=e.issue)
        case ev.ResponseMoved():
            return w("tl_response_moved", issue=e.issue, position=e.position + 1)
        case ev.StepEntered():
            assert after.agenda is not None
            step = after.agenda.step(e.step)
            return w("tl_step", number=after.agenda.step_index(e.step) + 1, title=step.title)
        case ev.SpeakerRegistered():
            person = w.person(after.speaker(e.speaker))
            text = w("tl_registered", speaker=e.speaker, person=person, topic=_one_line(e.topic))
            extras = [w("tl_written")] if e.source == "written" else []
            if e.duplicate_of is not None:
                extras.append(_duplicate(w, e.duplicate_of))
            return f"{text} ({'; '.join(extras)})" if extras else text
        case ev.PetitionsImported():
            return _imported(w, e, after)
        case ev.SpeakerWithdrawn():
            return w("tl_withdrawn", speaker=e.speaker, person=w.person(after.speaker(e.speaker)))
        case ev.SpeakerMoved():
            person = w.person(after.speaker(e.speaker))
            return w("tl_moved", person=person, speaker=e.speaker, position=e.position + 1)
        case ev.SpeakerReadded():
            return w("tl_readded", person=w.person(after.speaker(e.speaker)), speaker=e.speaker)
        case ev.DuplicateMarked():
            person = w.person(after.speaker(e.speaker))
            if e.duplicate_of is None:
                return w("tl_unmarked", person=person, speaker=e.speaker)
            duplicate = _duplicate(w, e.duplicate_of)
            return w("tl_marked", person=person, speaker=e.speaker, duplicate=duplicate)
        case ev.SpeechStarted():
            return _started(w, e, after)
        case ev.SpeechPaused():
            speech = _speech(after, e.speech)
            return w("tl_paused", who=_who(w, after, speech), elapsed=clock(speech.elapsed(e.at)))
        case ev.SpeechResumed():
            paused_at = _speech(before, e.speech).paused_at
            paused = (e.at - paused_at).total_seconds() if paused_at is not None else 0.0
            speech = _speech(after, e.speech)
            return w("tl_resumed", who=_who(w, after, speech), paused=clock(paused))
        case ev.SpeechExtended():
            speech = _speech(after, e.speech)
            key = "tl_extended" if e.seconds > 0 else "tl_shortened"
            return w(
                key,
                seconds=clock(abs(e.seconds)),
                who=_who(w, after, speech),
                allowed=clock(speech.allowed_seconds),
            )
        case ev.SpeechEnded():
            speech = _speech(after, e.speech)
            elapsed = speech.elapsed(e.at)
            over = round(elapsed - speech.allowed_seconds)
            who = _who(w, after, speech)
            if over > 0:
                return w("tl_ended_over", who=who, elapsed=clock(elapsed), over=clock(over))
            return w("tl_ended", who=who, elapsed=clock(elapsed))
        case ev.ResponderAssigned():
            return w("tl_assigned", responder=w.official(e.responder, e.role), issue=e.issue)
        case ev.ResponseRecorded():
            summary = _one_line(e.summary)
            if e.responder:
                return w("tl_response", issue=e.issue, responder=e.responder, summary=summary)
            return w("tl_response_anon", issue=e.issue, summary=summary)
        case ev.ConclusionRecorded():
            if e.issue is None:
                return w("tl_overall", text=_one_line(e.text))
            conclusion = after.issue(e.issue).conclusion
            assert conclusion is not None
            outcome = _outcome(w, conclusion)
            return w("tl_conclusion", issue=e.issue, outcome=outcome, text=_one_line(e.text))
        case ev.NoteAdded():
            return w("tl_note", text=_one_line(e.text))
        case ev.ActionUndone():
            return w("tl_undone", action=said.get(e.target, f"#{e.target}"))
        case ev.SessionClosed():
            return w("tl_closed")
        case ev.IssueLinked():
            earlier = w.short_date(e.earlier_date)
            return w("tl_linked", issue=e.issue, earlier=e.earlier_issue, date=earlier)
        case ev.ProgressRecorded():
            note = f": {_one_line(e.note)}" if e.note else ""
            status = w(f"fu_status_{e.status}")
            return w(
                "tl_progress", issue=e.issue, status=status, date=w.short_date(e.on), note=note
            )
    raise AssertionError(f"no timeline wording for {e.type}")  # pragma: no cover


def _started(w: Words, e: ev.SpeechStarted, after: MeetingState) -> str:
    limit = clock(e.limit_seconds)
    speech = _speech(after, e.speech)
    who = _who(w, after, speech)
    if e.kind == "petition":
        if e.issue is None:
            return w("tl_petition_unfiled", person=who, limit=limit)
        key = "tl_petition_new" if e.new_issue else "tl_petition_joined"
        return w(key, person=who, issue=e.issue, limit=limit)
    if e.kind == "response" and e.issue is not None:
        return w("tl_response_started", who=who, issue=e.issue, limit=limit)
    return w("tl_remark_started", who=who, limit=limit)


def _imported(w: Words, e: ev.PetitionsImported, after: MeetingState) -> str:
    """One line for the whole import (a file may hold thousands); a single petition is told
    as a registration is."""
    count, first = len(e.registrations), e.registrations[0]
    if count == 1:
        person = w.person(after.speaker(first.speaker))
        topic = _one_line(first.topic)
        return w("tl_imported_one", speaker=first.speaker, person=person, topic=topic)
    return w("tl_imported", count=count, first=first.speaker, last=e.registrations[-1].speaker)


def _speech(state: MeetingState, number: int) -> Speech:
    return state.speeches[number - 1]


def _who(w: Words, state: MeetingState, speech: Speech) -> str:
    if speech.speaker is not None:
        return w.person(state.speaker(speech.speaker))
    return speech.responder or state.chair


def _duplicate(w: Words, ref: ev.DuplicateRef) -> str:
    if ref.issue is not None:
        return w("tl_dup_issue", issue=ref.issue)
    return w("tl_dup_speaker", speaker=ref.speaker)


def _outcome(w: Words, conclusion: Conclusion) -> str:
    text = w.outcome("tl", conclusion)
    if conclusion.due is not None:
        text = w("tl_due", outcome=text, date=w.short_date(conclusion.due))
    return text


def _one_line(text: str) -> str:
    """A typed text on the one line of its event; its own line breaks become " / "."""
    return " / ".join(text.split("\n"))
