"""Shared fixtures: the shipped agenda, a fake clock, a temporary data directory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from moderator.domain import commands
from moderator.domain.agenda import DEFAULT_AGENDA, Agenda, load_agenda
from moderator.meeting import LiveMeeting

START = dt.datetime(2024, 3, 15, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hanoi


class FakeClock:
    """A clock the test moves by hand: time is injected, never slept through."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> dt.datetime:
        self.now += dt.timedelta(seconds=seconds)
        return self.now


def create_meeting(
    data_dir: Path, agenda: Agenda, session_id: str = "2024-03-15-1", **details: Any
) -> LiveMeeting:
    """A new session of 15 March 2024 in Trung Sơn's hall, its chairman in the chair;
    ``details`` (place, chair, attendance, clock, …) add to or replace these."""
    return LiveMeeting.create(
        data_dir,
        session_id,
        agenda=agenda,
        **{
            "date": dt.date(2024, 3, 15),
            "place": "Hội trường UBND xã Trung Sơn",
            "chair": "Diêm Đăng Nghiệp",
            **details,
        },
    )


def assign_issue(meeting: Any, text: str, due: dt.date | None = None, issue: int = 1) -> None:
    """The chair concludes ``issue`` by assigning it to the land officer (Địa chính), on a
    ``LiveMeeting`` or a test driver (anything with ``do``)."""
    meeting.do(
        commands.record_conclusion,
        issue=issue,
        outcome="assigned",
        text=text,
        owner="Địa chính",
        due=due,
    )


def report_progress(meeting: Any, issue: int, status: str, on: dt.date, note: str = "") -> None:
    """A progress report on ``issue``, on a ``LiveMeeting`` or a test driver."""
    meeting.do(commands.record_progress, issue=issue, status=status, on=on, note=note)


def paused_speech(
    meeting: Any, clock: FakeClock, spoken: float, paused: float, rest: float
) -> None:
    """The current speaker speaks ``spoken`` seconds, is paused for ``paused``, speaks ``rest``
    more and ends, on a ``LiveMeeting`` or a test driver."""
    clock.advance(spoken)
    meeting.do(commands.pause_speech)
    clock.advance(paused)
    meeting.do(commands.resume_speech)
    clock.advance(rest)
    meeting.do(commands.end_speech)


@pytest.fixture(scope="session")
def agenda() -> Agenda:
    return load_agenda(DEFAULT_AGENDA)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path
