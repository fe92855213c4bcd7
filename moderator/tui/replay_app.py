"""The replay app: built by ``make_replay_app`` for ``moderator replay SESSION`` and for tests."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from moderator.i18n import translate
from moderator.meeting import Clock, utc_now
from moderator.tui.palette import PROVIDERS, open_palette
from moderator.tui.replay_model import SPEEDS, Tape
from moderator.tui.screens.replay import REPLAY_COMMANDS, ReplayScreen


class ReplayApp(App[None]):
    CSS_PATH = ["moderator.tcss", "replay.tcss"]
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = PROVIDERS

    def __init__(self, tape: Tape, *, lang: str = "vi", clock: Clock = utc_now, speed: int = 1):
        super().__init__()
        self.tape = tape
        self.lang = lang
        self.clock = clock
        self.speed = speed
        self.title = translate("replay_app_title", lang)

    def action_command_palette(self) -> None:
        open_palette(self, self.lang)

    def get_default_screen(self) -> Screen[None]:
        return ReplayScreen(self.tape, lang=self.lang, clock=self.clock, speed=self.speed)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers the replay's commands that apply now, in its language."""
        if not isinstance(screen, ReplayScreen):
            return
        for command in REPLAY_COMMANDS:
            if screen.applies(command.method):
                yield SystemCommand(
                    translate(command.label, self.lang),
                    translate(command.help, self.lang),
                    partial(screen.run_action, command.run),
                )


def make_replay_app(
    path: Path, *, lang: str = "vi", clock: Clock = utc_now, speed: int = 1
) -> ReplayApp:
    """The replay of the session file ``path``, read now (``StoreError`` if it cannot be).

    ``clock`` is the real clock: it runs playback (the recorded time moves by its passing
    × the speed) and dates the events of any completion. ``speed`` is the initial speed, one
    of 1, 4, 16, 60.
    """
    if speed not in SPEEDS:
        raise ValueError(f"speed must be one of {', '.join(map(str, SPEEDS))}")
    return ReplayApp(Tape(path), lang=lang, clock=clock, speed=speed)
