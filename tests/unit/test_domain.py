"""One test (or a few) for every rule of the meeting core, on a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest

from moderator.domain import commands, queries
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.events import DuplicateRef, SpeechStarted
from moderator.domain.state import UNDO_DEPTH, MeetingState, apply, fold
from tests.conftest import FakeClock, assign_issue
from tests.unit.meeting_helpers import Driver, expect


@pytest.fixture
def m(agenda: Agenda, clock: FakeClock) -> Driver:
    return Driver(agenda, clock)


# -- session and steps ------------------------------------------------------------------------


def test_open_session_snapshots_agenda_and_enters_first_step(m: Driver, agenda: Agenda) -> None:
    assert m.state.agenda == agenda
    assert m.state.step is not None and m.state.step.id == "opening"
    assert (m.state.chair, m.state.attendance) == ("Diêm Đăng Nghiệp", 120)
    assert m.state.opened_at == m.clock.now


def test_session_opens_once(m: Driver, agenda: Agenda) -> None:
    expect(
        "session_already_open",
        m,
        commands.open_session,
        session_id="x",
        agenda=agenda,
        date=dt.date(2024, 3, 15),
        place="p",
        chair="c",
    )


def test_negative_attendance_refused(agenda: Agenda, clock: FakeClock) -> None:
    with pytest.raises(DomainError, match="negative"):
        commands.open_session(
            MeetingState(),
            clock(),
            session_id="x",
            agenda=agenda,
            date=dt.date(2024, 3, 15),
            place="p",
            chair="c",
            attendance=-1,
        )


def test_commands_need_an_open_session(clock: FakeClock) -> None:
    with pytest.raises(DomainError) as raised:
        commands.register_speaker(MeetingState(), clock(), name="A", village="B", topic="C")
    assert raised.value.key == "session_not_open"


def test_next_and_previous_step(m: Driver) -> None:
    m.do(commands.next_step)
    assert m.state.step is not None and m.state.step.id == "registered"
    m.do(commands.previous_step)
    assert m.state.step is not None and m.state.step.id == "opening"
    expect("first_step", m, commands.previous_step)
    m.goto("closing")
    expect("last_step", m, commands.next_step)


def test_step_elapsed_adds_up_every_visit(m: Driver) -> None:
    m.clock.advance(60)
    m.do(commands.next_step)
    m.clock.advance(30)
    m.do(commands.previous_step)
    m.clock.advance(15)
    now = m.clock.now
    assert queries.step_elapsed(m.state, "opening", now) == 75
    assert queries.step_elapsed(m.state, "registered", now) == 30
    assert queries.meeting_elapsed(m.state, now) == 105


def test_no_step_change_while_someone_speaks(m: Driver) -> None:
    m.register("Nguyễn Văn A")
    m.do(commands.call_next)
    expect("speech_running", m, commands.next_step)


# -- registration and the queue -----------------------------------------------------------------


def test_register_completes_village_and_area_typed_without_diacritics(m: Driver) -> None:
    m.register("Lê Thị B", village="thon 3", area="dat dai")
    speaker = m.state.speaker(1)
    assert (speaker.village, speaker.area) == ("Thôn 3", "dat_dai")
    assert m.state.queue == (1,)


def test_the_source_follows_the_step_unless_given(m: Driver) -> None:
    m.register("A")
    m.goto("registered")
    m.register("B")
    m.goto("floor")
    m.register("C")
    m.register("D", source="written")
    assert [s.source for s in m.state.speakers] == ["floor", "written", "floor", "written"]


def test_register_unknown_area_refused(m: Driver) -> None:
    expect(
        "unknown_area",
        m,
        commands.register_speaker,
        name="A",
        village="Thôn 1",
        topic="t",
        area="thiên văn",
    )


@pytest.mark.parametrize("field", ["name", "village", "topic"])
def test_register_needs_name_village_and_topic(m: Driver, field: str) -> None:
    values = {"name": "A", "village": "Thôn 1", "topic": "t"}
    values[field] = " \t\x07 "
    expect("field_required", m, commands.register_speaker, **values)


def test_user_text_is_literal_without_control_characters(m: Driver) -> None:
    long_topic = "đường " * 1000
    m.register("[bold]X[/] \x1b[31mY\x00", topic=long_topic)
    speaker = m.state.speaker(1)
    assert speaker.name == "[bold]X[/] [31mY"
    assert speaker.topic == long_topic.strip()
    assert len(speaker.topic) == 5999


def test_same_person_waiting_is_a_warning_not_a_refusal(m: Driver) -> None:
    m.register("Nguyễn Văn A", village="Thôn 2")
    assert queries.already_waiting(m.state, "nguyen van a", "thon 2") == m.state.speaker(1)
    assert queries.already_waiting(m.state, "Nguyễn Văn A", "Thôn 3") is None
    m.register("Nguyễn Văn A", village="Thôn 2")
    assert m.state.queue == (1, 2)


def test_withdraw_removes_from_queue(m: Driver) -> None:
    m.register("A")
    m.register("B")
    m.do(commands.withdraw_speaker, 1)
    assert m.state.queue == (2,)
    expect("speaker_not_queued", m, commands.withdraw_speaker, 1)
    expect("unknown_speaker", m, commands.withdraw_speaker, 9)


def test_move_speaker(m: Driver) -> None:
    for name in "ABC":
        m.register(name)
    m.do(commands.move_speaker, 3, 0)
    assert m.state.queue == (3, 1, 2)
    m.do(commands.move_speaker, 3, 1)
    assert m.state.queue == (1, 3, 2)
    expect("position_out_of_range", m, commands.move_speaker, 1, 3)
    expect("already_there", m, commands.move_speaker, 1, 0)


def test_readd_puts_the_last_speaker_back_on_top(m: Driver) -> None:
    m.register("A")
    m.register("B")
    assert queries.readd_candidate(m.state) is None
    m.speak()
    candidate = queries.readd_candidate(m.state)
    assert candidate is not None and candidate.number == 1
    m.do(commands.readd_speaker, 1)
    assert m.state.queue == (1, 2)
    assert queries.readd_candidate(m.state) is None
    expect("speaker_already_queued", m, commands.readd_speaker, 1)


def test_speaker_cannot_be_readded_while_speaking(m: Driver) -> None:
    m.register("A")
    m.do(commands.call_next)
    expect("speaker_is_speaking", m, commands.readd_speaker, 1)


def test_already_spoke_counts_the_person_not_the_registration(m: Driver) -> None:
    m.register("Nguyễn Văn A", village="Thôn 2")
    m.speak()
    m.register("nguyen van a", village="thon 2", topic="Rác thải không được thu gom")
    assert queries.times_spoken(m.state, m.state.speaker(2)) == 1
    m.speak()
    assert queries.times_spoken(m.state, m.state.speaker(2)) == 2


# -- speeches and the timer ---------------------------------------------------------------------


def test_call_next_with_empty_queue(m: Driver) -> None:
    expect("no_speaker_to_call", m, commands.call_next)


def test_call_next_starts_a_petition_with_the_agenda_limit(m: Driver, agenda: Agenda) -> None:
    m.register("A")
    event = m.do(commands.call_next)
    assert isinstance(event, SpeechStarted)
    speech = m.state.current_speech
    assert speech is not None
    assert (speech.kind, speech.speaker, speech.limit_seconds) == (
        "petition",
        1,
        agenda.rules.petition_seconds,
    )
    assert m.state.queue == ()
    assert [(i.number, i.raised_by) for i in m.state.issues] == [(1, (1,))]


def test_one_speech_at_a_time(m: Driver) -> None:
    m.register("A")
    m.register("B")
    m.do(commands.call_next)
    expect("speech_running", m, commands.call_next)


def test_remaining_time_comes_from_timestamps(m: Driver, agenda: Agenda) -> None:
    limit = agenda.rules.petition_seconds
    m.register("A")
    m.do(commands.call_next)
    speech = m.state.current_speech
    assert speech is not None
    assert speech.remaining(m.clock.advance(40)) == limit - 40
    assert speech.phase(m.clock.now, agenda.rules.warning_seconds) == "normal"
    at_warning = m.clock.advance(limit - 40 - agenda.rules.warning_seconds)
    assert speech.phase(at_warning, agenda.rules.warning_seconds) == "warning"
    over = m.clock.advance(agenda.rules.warning_seconds + 12)
    assert speech.phase(over, agenda.rules.warning_seconds) == "overtime"
    assert speech.overtime(over) == 12


def test_pause_freezes_the_countdown(m: Driver, agenda: Agenda) -> None:
    m.register("A")
    m.do(commands.call_next)
    m.clock.advance(10)
    m.do(commands.pause_speech)
    expect("speech_already_paused", m, commands.pause_speech)
    m.clock.advance(500)
    speech = m.state.current_speech
    assert speech is not None and speech.paused
    assert speech.elapsed(m.clock.now) == 10
    m.do(commands.resume_speech)
    expect("speech_not_paused", m, commands.resume_speech)
    m.clock.advance(5)
    speech = m.state.current_speech
    assert speech is not None and speech.elapsed(m.clock.now) == 15


def test_toggle_pause(m: Driver) -> None:
    m.register("A")
    m.do(commands.call_next)
    m.do(commands.toggle_pause)
    assert m.state.current_speech is not None and m.state.current_speech.paused
    m.do(commands.toggle_pause)
    assert m.state.current_speech is not None and not m.state.current_speech.paused


def test_extend_adds_and_removes_thirty_seconds(m: Driver, agenda: Agenda) -> None:
    m.register("A")
    m.do(commands.call_next)
    m.do(commands.extend_speech)
    m.do(commands.extend_speech)
    m.do(commands.extend_speech, -30)
    speech = m.state.current_speech
    assert speech is not None and speech.allowed_seconds == agenda.rules.petition_seconds + 30
    expect("limit_below_zero", m, commands.extend_speech, -10_000)
    expect("extend_zero", m, commands.extend_speech, 0)


def test_end_speech(m: Driver) -> None:
    expect("no_speech_running", m, commands.end_speech)
    m.register("A")
    m.do(commands.call_next)
    m.clock.advance(200)
    m.do(commands.end_speech)
    speech = m.state.speeches[-1]
    assert m.state.current_speech is None
    assert speech.elapsed(m.clock.advance(1000)) == 200
    expect("no_speech_running", m, commands.end_speech)
    expect("no_speech_running", m, commands.pause_speech)
    expect("no_speech_running", m, commands.extend_speech)


def test_speech_ended_while_paused_stops_at_the_pause(m: Driver) -> None:
    m.register("A")
    m.do(commands.call_next)
    m.clock.advance(30)
    m.do(commands.pause_speech)
    m.clock.advance(60)
    m.do(commands.end_speech)
    assert m.state.speeches[-1].elapsed(m.clock.advance(5)) == 30


# -- issues, duplicates, responders, responses --------------------------------------------------


def test_flagged_repeat_joins_the_earlier_issue(m: Driver) -> None:
    m.register("A", village="Thôn 2")
    m.register("B", village="Thôn 5", duplicate_of=DuplicateRef(speaker=1))
    m.speak()
    m.speak()
    assert len(m.state.issues) == 1
    issue = m.state.issue(1)
    assert issue.raised_by == (1, 2) and issue.supporters == 2


def test_the_issues_of_all_speakers_are_each_ones_issue(m: Driver) -> None:
    m.register("A", village="Thôn 2")
    m.register("B", village="Thôn 5", duplicate_of=DuplicateRef(speaker=1))
    m.register("C", village="Thôn 7", topic="Rác thải không được thu gom")
    m.register("D", village="Thôn 8", topic="Điện chập chờn")
    for _ in range(3):
        m.speak()
    assert queries.issues_of_speakers(m.state) == {1: 1, 2: 1, 3: 2}
    assert {n: queries.issue_of_speaker(m.state, n) for n in (1, 2, 3)} == {1: 1, 2: 1, 3: 2}
    assert queries.issue_of_speaker(m.state, 4) is None


def test_repeat_called_before_its_original_opens_the_issue_the_original_joins(m: Driver) -> None:
    m.register("A")
    m.register("B", duplicate_of=DuplicateRef(speaker=1))
    m.do(commands.move_speaker, 2, 0)
    m.speak()
    assert [i.raised_by for i in m.state.issues] == [(2,)]
    m.speak()
    assert [i.raised_by for i in m.state.issues] == [(2, 1)]


def test_a_speaker_put_back_in_the_queue_speaks_again_to_the_same_issue(m: Driver) -> None:
    m.register("A")
    m.speak()
    m.do(commands.readd_speaker, 1)
    m.speak()
    assert [i.raised_by for i in m.state.issues] == [(1,)]
    assert len(m.state.speeches) == 2


def test_a_joining_speaker_gives_the_issue_its_area_when_it_had_none(m: Driver) -> None:
    m.register("A")
    m.register("B", area="dat_dai", duplicate_of=DuplicateRef(speaker=1))
    m.speak()
    assert m.state.issue(1).area is None
    m.speak()
    assert m.state.issue(1).area == "dat_dai"


def test_chair_marks_and_unmarks_a_duplicate(m: Driver) -> None:
    m.register("A")
    m.speak()
    m.register("B")
    m.do(commands.mark_duplicate, 2, DuplicateRef(issue=1))
    assert m.state.speaker(2).duplicate_of == DuplicateRef(issue=1)
    expect("already_there", m, commands.mark_duplicate, 2, DuplicateRef(issue=1))
    m.do(commands.mark_duplicate, 2, None)
    assert m.state.speaker(2).duplicate_of is None
    expect("unknown_issue", m, commands.mark_duplicate, 2, DuplicateRef(issue=7))
    expect("duplicate_of_self", m, commands.mark_duplicate, 2, DuplicateRef(speaker=2))
    expect("duplicate_target_invalid", m, commands.mark_duplicate, 2, DuplicateRef())
    m.speak()
    assert len(m.state.issues) == 2


def test_assign_responder_defaults_from_the_area(m: Driver, agenda: Agenda) -> None:
    m.register("A", area="Đất đai")
    m.speak()
    m.do(commands.assign_responder, 1)
    default = agenda.default_responder("dat_dai")
    assert default is not None
    assert m.state.issue(1).responder_role == default.role
    m.do(commands.assign_responder, 1, "Ông Trần Văn C")
    assert (m.state.issue(1).responder, m.state.issue(1).responder_role) == ("Ông Trần Văn C", "")


def test_assign_responder_by_role_typed_loosely(m: Driver, agenda: Agenda) -> None:
    m.register("A")
    m.speak()
    responder = agenda.responders[0]
    m.do(commands.assign_responder, 1, responder.role.upper())
    assert m.state.issue(1).responder_role == responder.role
    expect("unknown_issue", m, commands.assign_responder, 5)


def test_assign_responder_typed_without_diacritics_finds_the_agenda_role(m: Driver) -> None:
    m.register("A")
    m.speak()
    m.do(commands.assign_responder, 1, "chu tich")
    assert m.state.issue(1).responder_role == "Chủ tịch UBND xã"


def test_no_default_responder_without_area(m: Driver) -> None:
    m.register("A")
    m.speak()
    expect("no_default_responder", m, commands.assign_responder, 1)


def test_responses_step_calls_issues_awaiting_an_answer(m: Driver, agenda: Agenda) -> None:
    m.register("A", area="dat_dai")
    m.register("B", area="moi_truong", topic="Trại lợn gây ô nhiễm")
    m.speak()
    m.speak()
    m.do(commands.assign_responder, 2)
    m.goto("responses")
    awaiting = queries.awaiting_response(m.state)
    assert [i.number for i in awaiting] == [2, 1]  # assigned first, unassigned last
    m.do(commands.call_next)
    speech = m.state.current_speech
    assert speech is not None
    assert (speech.kind, speech.issue) == ("response", 2)
    assert speech.limit_seconds == agenda.rules.response_seconds
    m.clock.advance(100)
    m.do(commands.end_speech)
    m.do(commands.record_response, 2, "Xã sẽ kiểm tra trại lợn trong tuần tới.")
    response = m.state.issue(2).responses[0]
    assert response.speech == speech.number
    assert response.responder == speech.responder
    assert [i.number for i in queries.awaiting_response(m.state)] == [1]
    m.speak()
    m.do(commands.record_response, 1, "Đã trả lời.")
    expect("no_issue_awaiting", m, commands.call_next)


def test_response_right_after_a_petition(m: Driver) -> None:
    m.register("A")
    m.speak()
    m.do(commands.start_response, 1, "Phó Chủ tịch")
    assert m.state.current_speech is not None and m.state.current_speech.issue == 1
    expect("field_required", m, commands.record_response, 1, "  ")


def test_conclusions_per_issue_and_overall(m: Driver) -> None:
    m.register("A")
    m.speak()
    due = dt.date(2024, 4, 30)
    assign_issue(m, "Giao công chức Địa chính kiểm tra.", due)
    conclusion = m.state.issue(1).conclusion
    assert conclusion is not None and (conclusion.owner, conclusion.due) == ("Địa chính", due)
    m.do(commands.record_conclusion, issue=1, outcome="answered", text="Đã trả lời tại chỗ.")
    conclusion = m.state.issue(1).conclusion
    assert conclusion is not None and conclusion.outcome == "answered"
    m.do(commands.record_conclusion, issue=None, outcome="noted", text="Kết luận chung.")
    assert m.state.overall is not None and m.state.overall.text == "Kết luận chung."


def test_conclusion_rules(m: Driver) -> None:
    m.register("A")
    m.speak()
    expect(
        "conclusion_needs_owner",
        m,
        commands.record_conclusion,
        issue=1,
        outcome="assigned",
        text="t",
    )
    expect(
        "conclusion_needs_body",
        m,
        commands.record_conclusion,
        issue=1,
        outcome="forwarded",
        text="t",
    )
    expect(
        "due_before_meeting",
        m,
        commands.record_conclusion,
        issue=1,
        outcome="assigned",
        text="t",
        owner="o",
        due=dt.date(2020, 1, 1),
    )
    expect("unknown_issue", m, commands.record_conclusion, issue=3, outcome="noted", text="t")
    expect("field_required", m, commands.record_conclusion, issue=1, outcome="noted", text="")


def test_notes(m: Driver) -> None:
    m.do(commands.add_note, "Mất điện 10 phút.")
    assert [n.text for n in m.state.notes] == ["Mất điện 10 phút."]


# -- undo and close -------------------------------------------------------------------------------


def test_undo_returns_to_the_state_before_the_action(m: Driver) -> None:
    expect("nothing_to_undo", m, commands.undo)
    m.register("A")
    before = m.state
    m.do(commands.call_next)
    m.do(commands.undo)
    assert m.state == type(before)(**{**before.__dict__, "seq": m.state.seq})
    assert m.state.queue == (1,) and m.state.issues == ()
    m.do(commands.undo)
    assert m.state.speakers == ()
    expect("nothing_to_undo", m, commands.undo)
    assert len(m.events) == 5  # nothing is deleted from the log


def test_undo_depth_is_bounded(m: Driver) -> None:
    for _ in range(UNDO_DEPTH + 5):
        m.do(commands.add_note, "n")
    for _ in range(UNDO_DEPTH):
        m.do(commands.undo)
    assert len(m.state.notes) == 5
    expect("nothing_to_undo", m, commands.undo)


def test_close_session(m: Driver) -> None:
    m.register("A")
    m.do(commands.call_next)
    expect("speech_running", m, commands.close_session)
    m.do(commands.end_speech)
    m.do(commands.close_session)
    assert m.state.closed
    expect("session_closed", m, commands.register_speaker, name="B", village="Thôn 1", topic="t")
    expect("session_closed", m, commands.call_next)
    expect("cannot_undo_close", m, commands.undo)
    # The secretary completes the record afterwards.
    m.do(commands.record_response, 1, "Bổ sung câu trả lời.")
    m.do(commands.record_conclusion, issue=1, outcome="noted", text="Ghi nhận.")
    m.do(commands.undo)
    assert m.state.issue(1).conclusion is None and m.state.closed


# -- the fold -----------------------------------------------------------------------------------


def test_fold_of_the_events_is_the_live_state(m: Driver) -> None:
    m.register("A")
    m.speak()
    m.do(commands.undo)
    assert fold(m.events) == m.state


def test_apply_refuses_an_event_out_of_order(m: Driver) -> None:
    m.register("A")
    with pytest.raises(ValueError, match="does not follow"):
        apply(m.state, m.events[-1])


def test_nothing_happens_before_the_session_opens(m: Driver) -> None:
    m.register("A")
    with pytest.raises(ValueError, match="before the session opened"):
        apply(MeetingState(), m.events[1].model_copy(update={"seq": 1}))
