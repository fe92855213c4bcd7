"""A session as the interface sees it: the log on disk plus the state folded from it.

Commands run against the current state; the event they decide is appended to the log
(durable) before the state moves on, so nothing is shown that is not stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec

from pydantic import ValidationError

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import Event, dump_event, parse_event
from moderator.domain.state import MeetingState, apply
from moderator.store.errors import CorruptSession
from moderator.store.log import SessionLog

Clock = Callable[[], dt.datetime]
P = ParamSpec("P")


def utc_now() -> dt.datetime:
    """The real clock. The log stores UTC with its offset; screens show local time."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Recorded:
    """A session read from disk: its header, its events and the state they fold to."""

    path: Path
    header: dict[str, Any]
    events: tuple[Event, ...]
    state: MeetingState


def read_events(log: SessionLog) -> tuple[tuple[Event, ...], MeetingState]:
    """Parse and fold a session's events; a log that does not fold is a corrupt session."""
    events: list[Event] = []
    state = MeetingState()
    for data in log.events():
        try:
            event = parse_event(data)
            state = apply(state, event)
        except (ValidationError, ValueError, KeyError, IndexError) as error:
            seq = data.get("seq", "?") if isinstance(data, dict) else "?"
            reason = str(error).splitlines()[0]
            raise CorruptSession(f"{log.path}: event {seq} cannot be read: {reason}") from error
        events.append(event)
    return tuple(events), state


def read_session(path: Path) -> Recorded:
    """A session, read without taking its lock (a live run may be writing it)."""
    log = SessionLog.open(path, write=False)
    try:
        events, state = read_events(log)
        return Recorded(path, log.header, events, state)
    finally:
        log.close()


class LiveMeeting:
    """The one writer of a session: holds its lock until ``close``."""

    def __init__(self, log: SessionLog, state: MeetingState, clock: Clock = utc_now) -> None:
        self.log = log
        self.state = state
        self.clock = clock

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
        return cls(log, state, clock)

    @classmethod
    def resume(cls, path: Path, clock: Clock = utc_now) -> LiveMeeting:
        log = SessionLog.open(path, write=True)
        try:
            _, state = read_events(log)
        except BaseException:
            log.close()
            raise
        return cls(log, state, clock)

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
        if self.state.closed and self.log.header.get("status") != "closed":
            self.log.update_header(status="closed")
        return event

    def record(self, events: Sequence[Event], *, folded: MeetingState | None = None) -> None:
        """Store events decided in advance against this state (an import checked whole), as one
        batch: all of them or, if this raises, none, on disk and in ``state`` alike.

        The events are folded before the write, so that a batch that does not fold never
        reaches the log; the state moves on once, after the write is durable. A caller that has
        folded them already (an import decides each row against the rows before it) passes the
        result as ``folded``, and they are not folded twice."""
        state = self.state
        if folded is None:
            for event in events:
                state = apply(state, event)
        else:
            state = folded
        self.log.append_many([dump_event(event) for event in events])
        self.state = state

    def close(self) -> None:
        self.log.close()

    def __enter__(self) -> LiveMeeting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
