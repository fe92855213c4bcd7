"""The follow-up screen (``moderator followup`` on a terminal, issue 10): every conclusion of
the data directory's sessions, overdue first, with filters; ``u`` records progress on the
selected one in its session's log, Enter shows the petition's whole history.

The archive is read once when the screen opens; an update is stored in its session's log (the
session's lock is taken only for that write), then that session alone is read back.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Select, Static

from moderator.archive import Archive, open_archive
from moderator.domain import commands, followup
from moderator.domain.errors import DomainError
from moderator.domain.events import ProgressStatus
from moderator.domain.followup import STATUSES, Filter, HistoryEntry, Item, Period
from moderator.domain.localtime import today as local_today
from moderator.domain.state import MeetingState
from moderator.export.followup_report import figure_blocks
from moderator.export.words import Words
from moderator.i18n import error_text, translate
from moderator.meeting import Clock, LiveMeeting, read_session, utc_now
from moderator.store.errors import StoreError
from moderator.tui.widgets.fmt import truncate
from moderator.tui.widgets.tables import Column, RowTable

SHOWN_ROWS = 100
"""The list holds this many rows at most (overdue first); filters narrow the rest. A district's
archive has tens of thousands: the list is drawn line by line (``RowTable``, only the lines on
the screen), and a filter replaces a hundred rows, not every conclusion."""

TextField = Literal["owner", "area", "village", "session"]
TEXT_FIELDS: tuple[TextField, ...] = get_args(TextField)
STATUS_CYCLE: tuple[str, ...] = ("", "overdue", "open", "none", *STATUSES)
"""What ``s`` steps through: every conclusion, then each kind of status."""
ALL_TIME = Period()
COLUMNS = {
    "late": 8,
    "session": 10,
    "topic": 26,
    "village": 9,
    "area": 13,
    "owner": 13,
    "due": 10,
    "status": 15,
}
"""The list's columns and their widest (longer text is cut with an ellipsis)."""
SHRINK = {"topic": 12, "village": 6, "owner": 8}
"""On a narrow terminal these are cut further, down to this."""
GIVE_WAY = {"area": 1, "session": 2}
"""And these leave, the highest first, when cutting is not enough."""


def _nothing() -> None:
    pass


def _date(typed: str) -> dt.date | None:
    """A date typed as 20/06/2024, 20-6-2024 or 2024-06-20."""
    text = typed.strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class ProgressInput(BaseModel):
    """What the progress form returns."""

    model_config = ConfigDict(frozen=True)

    status: ProgressStatus
    on: dt.date
    note: str = ""


