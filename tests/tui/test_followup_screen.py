"""The follow-up screen: filter keys, ``u`` records progress in the session's log on disk, Enter
shows the petition's history (raised, concluded, each update, where it came back)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, Select, Static

from moderator.archive import CACHE_NAME
from moderator.domain.agenda import Agenda
from moderator.meeting import read_session
from moderator.tui.followup import (
    FiguresScreen,
    FollowupApp,
    FollowupScreen,
    HistoryScreen,
    ProgressForm,
    TextFilterForm,
)
from moderator.tui.widgets.tables import RowTable
from tests.conftest import FakeClock
from tests.unit.followup_helpers import write_archive

TODAY = dt.date(2024, 6, 20)


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_filter_update_and_history(data_dir: Path, agenda: Agenda) -> None:
    first, _ = write_archive(data_dir, agenda)
    clock = FakeClock(dt.datetime(2024, 6, 20, 3, tzinfo=dt.UTC))
    app = FollowupApp(data_dir, lang="vi", today=TODAY, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, FollowupScreen)
        table = screen.query_one(RowTable)
        assert table.row_count == 5
        await pilot.pause()
        assert (data_dir / CACHE_NAME).is_file()  # written once the list was shown
        # Overdue first, with its days late.
        assert screen.shown[0].key == ("2024-03-15-1", 1)
        assert table.cells(table.row_keys[0])[0] == "51 ngày"
        # s: only the overdue one; s again: the open ones.
        await pilot.press("s")
        assert [i.key for i in screen.shown] == [("2024-03-15-1", 1)]
        await pilot.press("s")
        assert table.row_count == 2
        await pilot.press("c")
        # v: a village typed without diacritics.
        await pilot.press("v")
        assert isinstance(app.screen, TextFilterForm)
        app.screen.query_one(Input).value = "thon 5"
        await pilot.press("enter")
        await pilot.pause()
        assert [i.issue for i in screen.shown] == [2, 3]
        assert "thôn: thon 5" in _text(screen.query_one("#fu-filters", Static))
        await pilot.press("c")
        # u on the overdue one: done, with the answer's number.
        table.move_cursor(row=0)
        await pilot.press("u")
        form = app.screen
        assert isinstance(form, ProgressForm)
        form.query_one("#fu-status", Select).value = "done"
        form.query_one("#fu-on", Input).value = "18/06/2024"
        form.query_one("#fu-note", Input).value = "Đã sửa xong, biên bản 07"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FollowupScreen)
        on_disk = read_session(first).state.issue(1)
        assert on_disk.latest_progress is not None
        assert on_disk.latest_progress.status == "done"
        assert on_disk.latest_progress.on == dt.date(2024, 6, 18)
        assert on_disk.latest_progress.note == "Đã sửa xong, biên bản 07"
        # No longer overdue: the open Q2 conclusion comes first now.
        assert not any(i.overdue_days for i in screen.all_items)
        updated = next(i for i in screen.shown if i.key == ("2024-03-15-1", 1))
        assert updated.status == "done" and updated.late_days == 49
        # Enter: its history, with the update and where it came back.
        table.move_cursor(row=screen.shown.index(updated))
        await pilot.press("enter")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        lines = [_text(s) for s in history.query(".fu-history-entry").results(Static)]
        assert "nêu: Đường liên thôn xuống cấp" in lines[0]
        # In date order: it came back on 14/06, the update is of 18/06.
        assert "14/06/2024 · nêu lại tại phiên 2024-06-14-1" in lines[-2]
        assert "18/06/2024 · Đã giải quyết: Đã sửa xong, biên bản 07" in lines[-1]
        await pilot.press("escape")
        assert isinstance(app.screen, FollowupScreen)
        # f: the figures, with their bars.
        await pilot.press("f")
        figures = app.screen
        assert isinstance(figures, FiguresScreen)
        text = _text(figures.query_one("#fu-figures-text", Static))
        assert "Đã giải quyết nhưng quá hạn: 2;" in text
        assert "- Thôn 5: ████████████████████████ 2" in text
        await pilot.press("f")
        assert isinstance(app.screen, FollowupScreen)


async def test_the_form_refuses_what_the_domain_refuses(data_dir: Path, agenda: Agenda) -> None:
    first, _ = write_archive(data_dir, agenda)
    before = first.read_bytes()
    clock = FakeClock(dt.datetime(2024, 6, 20, 3, tzinfo=dt.UTC))
    app = FollowupApp(data_dir, lang="en", today=TODAY, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("u")
        form = app.screen
        assert isinstance(form, ProgressForm)
        form.query_one("#fu-status", Select).value = "cannot_be_done"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ProgressForm)
        assert "Say why" in _text(form.query_one("#fu-form-error", Static))
        form.query_one("#fu-on", Input).value = "31/02/2024"
        await pilot.press("ctrl+s")
        assert "Not a date" in _text(form.query_one("#fu-form-error", Static))
        await pilot.press("escape")
        assert isinstance(app.screen, FollowupScreen)
    assert first.read_bytes() == before


async def test_the_cache_is_written_even_when_the_screen_closes_at_once(
    data_dir: Path, agenda: Agenda
) -> None:
    write_archive(data_dir, agenda)
    app = FollowupApp(data_dir, lang="vi", today=TODAY)
    async with app.run_test(size=(140, 40)):
        pass
    assert (data_dir / CACHE_NAME).is_file()


async def test_a_burst_of_keys_in_the_update_form_lands_in_the_note(
    data_dir: Path, agenda: Agenda
) -> None:
    """As a terminal delivers a fast typist's "⇥⇥note⏎": all read before any is handled."""
    from textual import events

    first, _ = write_archive(data_dir, agenda)
    clock = FakeClock(dt.datetime(2024, 6, 20, 3, tzinfo=dt.UTC))
    app = FollowupApp(data_dir, lang="vi", today=TODAY, clock=clock)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("u")
        assert isinstance(app.screen, ProgressForm)
        burst = ("\t", "\t", *"CV so 45", "\r")
        names = {"\t": "tab", "\r": "enter", " ": "space"}
        for char in burst:
            app.post_message(events.Key(names.get(char, char), char))
        for _ in range(20):
            await pilot.pause()
            if not isinstance(app.screen, ProgressForm):
                break
    latest = read_session(first).state.issue(1).latest_progress
    assert latest is not None and latest.note == "CV so 45"
