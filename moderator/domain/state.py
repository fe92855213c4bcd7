"""The meeting state and the fold: ``apply(state, event)`` and ``fold(events)``.

The state is immutable. It keeps the states from before its last ``UNDO_DEPTH`` actions, so
undo is exact: the compensating event returns the meeting to the state before the action.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from moderator.domain import events as ev
from moderator.domain.agenda import Agenda, Step
from moderator.domain.text import match_key

Phase = Literal["normal", "warning", "overtime"]

UNDO_DEPTH = 100
"""How many actions in a row can be undone. Bounded so a long session does not keep a copy
of its whole history in memory; live run and replay use the same fold, so they agree."""


_T = TypeVar("_T")


def replace(obj: _T, /, **changes: Any) -> _T:
    """``dataclasses.replace`` for this module's frozen dataclasses, about three times faster:
    the fold calls it several times per event, and it was half of reading a long log. They
    have no ``__post_init__``, no slots and nothing cached on the instance, so a copy of the
    fields is the whole of a new instance; an unknown field is still an error."""
    new = object.__new__(type(obj))
    fields = new.__dict__
    fields.update(obj.__dict__)
    unknown = changes.keys() - fields.keys()
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)}")
    fields.update(changes)
    return new


@dataclass(frozen=True)
class Speaker:
    number: int
    name: str
    village: str
    organisation: str
    area: str | None
    topic: str
    source: ev.Source
    registered_at: dt.datetime
    duplicate_of: ev.DuplicateRef | None = None
    suggestions: tuple[ev.Suggestion, ...] = ()
    withdrawn_at: dt.datetime | None = None
    """When the speaker withdrew (``x``); None again if put back in the queue."""
    earlier: ev.EarlierLink | None = None
    """The earlier session's issue the chair linked the registration to: it becomes the
    issue's link (``IssueLinked``) when the petition is called or taken up."""

    @property
    def person(self) -> tuple[str, str]:
        """Who this is, for "already waiting" and "already spoke": name and village, folded."""
        return match_key(self.name), match_key(self.village)


@dataclass(frozen=True)
class Speech:
    """A timed turn. All its times derive from event timestamps and the ``now`` passed in."""

    number: int
    kind: ev.SpeechKind
    started_at: dt.datetime
    limit_seconds: int
    speaker: int | None = None
    issue: int | None = None
    responder: str = ""
    extra_seconds: int = 0
    paused_at: dt.datetime | None = None
    paused_seconds: float = 0.0
    ended_at: dt.datetime | None = None

    @property
    def running(self) -> bool:
        return self.ended_at is None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def allowed_seconds(self) -> int:
        return self.limit_seconds + self.extra_seconds

    def elapsed(self, now: dt.datetime) -> float:
        until = self.ended_at or self.paused_at or now
        return max(0.0, (until - self.started_at).total_seconds() - self.paused_seconds)

    def remaining(self, now: dt.datetime) -> float:
        """Seconds left; negative once the speaker runs over."""
        return self.allowed_seconds - self.elapsed(now)

    def overtime(self, now: dt.datetime) -> float:
        return max(0.0, -self.remaining(now))

    def phase(self, now: dt.datetime, warning_seconds: int) -> Phase:
        remaining = self.remaining(now)
        if remaining <= 0:
            return "overtime"
        return "warning" if remaining <= warning_seconds else "normal"


@dataclass(frozen=True)
class Response:
    summary: str
    responder: str
    at: dt.datetime
    speech: int | None = None
    after_meeting: bool = False


@dataclass(frozen=True)
class Skip:
    """An issue the chair passed over in the responses: not answered at the meeting."""

    at: dt.datetime
    speech: int | None = None


@dataclass(frozen=True)
class Conclusion:
    outcome: ev.Outcome
    text: str
    at: dt.datetime
    owner: str = ""
    due: dt.date | None = None
    forwarded_to: str = ""
    after_meeting: bool = False


@dataclass(frozen=True)
class Progress:
    """One update on a conclusion after the meeting (``ProgressRecorded``)."""

    status: ev.ProgressStatus
    on: dt.date
    note: str
    at: dt.datetime


