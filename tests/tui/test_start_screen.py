"""The start form: prefilled from the agenda, accepted with Enter, validated."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from moderator.domain.agenda import DEFAULT_AGENDA
from moderator.tui.screens.start import MeetingSetup, make_start_app
from tests.tui.helpers import type_text

pytestmark = pytest.mark.asyncio


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
