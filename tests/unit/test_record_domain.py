"""The rules behind a whole record: the meeting's own clock, interruptions, petitions taken up
without being presented, the chair's order of the responses, skipped answers and what the
secretary adds after the meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from moderator.domain import commands, queries
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.events import DuplicateRef
from moderator.meeting import LiveMeeting, alive_path
from tests.conftest import FakeClock, create_meeting
from tests.unit.meeting_helpers import Driver


@pytest.fixture
def m(agenda: Agenda, clock: FakeClock) -> Driver:
    return Driver(agenda, clock)


def test_meeting_clock_starts_when_the_meeting_starts_not_at_creation(m: Driver) -> None:
    m.register("A", source="written")
    m.clock.advance(3600)  # imported an hour before the meeting
    assert m.state.meeting_start is None
    assert queries.meeting_elapsed(m.state, m.clock.now) == 0
    m.do(commands.start_meeting)
    m.clock.advance(90)
    assert queries.meeting_elapsed(m.state, m.clock.now) == 90
    assert queries.step_elapsed(m.state, "opening", m.clock.now) == 90
    with pytest.raises(DomainError, match="started"):
        m.do(commands.start_meeting)


def a_is_speaking(m: Driver) -> None:
    """The meeting started, and A, registered from the floor, called to speak."""
    m.do(commands.start_meeting)
    m.goto("floor")
    m.register("A")
    m.do(commands.call_next)


def test_an_interruption_is_not_charged_to_the_speaker(m: Driver) -> None:
    a_is_speaking(m)
    m.clock.advance(17)
    died = m.clock.now  # last sign of life
    m.clock.advance(40)
    m.do(commands.resume_meeting, died)
    speech = m.state.current_speech
    assert speech is not None
    assert speech.elapsed(m.clock.now) == 17
    m.clock.advance(3)
    assert m.state.current_speech.elapsed(m.clock.now) == 20
    (gap,) = m.state.interruptions
    assert gap.seconds == 40


def test_undo_passes_over_an_interruption_and_keeps_it(m: Driver) -> None:
    a_is_speaking(m)
    m.clock.advance(10)
    m.do(commands.resume_meeting, m.clock.now - dt.timedelta(seconds=5))
    m.do(commands.undo)  # takes back the call, not the resume
    assert m.state.current_speech is None
    assert len(m.state.interruptions) == 1
    assert m.state.started


def test_a_written_petition_taken_up_becomes_an_issue_in_writing(m: Driver) -> None:
    a = m.register("A", source="written")
    b = m.register("B", source="written", topic="Đền bù chậm")
    m.do(commands.take_up_petition, a)
    (issue,) = m.state.issues
    assert issue.in_writing == (a,) and not issue.presented
    assert queries.petition_status(m.state, m.state.speaker(a)) == "in_writing"
    assert queries.petition_status(m.state, m.state.speaker(b)) == "waiting"
    m.do(commands.assign_responder, 1, "Công chức Địa chính")
    m.do(commands.record_conclusion, issue=1, outcome="noted", text="Ghi nhận")
    assert m.state.issue(1).conclusion is not None


def test_a_petition_taken_up_joins_the_issue_it_repeats(m: Driver) -> None:
    m.goto("floor")
    m.register("A")
    m.speak()
    b = m.register("B", duplicate_of=DuplicateRef(issue=1))
    m.do(commands.take_up_petition, b)
    issue = m.state.issue(1)
    assert issue.raised_by == (1, b) and issue.in_writing == (b,) and issue.presented


def test_every_petition_has_exactly_one_status(m: Driver) -> None:
    m.goto("floor")
    a, b, c = m.register("A"), m.register("B", topic="x"), m.register("C", topic="y")
    m.speak()
    m.do(commands.withdraw_speaker, b)
    statuses = [queries.petition_status(m.state, s) for s in m.state.speakers]
    assert statuses == ["presented", "withdrawn", "waiting"]
    m.do(commands.readd_speaker, b)
    assert queries.petition_status(m.state, m.state.speaker(b)) == "waiting"
    assert m.state.speaker(b).withdrawn_at is None
    assert [s.number for s in queries.waiting_petitions(m.state)] == [b, c]
    assert a == 1


def _three_issues(m: Driver) -> None:
    m.goto("floor")
    for name, topic in (("A", "đường"), ("B", "rác"), ("C", "đất")):
        m.register(name, topic=topic)
        m.speak()
    m.goto("responses")


def test_the_chair_orders_the_responses(m: Driver) -> None:
    _three_issues(m)
    assert [i.number for i in queries.awaiting_response(m.state)] == [1, 2, 3]
    m.do(commands.move_response, 3, 0)
    assert [i.number for i in queries.awaiting_response(m.state)] == [3, 1, 2]
    m.do(commands.start_response, 2)  # any selected item, not only the top
    assert m.state.current_speech is not None and m.state.current_speech.issue == 2
    with pytest.raises(DomainError):
        m.do(commands.move_response, 3, 5)


def test_a_skipped_response_is_never_an_answer(m: Driver) -> None:
    _three_issues(m)
    m.do(commands.call_next)
    m.clock.advance(2)
    m.do(commands.end_speech)
    m.do(commands.skip_response, 1)
    issue = m.state.issue(1)
    assert issue.skipped is not None and issue.skipped.speech == 1 + 3
    assert not issue.responses and not issue.answered_at_meeting
    assert [i.number for i in queries.awaiting_response(m.state)] == [2, 3]
    with pytest.raises(DomainError, match="no longer"):
        m.do(commands.skip_response, 1)
    m.do(commands.skip_response, 2)  # passed over without being called
    assert m.state.issue(2).skipped is not None
    assert m.state.issue(2).skipped.speech is None  # type: ignore[union-attr]


def test_what_is_added_after_the_meeting_is_marked(m: Driver) -> None:
    _three_issues(m)
    m.do(commands.call_next)
    m.do(commands.end_speech)
    m.do(commands.record_response, 1, "Đã trả lời")
    m.goto("closing")
    m.do(commands.close_session)
    m.do(commands.record_response, 2, "Trả lời bằng văn bản")
    m.do(commands.record_conclusion, issue=2, outcome="noted", text="Ghi nhận")
    m.do(commands.add_note, "Bổ sung")
    assert not m.state.issue(1).responses[0].after_meeting
    late = m.state.issue(2).responses[0]
    assert late.after_meeting and late.speech is None
    assert m.state.issue(2).conclusion.after_meeting  # type: ignore[union-attr]
    assert m.state.notes[-1].after_meeting


def test_replay_edits_are_after_the_meeting_even_on_an_open_session(m: Driver) -> None:
    _three_issues(m)
    m.do(commands.record_response, 1, "Trả lời sau", after_meeting=True)
    assert m.state.issue(1).responses[0].after_meeting
    assert m.state.issue(1).responses[0].speech is None


def test_the_live_screen_starts_the_meeting_then_records_each_comeback(
    agenda: Agenda, clock: FakeClock, data_dir: Path
) -> None:
    meeting = create_meeting(data_dir, agenda, "s1", place="p", chair="c", clock=clock)
    with meeting:
        clock.advance(600)  # created ten minutes before the meeting
        assert meeting.open_meeting() is None
        assert meeting.state.started_at == clock.now
        meeting.do(commands.next_step)
        clock.advance(30)
        meeting.beat()  # alive 30 s after the last action, then the power goes
        path = meeting.log.path
    clock.advance(45)
    with LiveMeeting.resume(path, clock=clock) as again:
        assert again.open_meeting() == 45
        assert again.state.interruptions[-1].seconds == 45
    with LiveMeeting.resume(path, clock=clock) as third:
        alive_path(path).unlink()
        clock.advance(5)
        assert third.open_meeting() == 5  # measured from the last event when no beat is left


def test_the_sign_of_life_stays_while_resumable_and_goes_with_the_closed_session(
    agenda: Agenda, clock: FakeClock, data_dir: Path
) -> None:
    meeting = create_meeting(data_dir, agenda, "s1", place="p", chair="c", clock=clock)
    with meeting:
        meeting.open_meeting()
        meeting.beat()
        path = meeting.log.path
    assert alive_path(path).is_file()  # quit mid-meeting: the next start measures the gap
    with LiveMeeting.resume(path, clock=clock) as again:
        again.beat()
        again.do(commands.close_session)
    assert not alive_path(path).exists()