@dataclass(frozen=True)
class EarlierIssue:
    """An earlier session's issue that this one repeats (``IssueLinked``)."""

    session_id: str
    issue: int
    date: dt.date
    outcome: ev.EarlierOutcome | None = None
    """What the earlier record said of it when the link was made (None: not carried, or no
    conclusion then)."""

    @classmethod
    def of(cls, link: ev.EarlierLink) -> EarlierIssue:
        """The issue a registration was linked to, before its petition is in an issue."""
        return cls(link.session_id, link.issue, link.date, link.outcome)


@dataclass(frozen=True)
class Issue:
    number: int
    topic: str
    area: str | None
    raised_by: tuple[int, ...]
    opened_at: dt.datetime
    responder: str = ""
    responder_role: str = ""
    responses: tuple[Response, ...] = ()
    conclusion: Conclusion | None = None
    in_writing: tuple[int, ...] = ()
    """The speakers in ``raised_by`` whose petition was taken up without being presented."""
    skipped: Skip | None = None
    progress: tuple[Progress, ...] = ()
    """The updates on its conclusion after the meeting, in the order recorded."""
    earlier: tuple[EarlierIssue, ...] = ()
    """Issues of earlier sessions the chair linked this one to (it came back)."""

    @property
    def latest_progress(self) -> Progress | None:
        return self.progress[-1] if self.progress else None

    @property
    def supporters(self) -> int:
        return len(self.raised_by)

    @property
    def presented(self) -> bool:
        """Raised in the hall by at least one speaker (not only taken up in writing)."""
        return len(self.raised_by) > len(self.in_writing)

    @property
    def answered_at_meeting(self) -> bool:
        return any(not response.after_meeting for response in self.responses)


@dataclass(frozen=True)
class Note:
    at: dt.datetime
    text: str
    after_meeting: bool = False


@dataclass(frozen=True)
class Interruption:
    """The program was gone from ``start`` (its last sign of life) to ``end``."""

    start: dt.datetime
    end: dt.datetime

    @property
    def seconds(self) -> float:
        return max(0.0, (self.end - self.start).total_seconds())


@dataclass(frozen=True)
class StepVisit:
    step: str
    at: dt.datetime


