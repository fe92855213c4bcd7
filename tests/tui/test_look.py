"""What the operator needs stays in view at 80×24 and 120×40, in the interface's language:
the key bar, the issues panel's columns, dialogs, the command palette, the responder list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, OptionList

from moderator.domain import commands
from moderator.i18n import translate
from moderator.meeting import LiveMeeting
from moderator.tui import make_app
from moderator.tui.replay_app import make_replay_app
from moderator.tui.screens.forms import AddSpeakerForm, ConfirmForm, ResponderForm
from moderator.tui.widgets.fmt import plain
from moderator.tui.widgets.keybar import Entry, KeyBar, fit
from moderator.tui.widgets.tables import Column, RowTable, fit_columns
from tests.conftest import START, FakeClock, assign_issue
from tests.tui.helpers import main_screen, type_registration, type_text
from tests.tui.test_snapshots import SPEAKERS, fill, speak, to_the_last_step

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    """Each test that takes it runs at the smallest supported terminal and at a common one."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def filled(meeting: LiveMeeting, clock: FakeClock) -> LiveMeeting:
    """The meeting with the snapshot tests' speakers registered."""
    fill(meeting, clock)
    return meeting


@pytest.fixture
def one_issue(meeting: LiveMeeting, clock: FakeClock) -> LiveMeeting:
    """The queue filled, then one speech given: its issue is in the issues table."""
    fill(meeting, clock)
    speak(meeting, clock, 30)
    meeting.do(commands.end_speech)
    return meeting


def inside(widget: Widget, outer: Region) -> bool:
    """The widget is drawn whole inside ``outer``: nothing of it cut."""
    region = widget.region
    return region.height > 0 and outer.contains_region(region)


# -- the key bar -------------------------------------------------------------------------------


def test_the_key_bar_gives_way_but_keeps_help() -> None:
    entries = [
        Entry("a", "Đăng ký", "add_speaker"),
        Entry("n", "Mời tiếp", "call_next"),
        Entry("e", "Kết thúc", "end_speech"),
        Entry("ctrl+z", "Hoàn tác", "undo"),
        Entry("?", "Trợ giúp", "help"),
        Entry("ctrl+q", "Thoát", "quit"),
    ]
    shown, line = fit(entries, 200)
    assert shown == entries
    shown, line = fit(entries, 50)
    assert [e.key for e in shown] == ["a", "n", "e", "?"]  # quit, then undo, left first
    assert line.cell_length <= 50
    shown, line = fit(entries, 12)
    assert [e.key for e in shown] == ["?"]


