"""Progress on conclusions after the meeting: events that fold, undo, and read back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.events import dump_event
from moderator.export import timeline
from moderator.meeting import read_session
from moderator.store.errors import CorruptSession
from tests.conftest import FakeClock, assign_issue, create_meeting, report_progress
from tests.unit.meeting_helpers import Driver, expect

DAY = 86400


def _concluded(m: Driver) -> None:
    """One issue, concluded and assigned with a due date, and the session closed."""
    m.do(commands.start_meeting)
    m.goto("floor")
    m.register("A")
    m.speak()
    m.goto("conclusion")
    assign_issue(m, "Sửa đường", dt.date(2024, 4, 30))
    m.goto("closing")
    m.do(commands.close_session)


@pytest.fixture
def m(agenda: Agenda, clock: FakeClock) -> Driver:
    driver = Driver(agenda, clock)
    _concluded(driver)
    return driver


def test_progress_folds_in_order_and_the_latest_counts(m: Driver) -> None:
    m.clock.advance(10 * DAY)
    report_progress(m, 1, "in_progress", dt.date(2024, 3, 20), "Đã khảo sát")
    m.do(commands.record_progress, issue=1, status="done", on=dt.date(2024, 3, 25), note="QĐ 12")
    issue = m.state.issue(1)
    assert [p.status for p in issue.progress] == ["in_progress", "done"]
    assert issue.latest_progress is not None
    assert issue.latest_progress.status == "done"
    assert issue.latest_progress.note == "QĐ 12"
    assert m.state.closed  # recorded on a closed session


def test_undo_takes_back_one_update_then_the_one_before(m: Driver) -> None:
    m.clock.advance(10 * DAY)
    m.do(commands.record_progress, issue=1, status="in_progress", on=dt.date(2024, 3, 20))
    m.do(commands.record_progress, issue=1, status="done", on=dt.date(2024, 3, 21))
    m.do(commands.undo)
    assert [p.status for p in m.state.issue(1).progress] == ["in_progress"]
    m.do(commands.undo)
    assert m.state.issue(1).progress == ()
    with pytest.raises(DomainError) as raised:
        m.do(commands.undo)
    assert raised.value.key == "cannot_undo_close"  # the close itself stays final


def test_progress_preconditions(agenda: Agenda, clock: FakeClock) -> None:
    m = Driver(agenda, clock)
    m.do(commands.start_meeting)
    m.goto("floor")
    m.register("A")
    m.speak()
    m.clock.advance(3 * DAY)

    def refused(key: str, issue: int, status: str, day: int) -> None:
        on = dt.date(2024, 3, day)
        expect(key, m, commands.record_progress, issue=issue, status=status, on=on)

    refused("progress_needs_conclusion", 1, "done", 16)
    refused("unknown_issue", 2, "done", 16)
    m.do(commands.record_conclusion, issue=1, outcome="noted", text="Ghi nhận")
    refused("progress_before_meeting", 1, "done", 14)
    refused("progress_in_future", 1, "done", 19)
    refused("progress_needs_reason", 1, "cannot_be_done", 16)


def test_a_stored_update_reads_back_and_shows_in_the_timeline(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    meeting = create_meeting(data_dir, agenda, place="Hội trường", clock=clock)
    driver = Driver(agenda, clock)
    _concluded(driver)
    with meeting:
        meeting.record(driver.events[1:])
        clock.advance(5 * DAY)
        report_progress(meeting, 1, "done", dt.date(2024, 3, 18), "Công văn 45/UBND")
    recorded = read_session(meeting.log.path)
    assert recorded.state.issue(1).latest_progress is not None
    lines = list(timeline(recorded, "vi"))
    assert "Tiến độ vấn đề 1: Đã giải quyết (ngày 18/03/2024): Công văn 45/UBND" in lines[-1]
    assert "Progress on issue 1: Done" in list(timeline(recorded, "en"))[-1]


def test_the_reader_refuses_progress_on_a_missing_or_open_issue(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    driver = Driver(agenda, clock)
    _concluded(driver)
    clock.advance(DAY)
    event = commands.record_progress(
        driver.state, clock(), issue=1, status="done", on=dt.date(2024, 3, 16)
    )
    for bad in ({"issue": 7}, {"on": "0001-01-01"}):
        session_id = f"2024-03-15-{len(list(data_dir.glob('*.json'))) + 1}"
        meeting = create_meeting(data_dir, agenda, session_id, place="Hội trường", clock=clock)
        with meeting:
            meeting.record(driver.events[1:])
            meeting.log.append({**dump_event(event), **bad})
        with pytest.raises(CorruptSession):
            read_session(meeting.log.path)
    assert json.dumps(dump_event(event))  # the good one is plain JSON
