"""The meeting's panels as a screen: header, agenda, current speech, queue and issues, drawn
from a state and a moment. The live screen and the replay are both this view, each saying
where its state and its "now" come from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from moderator.domain import queries
from moderator.domain.state import MeetingState
from moderator.i18n import translate
from moderator.tui.widgets.keybar import KeyBar
from moderator.tui.widgets.panels import AgendaPanel, MeetingHeader, SpeechCard
from moderator.tui.widgets.tables import RowTable, awaiting_rows, issue_rows, queue_rows

REDRAW_SECONDS = 0.25
"""The countdown is recomputed from the clock this often; nothing is counted by ticks."""


class MeetingView(Screen[None]):
    """The meeting's panels, drawn from a state and a moment: the live screen and the replay
    share this, each saying where its state and its "now" come from."""

    live = True
    """The chair's screen, with the meeting's keys (the replay has none of them)."""

    def __init__(self, *, lang: str = "vi", bell: bool = True) -> None:
        super().__init__()
        self.lang = lang
        self.bell = bell
        self._phase: tuple[int, str] | None = None
        self._queue_key: tuple[int, int, bool] | None = None
        self._bound: object = None

    def snapshot(self) -> tuple[MeetingState, dt.datetime]:
        """The state to show and the moment to show it at."""
        raise NotImplementedError

    # -- layout and drawing ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield MeetingHeader(id="header")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield SpeechCard(id="speech")
                yield RowTable(id="queue")
            with Vertical(id="right"):
                yield AgendaPanel(id="agenda")
                yield RowTable(id="issues")
        # ctrl+p still opens the palette (and the help screen says so): the room needs the
        # meeting's own keys in the one footer line of a small screen.
        yield KeyBar()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#queue", RowTable).focus()
        self.set_interval(REDRAW_SECONDS, self.redraw)

    def redraw(self) -> None:
        state, now = self.snapshot()
        tr = self.tr
        self.query_one(MeetingHeader).show(state, now, tr)
        self.query_one(AgendaPanel).show(state, now, tr)
        self.query_one(SpeechCard).show(state, now, tr, live=self.live)
        queue = self.query_one("#queue", RowTable)
        responses = self.responses_mode
        # Waiting times move by the minute: rebuild the queue on a new event or a new minute.
        key = (state.seq, int(now.timestamp() // 60), responses)
        if key != self._queue_key:
            switched = self._queue_key is not None and self._queue_key[2] != responses
            self._queue_key = key
            if responses:
                queue.set_rows(*awaiting_rows(state, tr))
                count = len(queries.awaiting_response(state))
                queue.border_title = tr("tui_awaiting_title", count=count)
            else:
                queue.set_rows(*queue_rows(state, now, tr))
                queue.border_title = tr("tui_queue_title", count=len(state.queue))
            if switched:  # a list of other things: its first row, not the old position
                queue.move_cursor(row=0)
            issues = self.query_one("#issues", RowTable)
            issues.set_rows(*issue_rows(state, tr))
            issues.border_title = tr("tui_issues_title", count=len(state.issues))
        self._refresh_footer()
        self._ring(state, now)

    def binding_state(self) -> object:
        """What decides which keys apply, besides the focus and the selected rows: the key bar
        is worked out again only when it changes, not on every redraw of the clock."""
        return self.snapshot()[0].seq

    def _refresh_footer(self, *, force: bool = False) -> None:
        bound = self.binding_state()
        if force or bound != self._bound:
            self._bound = bound
            self.query_one(KeyBar).show(self.active_bindings)

    def _ring(self, state: MeetingState, now: dt.datetime) -> None:
        """A bell when a speech reaches the warning threshold and when its time is up."""
        speech = state.current_speech
        if speech is None or state.agenda is None:
            self._phase = None
            return
        phase = speech.phase(now, state.agenda.rules.warning_seconds)
        before = self._phase
        self._phase = (speech.number, phase)
        if before is None or before[0] != speech.number or before[1] == phase:
            return
        if phase in ("warning", "overtime") and self.bell:
            self.app.bell()

    @on(RowTable.RowHighlighted)
    def selection_moved(self) -> None:
        self._refresh_footer(force=True)

    def on_descendant_focus(self) -> None:
        self._refresh_footer(force=True)

    # -- what is selected, what applies ----------------------------------------------------

    @property
    def responses_mode(self) -> bool:
        step = self.snapshot()[0].step
        return step is not None and step.kind == "responses"

    def selected_speaker(self) -> int | None:
        if self.responses_mode:
            return None
        key = self.query_one("#queue", RowTable).selected_key
        return int(key[1:]) if key and key.startswith("s") else None

    def selected_issue(self) -> int | None:
        queue = self.query_one("#queue", RowTable)
        table = queue if self.responses_mode and self.focused is queue else None
        key = (table or self.query_one("#issues", RowTable)).selected_key
        return int(key[1:]) if key and key.startswith("i") else None

    def selected_response(self) -> int | None:
        """In the responses step: the issue selected in the list of responses (awaiting or
        skipped), wherever the focus is."""
        if not self.responses_mode:
            return None
        key = self.query_one("#queue", RowTable).selected_key
        return int(key[1:]) if key and key.startswith("i") else None

    def selected_awaiting(self) -> tuple[int, list[int]] | None:
        """The selected issue if it awaits a response, with the order of those awaiting."""
        issue = self.selected_response()
        if issue is None:
            return None
        awaiting = [i.number for i in queries.awaiting_response(self.snapshot()[0])]
        return (issue, awaiting) if issue in awaiting else None

    def tr(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)
