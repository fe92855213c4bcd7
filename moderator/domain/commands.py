"""Commands: check a precondition against the state, then decide the event to record.

Each command is a pure function of the state, the time ``at`` (from the injected clock) and
its arguments. It returns the event and never changes the state: the caller stores the event,
then folds it. A precondition that does not hold raises ``DomainError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from moderator.domain import events as ev
from moderator.domain import queries
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.localtime import local
from moderator.domain.state import Issue, MeetingState, Speaker, Speech
from moderator.domain.text import clean_line, clean_text

EXTEND_STEP_SECONDS = 30
"""What ``+`` and ``-`` add to or take from a speech."""


class _Stamp(TypedDict):
    seq: int
    at: dt.datetime


def _stamp(state: MeetingState, at: dt.datetime) -> _Stamp:
    """What every event a command decides begins with: the next place in the log, and the
    time."""
    return {"seq": state.seq + 1, "at": at}


class Opening(TypedDict):
    """What ``open_session`` records of a session beside its id: the agenda, the day, the
    place, who chairs and takes the minutes, how many attend. ``LiveMeeting.create`` takes it
    as keywords and passes it on."""

    agenda: Agenda
    date: dt.date
    place: str
    chair: str
    secretary: NotRequired[str]
    attendance: NotRequired[int | None]


def open_session(
    state: MeetingState,
    at: dt.datetime,
    *,
    session_id: str,
    agenda: Agenda,
    date: dt.date,
    place: str,
    chair: str,
    secretary: str = "",
    attendance: int | None = None,
) -> ev.SessionOpened:
    if state.opened:
        raise DomainError("session_already_open")
    if attendance is not None and attendance < 0:
        raise DomainError("attendance_negative")
    return ev.SessionOpened(
        **_stamp(state, at),
        session_id=session_id,
        agenda=agenda,
        date=date,
        place=_required(place, "place"),
        chair=_required(chair, "chair"),
        secretary=clean_line(secretary),
        attendance=attendance,
    )


def start_meeting(state: MeetingState, at: dt.datetime) -> ev.MeetingStarted:
    """The meeting begins: the live screen opens it the first time it shows the session."""
    _live(state)
    if state.meeting_start is not None:
        raise DomainError("meeting_already_started")
    return ev.MeetingStarted(**_stamp(state, at))


def resume_meeting(state: MeetingState, at: dt.datetime, since: dt.datetime) -> ev.MeetingResumed:
    """The live screen is back after the program was gone since ``since``."""
    _live(state)
    if state.meeting_start is None:  # a log from before the start event began with the hall
        raise DomainError("meeting_not_started")
    last = state.interruptions[-1].end if state.interruptions else state.meeting_start
    since = min(max(since, last or since), at)
    return ev.MeetingResumed(**_stamp(state, at), since=since)


def next_step(state: MeetingState, at: dt.datetime) -> ev.StepEntered:
    agenda = _live(state)
    _no_speech_running(state)
    index = agenda.step_index(_step_id(state))
    if index + 1 >= len(agenda.steps):
        raise DomainError("last_step")
    return ev.StepEntered(**_stamp(state, at), step=agenda.steps[index + 1].id)


def previous_step(state: MeetingState, at: dt.datetime) -> ev.StepEntered:
    agenda = _live(state)
    _no_speech_running(state)
    index = agenda.step_index(_step_id(state))
    if index == 0:
        raise DomainError("first_step")
    return ev.StepEntered(**_stamp(state, at), step=agenda.steps[index - 1].id)


def register_speaker(
    state: MeetingState,
    at: dt.datetime,
    *,
    name: str,
    village: str,
    topic: str,
    area: str | None = None,
    organisation: str = "",
    source: ev.Source | None = None,
    duplicate_of: ev.DuplicateRef | None = None,
    suggestions: tuple[ev.Suggestion, ...] = (),
    earlier: ev.EarlierLink | None = None,
) -> ev.SpeakerRegistered:
    """Register a speaker. Village and area may be typed loosely ("thon 3", "dat dai").

    Without a ``source``, a registration in the step for petitions registered in advance is
    a written one, anywhere else one from the floor. ``earlier``: the earlier session's issue
    the chair links it to (recorded on the issue by ``carried_link``)."""
    agenda = _live(state)
    village = _required(village, "village")
    area_id: str | None = None
    if area and clean_line(area):
        found = agenda.find_area(clean_line(area))
        if found is None:
            raise DomainError("unknown_area", area=clean_line(area))
        area_id = found.id
    if duplicate_of is not None:
        _check_duplicate_target(state, duplicate_of)
    if earlier is not None:
        _check_earlier_session(state, earlier.session_id, earlier.date)
    return ev.SpeakerRegistered(
        **_stamp(state, at),
        speaker=len(state.speakers) + 1,
        name=_required(name, "name"),
        village=agenda.find_village(village) or village,
        organisation=clean_line(organisation),
        area=area_id,
        topic=_required_text(topic, "topic"),
        source=source or ("written" if state.step and state.step.kind == "petitions" else "floor"),
        duplicate_of=duplicate_of,
        suggestions=suggestions,
        earlier=earlier,
    )


def withdraw_speaker(state: MeetingState, at: dt.datetime, speaker: int) -> ev.SpeakerWithdrawn:
    _live(state)
    _queued(state, speaker)
    return ev.SpeakerWithdrawn(**_stamp(state, at), speaker=speaker)


def move_speaker(
    state: MeetingState, at: dt.datetime, speaker: int, position: int
) -> ev.SpeakerMoved:
    """Put a queued speaker at ``position`` (0 is the top) of the queue."""
    _live(state)
    _queued(state, speaker)
    if not 0 <= position < len(state.queue):
        raise DomainError("position_out_of_range", position=position + 1, size=len(state.queue))
    if state.queue.index(speaker) == position:
        raise DomainError("already_there")
    return ev.SpeakerMoved(**_stamp(state, at), speaker=speaker, position=position)


def readd_speaker(state: MeetingState, at: dt.datetime, speaker: int) -> ev.SpeakerReadded:
    """Put a speaker who spoke or withdrew back on top of the queue."""
    _live(state)
    found = _speaker(state, speaker)
    if speaker in state.queue:
        raise DomainError("speaker_already_queued", name=found.name)
    current = state.current_speech
    if current is not None and current.speaker == speaker:
        raise DomainError("speaker_is_speaking", name=found.name)
    return ev.SpeakerReadded(**_stamp(state, at), speaker=speaker)


def mark_duplicate(
    state: MeetingState, at: dt.datetime, speaker: int, duplicate_of: ev.DuplicateRef | None
) -> ev.DuplicateMarked:
    """The chair's call on a queued speaker: a repeat of an issue, or (None) a new one."""
    _live(state)
    found = _queued(state, speaker)
    if duplicate_of is not None:
        _check_duplicate_target(state, duplicate_of)
        if duplicate_of.speaker == speaker:
            raise DomainError("duplicate_of_self")
    if found.duplicate_of == duplicate_of:
        raise DomainError("already_there")
    return ev.DuplicateMarked(**_stamp(state, at), speaker=speaker, duplicate_of=duplicate_of)


