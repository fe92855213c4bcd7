"""The hall's follower against a real writer in another process: every event, in order, live,
across compactions and a kill -9 of the writer and its resumption by a new process; and it
never changes the session's files, even while the chair's program holds the lock."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import dump_event
from moderator.follow import SessionFollower
from moderator.meeting import LiveMeeting, read_session
from moderator.store.storage import dumps, journal_path
from tests.conftest import create_meeting

WRITER = Path(__file__).with_name("writer.py")
SESSION = "2024-03-15-1"


def new_session(data_dir: Path, agenda: Agenda) -> Path:
    with create_meeting(data_dir, agenda, SESSION) as meeting:
        meeting.open_meeting()
        meeting.do(commands.next_step)
        return meeting.log.path


def writer(path: Path, *, compact_every: int, count: int, delay: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), str(compact_every), str(count), str(delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


class Watcher:
    """A follower polling in a thread, as the hall screen does, noting each state it sees."""

    def __init__(self, path: Path) -> None:
        self.follower = SessionFollower(path)
        self.seen: list[int] = [self.follower.state.seq]
        self.versions = {_version(path)}
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        path = self.follower.path
        while not self._stop.is_set():
            try:
                if self.follower.poll():
                    self.seen.append(self.follower.state.seq)
                    self.versions.add(_version(path))
            except BaseException as error:  # noqa: BLE001 - reported by the test
                self.errors.append(error)
                return
            time.sleep(0.002)

    def wait_for(self, seq: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while self.follower.state.seq < seq and time.monotonic() < deadline and not self.errors:
            time.sleep(0.01)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


@pytest.fixture
def path(data_dir: Path, agenda: Agenda) -> Path:
    return new_session(data_dir, agenda)


@pytest.fixture
def watcher(path: Path) -> Iterator[Watcher]:
    watching = Watcher(path)
    yield watching
    watching.stop()


def test_sees_every_event_in_order_across_compactions_a_kill_and_a_resume(
    path: Path, watcher: Watcher
) -> None:
    first = writer(path, compact_every=7, count=0, delay=0.003)
    assert first.stdout is not None
    acked = 0
    while acked < 150:
        acked = int(first.stdout.readline())
    first.send_signal(signal.SIGKILL)
    first.wait()
    # Every append that returned is on disk, and the follower gets there without help.
    watcher.wait_for(acked)
    assert watcher.follower.state.seq >= acked

    second = writer(path, compact_every=7, count=120, delay=0.002)
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 0
    last = int(out.split()[-1])
    watcher.wait_for(last)
    watcher.stop()

    assert not watcher.errors
    recorded = read_session(path)
    state = watcher.follower.state
    assert state.seq == last == recorded.state.seq
    assert state == recorded.state
    names = [speaker.name for speaker in state.speakers]
    assert names == [f"Speaker {n}" for n in range(1, len(names) + 1)]
    assert len(state.speeches) > 20
    # It followed live, in many small steps, never backwards ...
    assert watcher.seen == sorted(set(watcher.seen))
    assert len(watcher.seen) > 30
    # ... while the writers replaced the session file again and again.
    assert len(watcher.versions) > 10


def test_a_follower_changes_nothing_while_the_chair_holds_the_lock(path: Path) -> None:
    chair = writer(path, compact_every=500, count=5, delay=0.0)
    assert chair.stdout is not None
    seqs = [int(chair.stdout.readline()) for _ in range(5)]
    # The writer has appended and now holds the lock until it exits; freeze its files.
    chair.send_signal(signal.SIGSTOP)
    try:
        directory = path.parent
        before = _files(directory)
        assert journal_path(path).exists() and (directory / f"{path.name}.lock").exists()
        follower = SessionFollower(path)
        for _ in range(50):
            follower.poll()
        assert follower.state.seq == seqs[-1]
        assert _files(directory) == before
    finally:
        chair.send_signal(signal.SIGCONT)
        chair.communicate(timeout=30)


def test_no_news_is_cheap_and_changes_nothing(path: Path) -> None:
    directory = path.parent
    before = _files(directory)
    follower = SessionFollower(path)
    assert follower.poll() == 0
    assert not follower.changed()
    with LiveMeeting.resume(path) as meeting:
        meeting.do(commands.register_speaker, name="A", village="Thôn 1", topic="T")
        assert follower.changed()
        assert follower.poll() == 1
        assert follower.state == meeting.state
    assert follower.poll() == 0  # the close compacted: same events, nothing new to fold
    assert follower.state.seq == read_session(path).state.seq
    assert set(_files(directory)) == set(before)


def test_a_line_still_being_written_is_not_shown(path: Path) -> None:
    """An append caught half written (the journal's documented one-event line) shows nothing
    until it is whole: never a torn state."""
    follower = SessionFollower(path)
    before = follower.state
    event = commands.register_speaker(
        before, dt.datetime.now(dt.UTC), name="Half Written", village="Thôn 1", topic="T"
    )
    line = dumps(dump_event(event)).encode("ascii") + b"\n"
    with open(journal_path(path), "ab") as journal:
        journal.write(line[: len(line) // 2])
        journal.flush()
        assert follower.poll() == 0
        assert follower.state == before
        journal.write(line[len(line) // 2 :])
        journal.flush()
    assert follower.poll() == 1
    assert follower.state.speakers[-1].name == "Half Written"
    assert follower.state == read_session(path).state


def _version(path: Path) -> tuple[int, int]:
    """Which session file this is: a compaction renames a new one over it (the inode alone
    may be reused by the next one)."""
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def _files(directory: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file beside the session: its bytes, mtime and inode."""
    found = {}
    for each in sorted(directory.iterdir()):
        st = os.stat(each)
        found[each.name] = (each.read_bytes(), st.st_mtime_ns, st.st_ino)
    return found
