"""How a length of time is written, in one place for the whole program: as a timer shows it
("3:05", "1:02:03", the big clock's "03:05" and "+00:12") and in words in each language
("3 phút 05 giây", "3 min 05 s"). The screens, the hall, the command line and the documents
all write durations through these.
"""

from __future__ import annotations

from moderator.i18n import translate


def clock(seconds: float, *, hours: bool | None = None, pad: bool = False) -> str:
    """``seconds`` (whole seconds, the sign left to the caller) as a timer shows it: ``m:ss``,
    or ``h:mm:ss`` when ``hours`` (None: only from the first hour on); ``pad`` writes the
    minutes with two digits ("03:05")."""
    whole = int(abs(seconds))
    hour, rest = divmod(whole, 3600) if hours is not False else (0, whole)
    minute, second = divmod(rest, 60)
    if hours or (hours is None and hour):
        return f"{hour}:{minute:02d}:{second:02d}"
    return f"{minute:02d}:{second:02d}" if pad else f"{minute}:{second:02d}"


def countdown(remaining: float) -> str:
    """What a speaker's clock shows: the time left, then ``+mm:ss`` of overtime."""
    if remaining > 0:
        # Round up so the clock reads 00:00 only when time is really up.
        return clock(-(-remaining // 1), pad=True)
    return "+" + clock(-remaining, pad=True)


def minutes(seconds: float) -> int:
    """The full minutes in ``seconds`` (none for a negative length)."""
    return int(max(0.0, seconds) // 60)


def duration(seconds: float, lang: str, *, to_minute: bool = False) -> str:
    """A length in words in ``lang``, to the second: "3 phút 05 giây" / "3 min 05 s";
    ``to_minute``: from a minute on, to the nearest minute ("3 phút" / "3 min")."""
    whole = round(seconds)
    if to_minute and whole >= 60:
        return translate("duration_m", lang, minutes=round(whole / 60))
    minutes, secs = divmod(whole, 60)
    if minutes == 0:
        return translate("duration_s", lang, seconds=secs)
    if secs == 0:
        return translate("duration_m", lang, minutes=minutes)
    return translate("duration_ms", lang, minutes=minutes, seconds=secs)
