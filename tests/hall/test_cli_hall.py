"""``moderator hall``: which session it follows by default, and its errors in one line."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from moderator.cli import main
from moderator.domain import commands
from moderator.meeting import LiveMeeting


class FakeApp:
    def __init__(self, seen: list[Path], screen: Any) -> None:
        self.seen, self.path = seen, screen.follower.path

    def run(self) -> None:
        self.seen.append(self.path)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The session files ``moderator hall`` opened its screen on (the screen is not run)."""
    seen: list[Path] = []
    import moderator.tui.hall

    monkeypatch.setattr(moderator.tui.hall, "HallApp", lambda screen: FakeApp(seen, screen))
    return seen


def new(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert main(["new", "--data", str(data_dir), "--date", "2024-03-15"]) == 0
    session_id = capsys.readouterr().out.strip()
    return data_dir / f"{session_id}.json"


def test_by_default_it_follows_the_unfinished_session(
    capsys: pytest.CaptureFixture[str], data_dir: Path, opened: list[Path]
) -> None:
    unfinished = new(capsys, data_dir)
    closed = new(capsys, data_dir)
    with LiveMeeting.resume(closed) as meeting:
        meeting.do(commands.close_session)
    assert main(["hall", "--data", str(data_dir)]) == 0
    assert opened == [unfinished]
    assert main(["hall", closed.stem, "--data", str(data_dir)]) == 0
    assert opened[-1] == closed


def test_all_closed_it_follows_the_latest(
    capsys: pytest.CaptureFixture[str], data_dir: Path, opened: list[Path]
) -> None:
    for _ in range(2):
        path = new(capsys, data_dir)
        with LiveMeeting.resume(path) as meeting:
            meeting.do(commands.close_session)
    assert main(["hall", "--data", str(data_dir)]) == 0
    assert opened == [path]


@pytest.mark.parametrize("argv", [["hall"], ["hall", "nope"]])
def test_no_session_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], data_dir: Path, argv: list[str]
) -> None:
    status = main([*argv, "--data", str(data_dir)])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_serving_on_a_port_in_use_is_one_line_and_status_1(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    new(capsys, data_dir)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "moderator", "hall", "--serve", "--data", str(data_dir)]
            + ["--port", str(port), "--lang", "en"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
