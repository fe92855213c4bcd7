"""The queue and the issues: tables with a row cursor, updated only where their rows change."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from moderator.domain import queries
from moderator.domain.state import Issue, MeetingState, Speaker
from moderator.tui.widgets.fmt import Tr, minutes, truncate

TOPIC_WIDTH = 40
"""Characters of a topic shown in a table row; the card shows it whole."""

ISSUE_TOPIC_WIDTH = 24
"""The issues panel is narrower than the queue: its topics are cut shorter."""

Row = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Column:
    """A column's title and how it gives room when the table is narrower than its rows."""

    title: str
    shrink_to: int | None = None
    """The column may be cut (with an ellipsis) down to this many cells."""
    max_width: int | None = None
    """Cells wider than this are cut (the card or a form shows them whole)."""
    give_way: int = 0
    """Columns with the highest rank are left out first when even cutting is not enough;
    0 never gives way."""
    joins: int | None = None
    """When this column gives way, its text goes at the start of the cell of this column
    (by index; a negative one counts from the end, as in a list), so that what it says is not
    lost on a small screen."""


ColumnSpec = str | Column


class RowTable(ScrollView, can_focus=True):
    """A table of rows (key, cells) with a row cursor, drawn line by line.

    Only the visible lines are drawn, each straight from its cells' text: user text is never
    read as markup, and an update costs what the screen shows, not what the table holds (a
    DataTable re-renders every visible cell through Rich whenever any row changes, which made
    each action on a 300-speaker queue take hundreds of milliseconds).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--cursor",
        "row-table--even-row",
    }

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .row-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to another row (or the rows under it changed)."""

        def __init__(self, table: RowTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._columns: tuple[Column, ...] = ()
        self._rows: list[Row] = []
        self._widths: list[int] = []
        self._cursor = 0
        self._layout: Layout | None = None

    # -- data --------------------------------------------------------------------------------

    def set_rows(self, columns: Sequence[ColumnSpec], rows: Sequence[Row]) -> None:
        """Show these rows; the cursor stays on the same key when it is still there."""
        specs = tuple(c if isinstance(c, Column) else Column(c) for c in columns)
        # A topic may hold line breaks; a table row is one line.
        rows = [(key, tuple(c.replace("\n", " ") for c in cells)) for key, cells in rows]
        if specs == self._columns and rows == self._rows:
            return
        selected = self.selected_key
        self._columns, self._rows = specs, rows
        self._widths = [
            min(
                max([cell_len(column.title), *(cell_len(cells[i]) for _, cells in rows)]),
                column.max_width or 1 << 16,
            )
            for i, column in enumerate(specs)
        ]
        self._layout = None
        self.virtual_size = Size(self._line_width(), len(rows) + 1)
        positions = {key: position for position, (key, _) in enumerate(rows)}
        target = positions.get(selected, self._cursor) if selected is not None else self._cursor
        self._move(target, announce=selected != self.selected_key or target != self._cursor)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def row_keys(self) -> list[str]:
        return [key for key, _ in self._rows]

    def cells(self, key: str) -> tuple[str, ...]:
        """The cells of the row ``key`` as shown (KeyError if it is not in the table)."""
        return dict(self._rows)[key]

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def selected_key(self) -> str | None:
        if not 0 <= self._cursor < len(self._rows):
            return None
        return self._rows[self._cursor][0]

    def move_cursor(self, *, row: int) -> None:
        self._move(row, announce=True)

    # -- keys and mouse ----------------------------------------------------------------------

    def action_cursor(self, by: int) -> None:
        self.move_cursor(row=self._cursor + by)

    def action_page(self, direction: int) -> None:
        self.move_cursor(
            row=self._cursor + direction * max(1, self.scrollable_content_region.height - 1)
        )

    def action_edge(self, end: int) -> None:
        self.move_cursor(row=len(self._rows) - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1:
            self.move_cursor(row=int(self.scroll_offset.y) + offset.y - 1)

    def _move(self, row: int, *, announce: bool) -> None:
        row = min(max(row, 0), max(len(self._rows) - 1, 0))
        if row != self._cursor:
            self._cursor = row
            self.refresh()
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False)
        if announce:
            self.post_message(self.RowHighlighted(self, self.selected_key))

    # -- drawing -----------------------------------------------------------------------------

    def _line_width(self) -> int:
        return sum(self._widths) + GAP * max(len(self._widths) - 1, 0) + 2 * PAD

    def on_resize(self) -> None:
        self._layout = None

    def _fitted(self) -> Layout:
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout.width != width:
            layout = fit_columns(self._columns, self._widths, width)
            shown = {index for index, _ in layout.columns}
            joins = tuple(
                (index, target)
                for index, column in enumerate(self._columns)
                if column.joins is not None
                and index not in shown
                and (target := column.joins % len(self._columns)) in shown
            )
            self._layout = replace(layout, joins=joins)
        return self._layout

    def _line(self, cells: Sequence[str], *, header: bool = False) -> str:
        layout = self._fitted()
        if layout.joins and not header:
            # The text of a column that gave way leads the cell it joins.
            joined = list(cells)
            for source, target in layout.joins:
                if cells[source]:
                    joined[target] = f"{cells[source]} · {joined[target]}"
            cells = joined
        padded = (fit_cell(cells[index], width) for index, width in layout.columns)
        return " " * PAD + (" " * layout.gap).join(padded) + " " * PAD

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("row-table--header")
            titles = [c.title for c in self._columns]
            return self._strip(self._line(titles, header=True), style, width)
        index = int(self.scroll_offset.y) + y - 1
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        style = base
        if index % 2:
            style += self.get_component_rich_style("row-table--even-row")
        if index == self._cursor:
            style += self.get_component_rich_style("row-table--cursor")
        return self._strip(self._line(self._rows[index][1]), style, width)

    def _strip(self, line: str, style: Style, width: int) -> Strip:
        strip = Strip([Segment(line, style)], cell_len(line))
        x = int(self.scroll_offset.x)
        return strip.crop_extend(x, x + width, style)


@dataclass(frozen=True)
class Layout:
    """Which columns are drawn, how wide, and the gap between them, for one table width."""

    width: int
    columns: tuple[tuple[int, int], ...]
    """(column index, width) in order."""
    gap: int
    joins: tuple[tuple[int, int], ...] = ()
    """(column that gave way, shown column its text leads): see ``Column.joins``."""


def fit_columns(columns: Sequence[Column], natural: Sequence[int], width: int) -> Layout:
    """Fit the columns in ``width`` cells: at their natural widths if they fit; else the gaps
    close to one cell, the shrinkable columns are cut, by a third at most, and the
    columns ranked to give way leave, highest rank first, until that is
    enough; with them all gone, the shrinkable columns are cut down to their minimum. What
    still does not fit is cut at the edge."""
    if width <= 0:  # not laid out yet
        return Layout(width, tuple(enumerate(natural)), GAP)
    leaving = sorted(
        (i for i, c in enumerate(columns) if c.give_way), key=lambda i: -columns[i].give_way
    )
    shown = list(range(len(columns)))
    sets = [list(shown)]
    for i in leaving:
        shown.remove(i)
        sets.append(list(shown))

    def comfortable(i: int) -> int:
        return max(columns[i].shrink_to or 0, natural[i] * 2 // 3)

    def least(i: int) -> int:
        return columns[i].shrink_to or 0

    whole = _shrunk(columns, natural, width, sets[0], GAP, natural.__getitem__)
    if whole is not None:
        return whole
    for floor in (comfortable, least):
        for kept in sets if floor is comfortable else sets[-1:]:
            layout = _shrunk(columns, natural, width, kept, 1, floor)
            if layout is not None:
                return layout
    return Layout(width, tuple((i, natural[i]) for i in sets[-1]), 1)


def _shrunk(
    columns: Sequence[Column],
    natural: Sequence[int],
    width: int,
    shown: list[int],
    gap: int,
    floor: Callable[[int], int],
) -> Layout | None:
    """The shown columns in ``width`` with the shrinkable ones cut no lower than ``floor``,
    or None if that is not enough."""
    flexible = [i for i in shown if columns[i].shrink_to is not None]
    fixed = sum(natural[i] for i in shown if columns[i].shrink_to is None)
    room = width - 2 * PAD - gap * max(len(shown) - 1, 0) - fixed
    floors = {i: min(natural[i], floor(i)) for i in flexible}
    if room < sum(floors.values()):
        return None
    widths = {i: natural[i] for i in shown}
    excess = sum(natural[i] for i in flexible) - room
    # A cell at a time from the widest flexible column: cut columns end up alike.
    while excess > 0:
        widest = max((i for i in flexible if widths[i] > floors[i]), key=widths.__getitem__)
        widths[widest] -= 1
        excess -= 1
    return Layout(width, tuple((i, widths[i]) for i in shown), gap)


def fit_cell(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(width - 1, 0)) + "…" if width > 0 else ""


GAP = 2
"""Blank cells between two columns."""
PAD = 1
"""Blank cells before the first column and after the last."""


def queue_rows(state: MeetingState, now: dt.datetime, tr: Tr) -> tuple[list[Column], list[Row]]:
    columns = [
        Column(tr("tui_col_pos")),
        Column(tr("tui_col_name"), shrink_to=10),
        Column(tr("tui_col_village"), shrink_to=6),
        # On a small screen the flags ("trùng #1") lead the topic, the last column: the chair
        # must still see them.
        Column(tr("tui_col_flags"), max_width=24, shrink_to=8, give_way=1, joins=-1),
        Column(tr("tui_col_waiting"), give_way=2),
        Column(tr("tui_col_area"), max_width=18, give_way=3),
        Column(tr("tui_col_topic"), shrink_to=12),
    ]
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


def awaiting_rows(state: MeetingState, tr: Tr) -> tuple[list[Column], list[Row]]:
    """The responses step: issues awaiting an answer in the chair's order, grouped by
    responder, then those skipped."""
    columns = [
        Column(tr("tui_col_responder"), max_width=30, shrink_to=12),
        Column(tr("tui_col_issue")),
        Column(tr("tui_col_supporters"), give_way=1),
        Column(tr("tui_col_topic"), shrink_to=12),
    ]
    rows: list[Row] = []
    previous: str | None = None
    for issue in queries.awaiting_response(state):
        responder = issue.responder or tr("tui_unassigned")
        shown = responder if responder != previous else ""
        previous = responder
        cells = (shown, f"#{issue.number}", _supporters(issue), truncate(issue.topic, TOPIC_WIDTH))
        rows.append((f"i{issue.number}", cells))
    # Passed over, still unanswered: listed last under their own name, so the chair can
    # call one again later; never shown as answered.
    skipped = [i for i in state.issues if i.skipped is not None and not i.responses]
    for index, issue in enumerate(skipped):
        shown = tr("flow_skipped_group") if index == 0 else ""
        cells = (shown, f"#{issue.number}", _supporters(issue), truncate(issue.topic, TOPIC_WIDTH))
        rows.append((f"i{issue.number}", cells))
    return columns, rows


def issue_rows(state: MeetingState, tr: Tr) -> tuple[list[Column], list[Row]]:
    # The topic comes right after the number: the issues panel is narrow, and a reader
    # recognises an issue by its topic first. The outcome and the responder come next, in
    # short words, before the columns that give way on a small screen.
    columns = [
        Column(tr("tui_col_issue")),
        Column(tr("tui_col_topic"), shrink_to=8),
        Column(tr("tui_col_conclusion"), max_width=10),
        Column(tr("look_col_in_charge"), max_width=20, shrink_to=8),
        Column(tr("tui_col_supporters"), give_way=1),
        Column(tr("tui_col_area"), max_width=18, give_way=2),
    ]
    rows: list[Row] = []
    for issue in state.issues:
        conclusion = (
            tr(f"look_outcome_short_{issue.conclusion.outcome}")
            if issue.conclusion
            else tr("tui_answered")
            if issue.responses
            else "—"
        )
        cells = (
            f"#{issue.number}",
            truncate(issue.topic, ISSUE_TOPIC_WIDTH),
            conclusion,
            issue.responder or "—",
            _supporters(issue),
            area_name(state, issue.area),
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
            # By name: the number of a registration is not the position shown in the queue.
            earlier = state.speaker(ref.speaker).name
            flags.append(tr("tui_flag_duplicate_speaker", name=earlier))
    if speaker.earlier is not None:
        flags.append(tr("link_flag"))  # the card says when and what came of it
    if spoke:
        flags.append(tr("tui_flag_spoke", count=spoke))
    return " ".join(flags)
