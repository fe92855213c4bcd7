"""Small formatting rules shared by the panels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from moderator.domain.vietnamese import plain_word

Tr = Callable[..., str]
"""``tr(key, **params)``: a catalogue message in the interface's language."""


def mmss(seconds: float) -> str:
    whole = int(abs(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def countdown(remaining: float) -> str:
    """What the big clock shows: time left, then ``+mm:ss`` of overtime."""
    if remaining > 0:
        # Round up so the clock reads 00:00 only when time is really up.
        return mmss(-(-remaining // 1))
    return "+" + mmss(-remaining)


def hms(seconds: float) -> str:
    whole = int(max(0.0, seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def minutes(seconds: float) -> int:
    return int(max(0.0, seconds) // 60)


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
