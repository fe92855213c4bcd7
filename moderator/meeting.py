"""A session as the interface sees it: the log on disk plus the state folded from it.

Commands run against the current state; the event they decide is appended to the log
(durable) before the state moves on, so nothing is shown that is not stored.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Concatenate, ParamSpec

from pydantic import ValidationError

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import (
    DuplicateRef,
    Event,
    MeetingResumed,
    PetitionTakenUp,
    SessionOpened,
    SpeakerRegistered,
    SpeechResumed,
    SpeechStarted,
    StepEntered,
    dump_event,
    parse_event,
)
from moderator.domain.record import Recorded as Recorded
from moderator.domain.state import MeetingState, apply
from moderator.store.errors import CorruptSession
from moderator.store.log import SessionLog

Clock = Callable[[], dt.datetime]
P = ParamSpec("P")

MIN_INTERRUPTION_SECONDS = 1.0
"""A comeback sooner than this is not worth an interruption in the minutes (and a test's
frozen clock never makes one)."""


def utc_now() -> dt.datetime:
    """The real clock. The log stores UTC with its offset; screens show local time."""
    return dt.datetime.now(dt.UTC)


def read_events(log: SessionLog) -> tuple[tuple[Event, ...], MeetingState]:
    """Parse and fold a session's events; a log that does not fold is a corrupt session.

    The file may have been edited by hand: besides the schema, each event is checked against
    the state it lands on (the speakers, issues and speeches it names exist, numbers in range,
    text valid Unicode), so a bad file is one ``CorruptSession``, never an error deep in an
    export or a screen.
    """
    events: list[Event] = []
    state = MeetingState()
    for data in log.events():
        try:
            event = parse_event(data)
            _check_event(state, event, data)
            state = apply(state, event)
        except (
            ValidationError,
            ValueError,
            KeyError,
            IndexError,
            AssertionError,
            TypeError,
            OverflowError,
        ) as error:
            seq = data.get("seq", "?") if isinstance(data, dict) else "?"
            reason = str(error).splitlines()[0]
            raise CorruptSession(f"{log.path}: event {seq} cannot be read: {reason}") from error
        events.append(event)
    return tuple(events), state


# Counts and durations a meeting can hold (seconds, positions, people): far below this.
_MAX_NUMBER = 10**9
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_event(state: MeetingState, event: Event, data: object) -> None:
    """Raise ValueError (or KeyError) if ``event`` cannot have been decided on ``state``."""
    if _SURROGATE.search(json.dumps(data, ensure_ascii=False)):
        raise ValueError("text that is not valid Unicode")
    if not 1000 <= event.at.year <= 9000:
        raise ValueError(f"time {event.at.isoformat()} out of range")
    if isinstance(event, SessionOpened) and state.opened:
        raise ValueError("the session is opened twice")
    for name in ("seconds", "limit_seconds", "attendance", "position"):
        value = getattr(event, name, None)
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
    for kind, count in counts.items():
        number = getattr(event, kind, None)
        if not isinstance(number, int):
            continue
        if kind in created and number != count + 1:
            raise ValueError(f"{kind} {number} should be number {count + 1}")
        if kind not in created and not 1 <= number <= count:
            raise ValueError(f"there is no {kind} {number}")
    duplicate_of = getattr(event, "duplicate_of", None)
    if isinstance(duplicate_of, DuplicateRef):
        for kind, number in (("issue", duplicate_of.issue), ("speaker", duplicate_of.speaker)):
            if number is not None and not 1 <= number <= counts[kind]:
                raise ValueError(f"there is no {kind} {number}")
    for suggestion in getattr(event, "suggestions", ()):
        if not math.isfinite(suggestion.score):
            raise ValueError("a suggestion's score is not a number")
    if isinstance(event, SpeechStarted) and event.new_issue and event.speaker is None:
        raise ValueError("a new issue without its speaker")
    if isinstance(event, StepEntered) and state.agenda is not None:
        state.agenda.step(event.step)  # KeyError: a step the agenda does not have
    if isinstance(event, SpeechResumed) and state.speeches[event.speech - 1].paused_at is None:
        raise ValueError(f"speech {event.speech} resumes without a pause")


def read_session(path: Path) -> Recorded:
    """A session, read without taking its lock (a live run may be writing it)."""
    log = SessionLog.open(path, write=False)
    try:
        events, state = read_events(log)
        if _SURROGATE.search(json.dumps(log.header, ensure_ascii=False)):
            raise CorruptSession(f"{path}: the header holds text that is not valid Unicode")
        return Recorded(path, log.header, events, state)
    finally:
        log.close()


class LiveMeeting:
    """The one writer of a session: holds its lock until ``close``."""

    def __init__(
        self,
        log: SessionLog,
        state: MeetingState,
        clock: Clock = utc_now,
        last_at: dt.datetime | None = None,
    ) -> None:
        self.log = log
        self.state = state
        self.clock = clock
        self.last_at = last_at
        """When the last event was stored: the latest sure sign of life."""

    @classmethod
    def create(
        cls,
        data_dir: Path,
        session_id: str,
        *,
        agenda: Agenda,
        date: dt.date,
        place: str,
        chair: str,
        secretary: str = "",
        attendance: int | None = None,
        clock: Clock = utc_now,
    ) -> LiveMeeting:
        opened = commands.open_session(
            MeetingState(),
            clock(),
            session_id=session_id,
            agenda=agenda,
            date=date,
            place=place,
            chair=chair,
            secretary=secretary,
            attendance=attendance,
        )
        header = {
            "title": agenda.title,
            "date": date.isoformat(),
            "place": opened.place,
            "status": "open",
        }
        state = apply(MeetingState(), opened)
        # The opening event is in the file from its first write: a session exists whole or not.
        log = SessionLog.create(data_dir, session_id, header, events=[dump_event(opened)])
        return cls(log, state, clock, opened.at)

    @classmethod
    def resume(cls, path: Path, clock: Clock = utc_now) -> LiveMeeting:
        log = SessionLog.open(path, write=True)
        try:
            events, state = read_events(log)
        except BaseException:
            log.close()
            raise
        return cls(log, state, clock, events[-1].at if events else None)

    def do(
        self,
        command: Callable[Concatenate[MeetingState, dt.datetime, P], Event],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Event:
        """Run a command now; store its event, then fold it. Raises DomainError or StoreError
        and leaves the state as it was."""
        event = command(self.state, self.clock(), *args, **kwargs)
        self.log.append(dump_event(event))
        self.state = apply(self.state, event)
        self.last_at = event.at
        if self.state.closed and self.log.header.get("status") != "closed":
            self.log.update_header(status="closed")
        return event

    def open_meeting(self) -> float | None:
        """What the live screen does when it shows the session: start the meeting the first
        time; after the program was gone mid-meeting, record the interruption. Returns the
        interruption's length in seconds, or None when there was none to record."""
        state = self.state
        if state.closed:
            return None
        if state.meeting_start is None:
            self.do(commands.start_meeting)
            return None
        known = [at for at in (self.last_at, self.last_alive()) if at is not None]
        since = max(known) if known else self.clock()
        if (self.clock() - since).total_seconds() < MIN_INTERRUPTION_SECONDS:
            return None  # back at once: nothing the record needs to say
        resumed = self.do(commands.resume_meeting, since)
        assert isinstance(resumed, MeetingResumed)
        return (resumed.at - resumed.since).total_seconds()

    def beat(self) -> None:
        """Leave a sign of life beside the session, so that an interruption is measured from
        when the program was last alive, not from its last action. Best effort: a lost beat
        only makes the next interruption look longer."""
        with suppress(OSError):
            alive_path(self.log.path).write_text(self.clock().isoformat(), encoding="ascii")

    def last_alive(self) -> dt.datetime | None:
        try:
            text = alive_path(self.log.path).read_text(encoding="ascii")
            at = dt.datetime.fromisoformat(text.strip())
        except (OSError, ValueError):
            return None
        return at if at.tzinfo is not None else None

    def record(self, events: Sequence[Event], *, folded: MeetingState | None = None) -> None:
        """Store events decided in advance against this state (an import checked whole), as one
        batch: all of them or, if this raises, none, on disk and in ``state`` alike.

        The events are folded before the write, so that a batch that does not fold never
        reaches the log; the state moves on once, after the write is durable. A caller that has
        folded them already (an import decides each row against the rows before it) passes the
        result as ``folded``, and they are not folded twice.

        The cyclic garbage collector is paused meanwhile: a large batch (an import of
        thousands) is encoded and read back as hundreds of thousands of short-lived objects
        without cycles, and the collector's full passes over everything alive (an import's
        topic index is millions of objects) cost several times the write itself."""
        state = self.state
        collecting = gc.isenabled()
        gc.disable()
        try:
            if folded is None:
                for event in events:
                    state = apply(state, event)
            else:
                state = folded
            self.log.append_many([dump_event(event) for event in events])
        finally:
            if collecting:
                gc.enable()
        self.state = state
        if events:
            self.last_at = events[-1].at

    def close(self) -> None:
        self.log.close()

    def __enter__(self) -> LiveMeeting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def alive_path(path: Path) -> Path:
    """The live screen's sign of life beside a session file (not part of the record)."""
    return path.with_name(path.name + ".alive")
