"""Pilot tests of the live screen's flows for a whole record: the meeting's start and comeback,
the responses in the chair's order, the petitions still waiting at a step change and at
closing, taking one up in the conclusion step, and the idle hint of each step. They assert on
the state and on the log on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Digits, Select

from moderator.domain import commands, queries
from moderator.domain.agenda import Agenda
from moderator.domain.events import (
    ConclusionRecorded,
    ResponseMoved,
    ResponseRecorded,
    ResponseSkipped,
)
from moderator.meeting import LiveMeeting, alive_path, read_session
from moderator.tui import make_app
from moderator.tui.app import ModeratorApp
from moderator.tui.screens.forms import ConclusionForm, ConfirmForm, TextForm
from moderator.tui.widgets.tables import RowTable
from tests.conftest import FakeClock
from tests.tui.conftest import open_meeting
from tests.tui.helpers import Notes, conclude_as_noted, logged_types, main_screen, shown, type_text

SIZE = (120, 40)
TOPICS = ("Sổ đỏ cấp chậm", "Rác thải ven kênh", "Đường liên thôn hỏng", "Đèn đường thôn 5")


def register(meeting: LiveMeeting, name: str, topic: str, village: str = "Thôn 2") -> None:
    meeting.do(commands.register_speaker, name=name, village=village, topic=topic)


def goto(meeting: LiveMeeting, kind: str) -> None:
    while meeting.state.step is not None and meeting.state.step.kind != kind:
        meeting.do(commands.next_step)


def two_petitions_waiting(meeting: LiveMeeting) -> None:
    """Three petitions registered, the first presented: two are still waiting."""
    goto(meeting, "petitions")
    for index, topic in enumerate(TOPICS[:3]):
        register(meeting, f"Người {index + 1}", topic)
    meeting.do(commands.call_next)
    meeting.do(commands.end_speech)


def issues_awaiting_responses(meeting: LiveMeeting, clock: FakeClock) -> None:
    """Four issues presented in the floor step, then the responses step, nobody assigned (so
    the responses list is in issue order)."""
    goto(meeting, "floor")
    for index, topic in enumerate(TOPICS, start=1):
        register(meeting, f"Người {index}", topic, village=f"Thôn {index}")
        meeting.do(commands.call_next)
        clock.advance(60)
        meeting.do(commands.end_speech)
    goto(meeting, "responses")


def queue(app: ModeratorApp) -> RowTable:
    return main_screen(app).query_one("#queue", RowTable)


def logged(app: ModeratorApp) -> list[object]:
    return list(read_session(app.meeting.log.path).events)


# -- the meeting's time ------------------------------------------------------------------------


async def test_the_meeting_starts_when_the_live_screen_shows_it(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    clock.advance(600)  # the session was made ten minutes before the room sat down
    app = make_app(meeting)
    notes = Notes(app)
    async with app.run_test(size=SIZE):
        assert meeting.state.started_at == clock.now
        assert "đã họp 0:00:00" in shown(app, "#header-info")
        clock.advance(65)
        main_screen(app).redraw()
        assert "đã họp 0:01:05" in shown(app, "#header-info")
    assert logged_types(app) == ["session_opened", "meeting_started"]
    assert notes.seen == []  # a start is no comeback


async def test_the_screen_leaves_a_sign_of_life(meeting: LiveMeeting, clock: FakeClock) -> None:
    app = make_app(meeting)
    async with app.run_test(size=SIZE):
        clock.advance(7)
        main_screen(app).beat()
        await app.workers.wait_for_complete()
        assert meeting.last_alive() == clock.now
        assert alive_path(meeting.log.path).read_text(encoding="ascii") == clock.now.isoformat()


async def comeback(
    data_dir: Path, agenda: Agenda, clock: FakeClock, gap: float
) -> tuple[LiveMeeting, ModeratorApp, Notes, str]:
    """A speech runs 30 s, the screen's last sign of life, then the program is gone ``gap``
    seconds and comes back: the resumed meeting, its app (mounted once and left), its
    notifications and the countdown it showed."""
    first = open_meeting(data_dir, agenda, clock)
    register(first, "Nguyễn Văn A", TOPICS[0])
    app = make_app(first)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        clock.advance(30)
        main_screen(app).beat()
        await app.workers.wait_for_complete()
    path = first.log.path
    first.close()  # kill -9 leaves the lock to the system, which frees it; same log on disk

    clock.advance(gap)
    again = LiveMeeting.resume(path, clock=clock)
    resumed = make_app(again)
    notes = Notes(resumed)
    async with resumed.run_test(size=SIZE):
        countdown = str(resumed.screen.query_one("#countdown", Digits).value)
    return again, resumed, notes, countdown


async def test_a_comeback_is_recorded_and_not_charged_to_the_speaker(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    again, app, notes, countdown = await comeback(data_dir, agenda, clock, 600)
    with again:
        assert countdown == "02:30"  # 3:00 less the 30 s spoken; the 10 minutes away are not
        assert logged_types(app)[-1] == "meeting_resumed"
        (gap,) = again.state.interruptions
        assert gap.seconds == 600
        speech = again.state.current_speech
        assert speech is not None
        assert speech.remaining(clock.now) == 150
    assert (
        "Đã khôi phục sau 10 phút gián đoạn. Thời gian gián đoạn không tính vào lượt phát biểu.",
        "warning",
    ) in notes.seen


async def test_a_short_comeback_is_said_in_seconds(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    again, _, notes, countdown = await comeback(data_dir, agenda, clock, 42)
    again.close()
    assert countdown == "02:30"
    assert any(text.startswith("Đã khôi phục sau 42 giây gián đoạn.") for text, _ in notes.seen)


# -- the responses, in the chair's order -------------------------------------------------------


async def test_n_calls_the_selected_response_and_the_order_goes_on_from_the_top(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    issues_awaiting_responses(meeting, clock)
    app = make_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        table = queue(app)
        assert table.row_keys == ["i1", "i2", "i3", "i4"]
        assert table.selected_key == "i1"  # the list starts at its top
        await pilot.press("down", "down")
        assert table.selected_key == "i3"
        await pilot.press("n")
        speech = meeting.state.current_speech
        assert speech is not None
        assert (speech.kind, speech.issue) == ("response", 3)
        clock.advance(90)
        await pilot.press("e")
        assert isinstance(app.screen, TextForm)
        await type_text(pilot, "Se sua trong quy 2")
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_keys == ["i1", "i2", "i4"]
        assert table.selected_key == "i1"
        await pilot.press("n")
        speech = meeting.state.current_speech
        assert speech is not None
        assert speech.issue == 1
    answers = [e for e in logged(app) if isinstance(e, ResponseRecorded)]
    assert [(e.issue, e.summary) for e in answers] == [(3, "Se sua trong quy 2")]


async def test_ctrl_arrows_reorder_the_responses(meeting: LiveMeeting, clock: FakeClock) -> None:
    issues_awaiting_responses(meeting, clock)
    app = make_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        table = queue(app)
        await pilot.press("down", "down")
        await pilot.press("ctrl+up")
        assert table.row_keys == ["i1", "i3", "i2", "i4"]
        assert table.selected_key == "i3"  # the cursor follows the moved issue
        await pilot.press("ctrl+up")
        assert table.row_keys == ["i3", "i1", "i2", "i4"]
        assert main_screen(app).check_action("move_up", ()) is False  # at the top
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down")
        assert table.row_keys == ["i1", "i2", "i4", "i3"]
        assert main_screen(app).check_action("move_down", ()) is False
        assert [i.number for i in queries.awaiting_response(meeting.state)] == [1, 2, 4, 3]
    moves = [(e.issue, e.position) for e in logged(app) if isinstance(e, ResponseMoved)]
    assert moves == [(3, 1), (3, 0), (3, 1), (3, 2), (3, 3)]


async def test_s_skips_the_selected_response_which_can_be_called_again(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    issues_awaiting_responses(meeting, clock)
    app = make_app(meeting)
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        table = queue(app)
        await pilot.press("down")
        await pilot.press("s")
        assert meeting.state.issue(2).skipped is not None
        assert meeting.state.issue(2).responses == ()
        # Listed last, under its own name, never as answered; the title counts those awaiting.
        assert table.row_keys == ["i1", "i3", "i4", "i2"]
        assert table.cells("i2")[0] == "Đã bỏ qua"
        assert table.border_title is not None
        assert "(3)" in str(table.border_title)
        issues = main_screen(app).query_one("#issues", RowTable)
        assert "đã trả lời" not in issues.cells("i2")
        assert table.selected_key == "i1"
        assert main_screen(app).check_action("skip_response", ()) is True
        await pilot.press("end")  # the skipped issue: called again later
        assert main_screen(app).check_action("skip_response", ()) is False
        assert main_screen(app).check_action("move_up", ()) is False
        await pilot.press("n")
        speech = meeting.state.current_speech
        assert speech is not None
        assert speech.issue == 2
        await pilot.press("e")
        await type_text(pilot, "Da co xe thu gom")
        await pilot.press("enter")
        await pilot.pause()
        assert "i2" not in table.row_keys
        assert meeting.state.issue(2).answered_at_meeting
    assert notes.seen[0] == (
        "Đã bỏ qua kiến nghị số 2: ghi là chưa trả lời tại hội nghị. "
        "Chọn lại và nhấn n để mời trả lời sau.",
        "information",
    )
    skips = [e for e in logged(app) if isinstance(e, ResponseSkipped)]
    assert [(e.issue, e.speech) for e in skips] == [(2, None)]


@pytest.mark.parametrize("ending", ["enter", "escape"], ids=["empty", "cancelled"])
async def test_a_response_ended_without_a_summary_is_skipped_not_answered(
    meeting: LiveMeeting, clock: FakeClock, ending: str
) -> None:
    issues_awaiting_responses(meeting, clock)
    app = make_app(meeting)
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        clock.advance(45)
        await pilot.press("e")
        assert isinstance(app.screen, TextForm)
        await pilot.press(ending)
        await pilot.pause()
        issue = meeting.state.issue(1)
        assert issue.responses == ()
        assert issue.skipped is not None
        assert not issue.answered_at_meeting
        assert queue(app).row_keys == ["i2", "i3", "i4", "i1"]
        assert queue(app).selected_key == "i2"  # n calls the next one
    events = logged(app)
    assert not any(isinstance(e, ResponseRecorded) for e in events)
    skip = events[-1]
    assert isinstance(skip, ResponseSkipped)
    speech = queries.last_response_speech(meeting.state, 1)
    assert speech is not None
    assert (skip.issue, skip.speech) == (1, speech.number)
    assert (
        "Kiến nghị số 1 không có nội dung trả lời: ghi là chưa trả lời tại hội nghị "
        "(không phải câu trả lời).",
        "information",
    ) in notes.seen


# -- petitions still waiting --------------------------------------------------------------------


async def test_the_step_change_says_how_many_petitions_wait(meeting: LiveMeeting) -> None:
    goto(meeting, "petitions")
    for index in range(3):
        register(meeting, f"Người {index}", TOPICS[index])
    app = make_app(meeting)
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")  # to the floor: they can still be called
        assert meeting.state.step is not None
        assert meeting.state.step.kind == "floor"
        assert notes.seen[-1] == (
            "Còn 3 kiến nghị chưa trình bày: vẫn ở danh sách chờ, mời được ở bước này.",
            "warning",
        )
        await pilot.press("right_square_bracket")  # out of the speaking steps: asked first
        form = app.screen
        assert isinstance(form, ConfirmForm)
        assert form.question.startswith(
            "Còn 3 kiến nghị chưa trình bày: sẽ được ghi vào thông báo và biên bản là kiến "
            "nghị bằng văn bản chưa trình bày tại hội nghị; có thể phân công và kết luận ở "
            "bước kết luận (phím u)."
        )
        assert "Sang bước 4." in form.question
        await pilot.press("escape")
        assert meeting.state.step.kind == "floor"
        await pilot.press("right_square_bracket", "enter")
        assert meeting.state.step.kind == "responses"
        await pilot.press("right_square_bracket")  # nothing to say once out of them
        assert meeting.state.step.kind == "conclusion"
        assert not isinstance(app.screen, ConfirmForm)


async def test_closing_says_first_what_the_record_lacks(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    goto(meeting, "floor")
    for index, topic in enumerate(TOPICS):
        register(meeting, f"Người {index}", topic)
    for _ in range(2):
        meeting.do(commands.call_next)
        meeting.do(commands.end_speech)
    meeting.do(commands.record_conclusion, issue=1, outcome="answered", text="Da tra loi")
    goto(meeting, "closing")
    app = make_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        form = app.screen
        assert isinstance(form, ConfirmForm)
        lines = form.question.splitlines()
        assert lines[:4] == [
            "Chưa đầy đủ:",
            "• 1 nội dung chưa có kết luận: #2.",
            "• Chưa có kết luận chung của chủ trì.",
            "• Còn 2 kiến nghị chưa trình bày: sẽ được ghi vào thông báo và biên bản là kiến "
            "nghị bằng văn bản chưa trình bày tại hội nghị.",
        ]
        assert lines[-1].startswith("Tuyên bố kết thúc phiên họp?")
        await pilot.press("escape")
        assert not meeting.state.closed
        # Complete: the question alone.
        meeting.do(commands.record_conclusion, issue=2, outcome="noted", text="Ghi nhan")
        meeting.do(commands.record_conclusion, issue=None, outcome="noted", text="Chung")
        for speaker in list(meeting.state.queue):
            meeting.do(commands.withdraw_speaker, speaker)
        await pilot.press("right_square_bracket")
        form = app.screen
        assert isinstance(form, ConfirmForm)
        assert form.question.startswith("Tuyên bố kết thúc phiên họp?")
        await pilot.press("enter")
        assert meeting.state.closed
        assert "Phiên họp đã kết thúc." in shown(app, "#speech-who")


async def test_the_flows_speak_english(meeting: LiveMeeting, clock: FakeClock) -> None:
    goto(meeting, "floor")
    register(meeting, "A", TOPICS[0])
    meeting.do(commands.call_next)
    meeting.do(commands.end_speech)
    register(meeting, "B", TOPICS[1])
    app = make_app(meeting, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        form = app.screen
        assert isinstance(form, ConfirmForm)
        assert form.question.startswith("Petitions not yet presented: 1. The notice and")
        await pilot.press("enter")
        assert "Press n to call the answer to the selected issue" in shown(app, "#speech-who")
        goto(meeting, "closing")
        main_screen(app).redraw()
        await pilot.press("right_square_bracket")
        form = app.screen
        assert isinstance(form, ConfirmForm)
        assert form.question.splitlines()[:3] == [
            "Not complete:",
            "• Issues without a conclusion (1): #1.",
            "• No overall conclusion from the chair yet.",
        ]


async def test_the_conclusion_step_takes_up_a_waiting_petition(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    two_petitions_waiting(meeting)
    goto(meeting, "conclusion")
    app = make_app(meeting)
    notes = Notes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        assert "u để xử lý kiến nghị còn chờ" in shown(app, "#speech-who")
        await pilot.press("down")
        assert screen.selected_speaker() == 3
        await pilot.press("u")
        assert isinstance(app.screen, ConclusionForm)
        assert app.screen.issue == 2
        await conclude_as_noted(pilot, "Giao thon 3 kiem tra")
        issue = meeting.state.issue(2)
        assert issue.raised_by == issue.in_writing == (3,)
        assert not issue.presented
        assert issue.conclusion is not None
        assert queries.petition_status(meeting.state, meeting.state.speaker(3)) == "in_writing"
        assert meeting.state.queue == (2,)
        # The new issue is the one selected: r assigns it.
        assert screen.selected_issue() == 2
        await pilot.press("r")
        assert isinstance(app.screen, TextForm)
        app.screen.query_one("#text").value = "Trưởng thôn 3"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert meeting.state.issue(2).responder == "Trưởng thôn 3"
    assert logged_types(app)[-3:] == [
        "petition_taken_up",
        "conclusion_recorded",
        "responder_assigned",
    ]
    assert notes.seen[0][0].startswith("Kiến nghị của Người 3 thành nội dung số 2")


async def test_take_up_applies_only_in_the_conclusion_step(meeting: LiveMeeting) -> None:
    goto(meeting, "petitions")
    register(meeting, "A", TOPICS[0])
    app = make_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        assert main_screen(app).check_action("take_up", ()) is False
        await pilot.press("u")
        assert meeting.state.queue == (1,)


# -- the idle hint -------------------------------------------------------------------------------


async def test_the_idle_hint_fits_the_step(meeting: LiveMeeting, clock: FakeClock) -> None:
    app = make_app(meeting)
    async with app.run_test(size=SIZE):
        assert "Nhấn n để mời người tiếp theo" in shown(app, "#speech-who")
        goto(meeting, "floor")
        register(meeting, "A", TOPICS[0])
        meeting.do(commands.call_next)
        meeting.do(commands.end_speech)
        goto(meeting, "responses")
        main_screen(app).redraw()
        assert "Nhấn n để mời trả lời kiến nghị đang chọn" in shown(app, "#speech-who")
        meeting.do(commands.record_response, 1, "Da tra loi")
        main_screen(app).redraw()
        assert shown(app, "#speech-who") == (
            "Không còn kiến nghị chờ trả lời. Nhấn ] để sang bước sau."
        )
        goto(meeting, "conclusion")
        main_screen(app).redraw()
        assert shown(app, "#speech-who") == "Nhấn c để kết luận."
        goto(meeting, "closing")
        main_screen(app).redraw()
        assert shown(app, "#speech-who") == "Nhấn ] để kết thúc phiên họp."


async def test_replay_edits_on_an_unclosed_session_are_after_the_meeting(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    from moderator.tui.replay_app import make_replay_app
    from moderator.tui.screens.replay import ReplayScreen

    goto(meeting, "floor")
    register(meeting, "A", TOPICS[0])
    meeting.do(commands.call_next)
    clock.advance(60)
    meeting.do(commands.end_speech)
    path = meeting.log.path
    meeting.close()  # the program stopped without closing the session

    later = FakeClock(clock.now + dt.timedelta(days=1))
    app = make_replay_app(path, clock=later)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert shown(app, "#speech-who") == "Không có ai phát biểu vào lúc này."
        await pilot.press("end")
        screen.query_one("#issues", RowTable).focus()
        await pilot.pause()
        for key, text in (("r", "Trưởng thôn 2"), ("t", "Da tra loi bang van ban")):
            await pilot.press(key)
            assert isinstance(app.screen, TextForm)
            app.screen.query_one("#text").value = text  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("c")
        await conclude_as_noted(pilot, "Giao thon")
        await pilot.press("m")
        await type_text(pilot, "Bo sung")
        await pilot.press("enter")
        await pilot.pause()
    recorded = read_session(path)
    edits = recorded.events[-4:]
    assert [e.type for e in edits] == [
        "responder_assigned",
        "response_recorded",
        "conclusion_recorded",
        "note_added",
    ]
    assert all(getattr(e, "after_meeting", False) for e in edits)
    assert not recorded.state.closed
    issue = recorded.state.issue(1)
    assert issue.responses[0].after_meeting
    assert not issue.answered_at_meeting
    assert isinstance(edits[2], ConclusionRecorded)
    assert recorded.state.notes[-1].after_meeting


async def test_the_secretary_takes_up_a_waiting_petition_in_the_replay(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    from moderator.tui.replay_app import make_replay_app
    from moderator.tui.screens.replay import ReplayScreen

    two_petitions_waiting(meeting)
    goto(meeting, "closing")
    meeting.do(commands.close_session)
    path = meeting.log.path
    meeting.close()

    app = make_replay_app(path, clock=FakeClock(clock.now + dt.timedelta(days=2)))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("end")
        screen.query_one("#queue", RowTable).focus()
        await pilot.press("down")
        assert screen.selected_speaker() == 3
        await pilot.press("u")
        assert isinstance(app.screen, ConclusionForm)
        assert app.screen.issue == 2
        # Taken up, never answered: the form offers "assigned", which needs its owner.
        assert app.screen.query_one("#outcome", Select).value == "assigned"
        await conclude_as_noted(pilot, "Chuyen thon 3")
        assert screen.selected_issue() == 2
    recorded = read_session(path)
    assert [e.type for e in recorded.events[-2:]] == ["petition_taken_up", "conclusion_recorded"]
    state = recorded.state
    assert queries.petition_status(state, state.speaker(3)) == "in_writing"
    assert queries.petition_status(state, state.speaker(2)) == "waiting"
    conclusion = state.issue(2).conclusion
    assert conclusion is not None
    assert conclusion.after_meeting
