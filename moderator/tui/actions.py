"""The commands of both screens, each declared once: its key, the words shown in the key bar,
the command palette and the help screen, and whether the key bar shows it.

The live screen binds ``LIVE_COMMANDS``, the replay ``REPLAY_COMMANDS``; each app offers its
screen's list in the palette, and the help screen prints the live one. ``applies`` on each
screen decides which apply now. These are the screens' actions; the decisions they run are
``moderator.domain.commands``.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEEDS: tuple[int, ...] = (1, 4, 16, 60)
"""The replay's speeds (× the recorded time), each on a number key in that order."""


@dataclass(frozen=True)
class Command:
    name: str
    """What the catalogue calls it: ``<words>_cmd_<name>`` and ``<words>_help_<name>``."""
    keys: str
    """Textual key names, comma-separated."""
    display: str
    """How the key is printed in the key bar and the help screen."""
    run: str = ""
    """The screen's action with its arguments (``set_speed(4)``); empty: ``name``."""
    footer: bool = True
    priority: bool = False
    """Read before the focused widget sees the key (the tables take ← → Home End)."""
    words: str = "tui"
    """The catalogue's prefix for its words: ``tui`` (live) or ``replay``."""

    @property
    def action(self) -> str:
        """What the key runs: ``action_<method>`` with the arguments written here."""
        return self.run or self.name

    @property
    def method(self) -> str:
        """The action's name without its arguments: what ``applies`` is asked about."""
        return self.action.split("(", 1)[0]

    @property
    def label(self) -> str:
        """Catalogue key of the short name (key bar, palette title)."""
        return f"{self.words}_cmd_{self.name}"

    @property
    def help(self) -> str:
        """Catalogue key of the one-line explanation (palette, help screen)."""
        return f"{self.words}_help_{self.name}"


LIVE_COMMANDS: tuple[Command, ...] = (
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


def _replay(
    name: str,
    keys: str,
    display: str,
    run: str = "",
    *,
    footer: bool = True,
    priority: bool = False,
) -> Command:
    return Command(name, keys, display, run, footer, priority, words="replay")


REPLAY_COMMANDS: tuple[Command, ...] = (
    _replay("play_pause", "space", "space"),
    _replay("speed", "s", "s"),
    *(
        _replay(f"speed_{speed}", str(key), str(key), f"set_speed({speed})", footer=False)
        for key, speed in enumerate(SPEEDS, start=1)
    ),
    # Keys the tables would otherwise take (← → Home End move their cursor) are read first.
    _replay("back", "left", "←", priority=True),
    _replay("forward", "right", "→", priority=True),
    _replay("previous_step", "left_square_bracket", "[", footer=False),
    _replay("next_step", "right_square_bracket", "]"),
    _replay("start", "home", "Home", footer=False, priority=True),
    _replay("end", "end", "End", footer=False, priority=True),
    _replay("conclude", "c", "c"),
    _replay("conclude_overall", "C", "C", footer=False),
    # The live screen's flows, after the meeting: the same actions under the replay's words.
    _replay("responder", "r", "r", "assign_responder"),
    _replay("answer", "t", "t"),
    _replay("note", "m", "m"),
    _replay("take_up", "u", "u"),
    _replay("help", "question_mark", "?"),
    _replay("quit", "q", "q"),
)
