"""The hall display (``moderator hall``): pilot tests that it shows what the chair does, as
the chair's program writes it, and snapshots of its four faces at three sizes (a laptop
terminal, a small one, a projector's). The chair is a ``LiveMeeting`` on a fake clock; the hall
reads the log on disk through its own follower, as it does beside a real chair's program.

Re-bless after a deliberate change with ``pytest tests/tui/test_hall.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from moderator.domain import commands
from moderator.follow import QUIET_SECONDS, SessionFollower
from moderator.meeting import LiveMeeting
from moderator.tui.hall import HallApp, HallScreen
from tests.conftest import FakeClock
from tests.tui.test_snapshots import SPEAKERS

Compare = Callable[..., bool]
SIZES = [(120, 40), (80, 24), (200, 50)]


@pytest.fixture
def meeting(meeting: LiveMeeting, clock: FakeClock) -> LiveMeeting:
    """Every hall test's meeting: started, the petitions step, five speakers waiting, two
    issues raised."""
    meeting.open_meeting()
    meeting.do(commands.next_step)
    for name, village, area, topic in SPEAKERS:
        clock.advance(60)
        meeting.do(commands.register_speaker, name=name, village=village, area=area, topic=topic)
    for _ in range(2):
        meeting.do(commands.call_next)
        clock.advance(150)
        meeting.do(commands.end_speech)
    clock.advance(20)
    meeting.beat()
    return meeting


def speaking(meeting: LiveMeeting, clock: FakeClock, seconds: float) -> None:
    meeting.do(commands.call_next)
    clock.advance(seconds)
    meeting.beat()


def hall(meeting: LiveMeeting, clock: FakeClock, lang: str = "vi") -> HallApp:
    follower = SessionFollower(meeting.log.path)
    return HallApp(HallScreen(follower, lang=lang, clock=clock, follow=False))


def screen(app: HallApp) -> HallScreen:
    assert isinstance(app.screen, HallScreen)
    return app.screen


def shown(app: HallApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def clock_shows(app: HallApp) -> str:
    return app.screen.query_one("#hall-countdown", Digits).value


async def look(view: HallScreen, pilot: Pilot[None], wait: float | None = None) -> None:
    """The hall looks at the session and redraws."""
    view.poll()
    await pilot.pause(wait)


async def news(meeting: LiveMeeting, view: HallScreen, pilot: Pilot[None]) -> None:
    """The chair's program shows a sign of life; the hall looks and redraws."""
    meeting.beat()
    await look(view, pilot, 0.3)


# -- pilot ------------------------------------------------------------------------------------


