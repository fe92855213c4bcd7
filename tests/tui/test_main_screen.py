"""Pilot tests of the live meeting screen: every key, asserting on the state and the log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Digits, Input, OptionList, Select

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting
from moderator.tui import make_app
from moderator.tui.actions import LIVE_COMMANDS
from moderator.tui.screens.forms import (
    AddSpeakerForm,
    ConclusionForm,
    ConfirmForm,
    DuplicateForm,
    TextForm,
)
from moderator.tui.screens.help import HelpScreen
from moderator.tui.widgets.tables import RowTable
from tests.conftest import FakeClock, assign_issue
from tests.tui.conftest import open_meeting
from tests.tui.helpers import Notes, logged_types, main_screen, shown, type_registration, type_text

TOPIC = "Đường liên thôn xuống cấp"


def register(meeting: LiveMeeting, name: str, topic: str = TOPIC, village: str = "Thôn 2") -> None:
    meeting.do(commands.register_speaker, name=name, village=village, topic=topic)


async def test_add_speaker_form_registers_and_stores(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_registration(pilot, "Nguyen Van A", "thon 3", "So do cap cham", area="dat dai")
        assert isinstance(app.screen, AddSpeakerForm)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AddSpeakerForm)
    speaker = meeting.state.speakers[0]
    assert (speaker.name, speaker.village, speaker.area) == ("Nguyen Van A", "Thôn 3", "dat_dai")
    assert speaker.topic == "So do cap cham"
    assert logged_types(app)[-1] == "speaker_registered"


async def test_add_speaker_form_requires_fields_and_escape_cancels(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Nguyen Van A")
        await pilot.press("enter", "enter", "enter", "enter")
        assert isinstance(app.screen, AddSpeakerForm)
        assert "Thôn không được để trống" in shown(app, "#form-error")
        await pilot.press("escape")
        assert not isinstance(app.screen, AddSpeakerForm)
    assert meeting.state.speakers == ()


async def test_add_speaker_form_refuses_an_unknown_area_in_the_form(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "A")
        await pilot.press("enter", "2", "enter")
        await type_text(pilot, "zzz")
        await pilot.press("enter", "x", "enter")
        assert isinstance(app.screen, AddSpeakerForm)
        assert "zzz" in shown(app, "#form-error")
    assert meeting.state.speakers == ()


async def test_add_speaker_offers_to_join_a_similar_issue(meeting: LiveMeeting) -> None:
    register(meeting, "Trần Thị B", "Rac thai ven kenh chua duoc thu gom")
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("a")
        await type_text(pilot, "Le Van C")
        await pilot.press("enter", "5", "enter", "enter")
        await type_text(pilot, "rac thai ven kenh chua duoc thu gom")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AddSpeakerForm)
        assert form.similar
        assert form.similar[0].speaker == 1
        # A close match in this session is preselected; the chair may still keep a new issue.
        assert form.query_one("#similar", OptionList).highlighted == 1
        await pilot.press("tab")
        await pilot.press("enter")
        await pilot.pause()
    assert meeting.state.speakers[1].duplicate_of is not None
    assert meeting.state.speakers[1].duplicate_of.speaker == 1


async def test_call_next_runs_the_countdown_from_the_clock(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    register(meeting, "Nguyễn Văn A")
    app = make_app(meeting)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        screen = main_screen(app)
        card = screen.query_one("#speech")
        assert app.screen.query_one("#countdown", Digits).value == "03:00"
        clock.advance(155)
        screen.redraw()
        assert app.screen.query_one("#countdown", Digits).value == "00:25"
        assert card.has_class("-warning")
        assert rings == [1]
        clock.advance(40)
        screen.redraw()
        assert app.screen.query_one("#countdown", Digits).value == "+00:15"
        assert card.has_class("-overtime")
        assert rings == [1, 1]
        await pilot.press("e")
        assert meeting.state.current_speech is None
    assert logged_types(app)[-2:] == ["speech_started", "speech_ended"]


async def test_the_bell_can_be_switched_off(meeting: LiveMeeting, clock: FakeClock) -> None:
    register(meeting, "A")
    app = make_app(meeting, bell=False)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.press("n")
        clock.advance(200)
        main_screen(app).redraw()
    assert rings == []


async def test_pause_resume_and_extend(meeting: LiveMeeting, clock: FakeClock) -> None:
    register(meeting, "A")
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        clock.advance(10)
        await pilot.press("space")
        speech = meeting.state.current_speech
        assert speech is not None
        assert speech.paused
        assert main_screen(app).query_one("#speech").has_class("-paused")
        clock.advance(100)
        main_screen(app).redraw()
        assert app.screen.query_one("#countdown", Digits).value == "02:50"
        await pilot.press("space")
        await pilot.press("plus", "plus", "minus")
        speech = meeting.state.current_speech
        assert speech is not None
        assert not speech.paused
        assert speech.allowed_seconds == 180 + 30
    assert logged_types(app)[-5:] == [
        "speech_paused",
        "speech_resumed",
        "speech_extended",
        "speech_extended",
        "speech_extended",
    ]


async def test_steps_forward_and_back(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    async with app.run_test() as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert meeting.state.step is not None
        assert meeting.state.step.id == "floor"
        await pilot.press("left_square_bracket")
        assert meeting.state.step.id == "registered"


async def test_keys_that_do_not_apply_are_hidden(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    async with app.run_test() as pilot:
        screen = main_screen(app)
        for action in ("call_next", "end_speech", "withdraw", "previous_step"):
            assert screen.check_action(action, ()) is False
        await pilot.press("n", "e", "x")
        assert meeting.state.speeches == ()
        palette = [command.title for command in app.get_system_commands(screen)]
        assert "Đăng ký" in palette
        assert "Mời tiếp" not in palette


async def test_a_refused_command_is_explained_and_changes_nothing(meeting: LiveMeeting) -> None:
    register(meeting, "A")
    app = make_app(meeting)
    notes = Notes(app)
    async with app.run_test() as pilot:
        await pilot.press("n")
        await pilot.press(*["minus"] * 7)
        speech = meeting.state.current_speech
        assert speech is not None
        assert speech.allowed_seconds == 0
    assert ("Thời gian phát biểu không thể nhỏ hơn 0.", "warning") in notes.seen


async def test_a_failed_write_is_shown_and_nothing_pretends(
    meeting: LiveMeeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(meeting, "A")
    app = make_app(meeting)
    notes = Notes(app)

    def broken(data: object) -> None:
        raise OSError("disk full")

    async with app.run_test() as pilot:
        monkeypatch.setattr(meeting.log, "append", broken)
        await pilot.press("n")
        assert meeting.state.current_speech is None
        assert meeting.state.queue == (1,)
        assert "Chưa có ai" in str(main_screen(app).query_one("#speech").border_title)
    assert any("disk full" in text and severity == "error" for text, severity in notes.seen)


async def test_withdraw_move_and_undo(meeting: LiveMeeting) -> None:
    for name in ("A", "B", "C"):
        register(meeting, name, village=f"Thôn {len(meeting.state.speakers) + 1}")
    app = make_app(meeting)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down")
        await pilot.press("ctrl+up")
        assert meeting.state.queue == (1, 3, 2)
        assert main_screen(app).selected_speaker() == 3
        await pilot.press("ctrl+down")
        assert meeting.state.queue == (1, 2, 3)
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmForm)  # asked first
        await pilot.press("escape")
        assert meeting.state.queue == (1, 2, 3)
        await pilot.press("x", "enter")
        assert meeting.state.queue == (1, 2)
        assert notes.seen[-1] == ("Đã rút tên C. Nhấn ctrl+z để hoàn tác.", "information")
        await pilot.press("ctrl+z")
        assert meeting.state.queue == (1, 2, 3)
    assert logged_types(app)[-1] == "action_undone"


async def test_mark_and_unmark_a_duplicate(meeting: LiveMeeting) -> None:
    register(meeting, "A", "Đường hỏng")
    register(meeting, "B", "Rác thải", village="Thôn 3")
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "d")
        assert isinstance(app.screen, DuplicateForm)
        await pilot.press("enter")
        await pilot.pause()
        ref = meeting.state.speaker(2).duplicate_of
        assert ref is not None
        assert ref.speaker == 1
        await pilot.press("d")
        assert meeting.state.speaker(2).duplicate_of is None


async def test_note_and_help_and_quit(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, TextForm)
        await type_text(pilot, "Mat dien 5 phut")
        await pilot.press("enter")
        assert meeting.state.notes[-1].text == "Mat dien 5 phut"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.query(".help-row")
        assert len(rows) == len(LIVE_COMMANDS)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_responder_conclusion_and_the_responses_step(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    meeting.do(
        commands.register_speaker, name="A", village="Thôn 1", topic="Sổ đỏ chậm", area="dat"
    )
    register(meeting, "B", "Rác thải")
    meeting.do(commands.call_next)
    meeting.do(commands.end_speech)
    meeting.do(commands.call_next)
    meeting.do(commands.end_speech)
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, TextForm)
        await pilot.press("enter")
        assert meeting.state.issue(1).responder == "Công chức Địa chính – Xây dựng"
        while meeting.state.step is not None and meeting.state.step.kind != "responses":
            await pilot.press("right_square_bracket")
        queue = main_screen(app).query_one("#queue", RowTable)
        assert queue.selected_key == "i1"
        assert queue.row_count == 2
        await pilot.press("n")
        speech = meeting.state.current_speech
        assert speech is not None
        assert speech.kind == "response"
        assert speech.issue == 1
        clock.advance(60)
        await pilot.press("e")
        assert isinstance(app.screen, TextForm)
        await type_text(pilot, "Se cap trong thang 4")
        await pilot.press("enter")
        assert meeting.state.issue(1).responses[0].summary == "Se cap trong thang 4"
        assert queue.row_count == 1
        await pilot.press("c")
        assert isinstance(app.screen, ConclusionForm)
        app.screen.query_one("#outcome", Select).value = "answered"
        await type_text(pilot, "Da tra loi")
        await pilot.press("enter")
        conclusion = meeting.state.issue(2).conclusion
        assert conclusion is not None
        assert conclusion.outcome == "answered"
        await pilot.press("right_square_bracket")
        assert meeting.state.step is not None
        assert meeting.state.step.kind == "conclusion"
        await pilot.press("c")
        await type_text(pilot, "Ket luan chung")
        await pilot.press("enter")
        assert meeting.state.overall is not None
        assert meeting.state.overall.text == "Ket luan chung"
        # In the conclusion step, the issues table concludes its selected issue.
        app.screen.query_one("#issues").focus()
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, ConclusionForm)
        await type_text(pilot, "Ghi nhan")
        await pilot.press("enter")
        concluded = meeting.state.issue(1).conclusion
        assert concluded is not None
        assert concluded.text == "Ghi nhan"
        assert meeting.state.overall.text == "Ket luan chung"


async def test_conclusion_form_checks_with_the_domain(meeting: LiveMeeting) -> None:
    register(meeting, "A")
    meeting.do(commands.call_next)
    meeting.do(commands.end_speech)
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        # Not answered in the hall: the form starts from "assigned", not "answered on the spot".
        assert app.screen.query_one("#outcome", Select).value == "assigned"
        await pilot.click("#text")
        await type_text(pilot, "Giao xu ly")
        await pilot.press("enter")
        assert isinstance(app.screen, ConclusionForm)
        assert "người chịu trách nhiệm" in shown(app, "#form-error")
        await pilot.click("#due")
        await type_text(pilot, "31/13/2024")
        await pilot.press("enter")
        assert "31/13/2024" in shown(app, "#form-error")
    assert meeting.state.issue(1).conclusion is None


async def test_a_conclusion_is_corrected_from_what_was_recorded(meeting: LiveMeeting) -> None:
    register(meeting, "A")
    meeting.do(commands.call_next)
    meeting.do(commands.end_speech)
    assign_issue(meeting, "Giao dia chinh", dt.date(2024, 6, 30))
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, ConclusionForm)
        assert form.query_one("#owner", Input).value == "Địa chính"
        assert form.query_one("#due", Input).value == "30/06/2024"
        await type_text(pilot, " truoc 30/6")
        await pilot.press("enter")
    conclusion = meeting.state.issue(1).conclusion
    assert conclusion is not None
    assert (conclusion.outcome, conclusion.owner, conclusion.due) == (
        "assigned",
        "Địa chính",
        dt.date(2024, 6, 30),
    )
    assert conclusion.text == "Giao dia chinh truoc 30/6"


async def test_names_that_look_like_markup_are_shown_literally(meeting: LiveMeeting) -> None:
    register(meeting, "[bold]X[/]", "[red]topic[/red] " * 400)
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        queue = main_screen(app).query_one("#queue", RowTable)
        assert queue.cells("s1")[1] == "[bold]X[/]"
        assert "[bold]X[/]" in queue.render_line(1).text  # drawn as typed, not as markup
        topic_cell = queue.cells("s1")[6]
        assert topic_cell.startswith("[red]topic[/red]")
        assert len(topic_cell) <= 40
        await pilot.press("n")
        assert "[bold]X[/]" in shown(app, "#speech-who")
        assert shown(app, "#speech-topic") == meeting.state.speaker(1).topic


async def test_a_resumed_session_shows_the_same_speech(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    first = open_meeting(data_dir, agenda, clock)
    register(first, "Nguyễn Văn A")
    app = make_app(first)
    async with app.run_test() as pilot:
        await pilot.press("n")
        clock.advance(65)
        main_screen(app).redraw()
        before = app.screen.query_one("#countdown", Digits).value
        main_screen(app).beat()  # the last sign of life, 0.4 s before the comeback
        await app.workers.wait_for_complete()
    path = first.log.path
    first.close()

    clock.advance(0.4)
    with LiveMeeting.resume(path, clock=clock) as again:
        resumed = make_app(again)
        async with resumed.run_test():
            after = resumed.screen.query_one("#countdown", Digits).value
            assert "Nguyễn Văn A" in shown(resumed, "#speech-who")
    assert before == after == "01:55"


async def test_english(meeting: LiveMeeting) -> None:
    register(meeting, "A")
    app = make_app(meeting, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = main_screen(app)
        assert screen.query_one("#queue").border_title == "Queue (1)"
        assert "Nobody is speaking" in str(screen.query_one("#speech").border_title)
        await pilot.press("question_mark")
        assert "Register a speaker" in str(app.screen.query(".help-row").first().render())


async def test_fast_typing_right_after_a_lands_in_the_right_fields(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        keys = ("a", *"Nguyen Van A", "tab", *"thon 2", "tab", "tab", *"duong hong", "enter")
        await pilot.press(*keys)
        await pilot.pause()
        assert not isinstance(app.screen, AddSpeakerForm)
    speaker = meeting.state.speakers[0]
    assert (speaker.name, speaker.village, speaker.topic) == (
        "Nguyen Van A",
        "Thôn 2",
        "duong hong",
    )
    assert logged_types(app)[-1] == "speaker_registered"


async def test_a_burst_of_keys_after_a_lands_in_the_right_fields(meeting: LiveMeeting) -> None:
    """As a terminal delivers a fast typist's keys: all read before any is handled (pilot's
    press waits between keys, which hides the race between "a" opening the form and the
    name typed after it)."""
    app = make_app(meeting)
    async with app.run_test(size=(80, 24)) as pilot:
        burst = ("a", *"Nguyen Van A", "\t", *"thon 2", "\t", "\t", *"duong hong", "\r")
        names = {"\t": "tab", "\r": "enter", " ": "space"}
        for char in burst:
            app.post_message(events.Key(names.get(char, char), char))
        for _ in range(20):
            await pilot.pause()
            if meeting.state.speakers:
                break
    speaker = meeting.state.speakers[0]
    assert (speaker.name, speaker.village, speaker.topic) == (
        "Nguyen Van A",
        "Thôn 2",
        "duong hong",
    )


async def test_the_last_step_closes_the_session_after_asking(meeting: LiveMeeting) -> None:
    app = make_app(meeting)
    assert meeting.state.agenda is not None
    steps = len(meeting.state.agenda.steps)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*["right_square_bracket"] * (steps - 1))
        assert meeting.state.step is not None
        assert meeting.state.step.id == "closing"
        await pilot.press("right_square_bracket")
        assert app.screen.query_one("#confirm")
        await pilot.press("escape")
        assert not meeting.state.closed
        await pilot.press("right_square_bracket", "enter")
        assert meeting.state.closed
        assert main_screen(app).check_action("close_session", ()) is False
    assert logged_types(app)[-1] == "session_closed"


async def test_the_queue_is_updated_in_place_and_keeps_the_cursor(meeting: LiveMeeting) -> None:
    for name in ("A", "B", "C", "D"):
        register(meeting, name, village=f"Thôn {len(meeting.state.speakers) + 1}")
    app = make_app(meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        queue = app.screen.query_one("#queue", RowTable)
        await pilot.press("down", "down")
        assert queue.selected_key == "s3"
        await pilot.press("n")  # A leaves the queue: C keeps the cursor, positions move up
        assert queue.selected_key == "s3"
        assert queue.cells("s3")[:2] == ("2", "C")
        assert queue.row_count == 3
        await pilot.press("ctrl+up")  # a reorder sorts the rows, the cursor follows C
        assert meeting.state.queue == (3, 2, 4)
        assert queue.selected_key == "s3"
        assert [queue.cells(key)[1] for key in queue.row_keys] == ["C", "B", "D"]
