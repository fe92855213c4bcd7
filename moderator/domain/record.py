"""A recorded session as the exports read it (its header, its events and their fold), and the
one way a stored log becomes events and states: parsed, checked and folded.

Kept apart from ``moderator.meeting`` (which opens the session log) so that the documents
depend on the domain alone. The meeting, the replay and the hall's follower all read a log
through ``fold_log``; each says in its own terms (a corrupt session) when it does not fold.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from moderator.domain.events import (
    DuplicateRef,
    EarlierOutcome,
    Event,
    IssueLinked,
    PetitionTakenUp,
    ProgressRecorded,
    SessionOpened,
    SpeakerRegistered,
    SpeechResumed,
    SpeechStarted,
    StepEntered,
    parse_event,
)
from moderator.domain.state import MeetingState, apply


@dataclass(frozen=True)
class Recorded:
    """A session read from disk: its header, its events and the state they fold to."""

    path: Path
    header: dict[str, Any]
    events: tuple[Event, ...]
    state: MeetingState


class UnreadableEvent(ValueError):
    """A stored event that does not parse, or cannot have been decided on the state before it."""

    def __init__(self, seq: object, reason: str) -> None:
        super().__init__(f"event {seq} cannot be read: {reason}")
        self.seq = seq
        self.reason = reason


_UNREADABLE = (
    ValidationError,
    ValueError,
    KeyError,
    IndexError,
    AssertionError,
    TypeError,
    OverflowError,
)


def fold_log(
    raw: Iterable[object], state: MeetingState | None = None
) -> Iterator[tuple[Event, MeetingState]]:
    """Each stored event of ``raw`` (as read from the log) with the state after it, folded on
    ``state`` (an empty meeting when None).

    The file may have been edited by hand: besides the schema, each event is checked against
    the state it lands on (the speakers, issues and speeches it names exist, numbers in range,
    text valid Unicode), so a bad file is one ``UnreadableEvent``, never an error deep in an
    export or a screen.
    """
    state = MeetingState() if state is None else state
    stored = raw if isinstance(raw, list) else list(raw)
    # One look at all the text first: when it holds no surrogate at all (every session the
    # program writes), no event needs its own look; otherwise each is looked at in turn, so the
    # first bad event is the one named, as before.
    suspect = _may_hold_surrogates(stored)
    for data in stored:
        try:
            event = parse_event(data)
            if suspect and invalid_text(data):
                raise ValueError("text that is not valid Unicode")
            _check_event(state, event)
            state = apply(state, event)
        except _UNREADABLE as error:
            seq = data.get("seq", "?") if isinstance(data, dict) else "?"
            raise UnreadableEvent(seq, str(error).splitlines()[0]) from error
        yield event, state


def invalid_text(data: object) -> bool:
    """Whether ``data`` (as stored) holds text that is not valid Unicode (a lone surrogate)."""
    return bool(_SURROGATE.search(json.dumps(data, ensure_ascii=False)))


def _may_hold_surrogates(data: object) -> bool:
    """False only when no text in ``data`` holds a surrogate code point, lone or paired.

    Written as ASCII JSON, every surrogate becomes a ``\\udXXX`` escape (lower case), so one
    encoding of the whole log and one substring search answer for all its events. A literal
    backslash before "ud" in a text also answers True: the events are then looked at one by
    one, which only costs time. Unencodable data (not JSON) answers True for the same reason.
    """
    try:
        return "\\ud" in _ENCODER.encode(data)
    except (TypeError, ValueError, RecursionError):
        return True


_ENCODER = json.JSONEncoder(check_circular=False)
"""Stored events come from ``json.loads``: a tree, never a cycle."""


# Counts and durations a meeting can hold (seconds, positions, people): far below this.
_MAX_NUMBER = 10**9
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class _Shape:
    """Which of the checked fields an event type has, worked out once per type: asking a
    pydantic model for a field it lacks raises and catches an AttributeError inside pydantic,
    which cost more than all the checks together."""

    numbers: tuple[str, ...]
    refs: tuple[str, ...]
    duplicate_of: bool
    suggestions: bool


_NUMBERS = ("seconds", "limit_seconds", "attendance", "position")
_REFS = ("speaker", "issue", "speech")


@cache
def _shape(kind: type[BaseModel]) -> _Shape:
    fields = kind.model_fields
    return _Shape(
        numbers=tuple(name for name in _NUMBERS if name in fields),
        refs=tuple(name for name in _REFS if name in fields),
        duplicate_of="duplicate_of" in fields,
        suggestions="suggestions" in fields,
    )


def _check_event(state: MeetingState, event: Event) -> None:
    """Raise ValueError (or KeyError) if ``event`` cannot have been decided on ``state``.
    (Its text is looked at by ``fold_log``.)"""
    if not 1000 <= event.at.year <= 9000:
        raise ValueError(f"time {event.at.isoformat()} out of range")
    if isinstance(event, SessionOpened) and state.opened:
        raise ValueError("the session is opened twice")
    shape = _shape(type(event))
    for name in shape.numbers:
        value = getattr(event, name)
        if isinstance(value, int) and abs(value) > _MAX_NUMBER:
            raise ValueError(f"{name} out of range")
    created = {"speaker"} if isinstance(event, SpeakerRegistered) else set()
    if isinstance(event, SpeechStarted):
        created |= {"speech", "issue"} if event.new_issue else {"speech"}
    if isinstance(event, PetitionTakenUp) and event.new_issue:
        created |= {"issue"}
    counts = {
        "speaker": len(state.speakers),
        "issue": len(state.issues),
        "speech": len(state.speeches),
    }
    for kind in shape.refs:
        number = getattr(event, kind)
        if not isinstance(number, int):
            continue
        count = counts[kind]
        if kind in created and number != count + 1:
            raise ValueError(f"{kind} {number} should be number {count + 1}")
        if kind not in created and not 1 <= number <= count:
            raise ValueError(f"there is no {kind} {number}")
    duplicate_of = getattr(event, "duplicate_of", None) if shape.duplicate_of else None
    if isinstance(duplicate_of, DuplicateRef):
        for kind, number in (("issue", duplicate_of.issue), ("speaker", duplicate_of.speaker)):
            if number is not None and not 1 <= number <= counts[kind]:
                raise ValueError(f"there is no {kind} {number}")
    for suggestion in getattr(event, "suggestions", ()) if shape.suggestions else ():
        if not math.isfinite(suggestion.score):
            raise ValueError("a suggestion's score is not a number")
    if isinstance(event, SpeechStarted) and event.new_issue and event.speaker is None:
        raise ValueError("a new issue without its speaker")
    if isinstance(event, StepEntered) and state.agenda is not None:
        state.agenda.step(event.step)  # KeyError: a step the agenda does not have
    if isinstance(event, SpeechResumed) and state.speeches[event.speech - 1].paused_at is None:
        raise ValueError(f"speech {event.speech} resumes without a pause")
    if isinstance(event, ProgressRecorded):
        _check_progress(state, event)
    if isinstance(event, IssueLinked):
        _check_link(state, event.earlier_session, event.earlier_date, event.outcome)
        if event.with_petition and state.last_action != state.seq:
            raise ValueError("a link stored with a petition does not follow it")
    if isinstance(event, SpeakerRegistered) and event.earlier is not None:
        link = event.earlier
        _check_link(state, link.session_id, link.date, link.outcome)


def _check_link(
    state: MeetingState, session_id: str, date: dt.date, outcome: EarlierOutcome | None
) -> None:
    """A link names another session, held on a day of a plausible year, and its snapshot's
    dates are plausible too."""
    if session_id == state.session_id:
        raise ValueError("a link to its own session")
    days = [date] + ([outcome.due, outcome.status_on] if outcome is not None else [])
    for day in days:
        if day is not None and not 1000 <= day.year <= 9000:
            raise ValueError(f"date {day.isoformat()} out of range")


def _check_progress(state: MeetingState, event: ProgressRecorded) -> None:
    """Progress names a concluded issue of this session, on a day of a plausible year."""
    if not 1 <= event.issue <= len(state.issues):
        raise ValueError(f"there is no issue {event.issue}")
    if state.issue(event.issue).conclusion is None:
        raise ValueError(f"progress on issue {event.issue}, which has no conclusion")
    if not 1000 <= event.on.year <= 9000:
        raise ValueError(f"date {event.on.isoformat()} out of range")
