"""The replay app: built by ``make_replay_app`` for ``moderator replay SESSION`` and for tests."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from moderator.i18n import translate
from moderator.meeting import Clock, utc_now
from moderator.tui.actions import SPEEDS
from moderator.tui.palette import PaletteApp
from moderator.tui.replay_model import Tape
from moderator.tui.screens.replay import ReplayScreen


class ReplayApp(PaletteApp):
    CSS_PATH = ["moderator.tcss", "replay.tcss"]

    def __init__(self, tape: Tape, *, lang: str = "vi", clock: Clock = utc_now, speed: int = 1):
        super().__init__()
        self.tape = tape
        self.lang = lang
        self.clock = clock
        self.speed = speed
        self.title = translate("replay_app_title", lang)

    def get_default_screen(self) -> Screen[None]:
        return ReplayScreen(self.tape, lang=self.lang, clock=self.clock, speed=self.speed)


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