def take_up_petition(state: MeetingState, at: dt.datetime, speaker: int) -> ev.PetitionTakenUp:
    """Deal with a queued petition without its being presented (a written petition at the
    end of the meeting): it becomes an issue, or joins the issue it was flagged as repeating,
    and can then be assigned, answered and concluded."""
    _agenda(state)
    _no_speech_running(state)
    found = _queued(state, speaker)
    issue = queries.issue_repeated(state, found)
    return ev.PetitionTakenUp(
        **_stamp(state, at),
        speaker=speaker,
        issue=issue if issue is not None else len(state.issues) + 1,
        new_issue=issue is None,
    )


def skip_response(state: MeetingState, at: dt.datetime, issue: int) -> ev.ResponseSkipped:
    """Pass over an issue in the responses: it is recorded as not answered at the meeting.
    A response speech that ended with no answer is named in the event."""
    _live(state)
    _no_speech_running(state)
    found = _issue(state, issue)
    speech = queries.last_response_speech(state, issue)
    number = speech.number if speech else None
    # Passed over once already: only a later response speech (called again) is news.
    if found.responses or (found.skipped is not None and found.skipped.speech == number):
        raise DomainError("response_not_awaited", number=issue)
    return ev.ResponseSkipped(**_stamp(state, at), issue=issue, speech=number)


