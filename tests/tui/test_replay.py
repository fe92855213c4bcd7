"""Pilot tests of the replay screen: every control, the recorded countdowns, following a live
writer, and completing the record after the meeting (each edit a new event in the log)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Digits, Input, Select, Static

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.export import export
from moderator.i18n import translate
from moderator.meeting import LiveMeeting, read_session
from moderator.tui.replay_app import ReplayApp, make_replay_app
from moderator.tui.replay_model import Playhead, Tape
from moderator.tui.screens.forms import ConclusionForm, TextForm
from moderator.tui.screens.help import HelpScreen
from moderator.tui.screens.replay import ReplayScreen
from moderator.tui.widgets.keybar import KeyBar
from moderator.tui.widgets.tables import RowTable
from tests.conftest import START, FakeClock, paused_speech
from tests.tui.conftest import open_meeting
from tests.tui.helpers import Notes, conclude_as_noted, shown, type_text

SIZE = (120, 40)
TOPIC = "Đường liên thôn xuống cấp"


def record_meeting(meeting: LiveMeeting, clock: FakeClock, *, close: bool = True) -> None:
    """Two petitions in the floor step, with a pause in the first speech, then (``close``)
    the remaining steps and the close. Events: 1 opened, 2 step 2, 3-4 registered,
    5 step 3, 6 speech 1 starts, 7 paused, 8 resumed, 9 ends, 10 speech 2 starts, 11 ends."""
    clock.advance(300)
    meeting.do(commands.next_step)
    meeting.do(commands.register_speaker, name="[bold]Lò Văn A[/]", village="Thôn 2", topic=TOPIC)
    clock.advance(20)
    meeting.do(
        commands.register_speaker, name="Trần Thị B", village="Thôn 3", topic="Rác thải ven kênh"
    )
    clock.advance(20)
    meeting.do(commands.next_step)
    clock.advance(10)
    meeting.do(commands.call_next)  # 3:00 allowed
    paused_speech(meeting, clock, 60, 30, 90)
    clock.advance(10)
    meeting.do(commands.call_next)
    clock.advance(100)
    meeting.do(commands.end_speech)
    if close:
        clock.advance(10)
        agenda = meeting.state.agenda
        assert agenda is not None
        while meeting.state.step is not None and meeting.state.step.id != agenda.steps[-1].id:
            meeting.do(commands.next_step)
        clock.advance(60)
        meeting.do(commands.close_session)


@pytest.fixture
def closed_session(data_dir: Path, agenda: Agenda, clock: FakeClock) -> Path:
    meeting = open_meeting(data_dir, agenda, clock)
    with meeting:
        record_meeting(meeting, clock)
    return meeting.log.path


def replay_screen(app: ReplayApp) -> ReplayScreen:
    screen = app.screen
    assert isinstance(screen, ReplayScreen), screen
    return screen


def countdown(app: ReplayApp) -> str:
    return str(app.screen.query_one("#countdown", Digits).value)


# -- the controls ------------------------------------------------------------------------------


async def test_starts_paused_at_the_opening_and_steps_by_event(closed_session: Path) -> None:
    app = make_replay_app(closed_session, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        head = screen.playhead
        assert (head.position, head.total, head.playing) == (1, 15, False)
        assert "sự kiện 1/15" in shown(app, "#replay-status")
        assert "08:00:00" in shown(app, "#replay-status")
        assert not screen.check_action("back", ()) and screen.check_action("forward", ())
        await pilot.press("right", "right", "right")
        assert head.position == 4
        assert head.state == screen.tape.states[4]
        assert "Trần Thị B" in shown(app, "#replay-event")
        assert "08:05:20" in shown(app, "#replay-event")
        await pilot.press("left")
        assert head.position == 3
        assert "[bold]Lò Văn A[/]" in shown(app, "#replay-event")  # literally, not markup
        await pilot.press("end")
        assert head.position == 15
        assert "sự kiện 15/15" in shown(app, "#replay-status")
        await pilot.press("right")
        assert head.position == 15
        await pilot.press("home")
        assert head.position == 1
        await pilot.press("left")
        assert head.position == 1


async def test_brackets_jump_to_where_agenda_steps_were_entered(closed_session: Path) -> None:
    app = make_replay_app(closed_session, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        head = screen.playhead
        await pilot.press("right_square_bracket")
        assert head.position == 2
        assert head.time == START + dt.timedelta(seconds=300)
        await pilot.press("right_square_bracket")
        assert head.position == 5
        await pilot.press("right", "right")
        await pilot.press("left_square_bracket")  # back to where this step began
        assert head.position == 5
        await pilot.press("left_square_bracket")  # there already: the step before
        assert head.position == 2
        await pilot.press("end", "left_square_bracket")
        agenda = head.state.agenda
        assert agenda is not None
        assert head.state.step is not None and head.state.step.id == agenda.steps[-1].id
        assert head.position == 14


async def test_space_plays_with_the_clock_and_speeds_cycle(closed_session: Path) -> None:
    real = FakeClock()
    app = make_replay_app(closed_session, clock=real)
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        head = screen.playhead
        await pilot.press("space")
        assert head.playing
        assert "Đang phát" in shown(app, "#replay-status")
        real.advance(299)
        screen.tick()
        assert (head.position, head.time) == (1, START + dt.timedelta(seconds=299))
        real.advance(1)
        screen.tick()
        assert head.position == 3  # the step and the first registration, at the same moment
        assert head.time == START + dt.timedelta(seconds=300)
        await pilot.press("space")
        assert not head.playing
        real.advance(100)
        screen.tick()
        assert head.time == START + dt.timedelta(seconds=300)
        assert "Tạm dừng" in shown(app, "#replay-status")
        await pilot.press("s")
        assert head.speed == 4
        assert "4×" in shown(app, "#replay-status")
        await pilot.press("s", "s")
        assert head.speed == 60
        await pilot.press("s")
        assert head.speed == 1
        await pilot.press("3")
        assert head.speed == 16
        await pilot.press("space")
        real.advance(1.25)  # 20 recorded seconds at 16×
        screen.tick()
        assert head.time == START + dt.timedelta(seconds=320)
        await pilot.press("4", "space")
        assert head.speed == 60
        await pilot.press("space")
        real.advance(3600)
        screen.tick()
        assert head.position == head.total
        assert not head.playing
        assert "Cuối bản ghi" in shown(app, "#replay-status")
        await pilot.press("space")  # at the end, play starts over
        assert head.playing and head.position == 1


async def test_the_countdown_shows_what_it_showed_then(closed_session: Path) -> None:
    real = FakeClock()
    app = make_replay_app(closed_session, clock=real)
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        screen.playhead.seek(6)  # speech 1 starts, 3:00 allowed
        screen.redraw()
        assert countdown(app) == "03:00"
        await pilot.press("2", "space")  # 4×
        real.advance(10)  # 40 s into the speech
        screen.tick()
        await pilot.pause()
        assert screen.playhead.position == 6
        assert countdown(app) == "02:20"
        real.advance(10)  # reaches the pause at 60 s and goes on, paused, to 80 s
        screen.tick()
        await pilot.pause()
        assert screen.playhead.position == 7
        assert countdown(app) == "02:00"
        await pilot.press("right")  # resumed after 30 s of pause: still 60 s spoken
        await pilot.pause()
        assert screen.playhead.playing  # stepping by hand does not stop the playback
        assert countdown(app) == "02:00"
        real.advance(5)
        screen.tick()
        await pilot.pause()
        assert countdown(app) == "01:40"
        real.advance(18)  # past the end of the speech (90 s after the resume)
        screen.tick()
        await pilot.pause()
        assert screen.playhead.position == 9
        assert countdown(app) == "--:--"


async def test_replay_at_the_end_is_the_live_state(closed_session: Path) -> None:
    app = make_replay_app(closed_session, clock=FakeClock(), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        screen = replay_screen(app)
        assert screen.snapshot()[0] == read_session(closed_session).state
        assert "event 15/15" in shown(app, "#replay-status")
        issues = screen.query_one("#issues", RowTable)
        assert issues.row_count == 2


async def test_the_tape_folds_every_position_once(closed_session: Path) -> None:
    tape = Tape(closed_session)
    recorded = read_session(closed_session)
    assert tape.events == list(recorded.events)
    assert tape.last == recorded.state
    assert tape.step_starts[:2] == [1, 2]
    head = Playhead(tape, speed=16)
    head.seek(99)
    assert head.position == len(tape)
    assert tape.read_new() is None  # nothing changed on disk


async def test_the_palette_offers_the_replay_commands(closed_session: Path) -> None:
    app = make_replay_app(closed_session, clock=FakeClock(), lang="en")
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Play/Pause" in titles
        assert "Back" not in titles  # at the start there is nothing before


async def test_a_bad_speed_is_refused(closed_session: Path) -> None:
    with pytest.raises(ValueError, match="speed"):
        make_replay_app(closed_session, speed=3)


# -- an unfinished session, and a live writer at the same time ---------------------------------


def replay_while_recorded(meeting: LiveMeeting, clock: FakeClock) -> ReplayApp:
    """The replay of a session the live run is still recording (and holds the lock of)."""
    record_meeting(meeting, clock, close=False)
    return make_replay_app(meeting.log.path, clock=FakeClock())


async def test_an_unfinished_session_follows_a_live_writer(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    app = replay_while_recorded(meeting, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        assert screen.playhead.total == 11
        assert "chưa kết thúc" in shown(app, "#replay-status")
        await pilot.press("end")
        assert screen.poll() == 0
        meeting.do(commands.register_speaker, name="Phạm C", village="Thôn 4", topic="Điện")
        clock.advance(5)
        meeting.do(commands.call_next)
        assert screen.poll() == 2
        await pilot.pause()
        assert screen.playhead.position == 13  # it was at the end: it stays there
        assert screen.snapshot()[0] == meeting.state
        assert countdown(app) == "03:00"
        assert "Phạm C" in shown(app, "#replay-event")
        await pilot.press("home")
        meeting.do(commands.end_speech)
        assert screen.poll() == 1
        assert screen.playhead.position == 1  # elsewhere: it stays where it was


async def test_the_background_poll_reads_new_events(meeting: LiveMeeting, clock: FakeClock) -> None:
    app = make_replay_app(meeting.log.path, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        meeting.do(commands.next_step)
        screen.poll_in_background()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.playhead.total == 2
        assert screen.playhead.position == 2


async def test_edits_are_refused_while_a_live_run_holds_the_session(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    app = replay_while_recorded(meeting, clock)
    async with app.run_test(size=SIZE) as pilot:
        notes = Notes(app)  # type: ignore[arg-type]
        for key in ("m", "c", "C", "r", "t"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ReplayScreen), key
        assert notes.seen
        message = translate("replay_locked", "vi")
        assert all(seen == (message, "error") for seen in notes.seen)
        assert replay_screen(app).meeting is None
    assert read_session(meeting.log.path).state == meeting.state


# -- completing the record after the meeting ---------------------------------------------------


def fill_text_form(app: ReplayApp, text: str) -> None:
    """Replace what a one-line form holds (the responder and answer forms come filled in)."""
    form = app.screen
    assert isinstance(form, TextForm)
    form.query_one("#text", Input).value = text


async def test_completing_answers_and_conclusions_after_the_meeting(closed_session: Path) -> None:
    real = FakeClock(START + dt.timedelta(days=2))
    app = make_replay_app(closed_session, clock=real)
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        issues = screen.query_one("#issues", RowTable)
        await pilot.press("end")
        issues.focus()
        issues.move_cursor(row=1)  # issue 2
        await pilot.pause()
        assert screen.selected_issue() == 2

        await pilot.press("c")
        await conclude_as_noted(pilot, "Giao thon 3 thu gom rac hang tuan")
        assert isinstance(app.screen, ReplayScreen)
        assert screen.playhead.position == screen.playhead.total == 16
        assert "Giao thon 3 thu gom rac hang tuan" in shown(app, "#replay-event")
        assert "đang bổ sung" in shown(app, "#replay-status")

        await pilot.press("r")
        fill_text_form(app, "Trưởng thôn 3")
        await pilot.press("enter")
        await pilot.pause()

        await pilot.press("t")
        fill_text_form(app, "Xã đã bố trí xe thu gom từ tháng 4.")
        await pilot.press("enter")
        await pilot.pause()

        await pilot.press("m")
        await type_text(pilot, "Bo sung sau hoi nghi")
        await pilot.press("enter")
        await pilot.pause()

        await pilot.press("C")
        assert isinstance(app.screen, ConclusionForm)
        await type_text(pilot, "Cac kien nghi duoc tiep thu")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.playhead.total == 20
        assert screen.meeting is not None
        assert screen.snapshot()[0] == screen.meeting.state
    recorded = read_session(closed_session)
    types = [event.type for event in recorded.events[15:]]
    assert types == [
        "conclusion_recorded",
        "responder_assigned",
        "response_recorded",
        "note_added",
        "conclusion_recorded",
    ]
    assert all(event.at == real.now for event in recorded.events[15:])
    # Words as read, whatever the line breaks (what came after the meeting is marked so).
    text = " ".join(export(recorded, "text").decode().split())
    assert "Giao thon 3 thu gom rac hang tuan" in text
    assert "Trưởng thôn 3" in text
    assert "Xã đã bố trí xe thu gom từ tháng 4." in text
    assert "Cac kien nghi duoc tiep thu" in text
    assert "Bo sung sau hoi nghi" in " ".join(export(recorded, "minutes").decode().split())
    # The screen let the session go when it closed: a live run may open it again.
    LiveMeeting.resume(closed_session).close()


async def test_a_refused_edit_is_said_in_the_interface_language(closed_session: Path) -> None:
    app = make_replay_app(closed_session, clock=FakeClock(), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = replay_screen(app)
        await pilot.press("c")  # issue 1 is under the cursor
        form = app.screen
        assert isinstance(form, ConclusionForm)
        form.query_one("#outcome", Select).value = "noted"
        await type_text(pilot, "x")
        form.query_one("#due", Input).value = "01/01/2020"
        await pilot.press("enter")
        assert isinstance(app.screen, ConclusionForm)
        assert shown(app, "#form-error") == translate("due_before_meeting", "en")
        await pilot.press("escape")
        assert screen.playhead.total == 15
    assert len(read_session(closed_session).events) == 15


async def test_question_mark_shows_the_replay_keys_and_stays_in_the_key_bar(
    closed_session: Path,
) -> None:
    app = make_replay_app(closed_session, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "?" in app.screen.query_one(KeyBar).keys
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [str(k.render()) for k in app.screen.query(".help-key").results(Static)]
        assert {"space", "s", "t", "u", "q"} <= set(keys)
        await pilot.press("escape")
        assert isinstance(app.screen, ReplayScreen)
