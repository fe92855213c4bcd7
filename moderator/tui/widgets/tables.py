"""The queue and the issues: tables with a row cursor, rebuilt only when their rows change."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from moderator.domain import queries
from moderator.domain.state import Issue, MeetingState, Speaker
from moderator.tui.widgets.fmt import Tr, minutes, truncate

TOPIC_WIDTH = 40
"""Characters of a topic shown in a table row; the card shows it whole."""

Row = tuple[str, tuple[str, ...]]


class RowTable(DataTable[Text]):
    """A DataTable fed whole lists of rows (key, cells): user text goes in as ``rich.Text``,
    so it is never read as markup; the cursor stays on the same key across rebuilds."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns: tuple[str, ...] = ()
        self._rows: list[Row] = []

    def set_rows(self, columns: Sequence[str], rows: Sequence[Row]) -> None:
        columns, rows = tuple(columns), list(rows)
        if columns == self._columns and rows == self._rows:
            return
        selected = self.selected_key
        index = self.cursor_row
        if columns != self._columns:
            self.clear(columns=True)
            self.add_columns(*columns)
            self._columns = columns
        else:
            self.clear()
        for key, cells in rows:
            self.add_row(
                *(Text(cell, no_wrap=True, overflow="ellipsis") for cell in cells), key=key
            )
        self._rows = rows
        if not rows:
            return
        with contextlib.suppress(RowDoesNotExist):
            index = self.get_row_index(selected) if selected is not None else index
        self.move_cursor(row=min(max(index, 0), len(rows) - 1), animate=False, scroll=True)

    @property
    def selected_key(self) -> str | None:
        if not self._rows or not 0 <= self.cursor_row < len(self._rows):
            return None
        return self._rows[self.cursor_row][0]


def queue_rows(state: MeetingState, now: dt.datetime, tr: Tr) -> tuple[list[str], list[Row]]:
    names = ("pos", "name", "village", "flags", "waiting", "area", "topic")
    columns = [tr(f"tui_col_{name}") for name in names]
    rows: list[Row] = []
    # Counted once per redraw: queries.times_spoken per row is quadratic on a long meeting.
    spoke = Counter(
        state.speaker(speech.speaker).person
        for speech in state.speeches
        if speech.kind == "petition" and speech.speaker is not None
    )
    for position, speaker in enumerate(state.queued(), start=1):
        cells = (
            str(position),
            speaker.name,
            speaker.village,
            _flags(state, speaker, spoke[speaker.person], tr),
            tr("tui_minutes", minutes=minutes((now - speaker.registered_at).total_seconds())),
            area_name(state, speaker.area),
            truncate(speaker.topic, TOPIC_WIDTH),
        )
        rows.append((f"s{speaker.number}", cells))
    return columns, rows


def awaiting_rows(state: MeetingState, tr: Tr) -> tuple[list[str], list[Row]]:
    """The responses step: issues awaiting an answer, grouped by responder."""
    columns = [tr(f"tui_col_{name}") for name in ("responder", "issue", "supporters", "topic")]
    rows: list[Row] = []
    previous: str | None = None
    for issue in queries.awaiting_response(state):
        responder = issue.responder or tr("tui_unassigned")
        shown = responder if responder != previous else ""
        previous = responder
        cells = (shown, f"#{issue.number}", _supporters(issue), truncate(issue.topic, TOPIC_WIDTH))
        rows.append((f"i{issue.number}", cells))
    return columns, rows


def issue_rows(state: MeetingState, tr: Tr) -> tuple[list[str], list[Row]]:
    names = ("issue", "supporters", "conclusion", "responder", "area", "topic")
    columns = [tr(f"tui_col_{name}") for name in names]
    rows: list[Row] = []
    for issue in state.issues:
        conclusion = (
            tr(f"tui_outcome_{issue.conclusion.outcome}")
            if issue.conclusion
            else tr("tui_answered")
            if issue.responses
            else "—"
        )
        cells = (
            f"#{issue.number}",
            _supporters(issue),
            conclusion,
            issue.responder or "—",
            area_name(state, issue.area),
            truncate(issue.topic, TOPIC_WIDTH),
        )
        rows.append((f"i{issue.number}", cells))
    return columns, rows


def area_name(state: MeetingState, area_id: str | None) -> str:
    if state.agenda is None or area_id is None:
        return ""
    area = state.agenda.area(area_id)
    return area.name if area else area_id


def _supporters(issue: Issue) -> str:
    return f"×{issue.supporters}"


def _flags(state: MeetingState, speaker: Speaker, spoke: int, tr: Tr) -> str:
    flags: list[str] = []
    ref = speaker.duplicate_of
    if ref is not None:
        issue = queries.issue_repeated(state, speaker)
        if issue is not None:
            flags.append(tr("tui_flag_duplicate_issue", number=issue))
        elif ref.speaker is not None:
            flags.append(tr("tui_flag_duplicate_speaker", number=ref.speaker))
    if spoke:
        flags.append(tr("tui_flag_spoke", count=spoke))
    return " ".join(flags)
