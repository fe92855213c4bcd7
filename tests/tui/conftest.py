"""A live meeting on a temporary data directory and a fake clock, and the app built on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting
from tests.conftest import FakeClock, create_meeting

SESSION = "2024-03-15-1"


def open_meeting(data_dir: Path, agenda: Agenda, clock: FakeClock) -> LiveMeeting:
    return create_meeting(data_dir, agenda, SESSION, attendance=120, clock=clock)


@pytest.fixture
def meeting(data_dir: Path, agenda: Agenda, clock: FakeClock) -> Iterator[LiveMeeting]:
    live = open_meeting(data_dir, agenda, clock)
    yield live
    live.close()
