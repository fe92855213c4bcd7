"""kill -9 during a long import: the session still opens, holds a gap-free prefix of the
rows, and the next writer can take its lock."""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from moderator.cli import main
from moderator.meeting import LiveMeeting, read_session

ROWS = 2000
TRIALS = 3


def write_rows(path: Path) -> list[str]:
    names = [f"Người dân số {i}" for i in range(ROWS)]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "village", "topic"])
        for i, name in enumerate(names):
            writer.writerow(
                [name, f"Thôn {i % 12 + 1}", f"Kiến nghị số {i} về đường thôn {i % 12 + 1}"]
            )
    return names


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_during_import_leaves_a_prefix(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, trial: int
) -> None:
    assert main(["new", "--data", str(data_dir), "--date", "2024-03-15"]) == 0
    session_id = capsys.readouterr().out.strip()
    session = data_dir / f"{session_id}.json"
    names = write_rows(tmp_path / "rows.csv")
    env = {**os.environ, "MODERATOR_DATA": str(data_dir)}
    importer = subprocess.Popen(
        [sys.executable, "-m", "moderator", "import", session_id, str(tmp_path / "rows.csv")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    size = session.stat().st_size
    deadline = time.monotonic() + 60
    journal = session.with_name(session.name + ".journal")
    # Wait until the import is writing, then kill it at a random moment of the writing.
    while not journal.exists() and session.stat().st_size == size:
        assert time.monotonic() < deadline and importer.poll() is None
        time.sleep(0.005)
    time.sleep(random.Random(trial).uniform(0, 0.8))
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait()

    state = read_session(session).state
    got = [s.name for s in state.speakers]
    assert got == names[: len(got)]
    with LiveMeeting.resume(session) as meeting:
        assert meeting.state == state
