"""Every registered petition in the group the record shows it in, exactly once.

Issues raised in the hall (with everyone who joined them, in the hall or in writing); issues
opened by written petitions taken up without being presented; petitions still waiting (written
ones, and floor registrations never called, apart); withdrawn registrations.
"""

from __future__ import annotations

from dataclasses import dataclass

from moderator.domain import queries
from moderator.domain.state import Issue, MeetingState, Speaker


@dataclass(frozen=True)
class Registrations:
    hall: tuple[Issue, ...]
    """Issues presented in the hall by at least one speaker."""
    in_writing: tuple[Issue, ...]
    """Issues opened (and only joined) by petitions taken up in writing."""
    waiting_written: tuple[Speaker, ...]
    """Written petitions never presented nor taken up: not considered at the meeting."""
    waiting_floor: tuple[Speaker, ...]
    """Registrations from the floor never called."""
    withdrawn: tuple[Speaker, ...]

    @property
    def waiting(self) -> tuple[Speaker, ...]:
        return (*self.waiting_written, *self.waiting_floor)

    @property
    def only_hall(self) -> bool:
        """Nothing outside the issues raised in the hall: no group headings needed."""
        return not (self.in_writing or self.waiting or self.withdrawn)


def registrations(state: MeetingState) -> Registrations:
    status = {s.number: queries.petition_status(state, s) for s in state.speakers}
    # Waiting petitions in the order they would be called, then any not in the queue.
    order = [*state.queue, *(s.number for s in state.speakers if s.number not in state.queue)]
    waiting = [state.speaker(n) for n in order if status[n] == "waiting"]
    return Registrations(
        hall=tuple(issue for issue in state.issues if issue.presented),
        in_writing=tuple(issue for issue in state.issues if not issue.presented),
        waiting_written=tuple(s for s in waiting if s.source == "written"),
        waiting_floor=tuple(s for s in waiting if s.source != "written"),
        withdrawn=tuple(s for s in state.speakers if status[s.number] == "withdrawn"),
    )
