"""What a record still lacks before it can be signed: issues without a conclusion, no
overall conclusion, petitions never considered. Exporting is allowed all the same; the command
line says these on standard error and the JSON carries them."""

from __future__ import annotations

from moderator.domain import queries
from moderator.domain.state import MeetingState
from moderator.i18n import Msg


def completeness(state: MeetingState) -> list[Msg]:
    """What is missing from the record, one message each (empty: complete)."""
    missing = [
        Msg("missing_conclusion", {"issue": issue.number, "topic": _short(issue.topic)})
        for issue in queries.unconcluded(state)
    ]
    if state.overall is None:
        missing.append(Msg("missing_overall"))
    waiting = queries.waiting_petitions(state)
    if waiting:
        names = ", ".join(speaker.name for speaker in waiting)
        missing.append(Msg("missing_waiting", {"count": len(waiting), "names": names}))
    return missing


def _short(topic: str, size: int = 60) -> str:
    line = " ".join(topic.split())
    return line if len(line) <= size else line[: size - 1].rstrip() + "…"
