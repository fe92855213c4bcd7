"""kill -9 in the middle of an import: the session holds all of its rows or none, still opens,
and the next writer can take its lock.

The import is driven through ``LiveMeeting.record`` in a writer process of its own
(``store_helpers/writer.py import``), which says "writing" as the batch's first byte goes to the
disk and "done" once ``record`` has returned: a kill that lands between the two has landed
mid-import. Killed at a random moment of that span, it leaves all rows or none; killed with part
of the batch's line on disk (a slow disk makes sure), it leaves none.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting, read_session
from moderator.store.storage import journal_path
from tests.conftest import FakeClock, create_meeting
from tests.unit.store_helpers import WRITER_COMMAND
from tests.unit.store_helpers.writer import row_name

ROWS = 5000
# The check is 12 trials; the suite runs fewer to spare a shared machine's time.
TRIALS = int(os.environ.get("MODERATOR_IMPORT_CRASH_TRIALS", "4"))


def new_session(data_dir: Path, agenda: Agenda) -> Path:
    with create_meeting(
        data_dir, agenda, place="Hội trường UBND xã", chair="Chủ tịch UBND xã", clock=FakeClock()
    ) as meeting:
        return meeting.log.path


def start_import(session: Path, *extra: str) -> subprocess.Popen[str]:
    writer = subprocess.Popen(
        [*WRITER_COMMAND, "import", str(session), str(ROWS), *extra],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "ready\n"
    return writer


def kill(writer: subprocess.Popen[str]) -> bool:
    """Kill -9 now; True if that landed mid-import (before the batch write had returned)."""
    writer.send_signal(signal.SIGKILL)
    output, _ = writer.communicate(timeout=60)
    if writer.returncode == 0:
        assert output.endswith("done\n")
        return False  # it had finished before the signal
    assert writer.returncode == -signal.SIGKILL
    return "done" not in output


def rows_after_the_crash(session: Path) -> int:
    state = read_session(session).state
    names = [speaker.name for speaker in state.speakers]
    assert names in ([], [row_name(n) for n in range(ROWS)]), f"{len(names)} of {ROWS} rows"
    # The killed writer's lock is no obstacle, and the next writer sees the same session.
    with LiveMeeting.resume(session) as meeting:
        assert meeting.state == state
    return len(names)


@pytest.fixture(scope="module")
def spans(tmp_path_factory: pytest.TempPathFactory, agenda: Agenda) -> dict[str, float]:
    """How long an import takes here from "ready", and from "writing", to "done"."""
    session = new_session(tmp_path_factory.mktemp("calibration"), agenda)
    writer = start_import(session)
    ready = time.monotonic()
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"
    writing = time.monotonic()
    assert writer.stdout.readline() == "done\n"
    done = time.monotonic()
    assert writer.wait(timeout=60) == 0
    assert rows_after_the_crash(session) == ROWS
    return {"ready": done - ready, "writing": done - writing}


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_9_mid_import_leaves_all_rows_or_none(
    tmp_path: Path, agenda: Agenda, spans: dict[str, float], trial: int
) -> None:
    # Odd trials kill anywhere in record (mostly its fold, before the write: no row), even
    # ones anywhere in the write, its sync and the compaction after it (every row).
    since = "writing" if trial % 2 == 0 else "ready"
    rng = random.Random(trial)
    for attempt in range(10):
        session = new_session(tmp_path / f"attempt-{attempt}", agenda)
        writer = start_import(session)
        assert writer.stdout is not None
        if since == "writing":
            assert writer.stdout.readline() == "writing\n"
        time.sleep(rng.uniform(0, spans[since]))
        if not kill(writer):
            continue  # the import had returned before the kill: not this test's case
        rows_after_the_crash(session)
        return
    pytest.fail(f"no kill landed mid-import in 10 attempts ({spans[since]:.3f} s each)")


def test_kill_9_with_half_the_batch_on_disk_stores_no_row(tmp_path: Path, agenda: Agenda) -> None:
    session = new_session(tmp_path, agenda)
    journal = journal_path(session)
    assert not journal.exists()
    # A slow disk, so that the kill lands while the batch's line is being written.
    writer = start_import(session, "slow")
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"
    deadline = time.monotonic() + 60
    while not (journal.exists() and journal.stat().st_size > 0):
        assert time.monotonic() < deadline and writer.poll() is None
        time.sleep(0.0005)
    assert kill(writer)
    torn = journal.read_bytes()
    assert torn and not torn.endswith(b"\n"), "the kill was meant to land mid-write"
    assert rows_after_the_crash(session) == 0
    assert not journal.exists()  # the next writer folded the journal, torn tail dropped
