"""The start form: prefilled from the agenda, accepted with Enter, validated."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input

from moderator.domain.agenda import DEFAULT_AGENDA
from moderator.tui.screens.start import MeetingSetup, make_start_app
from tests.tui.helpers import type_text


async def test_enter_accepts_the_prefilled_form() -> None:
    app = make_start_app(DEFAULT_AGENDA, date=dt.date(2024, 3, 15))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
    setup = app.return_value
    assert isinstance(setup, MeetingSetup)
    assert setup.date == dt.date(2024, 3, 15)
    assert setup.chair == "Diêm Đăng Nghiệp"
    assert setup.place == "Hội trường UBND xã Trung Sơn"
    assert setup.agenda.organiser == "UBND xã Trung Sơn"


async def test_a_bad_agenda_path_is_reported_in_the_form() -> None:
    app = make_start_app(DEFAULT_AGENDA, lang="en", date=dt.date(2024, 3, 15))
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.query_one("#agenda-file", Input).value = "/nonexistent.toml"
        await pilot.click("#attendance")
        await type_text(pilot, "120")
        await pilot.press("enter")
        assert "file not found" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
    assert app.return_value is None


async def test_the_secretary_is_prefilled_from_the_agenda_and_can_be_changed() -> None:
    app = make_start_app(DEFAULT_AGENDA, date=dt.date(2024, 3, 15))
    async with app.run_test(size=(80, 24)) as pilot:
        secretary = app.screen.query_one("#secretary", Input)
        assert secretary.value == "Công chức Văn phòng – Thống kê"  # no name in the agenda
        await pilot.click("#secretary")
        secretary.value = ""
        await type_text(pilot, "Lê Thị Hoa")
        await pilot.press("enter")
    setup = app.return_value
    assert isinstance(setup, MeetingSetup)
    assert setup.secretary == "Lê Thị Hoa"


async def test_tab_past_the_last_field_stays_there_and_keeps_the_agenda_path() -> None:
    app = make_start_app(DEFAULT_AGENDA, date=dt.date(2024, 3, 15))
    async with app.run_test(size=(80, 24)) as pilot:
        # Typing lands in the date, never in the agenda path.
        assert app.screen.focused is app.screen.query_one("#date", Input)
        await pilot.press(*["tab"] * 8)
        attendance = app.screen.query_one("#attendance", Input)
        assert app.screen.focused is attendance
        await type_text(pilot, "95")
        await pilot.press(*["shift+tab"] * 8)
        assert app.screen.focused is app.screen.query_one("#agenda-file", Input)
        await type_text(pilot, "x")  # appended, not replacing the path
        assert app.screen.query_one("#agenda-file", Input).value.startswith(str(DEFAULT_AGENDA))
        await pilot.press("backspace", "enter")
    setup = app.return_value
    assert isinstance(setup, MeetingSetup)
    assert setup.agenda_path == DEFAULT_AGENDA
    assert setup.attendance == 95


async def test_what_the_command_line_gave_replaces_the_agenda_defaults() -> None:
    given = {"chair": "Nguyễn Văn Phó", "secretary": "Lê Thị Thư", "attendance": "85"}
    app = make_start_app(DEFAULT_AGENDA, date=dt.date(2024, 3, 15), given=given)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
    setup = app.return_value
    assert isinstance(setup, MeetingSetup)
    assert (setup.chair, setup.secretary, setup.attendance) == ("Nguyễn Văn Phó", "Lê Thị Thư", 85)