async def test_it_follows_a_speech_from_the_call_to_the_closing(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    app = hall(meeting, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        view = screen(app)
        assert view.has_class("-idle")
        assert "Bước 2/6" in shown(app, "#hall-step")
        assert "Phạm Thị Dung" in shown(app, "#hall-next-list")  # third in line is next
        assert "Nguyễn Văn An" not in shown(app, "#hall-next-list")  # spoke already
        assert "1. Sổ đỏ cấp chậm" in shown(app, "#hall-issues-list")

        meeting.do(commands.call_next)
        assert view.poll() == 1
        await pilot.pause()
        assert view.has_class("-speech")
        assert "Lê Văn Cường" in shown(app, "#hall-who")
        assert shown(app, "#hall-details") == "Thôn 7 · Số đăng ký 3"
        assert clock_shows(app) == "03:00"
        assert "3. Đường liên thôn 7" in shown(app, "#hall-issues-list")
        assert "Lê Văn Cường" not in shown(app, "#hall-next-list")

        # Between events the countdown runs from the event's timestamp and the clock.
        clock.advance(61)
        await news(meeting, view, pilot)
        assert clock_shows(app) == "01:59"

        meeting.do(commands.pause_speech)
        view.poll()
        clock.advance(30)
        await news(meeting, view, pilot)
        speech = app.screen.query_one("#hall-speech")
        assert speech.has_class("-paused")
        assert clock_shows(app) == "01:59"
        assert shown(app, "#hall-clock-state") == "TẠM DỪNG"

        meeting.do(commands.resume_speech)
        clock.advance(150)
        await news(meeting, view, pilot)
        assert speech.has_class("-overtime") and not speech.has_class("-paused")
        assert clock_shows(app) == "+00:31"
        assert shown(app, "#hall-clock-state") == "QUÁ GIỜ"

        meeting.do(commands.end_speech)
        meeting.do(commands.next_step)
        await look(view, pilot)
        assert view.has_class("-idle")
        assert "Bước 3/6" in shown(app, "#hall-step")
        assert "Bước 3/6" in shown(app, "#hall-idle-step")

        meeting.do(commands.close_session)
        await look(view, pilot)
        assert view.has_class("-closed")
        assert "đã kết thúc" in shown(app, "#hall-closed-title")
        assert "3 lượt ý kiến · 3 vấn đề" in shown(app, "#hall-closed-counts")


async def test_without_news_during_a_speech_it_says_the_session_is_waiting(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    speaking(meeting, clock, 40)
    app = hall(meeting, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        view = screen(app)
        assert not view.has_class("-waiting")
        assert "Đang theo dõi phiên 2024-03-15-1" in shown(app, "#hall-status")
        assert clock_shows(app) == "02:20"
        # The chair's program is killed: no event, no beat.
        clock.advance(QUIET_SECONDS + 4)
        await look(view, pilot, 0.3)
        assert view.has_class("-waiting")
        assert "Phiên đang chờ" in shown(app, "#hall-status")
        assert "08:11:00" in shown(app, "#hall-status")  # its last sign of life, local time
        # The speech is shown as it stood then: the gap is not the speaker's.
        assert clock_shows(app) == "02:20"
        assert shown(app, "#hall-clock-state") == "ĐANG CHỜ"
        # The chair's program comes back and records the interruption: following again.
        meeting.open_meeting()
        await news(meeting, view, pilot)
        assert not view.has_class("-waiting")
        assert clock_shows(app) == "02:20"


async def test_in_english(meeting: LiveMeeting, clock: FakeClock) -> None:
    speaking(meeting, clock, 10)
    app = hall(meeting, clock, lang="en")
    async with app.run_test(size=(120, 40)):
        assert shown(app, "#hall-details") == "Thôn 7 · Registration 3"
        assert "Step 2/6" in shown(app, "#hall-step")
        assert "read-only" in shown(app, "#hall-status")


async def test_the_hall_follows_by_itself_and_changes_no_file(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    path = meeting.log.path
    app = HallApp(HallScreen(SessionFollower(path), clock=clock))  # its worker follows the log
    async with app.run_test(size=(120, 40)) as pilot:
        before = _files(path.parent)
        await pilot.pause(0.3)
        assert _files(path.parent) == before
        meeting.do(commands.call_next)
        for _ in range(40):
            await pilot.pause(0.05)
            if screen(app).has_class("-speech"):
                break
        assert "Lê Văn Cường" in shown(app, "#hall-who")
        after = _files(path.parent)
    # Only the chair wrote: the journal line it appended, nothing else.
    assert {name for name in after if after[name] != before.get(name)} == {f"{path.name}.journal"}


def _files(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        each.name: (each.read_bytes(), os.stat(each).st_mtime_ns)
        for each in sorted(directory.iterdir())
    }


# -- snapshots --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_speech(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    speaking(meeting, clock, 180 - 75)
    assert snap_compare(hall(meeting, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_overtime(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    speaking(meeting, clock, 180 + 42)
    assert snap_compare(hall(meeting, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_between_speeches(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    assert snap_compare(hall(meeting, clock), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_closed(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    clock.advance(600)
    meeting.do(commands.close_session)
    assert snap_compare(hall(meeting, clock), terminal_size=size)


def test_snapshot_waiting(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    speaking(meeting, clock, 50)
    clock.advance(QUIET_SECONDS + 10)  # the chair's program is gone: no event, no beat
    assert snap_compare(hall(meeting, clock), terminal_size=(120, 40))
