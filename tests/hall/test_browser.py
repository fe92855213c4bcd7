"""``moderator hall --serve`` in a real browser: headless Chromium from the system's packages
loads the page, sees the current speaker and the next one when the chair calls them, with two
browsers at once and one of them leaving; no request leaves the machine (the browser can
resolve no other host, and every request it makes is recorded). Saves a screenshot, to
``$HALL_SCREENSHOT`` when set (``make browser-test`` writes docs/hall-browser.png).

Skipped, with the reason, where Chromium is not installed (``apt-get install chromium``).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting
from tests.conftest import create_meeting
from tests.hall.browser import CHROMIUM, chromium, connect, wait_for
from tests.tui.test_snapshots import SPEAKERS

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"
)


@dataclass
class Seen:
    shot: bytes
    requests: list[str]
    websockets: list[str]


@pytest.fixture
def chair(data_dir: Path, agenda: Agenda) -> Iterator[LiveMeeting]:
    """The chair's program, holding the session's lock, one speaker speaking."""
    meeting = create_meeting(data_dir, agenda)
    meeting.open_meeting()
    meeting.do(commands.next_step)
    for name, village, area, topic in SPEAKERS:
        meeting.do(commands.register_speaker, name=name, village=village, area=area, topic=topic)
    meeting.do(commands.call_next)
    meeting.beat()
    yield meeting
    meeting.close()


@pytest.fixture
def server(data_dir: Path, chair: LiveMeeting) -> Iterator[tuple[int, str, subprocess.Popen[str]]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "moderator", "hall", "--serve"]
        + ["--data", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    yield port, process.stdout.readline(), process
    process.terminate()
    process.communicate(timeout=10)


async def browse(devtools: str, url: str, chair: LiveMeeting) -> Seen:
    async with connect(devtools) as browser:
        first_target, first = await browser.open(url, width=1600, height=900)
        second_target, second = await browser.open(url, width=1024, height=640)
        assert await wait_for(first, "Nguyễn Văn An"), first.received()[-2000:]
        assert await wait_for(second, "Nguyễn Văn An")
        # One browser leaves; the chair goes on, and the other browser follows.
        await browser.close(second_target)
        chair.do(commands.end_speech)
        chair.do(commands.call_next)
        chair.beat()
        assert await wait_for(first, "Tran Thi Binh")
        chair.do(commands.end_speech)
        chair.do(commands.call_next)
        chair.beat()
        assert await wait_for(first, "Lê Văn Cường")
        await asyncio.sleep(2.5)  # the countdown runs; the page paints what it received
        shot = await browser.screenshot(first)
        await browser.close(first_target)
        return Seen(shot, first.requests + second.requests, first.websockets + second.websockets)


def test_a_browser_shows_the_live_hall_view_with_nothing_from_outside(
    chair: LiveMeeting, server: tuple[int, str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    port, started, process = server
    assert f"http://127.0.0.1:{port}" in started and "chỉ xem" in started
    with chromium() as devtools:
        seen = asyncio.run(browse(devtools, f"http://127.0.0.1:{port}/?fontsize=17", chair))
    assert seen.shot.startswith(b"\x89PNG") and len(seen.shot) > 20_000
    Path(os.environ.get("HALL_SCREENSHOT") or tmp_path / "hall.png").write_bytes(seen.shot)

    hosts = {urlsplit(each).netloc for each in seen.requests + seen.websockets}
    assert hosts == {f"127.0.0.1:{port}"}, seen.requests
    fonts = [each for each in seen.requests if "/static/fonts/" in each]
    assert fonts and all(each.endswith("RobotoMono-VariableFont_wght.ttf") for each in fonts)
    assert len(seen.websockets) == 2
    assert process.poll() is None  # the server outlived its browsers
