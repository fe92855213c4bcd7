"""Shared fixtures: the shipped agenda, a fake clock, a temporary data directory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from moderator.domain.agenda import DEFAULT_AGENDA, Agenda, load_agenda

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