class ProgressForm(ModalScreen[ProgressInput | None]):
    """Status, date and note for one conclusion; refused here exactly as the domain would."""

    # Tab as a priority binding, as in the meeting's forms: the focus moves before the next key
    # is handed to a field, so a burst of "⇥⇥note" lands in the note.
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "submit", show=False),
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(self, item: Item, state: MeetingState, today: dt.date, lang: str) -> None:
        super().__init__()
        self.item, self.state, self.today, self.lang = item, state, today, lang

    def tr(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    def compose(self) -> ComposeResult:
        options = [(self.tr(f"fu_status_{status}"), status) for status in STATUSES]
        with Vertical(id="fu-form"):
            yield Label(self.tr("fu_form_title", topic=truncate(self.item.topic, 60)))
            yield Label(self.tr("fu_form_status"))
            yield Select(options, value=self.item.status or "in_progress", id="fu-status")
            yield Label(self.tr("fu_form_date"))
            yield Input(value=self.today.strftime("%d/%m/%Y"), id="fu-on")
            yield Label(self.tr("fu_form_note"))
            yield Input(id="fu-note")
            yield Static("", id="fu-form-error")
            yield Static(self.tr("fu_form_keys"), id="fu-form-keys")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        error = self.query_one("#fu-form-error", Static)
        on_day = _date(self.query_one("#fu-on", Input).value)
        if on_day is None:
            error.update(self.tr("fu_form_bad_date"))
            return
        status = self.query_one("#fu-status", Select).value
        if status not in STATUSES:
            error.update(self.tr("fu_form_status"))
            return
        model = ProgressInput(
            status=status,
            on=on_day,
            note=self.query_one("#fu-note", Input).value,
        )
        # The domain's verdict, without storing anything: the time is the form's day.
        at = dt.datetime.combine(self.today, dt.time(12), tzinfo=dt.UTC)
        try:
            commands.record_progress(
                self.state,
                at,
                issue=self.item.issue,
                status=model.status,
                on=model.on,
                note=model.note,
            )
        except DomainError as refused:
            error.update(refused.msg.text(self.lang))
            return
        self.dismiss(model)


class TextFilterForm(ModalScreen[str | None]):
    """One line of text to narrow the list by (empty clears that filter)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, field: TextField, value: str, lang: str) -> None:
        super().__init__()
        self.field, self.value, self.lang = field, value, lang

    def compose(self) -> ComposeResult:
        with Vertical(id="fu-filter-form"):
            yield Label(translate(f"fu_filter_{self.field}", self.lang))
            yield Input(value=self.value, id="fu-filter-input")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class _ReadOnlyModal(ModalScreen[None]):
    """A screen to read over the list: Escape or Enter closes it (and the key of each one)."""

    BINDINGS = [
        Binding("escape", "close", show=False),
        Binding("enter", "close", show=False),
    ]

    def action_close(self) -> None:
        self.dismiss(None)


class HistoryScreen(_ReadOnlyModal):
    """One petition's history: raised, answered, concluded, each update, where it came back."""

    BINDINGS = [Binding("q", "close", show=False)]

    def __init__(self, item: Item, entries: list[HistoryEntry], lang: str) -> None:
        super().__init__()
        self.item, self.entries, self.lang = item, entries, lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="fu-history"):
            yield Label(translate("fu_history_title", self.lang, topic=self.item.topic))
            for entry in self.entries:
                yield Static(history_line(entry, self.lang), classes="fu-history-entry")
            yield Static(translate("fu_history_keys", self.lang), id="fu-history-keys")


def history_line(entry: HistoryEntry, lang: str) -> str:
    day = entry.on.strftime("%d/%m/%Y")
    status = translate(f"fu_status_{entry.status}", lang) if entry.status else ""
    return translate(
        f"fu_history_{entry.kind}",
        lang,
        date=day,
        session=entry.session_id,
        text=entry.text,
        who=entry.who,
        status=status,
    )


def _with_text(wanted: Filter, field: TextField, value: str) -> Filter:
    match field:
        case "owner":
            return replace(wanted, owner=value)
        case "area":
            return replace(wanted, area=value)
        case "village":
            return replace(wanted, village=value)
        case "session":
            return replace(wanted, session=value)


class FiguresScreen(_ReadOnlyModal):
    """The period in figures, with text bar charts (as in the report's first section)."""

    BINDINGS = [Binding("f", "close", show=False)]

    def __init__(self, lines: list[str], lang: str) -> None:
        super().__init__()
        self.lines, self.lang = lines, lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="fu-figures"):
            yield Static("\n".join(self.lines), id="fu-figures-text", markup=False)
            yield Static(translate("fu_history_keys", self.lang))


