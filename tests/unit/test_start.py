"""The start of the live screen: the collector is paused while Textual loads and a log folds,
and is left as it was found."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from moderator.cli import live_app
from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting, collector_paused
from moderator.tui.app import ModeratorApp
from tests.conftest import FakeClock, create_meeting


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Whatever a test freezes goes back to the collector afterwards."""
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_the_collector_is_paused_then_left_as_it_was_found() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused(freeze=True):
            kept = [[n] for n in range(1000)]
        assert not gc.isenabled()  # it was off: it stays off
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.enable()


@pytest.mark.usefixtures("unfrozen")
def test_the_collector_comes_back_after_a_failure() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


@pytest.mark.usefixtures("unfrozen")
def test_the_live_app_is_built_with_the_collector_on_afterwards(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    with create_meeting(data_dir, agenda, clock=clock) as meeting:
        meeting.do(commands.next_step)
        path = meeting.log.path
    with LiveMeeting.resume(path, clock) as meeting:
        assert gc.isenabled()
        app = live_app(meeting, "en", data_dir)
        assert isinstance(app, ModeratorApp)
        assert app.lang == "en" and app.data_dir == data_dir and app.meeting is meeting
        assert gc.isenabled()
