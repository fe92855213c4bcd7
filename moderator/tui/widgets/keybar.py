"""The keys that apply now, on one line at the bottom of the screen."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.binding import ActiveBinding
from textual.content import Content
from textual.widgets import Static

ALWAYS = frozenset({"help"})
"""Actions the bar shows whatever its width: the way to every other key."""

GIVE_WAY_FIRST = ("quit", "undo")
"""Actions left out first when the line is too short (then the last bound, one by one)."""


@dataclass(frozen=True)
class Entry:
    key: str
    description: str
    action: str


class KeyBar(Static):
    """Drawn as one line of text. Textual's Footer remounts a widget for every key each time
    the keys change, which on this screen is after nearly every action and cost more than the
    action itself.

    On a narrow screen the entries first close up, then the least needed give way, so that
    the line is never cut and the help key (which lists every key) is always there.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[Entry] = []
        self._shown: list[Entry] = []
        self._width = -1

    def show(self, bindings: dict[str, ActiveBinding]) -> None:
        """Show the enabled bindings that ask to be shown, in the order they were bound."""
        entries = [
            Entry(
                active.binding.key_display or key, active.binding.description, active.binding.action
            )
            for key, active in bindings.items()
            if active.binding.show and active.enabled
        ]
        if entries == self._entries and self._width == self.size.width:
            return
        self._entries = entries
        self._draw()

    def on_resize(self, _: events.Resize) -> None:
        if self._width != self.size.width:
            self._draw()

    def _draw(self) -> None:
        self._width = width = self.size.width
        shown, content = fit(self._entries, width)
        self._shown = shown
        self.update(content)

    @property
    def keys(self) -> list[str]:
        """The keys shown, as printed."""
        return [entry.key for entry in self._shown]


def fit(entries: list[Entry], width: int) -> tuple[list[Entry], Content]:
    """The entries that fit in ``width`` cells, and the line that shows them. A width of 0
    (not laid out yet) shows everything."""
    shown = list(entries)
    for spaced in (True, False):
        if width <= 0 or _length(shown, spaced) <= width:
            return shown, _line(shown, spaced)
    for entry in _give_way_order(entries):
        shown.remove(entry)
        if _length(shown, spaced=False) <= width:
            break
    return shown, _line(shown, spaced=False)


def _give_way_order(entries: list[Entry]) -> list[Entry]:
    first = [e for action in GIVE_WAY_FIRST for e in entries if e.action == action]
    rest = [e for e in reversed(entries) if e not in first and e.action not in ALWAYS]
    return first + rest


def _parts(entry: Entry, spaced: bool) -> tuple[str, str]:
    if spaced:
        return f" {entry.key} ", f" {entry.description} "
    return f" {entry.key} ", f"{entry.description} "


def _length(entries: list[Entry], spaced: bool) -> int:
    return sum(cell_len(key) + cell_len(text) for key, text in (_parts(e, spaced) for e in entries))


def _line(entries: list[Entry], spaced: bool) -> Content:
    parts: list[Content | tuple[str, str] | str] = []
    for entry in entries:
        key, text = _parts(entry, spaced)
        parts.extend(((key, "bold reverse"), text))
    return Content.assemble(*parts)
