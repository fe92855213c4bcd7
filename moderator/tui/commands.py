"""The main screen's commands, each declared once: its key, the words shown in the footer, the
command palette and the help screen, and whether the footer shows it.

The screen binds the keys from this list, the app offers the same list in the palette, and the
help screen prints it; ``check_action`` on the screen decides which apply now.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    action: str
    """The screen's action (``action_<name>``)."""
    keys: str
    """Textual key names, comma-separated."""
    display: str
    """How the key is printed in the footer and the help screen."""
    footer: bool = True

    @property
    def label(self) -> str:
        """Catalogue key of the short name (footer, palette title)."""
        return f"tui_cmd_{self.action}"

    @property
    def help(self) -> str:
        """Catalogue key of the one-line explanation (palette, help screen)."""
        return f"tui_help_{self.action}"


COMMANDS: tuple[Command, ...] = (
    Command("add_speaker", "a", "a"),
    Command("call_next", "n", "n"),
    # The responses step only: the selected issue is passed over, never read as answered.
    Command("skip_response", "s", "s"),
    Command("toggle_pause", "space", "space"),
    Command("end_speech", "e", "e"),
    Command("extend", "plus", "+", footer=False),
    Command("shorten", "minus", "-", footer=False),
    Command("next_step", "right_square_bracket", "]"),
    Command("previous_step", "left_square_bracket", "[", footer=False),
    # The same key as next_step: at the last step, where there is no next step, "]" closes.
    Command("close_session", "right_square_bracket", "]"),
    Command("assign_responder", "r", "r"),
    Command("conclude", "c", "c"),
    # The conclusion step only: a petition still waiting becomes an issue, to be concluded.
    # Off the key bar (the idle card and the step change name it): the bar must fit 80 columns.
    Command("take_up", "u", "u", footer=False),
    Command("duplicate", "d", "d", footer=False),
    Command("withdraw", "x", "x", footer=False),
    Command("move_up", "ctrl+up", "ctrl+↑", footer=False),
    Command("move_down", "ctrl+down", "ctrl+↓", footer=False),
    Command("note", "m", "m", footer=False),
    Command("undo", "ctrl+z", "ctrl+z"),
    Command("help", "question_mark", "?"),
    Command("quit", "ctrl+q", "ctrl+q"),
)

BY_ACTION: dict[str, Command] = {command.action: command for command in COMMANDS}
