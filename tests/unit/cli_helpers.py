"""The command line run in-process, as the CLI tests drive it: ``moderator.cli.main`` with
what it printed, a new session, and the shape of every refusal (one line, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderator.cli import main
from moderator.domain.state import MeetingState
from moderator.meeting import read_session
from moderator.store.datadir import resolve_session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def refused(status: int, err: str, expected: int = 2) -> None:
    """A refusal: the status (2, bad usage or input, unless ``expected`` says otherwise) and
    one plain line on stderr."""
    assert status == expected, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def new_session(capsys: pytest.CaptureFixture[str], data_dir: Path, *extra: str) -> str:
    """A new session of 15 March 2024 (``extra``: more options of ``new``); its id."""
    status, out, err = run(capsys, "new", "--data", str(data_dir), "--date", "2024-03-15", *extra)
    assert status == 0, err
    return out.strip()


def imported(
    capsys: pytest.CaptureFixture[str], data_dir: Path, session: str, rows: Path
) -> MeetingState:
    """``moderator import`` of ``rows`` into ``session``, which must succeed; the session after."""
    status, _, err = run(capsys, "import", session, str(rows), "--data", str(data_dir))
    assert status == 0, err
    return read_session(resolve_session(data_dir, session)).state
