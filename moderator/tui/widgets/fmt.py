"""Small formatting rules shared by the panels (durations are ``moderator.i18n.durations``'s)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from moderator.domain.vietnamese import plain_word
from moderator.i18n.durations import clock

# The hall imports these from here.
from moderator.i18n.durations import countdown as countdown
from moderator.i18n.durations import minutes as minutes

Tr = Callable[..., str]
"""``tr(key, **params)``: a catalogue message in the interface's language."""


def hms(seconds: float) -> str:
    """The meeting's time so far: ``h:mm:ss``."""
    return clock(max(0.0, seconds), hours=True)


def truncate(text: str, width: int) -> str:
    """One line of at most ``width`` characters, ending with an ellipsis when cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


def date_text(day: dt.date | None, tr: Tr) -> str:
    if day is None:
        return ""
    return tr("tui_date", day=day.day, month=day.month, year=day.year)


def plain(text: str) -> str:
    """``text`` lower-case without diacritics (đ → d), one character for one, so that
    positions found in the plain text are positions in ``text``: how the palette and the
    lists match what an operator types in a hurry. The domain's plain_word, called here only."""
    bare = "".join(plain_word(char)[:1] or char for char in text)
    return bare if len(bare) == len(text) else text.lower()
