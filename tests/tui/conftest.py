"""A live meeting on a temporary data directory and a fake clock, and the app built on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting
from tests.conftest import FakeClock

SESSION = "2024-03-15-1"


def open_meeting(data_dir: Path, agenda: Agenda, clock: FakeClock) -> LiveMeeting:
    return LiveMeeting.create(
        data_dir,
        SESSION,
        agenda=agenda,
        date=dt.date(2024, 3, 15),
        place="Hội trường UBND xã Trung Sơn",
        chair="Diêm Đăng Nghiệp",
        attendance=120,
        clock=clock,
    )


@pytest.fixture
def meeting(data_dir: Path, agenda: Agenda, clock: FakeClock) -> Iterator[LiveMeeting]:
    live = open_meeting(data_dir, agenda, clock)
    yield live
    live.close()
