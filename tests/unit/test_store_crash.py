"""Crashes at any moment leave a session that opens and holds every append that returned;
a failed write leaves the session as it was."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import tinydb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderator.store import SessionLog, SessionStorage
from moderator.store import storage as storage_module
from moderator.store.errors import WriteFailed
from moderator.store.storage import journal_path, lock_path, temp_path
from tests.unit.store_helpers import WRITER_COMMAND, crash, disk_with, event, failing_io

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
payloads = st.dictionaries(
    st.text(max_size=8).filter(lambda key: key != "seq"),
    st.one_of(json_scalars, st.lists(json_scalars, max_size=3)),
    max_size=4,
)
batches = st.lists(payloads, min_size=2, max_size=5)
# A crash is a kill -9 or a power cut: whatever appends returned are on disk, and on top of that
# the disk may hold any part of the one step in flight:
#   torn      some prefix (possibly all) of the next append's line, of one event or a batch;
#   renamed   a compaction that renamed the new file into place but had not yet removed the journal;
#   temp      a compaction that had written part of its temporary file.
crashes = st.tuples(
    st.just("crash"),
    st.sampled_from(["plain", "torn", "renamed", "temp"]),
    st.integers(min_value=0, max_value=10_000),
    st.lists(payloads, min_size=1, max_size=4),
)
# A write that fails: the disk has ``free`` bytes left (short writes, then ENOSPC), or every
# write or every data sync is an I/O error.
faults = st.one_of(
    st.tuples(st.just("full"), st.integers(min_value=0, max_value=3000)),
    st.tuples(st.just("write_error")),
    st.tuples(st.just("sync_error")),
)
writes = st.one_of(
    st.tuples(st.just("append"), payloads),
    st.tuples(st.just("append_many"), batches),
    st.tuples(st.just("compact")),
    st.tuples(st.just("update_header"), st.text(max_size=10)),
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("append"), payloads),
        st.tuples(st.just("append"), payloads),
        st.tuples(st.just("append_many"), batches),
        st.tuples(st.just("reopen")),
        st.tuples(st.just("compact")),
        st.tuples(st.just("read")),
        st.tuples(st.just("update_header"), st.text(max_size=10)),
        crashes,
        st.tuples(st.just("faulty"), faults, writes),
        st.tuples(st.just("faulty"), faults, writes),
    ),
    max_size=40,
)


def simulate_crash(log: SessionLog, kind: str, cut: int, in_flight: list[dict[str, Any]]) -> bool:
    """Crash ``log`` as described by ``kind``; True if the in-flight append reached the disk."""
    storage = log._storage
    if kind == "renamed":
        storage_module._replace_atomically(log.path, storage_module._file_line(storage._tables()))
    elif kind == "temp":
        data = storage_module._file_line(storage._tables())
        temp_path(log.path).write_bytes(data[: cut % len(data)])
    crash(log)
    if kind != "torn":
        return False
    value = in_flight[0] if len(in_flight) == 1 else {"batch": in_flight}
    line = storage_module.dumps(value).encode("ascii") + b"\n"
    written = line[: cut % (len(line) + 1)]
    with journal_path(log.path).open("ab") as journal:
        journal.write(written)
    # Only a whole line, newline included, counts; a line missing just its newline is torn.
    return written == line


def faulty_disk(fault: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    match fault:
        case ("full", free):
            monkeypatch.setattr(storage_module, "_write_some", disk_with(free))
        case ("write_error",):
            monkeypatch.setattr(storage_module, "_write_some", failing_io)
        case ("sync_error",):

            def sync_error(fd: int) -> None:
                raise OSError(errno.EIO, os.strerror(errno.EIO))

            monkeypatch.setattr(storage_module, "_sync_data", sync_error)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ops=operations, compact_every=st.sampled_from([1, 2, 3, 5, 8, 1000]))
def test_any_history_of_appends_and_crashes_reopens_to_what_was_appended(
    ops: list[tuple[Any, ...]], compact_every: int
) -> None:
    original = SessionStorage.compact_every
    SessionStorage.compact_every = compact_every
    try:
        with tempfile.TemporaryDirectory() as directory:
            check_history(Path(directory), ops)
    finally:
        SessionStorage.compact_every = original


def check_history(directory: Path, ops: list[tuple[Any, ...]]) -> None:
    writer: SessionLog | None = SessionLog.create(directory, "s", {"agenda": "test"})
    path = directory / "s.json"
    expected: list[dict[str, Any]] = []
    status = None

    def reader_sees() -> list[dict[str, Any]]:
        reader = SessionLog.open(path, write=False)
        assert reader.header.get("status") == status
        return reader.events()

    def numbered(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "seq": len(expected) + n} for n, item in enumerate(items, start=1)]

    def write(log: SessionLog, op: tuple[Any, ...]) -> None:
        """Do one write; only once it has returned does it count as stored."""
        nonlocal status
        match op:
            case ("append", payload):
                [item] = numbered([payload])
                log.append(item)
                expected.append(item)
            case ("append_many", items):
                batch = numbered(items)
                log.append_many(batch)
                expected.extend(batch)
            case ("compact",):
                log._storage.compact()
            case ("update_header", text):
                log.update_header(status=text)
                status = text

    for op in ops:
        if writer is None:
            writer = SessionLog.open(path, write=True)
            assert writer.events() == expected
        match op:
            case ("reopen",):
                writer.close()
                writer = None
            case ("read",):
                assert reader_sees() == expected
            case ("faulty", fault, attempted):
                before = {p.name: p.read_bytes() for p in directory.iterdir()}
                with pytest.MonkeyPatch.context() as monkeypatch:
                    faulty_disk(fault, monkeypatch)
                    # A failed write must say that nothing was written (a WriteFailed, nothing
                    # else), and leave every file as it was, byte for byte.
                    try:
                        write(writer, attempted)
                    except WriteFailed:
                        assert {p.name: p.read_bytes() for p in directory.iterdir()} == before
                assert not temp_path(path).exists()
                assert writer.events() == expected
                assert reader_sees() == expected
            case ("crash", kind, cut, payloads):
                in_flight = numbered(payloads)
                if simulate_crash(writer, kind, cut, in_flight):
                    expected.extend(in_flight)
                writer = None
                assert reader_sees() == expected
            case _:
                write(writer, op)
    if writer is None:
        writer = SessionLog.open(path, write=True)
    assert writer.events() == expected
    writer.close()
    assert sorted(p.name for p in directory.iterdir()) == ["s.json"]
    db = tinydb.TinyDB(path)
    try:
        assert db.table("events").all() == expected
    finally:
        db.close()


def test_kill_9_at_random_moments_keeps_every_returned_append(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    with SessionLog.create(tmp_path, "2024-03-15-1", {}) as log:
        path = log.path
    stored = 0
    for trial in range(5):
        child = subprocess.Popen(
            # Compacting every 7 appends puts many compactions in the way of the kill.
            [*WRITER_COMMAND, "loop", str(path), "7"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.01, 0.3))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        returned = [int(line) for line in output.split("\n")[:-1]]
        context = f"seed {seed}, trial {trial}, {len(returned)} appends returned"
        assert returned, context
        assert lock_path(path).exists(), context  # the killed writer could not clean up

        events = SessionLog.open(path, write=False).events()
        seqs = [item["seq"] for item in events]
        assert seqs == list(range(1, len(events) + 1)), context
        assert len(events) >= returned[-1] >= stored, context
        assert events == [event(seq, note="x" * (seq % 97)) for seq in seqs], context

        with SessionLog.open(path, write=True) as writer:
            assert writer.events() == events, context
            stored = len(events) + 1
            writer.append(event(stored, note="x" * (stored % 97)))
