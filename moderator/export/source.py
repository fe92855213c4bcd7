"""What every document needs from a recorded session: its state, its agenda, its words, and
the instant that stands for "now"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from moderator.domain.agenda import Agenda
from moderator.domain.events import Event
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
        """When the meeting began: its first event on the meeting's own date. A session may be
        opened days ahead (``moderator new``) or typed in afterwards; then only its date is
        known, not its hours (None)."""
        for event in self.events:
            if local(event.at).date() == self.meeting_date:
                return event.at
        return None

    def stamp(self, at: dt.datetime) -> str:
        """Local time of day, with the date when it is not the meeting's ("08:05:12",
        "18/03/2024 14:02:11"): conclusions are often completed days later."""
        moment = local(at)
        if moment.date() == self.meeting_date:
            return moment.strftime("%H:%M:%S")
        return f"{self.words.short_date(moment.date())} {moment.strftime('%H:%M:%S')}"
