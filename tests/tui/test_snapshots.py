"""Snapshots of the live meeting screen (pytest-textual-snapshot), made deterministic: a fake
clock for the header's clock, the countdown and the waiting times; a fixed time zone for the
local time the room reads; fixed sizes. Pilot tests check behaviour; these check the look.

Re-bless after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from moderator.domain import commands
from moderator.meeting import LiveMeeting
from moderator.tui import make_app
from tests.conftest import FakeClock

Compare = Callable[..., bool]

SPEAKERS = (
    (
        "Nguyễn Văn An",
        "Thôn 2",
        "dat_dai",
        "Sổ đỏ cấp chậm, đã nộp hồ sơ từ năm 2022 chưa có kết quả",
    ),
    ("Tran Thi Binh", "Thôn 5", "moi_truong", "Rác thải ven kênh Đồng Sen chưa được thu gom"),
    ("Lê Văn Cường", "Thôn 7", None, "Đường liên thôn 7 – thôn 9 xuống cấp, mùa mưa ngập"),
    ("Phạm Thị Dung", "Thôn 1", "attp", "Kiểm tra an toàn thực phẩm ở bếp ăn trường mầm non"),
    (
        "Hoàng Văn Em",
        "Thôn 12",
        "gpmb",
        "Tiền đền bù giải phóng mặt bằng đường tỉnh 521 chưa trả đủ",
    ),
)


def fill(meeting: LiveMeeting, clock: FakeClock) -> None:
    """The registered-petitions step with five speakers waiting, registered a minute apart."""
    meeting.do(commands.next_step)
    for name, village, area, topic in SPEAKERS:
        clock.advance(60)
        meeting.do(commands.register_speaker, name=name, village=village, area=area, topic=topic)
    clock.advance(120)


def speak(meeting: LiveMeeting, clock: FakeClock, seconds: float) -> None:
    meeting.do(commands.call_next)
    clock.advance(seconds)


def test_idle(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(120, 40))


def test_idle_small(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(80, 24))


def test_speaking_near_the_warning(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock
) -> None:
    fill(meeting, clock)
    speak(meeting, clock, 180 - 35)  # 35 s left: the warning comes at 30 s
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(120, 40))


def test_overtime(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    speak(meeting, clock, 180 + 42)
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(80, 24))


def test_responses_step(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    for _ in SPEAKERS[:3]:
        speak(meeting, clock, 100)
        meeting.do(commands.end_speech)
    meeting.do(commands.assign_responder, 1, "dia_chinh")
    meeting.do(commands.next_step)  # open floor
    meeting.do(commands.next_step)  # responses
    speak(meeting, clock, 61)
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(120, 40))
