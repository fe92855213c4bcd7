"""The events of a meeting: the only record of what happened.

Every event carries its sequence number in the session log (1-based, gap-free) and a
timezone-aware timestamp. Each event records the decision its command took (which issue a
petition joins, the limit a speech runs against) so that folding the log needs no clock, no
agenda lookups beyond the snapshot, and gives the same state on every machine.

``after_meeting`` marks what the secretary adds after the meeting (in replay): the record
keeps it apart from what was said in the hall. Anything stored once the session closed counts
as after the meeting too, whatever the flag says.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

from moderator.domain.agenda import Agenda

SpeechKind = Literal["petition", "response", "remark"]
Outcome = Literal["answered", "assigned", "forwarded", "noted"]
Source = Literal["written", "floor"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


_M = TypeVar("_M", bound=_Model)


def trusted(cls: type[_M], **values: object) -> _M:
    """A model built from values already checked, every field given: what ``model_construct``
    builds, without its look-ups of aliases and defaults field by field (an import builds
    hundreds of thousands; tests/unit/test_events_trusted.py holds it to ``model_construct``)."""
    if values.keys() != cls.__pydantic_fields__.keys():
        raise TypeError(f"{cls.__name__}: every field must be given, and only those")
    made = cls.__new__(cls)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", set(values))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


class Suggestion(_Model):
    """An earlier issue or registration that a new topic resembles (shown, never binding)."""

    score: float
    matched: tuple[str, ...] = ()
    topic: str
    issue: int | None = None
    speaker: int | None = None
    session_id: str | None = None
    session_date: dt.date | None = None


class DuplicateRef(_Model):
    """What a queued speaker is flagged as repeating: an issue, or an earlier registration."""

    issue: int | None = None
    speaker: int | None = None


class _Event(_Model):
    seq: int = Field(ge=1)
    at: AwareDatetime
    type: str
    """Each event narrows it to its own ``Literal`` (the union's discriminator). Declared here so
    that it keeps its place after ``seq`` and ``at`` in the stored JSON, before the fields of the
    groups below."""


class _SpeakerEvent(_Event):
    """An action on one registered speaker."""

    speaker: int


class _SpeechEvent(_Event):
    """An action on one running speech."""

    speech: int


class _IssueEvent(_Event):
    """An action on one issue of the meeting."""

    issue: int


class SessionOpened(_Event):
    type: Literal["session_opened"] = "session_opened"
    session_id: str
    agenda: Agenda
    date: dt.date
    place: str
    chair: str
    secretary: str = ""
    attendance: int | None = Field(default=None, ge=0)


class MeetingStarted(_Event):
    """The meeting itself begins (the live screen opens it): the meeting's clock and the
    minutes start here, not when the session was created (petitions may be imported days
    ahead)."""

    type: Literal["meeting_started"] = "meeting_started"


class MeetingResumed(_Event):
    """The live screen came back after the program was gone (a crash, a power cut, a quit):
    the meeting was interrupted from ``since`` (its last sign of life) to ``at``. A speech
    running then is not charged for the gap."""

    type: Literal["meeting_resumed"] = "meeting_resumed"
    since: AwareDatetime


class StepEntered(_Event):
    type: Literal["step_entered"] = "step_entered"
    step: str


class _Registration(_Model):
    """What a registration records, from the floor or imported: the speaker's number, who and
    from where, the topic, and what it may repeat. Each kind gives ``source`` its default."""

    speaker: int = Field(ge=1)
    name: str
    village: str
    organisation: str = ""
    area: str | None = None
    topic: str
    source: Source
    duplicate_of: DuplicateRef | None = None
    suggestions: tuple[Suggestion, ...] = ()


class SpeakerRegistered(_Registration, _Event):
    # _Event's fields come first in the stored JSON (fields follow the reversed MRO).
    type: Literal["speaker_registered"] = "speaker_registered"
    source: Source = "floor"
    earlier: EarlierLink | None = None


class ImportedRegistration(_Registration):
    """One speaker of an import: what ``SpeakerRegistered`` records for a registration."""

    source: Source = "written"


class PetitionsImported(_Event):
    """Written petitions imported from a file, all in one event: stored whole or not at all,
    undone at once. ``skipped`` counts the file's rows that were already in the session."""

    type: Literal["petitions_imported"] = "petitions_imported"
    registrations: tuple[ImportedRegistration, ...] = Field(min_length=1)
    skipped: int = Field(default=0, ge=0)


class SpeakerWithdrawn(_SpeakerEvent):
    type: Literal["speaker_withdrawn"] = "speaker_withdrawn"


class SpeakerMoved(_SpeakerEvent):
    type: Literal["speaker_moved"] = "speaker_moved"
    position: int = Field(ge=0)


class SpeakerReadded(_SpeakerEvent):
    type: Literal["speaker_readded"] = "speaker_readded"


class DuplicateMarked(_SpeakerEvent):
    """The chair's decision on a queued speaker: a repeat of ``duplicate_of``, or (None) not."""

    type: Literal["duplicate_marked"] = "duplicate_marked"
    duplicate_of: DuplicateRef | None


class SpeechStarted(_Event):
    type: Literal["speech_started"] = "speech_started"
    speech: int = Field(ge=1)
    kind: SpeechKind
    speaker: int | None = None
    issue: int | None = None
    new_issue: bool = False
    responder: str = ""
    limit_seconds: int = Field(ge=0)


class SpeechPaused(_SpeechEvent):
    type: Literal["speech_paused"] = "speech_paused"


class SpeechResumed(_SpeechEvent):
    type: Literal["speech_resumed"] = "speech_resumed"


class SpeechExtended(_SpeechEvent):
    type: Literal["speech_extended"] = "speech_extended"
    seconds: int


class SpeechEnded(_SpeechEvent):
    type: Literal["speech_ended"] = "speech_ended"


class PetitionTakenUp(_Event):
    """A queued petition (most often a written one) is dealt with without being presented:
    it opens an issue of its own, or joins the one it repeats, so that it can be assigned,
    answered and concluded like any other."""

    type: Literal["petition_taken_up"] = "petition_taken_up"
    speaker: int
    issue: int = Field(ge=1)
    new_issue: bool


class ResponderAssigned(_IssueEvent):
    type: Literal["responder_assigned"] = "responder_assigned"
    responder: str
    role: str = ""
    after_meeting: bool = False


class ResponseSkipped(_IssueEvent):
    """The chair passes over an issue in the responses: it is not answered at the meeting
    (``speech``: the response speech that ended without an answer, if any)."""

    type: Literal["response_skipped"] = "response_skipped"
    speech: int | None = None


class ResponseMoved(_IssueEvent):
    """The chair puts an issue at ``position`` (0 is the top) of those awaiting a response."""

    type: Literal["response_moved"] = "response_moved"
    position: int = Field(ge=0)


class ResponseRecorded(_IssueEvent):
    type: Literal["response_recorded"] = "response_recorded"
    summary: str
    responder: str = ""
    speech: int | None = None
    after_meeting: bool = False


class ConclusionRecorded(_Event):
    """A conclusion for one issue, or (issue None) the meeting's overall conclusion.

    Recording again replaces the conclusion shown; the earlier ones stay in the log.
    """

    type: Literal["conclusion_recorded"] = "conclusion_recorded"
    issue: int | None = None
    outcome: Outcome = "noted"
    text: str
    owner: str = ""
    due: dt.date | None = None
    forwarded_to: str = ""
    after_meeting: bool = False


class NoteAdded(_Event):
    type: Literal["note_added"] = "note_added"
    text: str
    after_meeting: bool = False


class ActionUndone(_Event):
    """Compensates the action logged as ``target``: the state returns to before it."""

    type: Literal["action_undone"] = "action_undone"
    target: int


class SessionClosed(_Event):
    type: Literal["session_closed"] = "session_closed"


# -- follow-through after the meeting (issue 10) ------------------------------------------

ProgressStatus = Literal["in_progress", "done", "forwarded_answered", "cannot_be_done"]
"""Where a conclusion stands after the meeting: being worked on, done, forwarded and answered
by the higher level, or cannot be done (the note says why)."""


class ProgressRecorded(_IssueEvent):
    """The secretary records progress on an issue's conclusion, after the meeting: a status,
    the day it was reached (``on``) and a short note (what was done, the answer's document
    number; the reason when it cannot be done). Each update is a new event; the latest counts."""

    type: Literal["progress_recorded"] = "progress_recorded"
    status: ProgressStatus
    on: dt.date
    note: str = ""


class EarlierOutcome(_Model):
    """An earlier session's issue as its record stood when a later petition was linked to it:
    the conclusion (outcome, text, who acts, by when: the agenda's default when none was
    given) and the latest progress. The later session carries it, so that its documents quote
    the earlier result from their own log, as the chair knew it at the meeting."""

    outcome: Outcome
    text: str
    owner: str = ""
    due: dt.date | None = None
    status: ProgressStatus | None = None
    status_on: dt.date | None = None
    note: str = ""


class EarlierLink(_Model):
    """The earlier session's issue a registration repeats, as the chair linked it on the form;
    ``IssueLinked`` records it once the petition is in an issue. ``outcome`` is None when the
    earlier issue had no conclusion."""

    session_id: str = Field(min_length=1)
    issue: int = Field(ge=1)
    date: dt.date
    outcome: EarlierOutcome | None = None


class IssueLinked(_IssueEvent):
    """The chair links an issue to the issue of an earlier session it repeats (a petition that
    comes back): the documents and the follow-up history then show both.

    ``with_petition``: stored in one batch with the call or take-up that brought a linked
    registration into the issue, and undone with it (one action)."""

    type: Literal["issue_linked"] = "issue_linked"
    earlier_session: str = Field(min_length=1)
    earlier_issue: int = Field(ge=1)
    earlier_date: dt.date
    outcome: EarlierOutcome | None = None
    with_petition: bool = False


Event = Annotated[
    SessionOpened
    | MeetingStarted
    | MeetingResumed
    | StepEntered
    | SpeakerRegistered
    | SpeakerWithdrawn
    | SpeakerMoved
    | SpeakerReadded
    | DuplicateMarked
    | SpeechStarted
    | SpeechPaused
    | SpeechResumed
    | SpeechExtended
    | SpeechEnded
    | PetitionTakenUp
    | ResponderAssigned
    | ResponseSkipped
    | ResponseMoved
    | ResponseRecorded
    | ConclusionRecorded
    | NoteAdded
    | ActionUndone
    | SessionClosed
    | PetitionsImported
    | ProgressRecorded
    | IssueLinked,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(data: object) -> Event:
    """An event from its stored JSON form (raises pydantic.ValidationError)."""
    return EVENT_ADAPTER.validate_python(data)


def dump_event(event: Event) -> dict[str, object]:
    """The JSON form stored in the session log."""
    if isinstance(event, PetitionsImported):
        return _dump_import(event)
    return event.model_dump(mode="json", exclude_defaults=False)


def _dump_import(event: PetitionsImported) -> dict[str, object]:
    """``model_dump(mode="json")`` of an import, written out: its tens of thousands of nested
    models (the registrations and their suggestions) take pydantic a tenth of the import's time.
    Every field is plain JSON already but tuples and dates (tests/unit/test_import_petitions.py
    holds it to pydantic's output)."""
    head = event.model_dump(mode="json", exclude={"registrations"})
    return {
        "seq": head["seq"],
        "at": head["at"],
        "type": head["type"],
        "registrations": [_dump_registration(r) for r in event.registrations],
        "skipped": head["skipped"],
    }


def _dump_registration(r: ImportedRegistration) -> dict[str, object]:
    ref = r.duplicate_of
    return {
        "speaker": r.speaker,
        "name": r.name,
        "village": r.village,
        "organisation": r.organisation,
        "area": r.area,
        "topic": r.topic,
        "source": r.source,
        "duplicate_of": None if ref is None else {"issue": ref.issue, "speaker": ref.speaker},
        "suggestions": [
            {
                "score": s.score,
                "matched": list(s.matched),
                "topic": s.topic,
                "issue": s.issue,
                "speaker": s.speaker,
                "session_id": s.session_id,
                "session_date": None if s.session_date is None else s.session_date.isoformat(),
            }
            for s in r.suggestions
        ],
    }