class FollowupScreen(Screen[None]):
    BINDINGS = [
        Binding("o", "text_filter('owner')", show=False),
        Binding("a", "text_filter('area')", show=False),
        Binding("v", "text_filter('village')", show=False),
        Binding("n", "text_filter('session')", show=False),
        Binding("s", "next_status", show=False),
        Binding("c", "clear_filters", show=False),
        Binding("u", "update", show=False),
        Binding("f", "figures", show=False),
        Binding("enter", "history", show=False),
        Binding("q", "quit", show=False),
    ]
    """The list has no Enter of its own: Enter opens the selected row's history."""

    def __init__(
        self, data_dir: Path, *, lang: str, today: dt.date, period: Period, clock: Clock
    ) -> None:
        super().__init__()
        self.data_dir, self.lang, self.today, self.period = data_dir, lang, today, period
        self.clock = clock
        self.archive = Archive((), {}, ())
        self._save_cache: Callable[[], None] = _nothing
        self.all_items: list[Item] = []
        self.index = followup.ItemIndex(())
        self.shown: list[Item] = []
        self.filter = Filter()
        self.overdue = 0
        self._rows: dict[Item, tuple[str, ...]] = {}
        self.columns: list[Column] = []

    def tr(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    def compose(self) -> ComposeResult:
        yield Static("", id="fu-title")
        yield Static("", id="fu-filters")
        yield RowTable(id="fu-table")
        yield Static("", id="fu-notices")
        yield Static(self.tr("fu_keys"), id="fu-keys")

    def on_mount(self) -> None:
        self.columns = [
            Column(
                self.tr(f"fu_col_{name}"),
                max_width=width,
                shrink_to=SHRINK.get(name),
                give_way=GIVE_WAY.get(name, 0),
            )
            for name, width in COLUMNS.items()
        ]
        self.archive, self._save_cache = open_archive(self.data_dir)
        # The archive stays for the screen's life: the garbage collector need not walk its
        # hundreds of thousands of objects again at every full collection (a filter's pause).
        gc.freeze()
        for skipped in self.archive.skipped:
            self.notify(skipped.msg.text(self.lang), severity="warning")
        self._recompute()
        self.call_after_refresh(self._write_cache)  # once the list is on the screen

    def on_unmount(self) -> None:
        self._write_cache()  # closed before the first refresh: written all the same

    def _write_cache(self) -> None:
        save, self._save_cache = self._save_cache, _nothing
        save()

    # -- data ----------------------------------------------------------------------------

    def _sessions(self) -> list[MeetingState]:
        return followup.in_period(self.archive.sessions, self.period)

    def _recompute(self) -> None:
        sessions = self._sessions()
        self.all_items = followup.items(sessions, self.today)
        self.index = followup.ItemIndex(self.all_items)
        self.overdue = sum(1 for item in self.all_items if item.overdue_days)
        notices = followup.notices_due(sessions, self.today)
        self.query_one("#fu-notices", Static).update(
            "  ".join(
                self.tr(
                    "fu_notice_late" if n.days_left < 0 else "fu_notice_due",
                    session=n.session_date.strftime("%d/%m/%Y"),
                    due=n.due.strftime("%d/%m/%Y"),
                    days=abs(n.days_left),
                )
                for n in notices
            )
        )
        self.refilter()

    def refilter(self) -> None:
        """Apply the filters and redraw the list (at most ``SHOWN_ROWS`` rows)."""
        matched = self.index.matching(self.filter)
        self.shown = matched[:SHOWN_ROWS]
        rows = [(f"{item.session_id}#{item.issue}", self._cached_row(item)) for item in self.shown]
        self.query_one(RowTable).set_rows(self.columns, rows)
        self.query_one("#fu-title", Static).update(
            self.tr(
                "fu_screen_title",
                total=len(self.all_items),
                overdue=self.overdue,
                shown=len(self.shown),
                matched=len(matched),
                today=self.today.strftime("%d/%m/%Y"),
            )
        )
        self.query_one("#fu-filters", Static).update(self._filters_text())

    def _cached_row(self, item: Item) -> tuple[str, ...]:
        """Each item's line is made once: filtering back and forth redraws the same lines."""
        row = self._rows.get(item)
        if row is None:
            row = self._rows[item] = self._row(item)
        return row

    def _row(self, item: Item) -> tuple[str, ...]:
        late = self.tr("fu_days", days=item.overdue_days) if item.overdue_days else ""
        status = self.tr(f"fu_status_{item.status}" if item.status else "fu_status_none")
        if item.due is None:
            status = self.tr("fu_item_answered" if item.answered_at_meeting else "fu_status_none")
        cells = (
            late,
            item.session_date.strftime("%d/%m/%Y"),
            item.topic,
            ", ".join(item.villages),
            item.area_name or "",
            item.owner,
            item.due.strftime("%d/%m/%Y") if item.due else "",
            status,
        )
        return cells

    def _filters_text(self) -> str:
        parts = [
            self.tr(f"fu_filter_{name}_is", value=value)
            for name in TEXT_FIELDS
            if (value := getattr(self.filter, name))
        ]
        if self.filter.status:
            parts.append(
                self.tr("fu_filter_status_is", value=self.tr(f"fu_sf_{self.filter.status}"))
            )
        return " · ".join(parts) if parts else self.tr("fu_filter_none")

    def selected(self) -> Item | None:
        row = self.query_one(RowTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    # -- actions -------------------------------------------------------------------------

    def action_text_filter(self, field: TextField) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.filter = _with_text(self.filter, field, value.strip())
                self.refilter()

        self.app.push_screen(TextFilterForm(field, getattr(self.filter, field), self.lang), done)

    def action_next_status(self) -> None:
        index = STATUS_CYCLE.index(self.filter.status)
        status = STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)]
        self.filter = replace(self.filter, status=status)  # type: ignore[arg-type]
        self.refilter()

    def action_clear_filters(self) -> None:
        self.filter = Filter()
        self.refilter()

    def action_figures(self) -> None:
        sessions = self._sessions()
        agenda = sessions[-1].agenda if sessions else None
        if agenda is None:
            return
        w = Words(self.lang)
        lines = []
        figures = followup.figures(sessions, self.today, self.all_items)
        for para in figure_blocks(w, agenda, figures):
            if para.style == "group":
                lines += ["", para.text]
            else:
                lines.append(f"- {para.text}" if para.style == "bullet" else para.text)
        self.app.push_screen(FiguresScreen(lines, self.lang))

    def action_history(self) -> None:
        item = self.selected()
        if item is None:
            return
        entries = followup.history(self.archive.sessions, item.session_id, item.issue)
        self.app.push_screen(HistoryScreen(item, entries, self.lang))

    def action_update(self) -> None:
        item = self.selected()
        if item is None:
            return
        state = next(s for s in self.archive.sessions if s.session_id == item.session_id)

        def done(model: ProgressInput | None) -> None:
            if model is not None:
                self.record(item, model)

        self.app.push_screen(ProgressForm(item, state, self.today, self.lang), done)

    def record(self, item: Item, model: ProgressInput) -> None:
        """Store the update in the session's log, then read that session back."""
        path = self.archive.path_of(item.session_id)
        try:
            with LiveMeeting.resume(path, self.clock) as meeting:
                meeting.do(
                    commands.record_progress,
                    issue=item.issue,
                    status=model.status,
                    on=model.on,
                    note=model.note,
                )
            state = read_session(path).state
        except (DomainError, StoreError) as error:
            self.notify(error_text(error, self.lang), severity="error")
            return
        sessions = tuple(
            state if s.session_id == item.session_id else s for s in self.archive.sessions
        )
        self.archive = replace(self.archive, sessions=sessions)
        self.notify(self.tr("fu_recorded", status=self.tr(f"fu_status_{model.status}")))
        self._recompute()


class FollowupApp(App[None]):
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #fu-title { text-style: bold; }
    #fu-filters, #fu-notices, #fu-keys { color: $text-muted; }
    #fu-table { height: 1fr; }
    ProgressForm, TextFilterForm, HistoryScreen, FiguresScreen { align: center middle; }
    #fu-form, #fu-filter-form, #fu-history, #fu-figures {
        width: 80%; height: auto; max-height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    #fu-form-error { color: $error; }
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        lang: str = "vi",
        today: dt.date | None = None,
        period: Period = ALL_TIME,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__()
        self.data_dir, self.lang, self.period, self.clock = data_dir, lang, period, clock
        self.today = today or local_today()
        self.title = translate("fu_app_title", lang)

    def get_default_screen(self) -> FollowupScreen:
        return FollowupScreen(
            self.data_dir, lang=self.lang, today=self.today, period=self.period, clock=self.clock
        )
