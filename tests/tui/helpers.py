"""Helpers for pilot tests: type text, find the main screen, read what a widget shows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select, Static

from moderator.meeting import read_session
from moderator.tui.app import ModeratorApp
from moderator.tui.screens.forms import ConclusionForm
from moderator.tui.screens.main import MainScreen


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def type_registration(
    pilot: Pilot[Any], name: str, village: str, topic: str, area: str = ""
) -> None:
    """Open the add-speaker form and type a name, a village, the area (or pass it) and a
    topic."""
    await pilot.press("a")
    await type_text(pilot, name)
    await pilot.press("enter")
    await type_text(pilot, village)
    await pilot.press("enter")
    await type_text(pilot, area)
    await pilot.press("enter")
    await type_text(pilot, topic)


async def conclude_as_noted(pilot: Pilot[Any], text: str) -> None:
    """On the open conclusion form: the outcome "noted", ``text`` typed in, submitted."""
    form = pilot.app.screen
    assert isinstance(form, ConclusionForm)
    form.query_one("#outcome", Select).value = "noted"
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


def main_screen(app: ModeratorApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), screen
    return screen


def shown(app: ModeratorApp, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def logged_types(app: ModeratorApp) -> list[str]:
    """The event types in the session file on disk: what is shown must be stored."""
    return [event.type for event in read_session(app.meeting.log.path).events]


class Notes:
    """Records the app's notifications."""

    def __init__(self, app: ModeratorApp) -> None:
        self.seen: list[tuple[str, str]] = []
        original = app.notify

        def notify(message: str, **kwargs: Any) -> None:
            self.seen.append((message, str(kwargs.get("severity", "information"))))
            original(message, **kwargs)

        app.notify = notify  # type: ignore[method-assign]