def move_response(
    state: MeetingState, at: dt.datetime, issue: int, position: int
) -> ev.ResponseMoved:
    """Put an issue awaiting a response at ``position`` (0 is the top) of that list."""
    _live(state)
    awaiting = [i.number for i in queries.awaiting_response(state)]
    if issue not in awaiting:
        _issue(state, issue)
        raise DomainError("response_not_awaited", number=issue)
    if not 0 <= position < len(awaiting):
        raise DomainError("position_out_of_range", position=position + 1, size=len(awaiting))
    if awaiting.index(issue) == position:
        raise DomainError("already_there")
    return ev.ResponseMoved(**_stamp(state, at), issue=issue, position=position)


def call_next(state: MeetingState, at: dt.datetime) -> ev.SpeechStarted:
    """``n``: in the responses step the next issue awaiting an answer, else the next speaker."""
    step = state.step
    if step is not None and step.kind == "responses":
        awaiting = queries.awaiting_response(state)
        if not awaiting:
            _live(state)
            raise DomainError("no_issue_awaiting")
        return start_response(state, at, awaiting[0].number)
    return start_petition(state, at)


def start_petition(
    state: MeetingState, at: dt.datetime, speaker: int | None = None
) -> ev.SpeechStarted:
    """Call a queued speaker (the first by default): the petition joins the issue it was
    flagged as repeating, or opens a new one."""
    agenda = _live(state)
    _no_speech_running(state)
    if speaker is None:
        if not state.queue:
            raise DomainError("no_speaker_to_call")
        speaker = state.queue[0]
    found = _queued(state, speaker)
    issue = queries.issue_repeated(state, found)
    return ev.SpeechStarted(
        **_stamp(state, at),
        speech=len(state.speeches) + 1,
        kind="petition",
        speaker=speaker,
        issue=issue if issue is not None else len(state.issues) + 1,
        new_issue=issue is None,
        limit_seconds=agenda.rules.petition_seconds,
    )


def start_response(
    state: MeetingState, at: dt.datetime, issue: int, responder: str = ""
) -> ev.SpeechStarted:
    agenda = _live(state)
    _no_speech_running(state)
    found = _issue(state, issue)
    who = clean_line(responder) or found.responder or queries.default_responder_label(state, found)
    return ev.SpeechStarted(
        **_stamp(state, at),
        speech=len(state.speeches) + 1,
        kind="response",
        issue=issue,
        responder=who,
        limit_seconds=agenda.rules.response_seconds,
    )


def pause_speech(state: MeetingState, at: dt.datetime) -> ev.SpeechPaused:
    speech = _running(state)
    if speech.paused:
        raise DomainError("speech_already_paused")
    return ev.SpeechPaused(**_stamp(state, at), speech=speech.number)


def resume_speech(state: MeetingState, at: dt.datetime) -> ev.SpeechResumed:
    speech = _running(state)
    if not speech.paused:
        raise DomainError("speech_not_paused")
    return ev.SpeechResumed(**_stamp(state, at), speech=speech.number)


def toggle_pause(state: MeetingState, at: dt.datetime) -> ev.SpeechPaused | ev.SpeechResumed:
    speech = _running(state)
    return resume_speech(state, at) if speech.paused else pause_speech(state, at)


def extend_speech(
    state: MeetingState, at: dt.datetime, seconds: int = EXTEND_STEP_SECONDS
) -> ev.SpeechExtended:
    """Give the current speaker more time, or (negative) less; never below zero in all."""
    speech = _running(state)
    if seconds == 0:
        raise DomainError("extend_zero")
    if speech.allowed_seconds + seconds < 0:
        raise DomainError("limit_below_zero")
    return ev.SpeechExtended(**_stamp(state, at), speech=speech.number, seconds=seconds)


def end_speech(state: MeetingState, at: dt.datetime) -> ev.SpeechEnded:
    speech = _running(state)
    return ev.SpeechEnded(**_stamp(state, at), speech=speech.number)