@dataclass(frozen=True)
class MeetingState:
    seq: int = 0
    session_id: str = ""
    agenda: Agenda | None = None
    date: dt.date | None = None
    place: str = ""
    chair: str = ""
    secretary: str = ""
    attendance: int | None = None
    opened_at: dt.datetime | None = None
    """When the session was created (``moderator new``, or the start form)."""
    started_at: dt.datetime | None = None
    """When the meeting began on the live screen: the meeting's clock starts here."""
    closed_at: dt.datetime | None = None
    interruptions: tuple[Interruption, ...] = ()
    response_order: tuple[int, ...] = ()
    """Issues in the order the chair set for the responses (see ``queries.awaiting_response``)."""
    step_visits: tuple[StepVisit, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    queue: tuple[int, ...] = ()
    speeches: tuple[Speech, ...] = ()
    issues: tuple[Issue, ...] = ()
    notes: tuple[Note, ...] = ()
    overall: Conclusion | None = None
    undo_stack: tuple[MeetingState, ...] = field(default=(), compare=False, repr=False)
    """The states before the last actions still in effect, oldest first, without their own
    stacks (the stack is re-attached on undo, so old states are not kept twice)."""

    # -- lookups -------------------------------------------------------------------------

    @property
    def last_action(self) -> int | None:
        """Sequence number of the last action still in effect: what undo would take back."""
        # The state before event N is the state after event N - 1.
        return self.undo_stack[-1].seq + 1 if self.undo_stack else None

    @property
    def opened(self) -> bool:
        return self.agenda is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def meeting_start(self) -> dt.datetime | None:
        """When the meeting began on the live screen. A log older than that event began
        with the session, if anything happened in the hall at all."""
        if self.started_at is not None:
            return self.started_at
        if len(self.step_visits) > 1 or self.speeches:
            return self.opened_at
        return None

    @property
    def step(self) -> Step | None:
        if self.agenda is None or not self.step_visits:
            return None
        return self.agenda.step(self.step_visits[-1].step)

    @property
    def current_speech(self) -> Speech | None:
        if self.speeches and self.speeches[-1].running:
            return self.speeches[-1]
        return None

    def speaker(self, number: int) -> Speaker:
        return self.speakers[number - 1]

    def issue(self, number: int) -> Issue:
        return self.issues[number - 1]

    def queued(self) -> list[Speaker]:
        return [self.speaker(n) for n in self.queue]


# -- the fold ------------------------------------------------------------------------------


def apply(state: MeetingState, event: ev.Event) -> MeetingState:
    """The state after ``event``. Events are decisions already checked by their command."""
    if event.seq != state.seq + 1:
        raise ValueError(f"event {event.seq} does not follow event {state.seq}")
    if isinstance(event, ev.ActionUndone):
        if state.last_action != event.target:
            raise ValueError(f"event {event.seq} undoes {event.target}, which is not the last")
        *older, previous = state.undo_stack
        return replace(previous, seq=event.seq, undo_stack=tuple(older))
    if not state.opened and not isinstance(event, ev.SessionOpened):
        raise ValueError(f"event {event.seq} ({event.type}) comes before the session opened")
    after = _apply(state, event)
    if isinstance(event, ev.SessionOpened):
        return replace(after, seq=event.seq)
    if isinstance(event, ev.IssueLinked) and event.with_petition:
        # Part of the call or take-up stored with it: one undo takes both back.
        return replace(after, seq=event.seq, undo_stack=state.undo_stack)
    if isinstance(event, ev.MeetingStarted | ev.MeetingResumed):
        # Not the operator's actions: undo passes over them, and an undo that goes back past
        # one must keep it (the meeting stays started, the gap stays uncharged).
        stack = tuple(replace(_apply(old, event), seq=old.seq) for old in state.undo_stack)
        return replace(after, seq=event.seq, undo_stack=stack)
    stack = (*state.undo_stack[-(UNDO_DEPTH - 1) :], replace(state, undo_stack=()))
    return replace(after, seq=event.seq, undo_stack=stack)


def fold(events: Iterable[ev.Event], state: MeetingState | None = None) -> MeetingState:
    state = state or MeetingState()
    for event in events:
        state = apply(state, event)
    return state


def _apply(s: MeetingState, e: ev.Event) -> MeetingState:  # noqa: C901 - one branch per event type
    match e:
        case ev.SessionOpened():
            return replace(
                s,
                session_id=e.session_id,
                agenda=e.agenda,
                date=e.date,
                place=e.place,
                chair=e.chair,
                secretary=e.secretary,
                attendance=e.attendance,
                opened_at=e.at,
                step_visits=(StepVisit(e.agenda.steps[0].id, e.at),),
            )
        case ev.MeetingStarted():
            visits = s.step_visits
            if len(visits) == 1:  # the opening step begins with the meeting, not the session
                visits = (replace(visits[0], at=e.at),)
            return replace(s, started_at=e.at, step_visits=visits)
        case ev.MeetingResumed():
            return _resume(s, e)
        case ev.StepEntered():
            return replace(s, step_visits=(*s.step_visits, StepVisit(e.step, e.at)))
        case ev.SpeakerRegistered():
            speaker = _registered(e, e.at)
            return replace(s, speakers=(*s.speakers, speaker), queue=(*s.queue, e.speaker))
        case ev.PetitionsImported():
            return _import_petitions(s, e)
        case ev.SpeakerWithdrawn():
            s = _with_speaker(s, replace(s.speaker(e.speaker), withdrawn_at=e.at))
            return replace(s, queue=tuple(n for n in s.queue if n != e.speaker))
        case ev.SpeakerMoved():
            rest = [n for n in s.queue if n != e.speaker]
            rest.insert(e.position, e.speaker)
            return replace(s, queue=tuple(rest))
        case ev.SpeakerReadded():
            s = _with_speaker(s, replace(s.speaker(e.speaker), withdrawn_at=None))
            return replace(s, queue=(e.speaker, *s.queue))
        case ev.DuplicateMarked():
            speaker = replace(s.speaker(e.speaker), duplicate_of=e.duplicate_of)
            return _with_speaker(s, speaker)
        case ev.SpeechStarted():
            return _start_speech(s, e)
        case ev.SpeechPaused():
            return _with_speech(s, replace(_speech(s, e.speech), paused_at=e.at))
        case ev.SpeechResumed():
            speech = _speech(s, e.speech)
            assert speech.paused_at is not None
            paused = (e.at - speech.paused_at).total_seconds()
            speech = replace(speech, paused_at=None, paused_seconds=speech.paused_seconds + paused)
            return _with_speech(s, speech)
        case ev.SpeechExtended():
            speech = _speech(s, e.speech)
            return _with_speech(s, replace(speech, extra_seconds=speech.extra_seconds + e.seconds))
        case ev.SpeechEnded():
            speech = _speech(s, e.speech)
            if speech.paused_at is not None:
                # Ended while paused: the clock stopped at the pause, not at the end.
                paused = (e.at - speech.paused_at).total_seconds()
                speech = replace(
                    speech, paused_at=None, paused_seconds=speech.paused_seconds + paused
                )
            return _with_speech(s, replace(speech, ended_at=e.at))
        case ev.PetitionTakenUp():
            return _take_up(s, e)
        case ev.ResponseSkipped():
            return _with_issue(s, replace(s.issue(e.issue), skipped=Skip(e.at, e.speech)))
        case ev.ResponseMoved():
            return replace(s, response_order=_moved(s, e))
        case ev.ResponderAssigned():
            issue = replace(s.issue(e.issue), responder=e.responder, responder_role=e.role)
            return _with_issue(s, issue)
        case ev.ResponseRecorded():
            issue = s.issue(e.issue)
            late = e.after_meeting or s.closed
            response = Response(e.summary, e.responder or issue.responder, e.at, e.speech, late)
            return _with_issue(s, replace(issue, responses=(*issue.responses, response)))
        case ev.ConclusionRecorded():
            late = e.after_meeting or s.closed
            conclusion = Conclusion(
                e.outcome, e.text, e.at, e.owner, e.due, e.forwarded_to, after_meeting=late
            )
            if e.issue is None:
                return replace(s, overall=conclusion)
            return _with_issue(s, replace(s.issue(e.issue), conclusion=conclusion))
        case ev.NoteAdded():
            note = Note(e.at, e.text, after_meeting=e.after_meeting or s.closed)
            return replace(s, notes=(*s.notes, note))
        case ev.SessionClosed():
            return replace(s, closed_at=e.at)
        case ev.ProgressRecorded():
            return _record_progress(s, e)
        case ev.IssueLinked():
            return _link_issue(s, e)
    raise ValueError(f"event {e.seq}: cannot apply {e.type}")  # pragma: no cover - exhaustive


def _start_speech(s: MeetingState, e: ev.SpeechStarted) -> MeetingState:
    speech = Speech(
        number=e.speech,
        kind=e.kind,
        started_at=e.at,
        limit_seconds=e.limit_seconds,
        speaker=e.speaker,
        issue=e.issue,
        responder=e.responder,
    )
    s = replace(s, speeches=(*s.speeches, speech))
    if e.kind != "petition" or e.speaker is None:
        return s
    s = replace(s, queue=tuple(n for n in s.queue if n != e.speaker))
    if e.issue is None:
        return s
    if e.new_issue:
        speaker = s.speaker(e.speaker)
        issue = Issue(e.issue, speaker.topic, speaker.area, (e.speaker,), e.at)
        return replace(s, issues=(*s.issues, issue))
    joined = s.issue(e.issue)
    if e.speaker in joined.raised_by:  # speaking again, after being put back in the queue
        return s
    area = joined.area or s.speaker(e.speaker).area
    return _with_issue(s, replace(joined, raised_by=(*joined.raised_by, e.speaker), area=area))


def _resume(s: MeetingState, e: ev.MeetingResumed) -> MeetingState:
    s = replace(s, interruptions=(*s.interruptions, Interruption(e.since, e.at)))
    speech = s.current_speech
    if speech is None or speech.paused:
        return s
    # The speaker was cut off with everyone else: the gap counts as a pause.
    gap = max(0.0, (e.at - max(e.since, speech.started_at)).total_seconds())
    return _with_speech(s, replace(speech, paused_seconds=speech.paused_seconds + gap))


def _take_up(s: MeetingState, e: ev.PetitionTakenUp) -> MeetingState:
    s = replace(s, queue=tuple(n for n in s.queue if n != e.speaker))
    if e.new_issue:
        speaker = s.speaker(e.speaker)
        issue = Issue(
            e.issue, speaker.topic, speaker.area, (e.speaker,), e.at, in_writing=(e.speaker,)
        )
        return replace(s, issues=(*s.issues, issue))
    joined = s.issue(e.issue)
    return _with_issue(
        s,
        replace(
            joined,
            raised_by=(*joined.raised_by, e.speaker),
            in_writing=(*joined.in_writing, e.speaker),
            area=joined.area or s.speaker(e.speaker).area,
        ),
    )


def awaiting_response(s: MeetingState) -> list[Issue]:
    """Issues neither answered nor passed over: first in the order the chair set, then the
    others grouped by responder (unassigned last), then by number."""
    waiting = [issue for issue in s.issues if not issue.responses and issue.skipped is None]
    ranks = {number: rank for rank, number in enumerate(s.response_order)}
    return sorted(
        waiting,
        key=lambda i: (
            ranks.get(i.number, len(ranks)),
            i.responder == "",
            match_key(i.responder),
            i.number,
        ),
    )


def _moved(s: MeetingState, e: ev.ResponseMoved) -> tuple[int, ...]:
    order = [issue.number for issue in awaiting_response(s) if issue.number != e.issue]
    order.insert(e.position, e.issue)
    return tuple(order)


def _import_petitions(s: MeetingState, e: ev.PetitionsImported) -> MeetingState:
    """Every registration of the import at once: the speakers and the queue grow by one copy
    each, not one per row."""
    first = len(s.speakers) + 1
    numbers = tuple(r.speaker for r in e.registrations)
    if numbers != tuple(range(first, first + len(numbers))):
        raise ValueError(f"event {e.seq}: its speaker numbers do not follow {first - 1}")
    # The command guarantees the rest; a hand-edited file may not (see ``read_events``).
    for r in e.registrations:
        ref = r.duplicate_of
        if ref is not None and not (
            (ref.speaker is not None and 1 <= ref.speaker < r.speaker)
            or (ref.speaker is None and ref.issue is not None and 1 <= ref.issue <= len(s.issues))
        ):
            raise ValueError(f"event {e.seq}: registration {r.speaker} repeats nothing before it")
        if r.suggestions and not all(math.isfinite(each.score) for each in r.suggestions):
            raise ValueError(f"event {e.seq}: a suggestion's score is not a number")
    added = tuple([_registered(r, e.at) for r in e.registrations])
    return replace(s, speakers=s.speakers + added, queue=s.queue + numbers)


def _registered(r: ev.SpeakerRegistered | ev.ImportedRegistration, at: dt.datetime) -> Speaker:
    """The speaker a registration records, typed at the meeting or imported. Every field is
    set as ``replace`` sets them, at half the cost of the constructor (an import folds tens of
    thousands; tests/unit/test_fold_import.py holds it to the constructor)."""
    speaker = object.__new__(Speaker)
    speaker.__dict__.update(
        number=r.speaker,
        name=r.name,
        village=r.village,
        organisation=r.organisation,
        area=r.area,
        topic=r.topic,
        source=r.source,
        registered_at=at,
        duplicate_of=r.duplicate_of,
        suggestions=r.suggestions,
        withdrawn_at=None,
        earlier=r.earlier if isinstance(r, ev.SpeakerRegistered) else None,
    )
    return speaker


def _speech(s: MeetingState, number: int) -> Speech:
    return s.speeches[number - 1]


def _with_speech(s: MeetingState, speech: Speech) -> MeetingState:
    speeches = list(s.speeches)
    speeches[speech.number - 1] = speech
    return replace(s, speeches=tuple(speeches))


def _with_speaker(s: MeetingState, speaker: Speaker) -> MeetingState:
    speakers = list(s.speakers)
    speakers[speaker.number - 1] = speaker
    return replace(s, speakers=tuple(speakers))


def _with_issue(s: MeetingState, issue: Issue) -> MeetingState:
    issues = list(s.issues)
    issues[issue.number - 1] = issue
    return replace(s, issues=tuple(issues))


# -- follow-through after the meeting (issue 10) ------------------------------------------


def _record_progress(s: MeetingState, e: ev.ProgressRecorded) -> MeetingState:
    issue = s.issue(e.issue)
    if issue.conclusion is None:
        raise ValueError(f"event {e.seq}: progress on issue {e.issue}, which has no conclusion")
    progress = Progress(e.status, e.on, e.note, e.at)
    return _with_issue(s, replace(issue, progress=(*issue.progress, progress)))


def _link_issue(s: MeetingState, e: ev.IssueLinked) -> MeetingState:
    issue = s.issue(e.issue)
    earlier = EarlierIssue(e.earlier_session, e.earlier_issue, e.earlier_date, e.outcome)
    return _with_issue(s, replace(issue, earlier=(*issue.earlier, earlier)))
