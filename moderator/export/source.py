"""What every document needs from a recorded session: its state, its agenda, its words, and
the instant that stands for "now"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from moderator.domain.agenda import Agenda
from moderator.domain.events import (
    ActionUndone,
    ConclusionRecorded,
    Event,
    IssueLinked,
    ResponderAssigned,
)
from moderator.domain.localtime import local
from moderator.domain.record import Recorded
from moderator.domain.state import MeetingState
from moderator.export.words import Words


class ExportError(Exception):
    """A session that cannot be exported; ``str()`` is one line in the chosen language."""


@dataclass(frozen=True)
class Context:
    state: MeetingState
    agenda: Agenda
    events: tuple[Event, ...]
    words: Words
    now: dt.datetime
    """The last event's time. An unfinished session's running speech is timed up to it, so a
    document depends on the log alone, never on when it is exported."""

    @classmethod
    def of(cls, recorded: Recorded, lang: str) -> Context:
        words = Words(lang)
        state = recorded.state
        if state.agenda is None or state.opened_at is None or not recorded.events:
            raise ExportError(words("export_not_opened"))
        return cls(state, state.agenda, recorded.events, words, recorded.events[-1].at)

    @property
    def draft(self) -> bool:
        return not self.state.closed

    @property
    def meeting_date(self) -> dt.date:
        assert self.state.date is not None
        return self.state.date

    @property
    def started_at(self) -> dt.datetime | None:
        """When the meeting began: its start on the live screen, or (a log older than that
        event) its first event on the meeting's own date. A session typed in afterwards has
        only its date, not its hours (None)."""
        start = self.state.meeting_start
        if start is not None and local(start).date() == self.meeting_date:
            return start
        for event in self.events:
            if local(event.at).date() == self.meeting_date:
                return event.at
        return None

    @property
    def secretary(self) -> str:
        """The secretary's name: as typed for the session, else the agenda's. The role left in
        the start form (it offers the role when the agenda names nobody) is not a name: the
        signature then waits for one written by hand."""
        post = self.agenda.secretary
        typed = self.state.secretary.strip()
        if typed and (post is None or typed.casefold() != post.role.strip().casefold()):
            return typed
        return post.name if post is not None else ""

    @cached_property
    def effective(self) -> tuple[Event, ...]:
        """The events still in effect: the log less the actions undone and the undos. A link
        stored with a petition's call or take-up is part of that action and goes with it."""
        undone = {event.target for event in self.events if isinstance(event, ActionUndone)}
        undone |= {
            event.seq
            for event in self.events
            if isinstance(event, IssueLinked) and event.with_petition and event.seq - 1 in undone
        }
        return tuple(
            event
            for event in self.events
            if event.seq not in undone and not isinstance(event, ActionUndone)
        )

    @cached_property
    def conclusions_at_meeting(self) -> frozenset[int]:
        """The issues concluded at least once during the meeting (in effect)."""
        return frozenset(
            event.issue
            for event in self.effective
            if isinstance(event, ConclusionRecorded)
            and event.issue is not None
            and not self.after_meeting(event.at, flagged=event.after_meeting)
        )

    @cached_property
    def last_assignments(self) -> dict[int, ResponderAssigned]:
        """Each issue's latest responder assignment in effect (read once for all issues: a
        document asks for every issue)."""
        return {
            event.issue: event for event in self.effective if isinstance(event, ResponderAssigned)
        }

    def in_hall(self, at: dt.datetime) -> bool:
        """Whether ``at`` falls within the meeting, from its start to its close."""
        closed = self.state.closed_at
        start = self.state.meeting_start
        return (start is None or at >= start) and (closed is None or at <= closed)

    def after_meeting(self, at: dt.datetime, *, flagged: bool = False) -> bool:
        """Whether something happened after the meeting: marked so, or after its close."""
        closed = self.state.closed_at
        return flagged or (closed is not None and at > closed)

    def stamp(self, at: dt.datetime) -> str:
        """Local time of day, with the date when it is not the meeting's ("08:05:12",
        "18/03/2024 14:02:11"): conclusions are often completed days later."""
        moment = local(at)
        if moment.date() == self.meeting_date:
            return moment.strftime("%H:%M:%S")
        return f"{self.words.short_date(moment.date())} {moment.strftime('%H:%M:%S')}"
