"""The short form before a new session: agenda, date, place, chair, attendance, all
prefilled, accepted with Enter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from moderator.domain.agenda import Agenda, AgendaError, load_agenda
from moderator.domain.text import clean_line
from moderator.i18n import translate
from moderator.tui.screens.forms import parse_date


class MeetingSetup(BaseModel):
    """What ``LiveMeeting.create`` needs besides the data directory and the session id."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    agenda_path: Path
    agenda: Agenda
    date: dt.date
    place: str
    chair: str
    attendance: int | None = None

    @field_validator("place", "chair")
    @classmethod
    def _required(cls, value: str) -> str:
        cleaned = clean_line(value)
        if not cleaned:
            raise ValueError("required")
        return cleaned


class StartScreen(Screen[MeetingSetup | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(
        self, agenda_path: Path, *, lang: str = "vi", date: dt.date, place: str = ""
    ) -> None:
        super().__init__()
        self.lang = lang
        self.agenda_path = agenda_path
        self.date = date
        self.place = place
        try:
            self.agenda: Agenda | None = load_agenda(agenda_path)
        except AgendaError:
            self.agenda = None

    def tr(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def compose(self) -> ComposeResult:
        agenda = self.agenda
        chair = (agenda.chair.name or agenda.chair.role) if agenda else ""
        place = self.place or (agenda.locations[0] if agenda else "")
        locations = agenda.locations if agenda else []
        with Vertical(classes="form", id="start"):
            yield Label(self.tr("tui_start_title"), classes="form-title")
            yield Label(self.tr("tui_start_agenda"))
            yield Input(str(self.agenda_path), id="agenda-file")
            yield Label(self.tr("tui_start_date"))
            yield Input(self.date.strftime("%d/%m/%Y"), id="date")
            yield Label(self.tr("tui_start_place"))
            yield Input(
                place, id="place", suggester=SuggestFromList(locations, case_sensitive=False)
            )
            yield Label(self.tr("tui_start_chair"))
            yield Input(chair, id="chair")
            yield Label(self.tr("tui_start_attendance"))
            yield Input(id="attendance", type="integer")
            yield Static("", id="form-error", markup=False)
            yield Label(self.tr("tui_form_hint"), id="form-hint")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, text: str) -> None:
        line = self.query_one("#form-error", Static)
        line.update(Content(text))
        line.display = bool(text)

    @on(Input.Submitted)
    def submit(self) -> None:
        value = {name: self.query_one(f"#{name}", Input).value for name in _FIELDS}
        path = Path(value["agenda-file"].strip())
        try:
            agenda = load_agenda(path)
        except AgendaError as error:
            self._error(str(error))
            return
        try:
            date = parse_date(value["date"]) or self.date
        except ValueError:
            self._error(self.tr("tui_bad_date", value=value["date"]))
            return
        attendance = int(value["attendance"]) if value["attendance"].strip() else None
        try:
            setup = MeetingSetup(
                agenda_path=path,
                agenda=agenda,
                date=date,
                place=value["place"],
                chair=value["chair"],
                attendance=attendance,
            )
        except ValidationError as error:
            field = str(error.errors()[0]["loc"][0])
            self._error(translate("field_required", self.lang, field=field))
            return
        if attendance is not None and attendance < 0:
            self._error(translate("attendance_negative", self.lang))
            return
        self.dismiss(setup)


_FIELDS = ("agenda-file", "date", "place", "chair", "attendance")


class StartApp(App[MeetingSetup | None]):
    """A tiny app around ``StartScreen`` for ``moderator run`` when no session is unfinished."""

    CSS_PATH = "../moderator.tcss"

    def __init__(self, screen: StartScreen) -> None:
        super().__init__()
        self.start = screen

    def on_mount(self) -> None:
        self.push_screen(self.start, self.exit)


def make_start_app(
    agenda_path: Path, *, lang: str = "vi", date: dt.date, place: str = ""
) -> StartApp:
    return StartApp(StartScreen(agenda_path, lang=lang, date=date, place=place))
