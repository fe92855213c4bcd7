"""The replay's model, without any widget: a recorded session as the list of its events and of
the state after each one (folded once, so any position is instant), and a playhead that moves
over it by event, by agenda step, or with a clock running at 1×, 4×, 16× or 60×.

The states come from the same ``apply`` as the live screen and the exports, so the replay at
the end of the log is the state ``read_session`` gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moderator.domain.events import Event, SessionOpened, StepEntered
from moderator.domain.state import MeetingState
from moderator.export import timeline
from moderator.follow import Signature, files_signature
from moderator.meeting import Recorded, fold_stored
from moderator.store.log import SessionLog
from moderator.tui.actions import SPEEDS


@dataclass(frozen=True)
class News:
    """Events read from disk after the ``start`` first ones, with the state after each."""

    start: int
    events: tuple[Event, ...]
    states: tuple[MeetingState, ...]
    header: dict[str, Any]
    signature: Signature | None


class Tape:
    """A session's events and the state after each: ``states[k]`` is the fold of the first
    ``k`` events. It grows as a live writer (or the replay's own edits) add to the log."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # A reader: no lock, no open file between reads; each read sees the writer's progress.
        self._log = SessionLog.open(path, write=False)
        self.header: dict[str, Any] = self._log.header
        self.events: list[Event] = []
        self.states: list[MeetingState] = [MeetingState()]
        self.step_starts: list[int] = []
        """Positions at which an agenda step was entered (the opening enters the first)."""
        self._signature: Signature | None = None
        self._lines: list[str] = []
        self._lines_lang = ""
        news = self.read_new()
        if news is not None:
            self.extend(news)

    def __len__(self) -> int:
        return len(self.events)

    @property
    def last(self) -> MeetingState:
        return self.states[-1]

    def read_new(self) -> News | None:
        """Read the log and fold the events not yet on the tape; None when the files have not
        changed. Changes nothing here (a worker thread may call it): ``extend`` takes it in."""
        signature = files_signature(self.path)
        if signature == self._signature:
            return None
        raw = self._log.events()
        start = len(self.events)
        events: list[Event] = []
        states: list[MeetingState] = []
        for event, state in fold_stored(self.path, raw[start:], self.states[-1]):
            events.append(event)
            states.append(state)
        return News(start, tuple(events), tuple(states), self._log.header, signature)

    def extend(self, news: News) -> int:
        """Take in what ``read_new`` found; returns how many events were added (0 when the
        tape moved on meanwhile: the next read starts again from where it is)."""
        if news.start != len(self.events):
            return 0
        for event, state in zip(news.events, news.states, strict=True):
            self.events.append(event)
            self.states.append(state)
            if isinstance(event, SessionOpened | StepEntered):
                self.step_starts.append(len(self.events))
        self.header = news.header
        if news.signature is not None:
            self._signature = news.signature
        return len(news.events)

    def record(self, event: Event, state: MeetingState, header: dict[str, Any]) -> int:
        """An event this process has just stored itself, with the state it folds to."""
        return self.extend(News(len(self.events), (event,), (state,), header, None))

    def line(self, position: int, lang: str) -> str:
        """The printed timeline's line for the event at ``position`` (1 is the first)."""
        if not 1 <= position <= len(self.events):
            return ""
        if lang != self._lines_lang or len(self._lines) < position:
            # The timeline words an event by what came before it (an undo names what it
            # undid), so it is made whole, once per growth of the tape.
            recorded = Recorded(self.path, self.header, tuple(self.events), self.states[-1])
            self._lines = list(timeline(recorded, lang))
            self._lines_lang = lang
        return self._lines[position - 1]


class Playhead:
    """Where the replay is: a position (how many events are folded, 1 … n), the recorded
    moment shown (from the position's event up to the next one's), and whether that moment
    runs, at which speed, against the real clock passed to ``play`` and ``tick``."""

    def __init__(self, tape: Tape, *, speed: int = 1) -> None:
        self.tape = tape
        self.speed = speed
        self.playing = False
        self.position = 0
        self.time = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._real: dt.datetime | None = None
        self.seek(1)

    @property
    def total(self) -> int:
        return len(self.tape)

    @property
    def at_end(self) -> bool:
        return self.position >= self.total

    @property
    def state(self) -> MeetingState:
        return self.tape.states[self.position]

    def seek(self, position: int) -> None:
        """Go to the moment the event at ``position`` happened (clamped to the tape)."""
        self.position = max(min(position, self.total), 1 if self.total else 0)
        if self.position:
            self.time = self.tape.events[self.position - 1].at
        if self.at_end:
            self.playing = False

    def step(self, by: int) -> None:
        self.seek(self.position + by)

    def previous_step(self) -> None:
        """Back to where the current step was entered, or, there already, the one before."""
        earlier = [p for p in self.tape.step_starts if p < self.position]
        self.seek(earlier[-1] if earlier else 1)

    def next_step(self) -> bool:
        later = [p for p in self.tape.step_starts if p > self.position]
        if later:
            self.seek(later[0])
        return bool(later)

    def set_speed(self, speed: int) -> None:
        self.speed = speed

    def next_speed(self) -> None:
        index = SPEEDS.index(self.speed) if self.speed in SPEEDS else -1
        self.speed = SPEEDS[(index + 1) % len(SPEEDS)]

    def play(self, now: dt.datetime) -> None:
        if self.at_end:
            self.seek(1)
        self.playing = True
        self._real = now

    def pause(self) -> None:
        self.playing = False
        self._real = None

    def toggle(self, now: dt.datetime) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(now)

    def tick(self, now: dt.datetime) -> None:
        """Run the recorded clock by the real time since the last tick × the speed, moving
        past every event it reaches; at the last event it stops there."""
        if not self.playing or self._real is None:
            return
        elapsed = max(0.0, (now - self._real).total_seconds())
        self._real = now
        self.advance(elapsed * self.speed)

    def advance(self, recorded_seconds: float) -> None:
        moment = self.time + dt.timedelta(seconds=recorded_seconds)
        events = self.tape.events
        while self.position < len(events) and events[self.position].at <= moment:
            self.position += 1
        if self.at_end:
            self.time = events[-1].at if events else self.time
            self.pause()
        else:
            self.time = moment

    def follow(self, was_at_end: bool) -> None:
        """After the tape grew: a replay that was at the end stays at the (new) end."""
        if was_at_end and not self.playing:
            self.seek(self.total)
