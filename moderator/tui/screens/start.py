"""The short form before a new session: agenda, date, place, chair, secretary, attendance,
all prefilled, accepted with Enter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
from moderator.tui.screens.forms import parse_date, required_line


class MeetingSetup(BaseModel):
    """What ``LiveMeeting.create`` needs besides the data directory and the session id."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    agenda_path: Path
    agenda: Agenda
    date: dt.date
    place: str
    chair: str
    secretary: str = ""
    attendance: int | None = None

    _required = field_validator("place", "chair")(required_line)
    _line = field_validator("secretary")(clean_line)


class StartScreen(Screen[MeetingSetup | None]):
    # Tab stops at the last field and shift+tab at the first: wrapping round to the agenda
    # path, a prefilled field selected on focus, let the next typed key replace it.
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("tab", "field(1)", show=False, priority=True),
        Binding("shift+tab", "field(-1)", show=False, priority=True),
    ]
    # The date first: the agenda path is rarely changed, and is never the field typing lands in.
    AUTO_FOCUS = "#date"

    def __init__(
        self,
        agenda_path: Path,
        *,
        lang: str = "vi",
        date: dt.date,
        place: str = "",
        given: Mapping[str, str] | None = None,
    ) -> None:
        """``given``: what the command line said of the chair, secretary and attendance (by
        field id), shown in place of the agenda's defaults."""
        super().__init__()
        self.lang = lang
        self.agenda_path = agenda_path
        self.date = date
        self.place = place
        self.given = dict(given or {})
        try:
            self.agenda: Agenda | None = load_agenda(agenda_path)
        except AgendaError:
            self.agenda = None

    def tr(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def compose(self) -> ComposeResult:
        agenda = self.agenda
        chair = (agenda.chair.name or agenda.chair.role) if agenda else ""
        secretary = agenda.secretary if agenda else None
        place = self.place or (agenda.locations[0] if agenda else "")
        locations = agenda.locations if agenda else []
        with Vertical(classes="form", id="start"):
            yield Label(self.tr("tui_start_title"), classes="form-title")
            yield Label(self.tr("tui_start_agenda"))
            yield Input(str(self.agenda_path), id="agenda-file", select_on_focus=False)
            yield Label(self.tr("tui_start_date"))
            yield Input(self.date.strftime("%d/%m/%Y"), id="date")
            yield Label(self.tr("tui_start_place"))
            yield Input(
                place, id="place", suggester=SuggestFromList(locations, case_sensitive=False)
            )
            yield Label(self.tr("tui_start_chair"))
            yield Input(self.given.get("chair") or chair, id="chair")
            yield Label(self.tr("look_start_secretary"))
            default = (secretary.name or secretary.role) if secretary else ""
            yield Input(self.given.get("secretary") or default, id="secretary")
            yield Label(self.tr("tui_start_attendance"))
            yield Input(self.given.get("attendance", ""), id="attendance", type="integer")
            yield Vertical(
                Static("", id="form-error", markup=False),
                Label(self.tr("tui_form_hint"), id="form-hint"),
                classes="form-footer",
            )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_field(self, step: int) -> None:
        # set_focus, not focus(): it moves now, so three quick Tabs move three fields.
        fields = list(self.query(Input))
        focused = self.focused
        if not isinstance(focused, Input) or focused not in fields:
            self.set_focus(fields[0])
            return
        index = fields.index(focused) + step
        if 0 <= index < len(fields):
            self.set_focus(fields[index])

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
                secretary=value["secretary"],
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


_FIELDS = ("agenda-file", "date", "place", "chair", "secretary", "attendance")


class StartApp(App[MeetingSetup | None]):
    """A tiny app around ``StartScreen`` for ``moderator run`` when no session is unfinished."""

    CSS_PATH = "../moderator.tcss"

    def __init__(self, screen: StartScreen) -> None:
        super().__init__()
        self.start = screen
        self.title = screen.tr("tui_start_title")

    def on_mount(self) -> None:
        self.push_screen(self.start, self.exit)


def make_start_app(
    agenda_path: Path,
    *,
    lang: str = "vi",
    date: dt.date,
    place: str = "",
    given: Mapping[str, str] | None = None,
) -> StartApp:
    return StartApp(StartScreen(agenda_path, lang=lang, date=date, place=place, given=given))
