"""A session as the interface sees it: the log on disk plus the state folded from it.

Commands run against the current state; the event they decide is appended to the log
(durable) before the state moves on, so nothing is shown that is not stored.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Concatenate, ParamSpec, Unpack

from moderator.domain import commands
from moderator.domain.events import (
    Event,
    MeetingResumed,
    dump_event,
)
from moderator.domain.record import Recorded as Recorded
from moderator.domain.record import UnreadableEvent, fold_log, invalid_text
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


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """The cyclic garbage collector paused for a block that makes many objects and few cycles,
    where its passes over everything alive would only cost time. ``freeze``: what is alive at
    the end lives as long as the program (modules, a session's history), and is kept out of the
    collector's later passes too."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()


def fold_stored(
    path: Path, raw: Iterable[object], state: MeetingState | None = None
) -> Iterator[tuple[Event, MeetingState]]:
    """``fold_log`` over events read from the session ``path``: an event that does not fold
    makes the session corrupt."""
    try:
        yield from fold_log(raw, state)
    except UnreadableEvent as error:
        raise CorruptSession(f"{path}: {error}") from error


def read_events(log: SessionLog) -> tuple[tuple[Event, ...], MeetingState]:
    """Parse, check and fold a session's events; a log that does not fold is a corrupt
    session. The collector is paused meanwhile: a fold makes a state per event and no cycles."""
    events: list[Event] = []
    state = MeetingState()
    with collector_paused():
        for event, after in fold_stored(log.path, log.events()):
            events.append(event)
            state = after
    return tuple(events), state


def read_session(path: Path) -> Recorded:
    """A session, read without taking its lock (a live run may be writing it)."""
    log = SessionLog.open(path, write=False)
    try:
        events, state = read_events(log)
        if invalid_text(log.header):
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
        clock: Clock = utc_now,
        **opening: Unpack[commands.Opening],
    ) -> LiveMeeting:
        opened = commands.open_session(MeetingState(), clock(), session_id=session_id, **opening)
        header = {
            "title": opened.agenda.title,
            "date": opened.date.isoformat(),
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
        link = commands.carried_link(self.state, event)
        if link is not None:
            # A petition linked to an earlier session's issue came into an issue (called or
            # taken up): the link is stored with it, both or neither, as one action.
            self.record((event, link))
            return event
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
        with collector_paused():
            if folded is None:
                for event in events:
                    state = apply(state, event)
            else:
                state = folded
            self.log.append_many([dump_event(event) for event in events])
        self.state = state
        if events:
            self.last_at = events[-1].at

    def close(self) -> None:
        self.log.close()
        if self.state.closed:  # nothing will be resumed: the sign of life has done its work
            with suppress(OSError):
                alive_path(self.log.path).unlink(missing_ok=True)

    def __enter__(self) -> LiveMeeting:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def alive_path(path: Path) -> Path:
    """The live screen's sign of life beside a session file (not part of the record)."""
    return path.with_name(path.name + ".alive")