async def test_help_is_always_on_the_key_bar(
    filled: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting = filled
    speak(meeting, clock, 30)  # the most keys apply during a speech
    app = make_app(meeting, bell=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        bar = main_screen(app).query_one(KeyBar)
        assert "?" in bar.keys
        assert {"space", "e"} <= set(bar.keys)
        line = str(bar.render())
        assert cell_len(line) <= size[0]  # drawn whole, not cut at the edge
        assert re.search(rf"\? +{translate('tui_cmd_help', 'vi')}", line)


# -- the issues panel ----------------------------------------------------------------------------


def test_columns_shrink_then_give_way() -> None:
    columns = [
        Column("No"),
        Column("Topic", shrink_to=8),
        Column("Outcome"),
        Column("Who", shrink_to=6),
        Column("Count", give_way=1),
        Column("Area", give_way=2),
    ]
    natural = [3, 24, 8, 20, 5, 12]
    wide = fit_columns(columns, natural, 200)
    assert wide.columns == tuple(enumerate(natural)) and wide.gap == 2
    narrow = fit_columns(columns, natural, 34)
    shown = dict(narrow.columns)
    assert set(shown) == {0, 1, 2, 3}  # area, then count, gave way
    assert shown[2] == 8  # the outcome is never cut
    assert shown[1] >= 8 and shown[3] >= 6
    assert sum(shown.values()) + narrow.gap * 3 + 2 <= 34


async def test_the_issues_panel_shows_outcome_and_responder(
    filled: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting = filled
    for _ in SPEAKERS[:3]:
        speak(meeting, clock, 60)
        meeting.do(commands.end_speech)
    meeting.do(commands.assign_responder, 1, "Diêm Đăng Nghiệp")
    assign_issue(meeting, "Giao địa chính xử lý")
    app = make_app(meeting, bell=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        issues = main_screen(app).query_one("#issues", RowTable)
        header = issues.render_line(0).text
        row = issues.render_line(1).text
        assert translate("tui_col_conclusion", "vi") in header
        assert translate("look_col_in_charge", "vi") in header
        assert translate("look_outcome_short_assigned", "vi") in row
        assert "Diêm Đăng" in row
        assert row.rstrip().endswith(("…", "Nghiệp"))  # a cut name says so


# -- dialogs -------------------------------------------------------------------------------------


async def test_the_add_speaker_choices_and_hint_are_in_the_dialog(
    filled: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting = filled
    app = make_app(meeting, bell=False)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await type_registration(
            pilot, "Le Van C", "Thon 5", "rac thai ven kenh dong sen chua duoc thu gom"
        )
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AddSpeakerForm)
        assert form.similar
        box = form.query_one("#add-speaker").region
        screen = Region(0, 0, *size)
        assert screen.contains_region(box)
        for selector in ("#topic", "#similar", "#similar-choice", "#form-hint"):
            assert inside(form.query_one(selector), box), selector
        choice = form.query_one("#similar-choice")
        assert str(choice.render()).startswith("→ Enter")


async def test_the_closing_question_is_read_whole(
    meeting: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    to_the_last_step(meeting)
    app = make_app(meeting, bell=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press("right_square_bracket")
        form = app.screen
        assert isinstance(form, ConfirmForm)
        question = form.query_one(".form-text")
        box = form.query_one("#confirm").region
        assert inside(question, box)
        assert inside(form.query_one("#form-hint"), box)
        # Every word of the question is drawn, after what the record still lacks: the lines,
        # joined, give it back.
        lines = [question.render_line(y).text.strip() for y in range(question.size.height)]
        drawn = " ".join(line for line in lines if line)
        assert drawn.startswith(translate("flow_close_missing", "vi"))
        assert translate("flow_close_no_overall", "vi") in drawn
        assert drawn.endswith(translate("tui_close_question", "vi"))


async def test_the_help_screen_hint_stays_in_view_at_80x24(meeting: LiveMeeting) -> None:
    app = make_app(meeting, bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        box = app.screen.query_one("#help").region
        assert inside(app.screen.query_one("#form-hint"), box)


# -- the command palette -------------------------------------------------------------------------


def test_plain_text_keeps_positions() -> None:
    assert plain("Kết luận") == "ket luan"
    assert plain("Đánh dấu trùng") == "danh dau trung"
    assert len(plain("Ưu tiên ở đây")) == len("Ưu tiên ở đây")


async def test_the_palette_speaks_vietnamese_and_matches_without_diacritics(
    one_issue: LiveMeeting,
) -> None:
    app = make_app(one_issue, bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")  # the issues table: "c" (conclude) applies to its issue
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert CommandPalette.is_open(app)
        field = palette.query_one(Input)
        assert field.placeholder == translate("look_palette_placeholder", "vi")
        await type_text(pilot, "ket luan")
        await pilot.pause(0.2)
        options = palette.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(translate("tui_cmd_conclude", "vi") in p for p in prompts), prompts
        field.value = ""
        await type_text(pilot, "zzzz")
        await pilot.pause(0.8)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts and translate("look_palette_no_matches", "vi") in str(
            options.get_option_at_index(0).prompt.renderable  # type: ignore[union-attr]
        )


async def test_the_palette_speaks_english_in_english(meeting: LiveMeeting) -> None:
    app = make_app(meeting, lang="en", bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.placeholder == translate("look_palette_placeholder", "en")


# -- r: the agenda's responders ------------------------------------------------------------------


async def test_r_lists_the_agendas_responders_and_takes_one(one_issue: LiveMeeting) -> None:
    agenda = one_issue.state.agenda
    assert agenda is not None
    app = make_app(one_issue, bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "r")
        form = app.screen
        assert isinstance(form, ResponderForm)
        listed = form.query_one("#responders", OptionList)
        assert listed.option_count == len(agenda.responders)
        first = str(listed.get_option_at_index(0).prompt)
        assert "Chủ tịch UBND xã" in first and "Diêm Đăng Nghiệp" in first  # role and name
        assert inside(listed, form.query_one("#responder").region)
        await type_text(pilot, "tu phap")  # the prefilled value is selected: typing replaces it
        await pilot.pause()
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == [
            "Công chức Tư pháp – Hộ tịch"
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
    issue = one_issue.state.issue(1)
    assert issue.responder_role == "Công chức Tư pháp – Hộ tịch"


async def test_r_still_takes_a_name_not_in_the_agenda(one_issue: LiveMeeting) -> None:
    app = make_app(one_issue, bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "r")
        assert isinstance(app.screen, ResponderForm)
        await type_text(pilot, "Ông Tư trưởng thôn")
        await pilot.pause()
        assert app.screen.query_one("#responders", OptionList).option_count == 0
        await pilot.press("enter")
        await pilot.pause()
    assert one_issue.state.issue(1).responder == "Ông Tư trưởng thôn"


async def test_the_replay_palette_speaks_vietnamese_too(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    fill(meeting, clock)
    path = meeting.log.path
    meeting.close()
    app = make_replay_app(path, clock=FakeClock(START + dt.timedelta(days=1)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        field = app.screen.query_one(Input)
        assert field.placeholder == translate("look_palette_placeholder", "vi")
        await type_text(pilot, "toc do")  # "Tốc độ", typed without diacritics
        await pilot.pause(0.2)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(translate("replay_cmd_speed", "vi") in p for p in prompts), prompts
