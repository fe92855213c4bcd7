"""The one place durations are written: as a timer shows them and in words."""

from __future__ import annotations

from moderator.i18n.durations import clock, countdown, duration, minutes


def test_a_timer_writes_minutes_and_seconds_and_hours_when_asked() -> None:
    assert clock(185) == "3:05"
    assert clock(185, pad=True) == "03:05"
    assert clock(-185.9) == "3:05"  # whole seconds; the sign is the caller's
    assert clock(3723) == "1:02:03"
    assert clock(3723, hours=False) == "62:03"
    assert clock(65, hours=True) == "0:01:05"


def test_the_speakers_clock_rounds_up_then_counts_overtime() -> None:
    assert countdown(34.2) == "00:35"
    assert countdown(0) == "+00:00"
    assert countdown(-42.7) == "+00:42"
    assert minutes(119.9) == 1
    assert minutes(-5) == 0


def test_a_length_in_words_in_each_language() -> None:
    assert duration(185, "vi") == "3 phút 05 giây"
    assert duration(180, "vi") == "3 phút"
    assert duration(45, "vi") == "45 giây"
    assert duration(185, "en") == "3 min 05 s"
    assert duration(145, "vi", to_minute=True) == "2 phút"
    assert duration(45, "en", to_minute=True) == "45 s"
