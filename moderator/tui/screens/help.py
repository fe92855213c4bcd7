"""Every key of a screen (live or replay), from the same declarations as its key bar and
the palette."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from moderator.tui.actions import Command
from moderator.tui.widgets.fmt import Tr


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss_help", show=False),
    ]

    def __init__(self, tr: Tr, applies: Callable[[str], bool], commands: Sequence[Command]) -> None:
        super().__init__()
        self.tr = tr
        self.applies = applies
        self.commands = commands

    def compose(self) -> ComposeResult:
        # Three columns (key, name, explanation) so that a wrapped explanation stays in its
        # column; the form scrolls under its docked title and hint on a small screen.
        with Vertical(classes="form", id="help"):
            yield Label(self.tr("tui_help_title"), classes="form-title")
            for command in self.commands:
                line = Horizontal(
                    Static(Content(command.display), classes="help-key"),
                    Static(Content(self.tr(command.label)), classes="help-label"),
                    Static(Content(self.tr(command.help)), classes="help-row"),
                    classes="help-line",
                )
                line.set_class(not self.applies(command.method), "-inactive")
                yield line
            yield Vertical(Label(self.tr("tui_help_close"), id="form-hint"), classes="form-footer")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