def assign_responder(
    state: MeetingState,
    at: dt.datetime,
    issue: int,
    responder: str = "",
    *,
    after_meeting: bool = False,
) -> ev.ResponderAssigned:
    """Assign who answers an issue: a responder id or role from the agenda, or a name.

    With no responder given, the default of the issue's area.
    """
    agenda = _agenda(state)
    found = _issue(state, issue)
    typed = clean_line(responder)
    role = ""
    if not typed:
        default = agenda.default_responder(found.area)
        if default is None:
            raise DomainError("no_default_responder", issue=issue)
        typed, role = default.name or default.role, default.role
    else:
        known = agenda.find_responder(typed)
        if known is not None:
            typed, role = known.name or known.role, known.role
    if (typed, role) == (found.responder, found.responder_role):
        raise DomainError("already_there")
    return ev.ResponderAssigned(
        **_stamp(state, at),
        issue=issue,
        responder=typed,
        role=role,
        after_meeting=after_meeting or state.closed,
    )


def record_response(
    state: MeetingState,
    at: dt.datetime,
    issue: int,
    summary: str,
    responder: str = "",
    *,
    after_meeting: bool = False,
) -> ev.ResponseRecorded:
    """A short summary of the answer given to an issue (during or after its response at the
    meeting, or ``after_meeting`` from the secretary's notes)."""
    _agenda(state)
    found = _issue(state, issue)
    late = after_meeting or state.closed
    # An answer written afterwards is not the summary of a speech given in the hall.
    speech = None if late else queries.last_response_speech(state, issue)
    who = clean_line(responder) or (speech.responder if speech else "") or found.responder
    return ev.ResponseRecorded(
        **_stamp(state, at),
        issue=issue,
        summary=_required_text(summary, "summary"),
        responder=who,
        speech=speech.number if speech else None,
        after_meeting=late,
    )


def record_conclusion(
    state: MeetingState,
    at: dt.datetime,
    *,
    issue: int | None,
    outcome: ev.Outcome,
    text: str,
    owner: str = "",
    due: dt.date | None = None,
    forwarded_to: str = "",
    after_meeting: bool = False,
) -> ev.ConclusionRecorded:
    """The conclusion for an issue, or (``issue`` None) the overall conclusion."""
    _agenda(state)
    if issue is not None:
        _issue(state, issue)
    owner, forwarded_to = clean_line(owner), clean_line(forwarded_to)
    if outcome == "assigned" and not owner:
        raise DomainError("conclusion_needs_owner")
    if outcome == "forwarded" and not forwarded_to:
        raise DomainError("conclusion_needs_body")
    if due is not None and state.date is not None and due < state.date:
        raise DomainError("due_before_meeting")
    return ev.ConclusionRecorded(
        **_stamp(state, at),
        issue=issue,
        outcome=outcome,
        text=_required_text(text, "text"),
        owner=owner,
        due=due,
        forwarded_to=forwarded_to,
        after_meeting=after_meeting or state.closed,
    )


def add_note(
    state: MeetingState, at: dt.datetime, text: str, *, after_meeting: bool = False
) -> ev.NoteAdded:
    _agenda(state)
    return ev.NoteAdded(
        **_stamp(state, at),
        text=_required_text(text, "text"),
        after_meeting=after_meeting or state.closed,
    )


def undo(state: MeetingState, at: dt.datetime) -> ev.ActionUndone:
    _agenda(state)
    target = state.last_action
    if target is None:
        raise DomainError("nothing_to_undo")
    if state.closed and not state.undo_stack[-1].closed:
        # Closing is final: reopening would change a record that may have been published.
        raise DomainError("cannot_undo_close")
    return ev.ActionUndone(**_stamp(state, at), target=target)


def close_session(state: MeetingState, at: dt.datetime) -> ev.SessionClosed:
    _live(state)
    _no_speech_running(state)
    return ev.SessionClosed(**_stamp(state, at))


@dataclass(frozen=True)
class PetitionRow:
    """One row of a written-petitions file, as typed; ``line`` names it in an error."""

    line: int
    name: str
    village: str
    topic: str
    area: str = ""
    organisation: str = ""


Flags = tuple[ev.DuplicateRef | None, tuple[ev.Suggestion, ...]]
Flagger = Callable[[Sequence[tuple[int, str, str | None]]], Sequence[Flags]]
"""Given the new registrations (number, cleaned topic, area id) in order, each one's duplicate
flag and suggestions: each sees the registrations before it (in the session and in the
import)."""


