"""The queue and the issues: tables with a row cursor, updated only where their rows change."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from moderator.domain import queries
from moderator.domain.state import Issue, MeetingState, Speaker
from moderator.tui.widgets.fmt import Tr, minutes, truncate

TOPIC_WIDTH = 40
"""Characters of a topic shown in a table row; the card shows it whole."""

Row = tuple[str, tuple[str, ...]]


class RowTable(DataTable[Text]):
    """A DataTable fed whole lists of rows (key, cells): user text goes in as ``rich.Text``,
    so it is never read as markup; the cursor stays on the same key across updates.

    Only what changed is touched: rows that left are removed, new rows added, changed cells
    updated and, when the order moved, the rows re-sorted. A long queue is not rebuilt on
    every event (each rebuild re-measures and re-renders every row).
    """

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
            self._rows = []
        self._patch(rows)
        self._rows = rows
        if not rows:
            return
        positions = {key: position for position, (key, _) in enumerate(rows)}
        target = positions.get(selected, index) if selected is not None else index
        target = min(max(target, 0), len(rows) - 1)
        if target != self.cursor_row:
            self.move_cursor(row=target, animate=False, scroll=True)

    def _patch(self, rows: list[Row]) -> None:
        before = dict(self._rows)
        after = dict(rows)
        for key in before.keys() - after.keys():
            self.remove_row(key)
        shown = [key for key, _ in self._rows if key in after]
        columns = self.ordered_columns
        for key, cells in rows:
            was = before.get(key)
            if was is None:
                self.add_row(*(_cell(cell) for cell in cells), key=key)
                shown.append(key)
                continue
            if was == cells:
                continue
            for column, old, new in zip(columns, was, cells, strict=True):
                if old != new:
                    wider = cell_len(new) > column.content_width
                    self.update_cell(key, column.key, _cell(new), update_width=wider)
        order = [key for key, _ in rows]
        if shown != order:
            # The cells are fresh objects, so the first one names its row for the sort.
            rank = {id(self.get_row(key)[0]): position for position, key in enumerate(order)}
            self.sort(key=lambda cells: rank[id(cells[0])])

    @property
    def selected_key(self) -> str | None:
        if not self._rows or not 0 <= self.cursor_row < len(self._rows):
            return None
        return self._rows[self.cursor_row][0]


def _cell(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis")


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
