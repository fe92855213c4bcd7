"""A recorded session as the exports read it: its header, its events and their fold.

Kept apart from ``moderator.meeting`` (which opens the session log) so that the documents
depend on the domain alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moderator.domain.events import Event
from moderator.domain.state import MeetingState


@dataclass(frozen=True)
class Recorded:
    """A session read from disk: its header, its events and the state they fold to."""

    path: Path
    header: dict[str, Any]
    events: tuple[Event, ...]
    state: MeetingState