def import_petitions(
    state: MeetingState, at: dt.datetime, rows: Sequence[PetitionRow], flag: Flagger | None = None
) -> ev.PetitionsImported | None:
    """Import written petitions as one event: one record on disk, one undo.

    Every row is checked as ``register_speaker`` checks one, before any is flagged; a bad row
    raises ``DomainError("import_row_invalid")`` naming its line. A row already in the session
    (the same ``queries.registration_key``: registered by hand or imported before, withdrawn
    or not) or earlier in the rows is skipped (``queries.Registrations``). None when no row is
    new.
    """
    agenda = _live(state)
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    registered = queries.Registrations(state.speakers)
    # What each value typed becomes, worked out once per distinct value: names, villages, areas
    # and organisations repeat from row to row of a file.
    villages: dict[str, str] = {}
    areas: dict[str, str | None] = {}
    names: dict[str, str] = {}
    organisations: dict[str, str] = {}
    new: list[tuple[str, str, str, str | None, str]] = []
    for row in rows:
        try:
            if row.village not in villages:
                village = _required(row.village, "village")
                villages[row.village] = agenda.find_village(village) or village
            if row.area not in areas:
                areas[row.area] = _area_id(agenda, clean_line(row.area))
            if row.name not in names:
                names[row.name] = _required(row.name, "name")
            topic = _required_text(row.topic, "topic")
        except DomainError as error:
            raise DomainError("import_row_invalid", line=row.line, reason=error.msg) from None
        name, village = names[row.name], villages[row.village]
        if not registered.add(name, village, topic):
            continue
        if row.organisation not in organisations:
            organisations[row.organisation] = clean_line(row.organisation)
        new.append((name, village, topic, areas[row.area], organisations[row.organisation]))
    if not new:
        return None
    first = len(state.speakers) + 1
    numbered = [(n, topic, area) for n, (_, _, topic, area, _) in enumerate(new, start=first)]
    flags = flag(numbered) if flag else [(None, ())] * len(new)
    registrations: list[ev.ImportedRegistration] = []
    for (number, (name, village, topic, area_id, organisation)), (duplicate_of, suggestions) in zip(
        enumerate(new, start=first), flags, strict=True
    ):
        if duplicate_of is not None:
            _check_earlier(state, duplicate_of, number)
        # Built without validation: every field was checked above (a batch of thousands).
        registrations.append(
            ev.trusted(
                ev.ImportedRegistration,
                speaker=number,
                name=name,
                village=village,
                organisation=organisation,
                area=area_id,
                topic=topic,
                source="written",
                duplicate_of=duplicate_of,
                suggestions=suggestions,
            )
        )
    return ev.PetitionsImported.model_construct(
        **_stamp(state, at),
        type="petitions_imported",
        registrations=tuple(registrations),
        skipped=len(rows) - len(registrations),
    )


def _check_earlier(state: MeetingState, ref: ev.DuplicateRef, number: int) -> None:
    """A flag of an imported registration names an issue or a registration before it."""
    if ref.speaker is not None and not 1 <= ref.speaker < number:
        raise DomainError("unknown_speaker", number=ref.speaker)
    if ref.issue is not None or ref.speaker is None:
        _check_duplicate_target(state, ref)


def _area_id(agenda: Agenda, typed: str) -> str | None:
    if not typed:
        return None
    found = agenda.find_area(typed)
    if found is None:
        raise DomainError("unknown_area", area=typed)
    return found.id


# -- follow-through after the meeting (issue 10) ------------------------------------------


def record_progress(
    state: MeetingState,
    at: dt.datetime,
    *,
    issue: int,
    status: ev.ProgressStatus,
    on: dt.date,
    note: str = "",
) -> ev.ProgressRecorded:
    """Progress on an issue's conclusion, recorded after the meeting (a closed session takes
    it, like the replay's edits). ``on`` is the day it was reached: not before the meeting,
    not after today (``at`` in the commune's time). "Cannot be done" needs its reason."""
    _agenda(state)
    found = _issue(state, issue)
    if found.conclusion is None:
        raise DomainError("progress_needs_conclusion", number=issue)
    if state.date is not None and on < state.date:
        raise DomainError("progress_before_meeting")
    if on > local(at).date():
        raise DomainError("progress_in_future")
    note = clean_text(note)
    if status == "cannot_be_done" and not note:
        raise DomainError("progress_needs_reason")
    return ev.ProgressRecorded(**_stamp(state, at), issue=issue, status=status, on=on, note=note)


