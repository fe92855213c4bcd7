"""Every key of the main screen, from the same declarations as the footer and the palette."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from moderator.tui.commands import COMMANDS
from moderator.tui.widgets.fmt import Tr


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss_help", show=False),
    ]

    def __init__(self, tr: Tr, applies: Callable[[str], bool]) -> None:
        super().__init__()
        self.tr = tr
        self.applies = applies

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="help"):
            yield Label(self.tr("tui_help_title"), classes="form-title")
            with VerticalScroll():
                for command in COMMANDS:
                    line = Content.assemble(
                        (f"{command.display:>8}  ", "bold"),
                        (self.tr(command.label), "bold"),
                        "  ",
                        self.tr(command.help),
                    )
                    row = Static(line, classes="help-row")
                    row.set_class(not self.applies(command.action), "-inactive")
                    yield row
            yield Label(self.tr("tui_help_close"), id="form-hint")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
