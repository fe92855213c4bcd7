"""The keys that apply now, on one line at the bottom of the screen."""

from __future__ import annotations

from textual.binding import ActiveBinding
from textual.content import Content
from textual.widgets import Static


class KeyBar(Static):
    """Drawn as one line of text. Textual's Footer remounts a widget for every key each time
    the keys change, which on this screen is after nearly every action and cost more than the
    action itself."""

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
        self._shown: list[tuple[str, str]] = []

    def show(self, bindings: dict[str, ActiveBinding]) -> None:
        """Show the enabled bindings that ask to be shown, in the order they were bound."""
        shown = [
            (active.binding.key_display or key, active.binding.description)
            for key, active in bindings.items()
            if active.binding.show and active.enabled
        ]
        if shown == self._shown:
            return
        self._shown = shown
        parts: list[Content | tuple[str, str] | str] = []
        for key, description in shown:
            parts.extend(((f" {key} ", "bold reverse"), f" {description} "))
        self.update(Content.assemble(*parts))

    @property
    def keys(self) -> list[str]:
        """The keys shown, as printed."""
        return [key for key, _ in self._shown]