def link_issue(
    state: MeetingState,
    at: dt.datetime,
    *,
    issue: int,
    earlier_session: str,
    earlier_issue: int,
    earlier_date: dt.date,
) -> ev.IssueLinked:
    """Link an issue to the earlier session's issue it repeats (the cross-session suggestion
    names it; the chair decides)."""
    _agenda(state)
    found = _issue(state, issue)
    if earlier_issue < 1:
        raise DomainError("link_not_earlier")
    _check_earlier_session(state, earlier_session, earlier_date)
    if any(e.session_id == earlier_session and e.issue == earlier_issue for e in found.earlier):
        raise DomainError("link_exists")
    return ev.IssueLinked(
        **_stamp(state, at),
        issue=issue,
        earlier_session=earlier_session,
        earlier_issue=earlier_issue,
        earlier_date=earlier_date,
    )


def carried_link(state: MeetingState, event: ev.Event) -> ev.IssueLinked | None:
    """The link a registration carried to an earlier session's issue, once ``event`` (decided
    on ``state``: a petition called, or taken up) has brought it into an issue; None when
    there is none or the issue has it already. It is stored in one batch with ``event`` and
    folds into the same action, so one undo takes back both."""
    if not isinstance(event, ev.SpeechStarted | ev.PetitionTakenUp) or event.issue is None:
        return None
    if isinstance(event, ev.SpeechStarted) and event.kind != "petition":
        return None
    speaker, issue = event.speaker, event.issue
    link = state.speaker(speaker).earlier if speaker is not None else None
    if link is None:
        return None
    if not event.new_issue and any(
        e.session_id == link.session_id and e.issue == link.issue
        for e in state.issue(issue).earlier
    ):
        return None
    return ev.IssueLinked(
        seq=event.seq + 1,
        at=event.at,
        issue=issue,
        earlier_session=link.session_id,
        earlier_issue=link.issue,
        earlier_date=link.date,
        outcome=link.outcome,
        with_petition=True,
    )


# -- preconditions ---------------------------------------------------------------------------


def _agenda(state: MeetingState) -> Agenda:
    if state.agenda is None:
        raise DomainError("session_not_open")
    return state.agenda


def _live(state: MeetingState) -> Agenda:
    agenda = _agenda(state)
    if state.closed:
        raise DomainError("session_closed")
    return agenda


def _step_id(state: MeetingState) -> str:
    return state.step_visits[-1].step


def _no_speech_running(state: MeetingState) -> None:
    current = state.current_speech
    if current is not None:
        raise DomainError("speech_running", name=queries.speech_label(state, current))


def _running(state: MeetingState) -> Speech:
    _live(state)
    current = state.current_speech
    if current is None:
        raise DomainError("no_speech_running")
    return current


def _speaker(state: MeetingState, number: int) -> Speaker:
    if not 1 <= number <= len(state.speakers):
        raise DomainError("unknown_speaker", number=number)
    return state.speaker(number)


def _queued(state: MeetingState, number: int) -> Speaker:
    found = _speaker(state, number)
    if number not in state.queue:
        raise DomainError("speaker_not_queued", name=found.name)
    return found


def _issue(state: MeetingState, number: int) -> Issue:
    if not 1 <= number <= len(state.issues):
        raise DomainError("unknown_issue", number=number)
    return state.issue(number)


def _check_duplicate_target(state: MeetingState, ref: ev.DuplicateRef) -> None:
    if (ref.issue is None) == (ref.speaker is None):
        raise DomainError("duplicate_target_invalid")
    if ref.issue is not None:
        _issue(state, ref.issue)
    if ref.speaker is not None:
        _speaker(state, ref.speaker)


def _check_earlier_session(state: MeetingState, session_id: str, date: dt.date) -> None:
    if session_id == state.session_id or (state.date is not None and date > state.date):
        raise DomainError("link_not_earlier")


def _required(value: str, field: str) -> str:
    cleaned = clean_line(value)
    if not cleaned:
        raise DomainError("field_required", field=field)
    return cleaned


def _required_text(value: str, field: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise DomainError("field_required", field=field)
    return cleaned
