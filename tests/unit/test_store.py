"""The session log: create, append, reopen, locking, corruption, and what stock TinyDB sees."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tinydb

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import Event
from moderator.domain.state import apply
from moderator.meeting import LiveMeeting, read_session
from moderator.store import (
    SCHEMA_VERSION,
    CorruptSession,
    NewerSchema,
    SessionExists,
    SessionLocked,
    SessionLog,
    SessionNotFound,
    SessionStorage,
    StoreError,
    platform,
)
from moderator.store import storage as storage_module
from moderator.store.errors import DiskFull, WriteFailed, human_size
from moderator.store.storage import journal_path, lock_path, temp_path
from tests.conftest import FakeClock, create_meeting
from tests.unit.store_helpers import (
    WRITER_COMMAND,
    crash,
    disk_with,
    event,
    failing_io,
    file_bytes,
)

SID = "2024-03-15-1"
HEADER = {"agenda": {"title": "Đối thoại với nhân dân"}, "place": "Nhà văn hoá thôn 3"}


@pytest.fixture
def log(tmp_path: Path) -> Iterator[SessionLog]:
    log = SessionLog.create(tmp_path, SID, HEADER)
    yield log
    log.close()


def append_many(log: SessionLog, count: int) -> list[dict[str, Any]]:
    start = len(log.events())
    events = [event(start + n) for n in range(1, count + 1)]
    for item in events:
        log.append(item)
    return events


def session_files(path: Path) -> list[Path]:
    """The files that hold data (the lock file only holds a pid)."""
    return [path, journal_path(path), temp_path(path)]


def one_line(error: BaseException) -> str:
    message = str(error)
    assert message
    assert "\n" not in message
    return message


# --- create, append, reopen --------------------------------------------------------------------


def test_create_append_reopen(tmp_path: Path) -> None:
    created = datetime(2024, 3, 15, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    with SessionLog.create(tmp_path / "data", SID, HEADER, created=created) as log:
        assert log.path == tmp_path / "data" / f"{SID}.json"
        assert log.session_id == SID
        events = append_many(log, 3)
        assert log.events() == events
    with SessionLog.open(log.path, write=True) as again:
        assert again.events() == events
        assert again.header == {
            "schema_version": SCHEMA_VERSION,
            "app": "moderator",
            "session_id": SID,
            "created": "2024-03-15T02:00:00.000+00:00",
            **HEADER,
        }
        again.append(event(4))
    assert SessionLog.open(log.path, write=False).events() == [*events, event(4)]


def test_created_is_utc_with_offset(log: SessionLog) -> None:
    created = datetime.fromisoformat(log.header["created"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=1)


def test_create_refuses_a_taken_id(log: SessionLog, tmp_path: Path) -> None:
    log.close()
    before = file_bytes(*session_files(log.path))
    with pytest.raises(SessionExists, match=SID) as caught:
        SessionLog.create(tmp_path, SID, {})
    assert isinstance(caught.value, StoreError)
    one_line(caught.value)
    assert file_bytes(*session_files(log.path)) == before


@pytest.mark.parametrize("bad", ["", "../x", "a/b", ".hidden", "x.json", "latest", "a b"])
def test_create_refuses_unsafe_ids(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="session id"):
        SessionLog.create(tmp_path, bad, {})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("field", ["schema_version", "app", "session_id", "created"])
def test_header_cannot_override_the_store_fields(tmp_path: Path, field: str) -> None:
    with pytest.raises(ValueError, match=field):
        SessionLog.create(tmp_path, SID, {field: 9})
    with SessionLog.create(tmp_path, SID, {}) as log, pytest.raises(ValueError, match=field):
        log.update_header(**{field: 9})


def test_open_missing_session(tmp_path: Path) -> None:
    for write in (False, True):
        with pytest.raises(SessionNotFound, match="no session file"):
            SessionLog.open(tmp_path / "nope.json", write=write)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("seq", [0, 2, "1", None, True, 1.0])
def test_append_needs_the_next_seq(log: SessionLog, seq: object) -> None:
    with pytest.raises(ValueError, match="must have seq 1"):
        log.append({"seq": seq, "type": "x"})
    with pytest.raises(ValueError, match="must have seq 1"):
        log.append({"type": "x"})
    assert log.events() == []
    assert not journal_path(log.path).exists()


def test_append_refuses_what_json_cannot_hold(log: SessionLog) -> None:
    with pytest.raises(ValueError, match="JSON"):
        log.append({"seq": 1, "value": float("nan")})
    with pytest.raises(TypeError):
        log.append({"seq": 1, "value": object()})
    log.append(event(1))
    assert log.events() == [event(1)]


def test_stored_events_are_what_a_reader_reads_back(log: SessionLog) -> None:
    original = {"seq": 1, "ids": (1, 2), "speaker": {"name": "Lê Văn Tám"}}
    log.append(original)
    original["speaker"]["name"] = "changed afterwards"  # type: ignore[index]
    expected = {"seq": 1, "ids": [1, 2], "speaker": {"name": "Lê Văn Tám"}}
    assert log.events() == [expected]
    log.events()[0]["speaker"]["name"] = "changed by a caller"
    assert log.events() == [expected]
    assert SessionLog.open(log.path, write=False).events() == [expected]


def test_each_append_is_synced_before_it_returns(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []

    def sync(fd: int) -> None:
        synced.append(os.fstat(fd).st_size)

    monkeypatch.setattr(storage_module, "_sync_data", sync)
    for seq in (1, 2):
        log.append(event(seq))
        # Synced once, after the whole line was written.
        assert synced[-1] == journal_path(log.path).stat().st_size
    assert len(synced) == 2


def test_a_failed_append_is_rolled_back(log: SessionLog, monkeypatch: pytest.MonkeyPatch) -> None:
    append_many(log, 2)
    size = journal_path(log.path).stat().st_size

    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(storage_module, "_sync_data", fail)
    with pytest.raises(StoreError, match="cannot append to .*Input/output error") as caught:
        log.append(event(3))
    one_line(caught.value)
    assert journal_path(log.path).stat().st_size == size
    assert len(log.events()) == 2
    monkeypatch.undo()
    log.append(event(3))
    log.close()
    assert SessionLog.open(log.path, write=False).events() == [event(n) for n in (1, 2, 3)]


def test_readers_and_closed_logs_cannot_write(log: SessionLog) -> None:
    reader = SessionLog.open(log.path, write=False)
    with pytest.raises(StoreError, match="read-only"):
        reader.append(event(1))
    with pytest.raises(StoreError, match="read-only"):
        reader.update_header(status="closed")
    log.close()
    log.close()
    with pytest.raises(StoreError, match="is closed"):
        log.append(event(1))


def test_update_header_is_durable_and_seen_by_readers(log: SessionLog) -> None:
    events = append_many(log, 3)
    reader = SessionLog.open(log.path, write=False)
    log.update_header(status="closed", place="Hội trường UBND xã")
    # The new header is in the session file itself, together with the events so far.
    on_disk = json.loads(log.path.read_bytes())
    assert on_disk["meta"]["1"]["status"] == "closed"
    assert len(on_disk["events"]) == 3
    assert not journal_path(log.path).exists()
    assert reader.header.get("status") is None  # as of its last read
    assert reader.events() == events
    assert reader.header["status"] == "closed"
    assert log.header["place"] == "Hội trường UBND xã"
    log.close()
    assert SessionLog.open(log.path, write=True).header["status"] == "closed"


def test_compaction_every_n_appends(log: SessionLog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SessionStorage, "compact_every", 3)
    append_many(log, 2)
    assert journal_path(log.path).exists()
    append_many(log, 1)
    assert not journal_path(log.path).exists()
    assert len(json.loads(log.path.read_bytes())["events"]) == 3
    append_many(log, 1)
    assert journal_path(log.path).read_bytes().count(b"\n") == 1


def test_close_leaves_only_the_session_file(log: SessionLog) -> None:
    append_many(log, 3)
    log.close()
    assert sorted(p.name for p in log.path.parent.iterdir()) == [log.path.name]


# --- what stock TinyDB sees --------------------------------------------------------------------


def test_stock_tinydb_reads_a_closed_session(log: SessionLog) -> None:
    events = append_many(log, 5)
    log.close()
    db = tinydb.TinyDB(log.path)
    try:
        assert db.tables() == {"meta", "events"}
        assert db.table("meta").all() == [log.header]
        stored = db.table("events").all()
        assert stored == events
        assert [doc.doc_id for doc in stored] == [1, 2, 3, 4, 5]
        assert db.table("events").get(doc_id=4) == events[3]
        assert db.table("events").search(tinydb.Query().speaker.village == "Thôn 7") == events
    finally:
        db.close()
    # Escaped to ASCII: stock TinyDB decodes with the locale's encoding, whatever it is.
    log.path.read_bytes().decode("ascii")


def test_tinydb_over_session_storage_reads_live(log: SessionLog) -> None:
    db = tinydb.TinyDB(log.path, storage=SessionStorage)
    append_many(log, 2)
    assert len(db.table("events")) == 2
    append_many(log, 1)
    db.table("events").clear_cache()
    assert db.table("events").search(tinydb.Query().seq >= 2) == [event(2), event(3)]
    with pytest.raises(StoreError, match="read-only"):
        db.table("events").insert(event(4))
    db.close()


def test_tinydb_writes_through_session_storage(tmp_path: Path) -> None:
    SessionLog.create(tmp_path, SID, {}).close()
    path = tmp_path / f"{SID}.json"
    db = tinydb.TinyDB(path, storage=SessionStorage, write=True)
    events = db.table("events")
    events.insert(event(1))
    events.insert(event(2))
    # Pure appends go to the journal, not through a rewrite of the file.
    assert journal_path(path).read_bytes().count(b"\n") == 2
    with pytest.raises(ValueError, match="seq"):
        events.insert({"type": "no seq"})
    events.update({"note": "sửa"}, doc_ids=[1])
    assert not journal_path(path).exists()
    with pytest.raises(SessionLocked):
        SessionLog.open(path, write=True)
    db.close()
    assert SessionLog.open(path, write=False).events() == [{**event(1), "note": "sửa"}, event(2)]


# --- one writer, many readers ------------------------------------------------------------------


def test_second_writer_in_this_process_is_refused(log: SessionLog) -> None:
    with pytest.raises(SessionLocked) as caught:
        SessionLog.open(log.path, write=True)
    assert one_line(caught.value) == (f"session {SID} is already open for writing in this process")
    log.close()
    with SessionLog.open(log.path, write=True) as again:
        again.append(event(1))


def run_writer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*WRITER_COMMAND, *args], capture_output=True, text=True, timeout=30, check=False
    )


def start_holder(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [*WRITER_COMMAND, "hold", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "ready\n"
    return holder


def test_second_writer_in_another_process_is_refused(log: SessionLog) -> None:
    refused = run_writer("try", str(log.path))
    assert refused.stdout == (
        f"SessionLocked: session {SID} is open for writing in another process (pid {os.getpid()})\n"
    )
    log.close()
    assert run_writer("try", str(log.path)).stdout == "opened\n"


def test_writer_in_another_process_refuses_us(log: SessionLog) -> None:
    log.close()
    holder = start_holder(log.path)
    try:
        with pytest.raises(SessionLocked) as caught:
            SessionLog.open(log.path, write=True)
        assert one_line(caught.value) == (
            f"session {SID} is open for writing in another process (pid {holder.pid})"
        )
        assert SessionLog.open(log.path, write=False).events() == []
    finally:
        holder.communicate("", timeout=30)
    with SessionLog.open(log.path, write=True):
        pass


def test_a_writer_killed_by_sigkill_leaves_no_blocking_lock(log: SessionLog) -> None:
    log.close()
    holder = start_holder(log.path)
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=30)
    assert holder.returncode == -signal.SIGKILL
    assert lock_path(log.path).exists()  # stale, but no longer locked by anyone
    with SessionLog.open(log.path, write=True) as again:
        again.append(event(1))
    assert not lock_path(log.path).exists()


def test_readers_follow_a_live_writer(log: SessionLog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SessionStorage, "compact_every", 4)
    reader = SessionLog.open(log.path, write=False)
    second = SessionLog.open(log.path, write=False)
    expected: list[dict[str, Any]] = []
    for seq in range(1, 11):
        log.append(event(seq))
        expected.append(event(seq))
        assert reader.events() == expected
    assert second.events() == expected
    reader.close()
    assert reader.events() == expected  # a reader holds nothing, so closing it changes nothing


# --- damaged and foreign files -----------------------------------------------------------------


def assert_refused(path: Path, error: type[StoreError], *fragments: str) -> None:
    """Both kinds of open fail with a one-line message, and no byte of any file changes."""
    before = file_bytes(*session_files(path))
    for write in (False, True):
        with pytest.raises(error) as caught:
            SessionLog.open(path, write=write)
        message = one_line(caught.value)
        for fragment in fragments:
            assert fragment in message
        assert file_bytes(*session_files(path)) == before


def closed_session(tmp_path: Path, count: int) -> Path:
    with SessionLog.create(tmp_path, SID, HEADER) as log:
        append_many(log, count)
    return log.path


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\xff\x13garbage\x80", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"[1, 2, 3]", "no header"),
        (b'{"_default": {"1": {"name": "a TinyDB file of someone else"}}}', "no header"),
        (b'{"meta": {"1": {"app": "other", "schema_version": 1}}, "events": {}}', "no header"),
        (b'{"meta": {"1": {"app": "moderator"}}, "events": {}}', "schema_version"),
    ],
)
def test_foreign_files_are_refused(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "foreign.json"
    path.write_bytes(content)
    assert_refused(path, CorruptSession, str(path), problem)


def test_a_gap_in_seq_is_refused(tmp_path: Path) -> None:
    path = closed_session(tmp_path, 5)
    data = json.loads(path.read_bytes())
    del data["events"]["3"]
    data["events"]["6"] = event(6)
    path.write_text(json.dumps(data))
    assert_refused(path, CorruptSession, str(path), "seq 3 is missing")


def test_an_event_with_the_wrong_seq_is_refused(tmp_path: Path) -> None:
    path = closed_session(tmp_path, 3)
    data = json.loads(path.read_bytes())
    data["events"]["2"]["seq"] = 7
    path.write_text(json.dumps(data))
    assert_refused(path, CorruptSession, str(path), "event 2 does not carry seq 2")


def test_a_bad_journal_line_before_good_ones_is_refused(log: SessionLog) -> None:
    append_many(log, 3)
    crash(log)
    journal = journal_path(log.path)
    lines = journal.read_bytes().split(b"\n")
    lines[1] = lines[1][:40]
    journal.write_bytes(b"\n".join(lines))
    assert_refused(log.path, CorruptSession, str(journal), "line 2 is not an event")


def test_a_journal_that_skips_events_is_refused(log: SessionLog) -> None:
    append_many(log, 2)
    crash(log)
    journal = journal_path(log.path)
    journal.write_bytes(json.dumps(event(4)).encode() + b"\n")
    assert_refused(log.path, CorruptSession, str(journal), "starts at seq 4", "ends at seq 0")
    journal.write_bytes(b"\n".join(json.dumps(event(n)).encode() for n in (1, 3)) + b"\n")
    assert_refused(log.path, CorruptSession, str(journal), "line 2 has seq 3, not 2")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = closed_session(tmp_path, 2)
    data = json.loads(path.read_bytes())
    data["meta"]["1"]["schema_version"] = 3
    data["events"] = {"1": {"something": "else"}}
    path.write_text(json.dumps(data))
    assert_refused(
        path,
        NewerSchema,
        f"{path} was written by a newer version of moderator "
        f"(schema 3, this version reads up to {SCHEMA_VERSION})",
    )


def test_an_unreadable_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "dir.json"
    path.mkdir()
    with pytest.raises(StoreError, match="cannot read") as caught:
        SessionLog.open(path, write=False)
    one_line(caught.value)


# --- crash leftovers -------------------------------------------------------------------------


def test_a_torn_last_line_is_ignored_then_replaced(log: SessionLog) -> None:
    events = append_many(log, 3)
    crash(log)
    journal = journal_path(log.path)
    line = json.dumps(event(4)).encode() + b"\n"
    with journal.open("ab") as file:
        file.write(line[: len(line) // 2])
    assert SessionLog.open(log.path, write=False).events() == events
    with SessionLog.open(log.path, write=True) as again:
        assert again.events() == events
        again.append(event(4, note="the real fourth"))
        again.append(event(5))
        assert SessionLog.open(log.path, write=False).events() == [
            *events,
            event(4, note="the real fourth"),
            event(5),
        ]
    assert len(SessionLog.open(log.path, write=False).events()) == 5


def test_a_damaged_last_line_with_its_newline_is_ignored(log: SessionLog) -> None:
    # What a power cut can leave where the file grew but the data never reached the disk.
    events = append_many(log, 2)
    crash(log)
    with journal_path(log.path).open("ab") as file:
        file.write(b"\x00" * 40 + b"\n")
    assert SessionLog.open(log.path, write=False).events() == events
    with SessionLog.open(log.path, write=True) as again:
        again.append(event(3))
    assert SessionLog.open(log.path, write=False).events() == [*events, event(3)]


def test_a_complete_line_whose_append_had_not_returned_is_kept(log: SessionLog) -> None:
    events = append_many(log, 2)
    crash(log)
    with journal_path(log.path).open("ab") as file:
        file.write(json.dumps(event(3)).encode() + b"\n")
    assert SessionLog.open(log.path, write=False).events() == [*events, event(3)]


def test_a_leftover_temp_file_is_ignored_then_removed(log: SessionLog) -> None:
    events = append_many(log, 2)
    log.close()
    temp_path(log.path).write_bytes(b'{"meta": {"1": {"half')
    assert SessionLog.open(log.path, write=False).events() == events
    with SessionLog.open(log.path, write=True) as again:
        assert not temp_path(log.path).exists()
        assert again.events() == events


def test_leftovers_of_a_crashed_compaction(log: SessionLog) -> None:
    events = append_many(log, 4)
    storage = log._storage
    # Crash right after the new file was renamed into place, before the journal went away.
    storage_module._replace_atomically(log.path, storage_module._file_line(storage._tables()))
    crash(log)
    temp_path(log.path).write_bytes(b'{"meta": {"1": {"half')
    assert journal_path(log.path).exists()
    assert SessionLog.open(log.path, write=False).events() == events
    with SessionLog.open(log.path, write=True) as again:
        assert not temp_path(log.path).exists()
        assert not journal_path(log.path).exists()
        again.append(event(5))
    assert SessionLog.open(log.path, write=False).events() == [*events, event(5)]


# --- ordering that the crash-safety argument relies on ---------------------------------------


def test_a_compaction_between_a_readers_two_reads_loses_nothing(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = append_many(log, 3)
    real_read = storage_module._read_optional
    reads: list[Path] = []

    def read_then_compact(path: Path) -> bytes | None:
        data = real_read(path)
        reads.append(path)
        if len(reads) == 1:
            # The writer compacts and moves on while the reader is between its two reads.
            log._storage.compact()
            log.append(event(4))
        return data

    monkeypatch.setattr(storage_module, "_read_optional", read_then_compact)
    _, seen, _ = storage_module.load(log.path)
    assert reads == [journal_path(log.path), log.path]
    assert seen[:3] == events


def test_a_lock_file_unlinked_under_a_new_writer_is_not_trusted(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_try_lock = platform.try_lock
    calls = 0

    def lock_after_the_holder_left(fd: int) -> bool:
        nonlocal calls
        calls += 1
        if calls == 1:
            # The holder closes between our open of its lock file and our lock on it.
            log.close()
        return real_try_lock(fd)

    monkeypatch.setattr(platform, "try_lock", lock_after_the_holder_left)
    with SessionLog.open(log.path, write=True) as second:
        assert calls == 2  # the orphaned inode was dropped and the live lock file taken
        with pytest.raises(SessionLocked):
            SessionLog.open(log.path, write=True)
        second.append(event(1))


def test_the_journal_goes_only_after_the_new_file_is_durable(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    append_many(log, 2)
    steps: list[str] = []
    real_replace, real_fsync_dir = os.replace, storage_module._fsync_dir

    def replace(source: Any, target: Any) -> None:
        steps.append("rename")
        real_replace(source, target)

    def fsync_dir(directory: Path) -> None:
        journal = "journal" if journal_path(log.path).exists() else "no journal"
        steps.append(f"fsync dir ({journal})")
        real_fsync_dir(directory)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(storage_module, "_fsync_dir", fsync_dir)
    log._storage.compact()
    assert steps == ["rename", "fsync dir (journal)"]
    assert not journal_path(log.path).exists()
    steps.clear()
    # A new journal's name must be durable too before its first append returns.
    log.append(event(3))
    assert steps == ["fsync dir (journal)"]
    log.append(event(4))
    assert steps == ["fsync dir (journal)"]


# --- batches -----------------------------------------------------------------------------------


def test_a_batch_is_one_journal_line_read_back_as_its_events(log: SessionLog) -> None:
    log.append(event(1))
    batch = [event(seq) for seq in (2, 3, 4)]
    log.append_many(batch)
    lines = journal_path(log.path).read_bytes().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1]) == {"batch": batch}
    assert log.events() == [event(1), *batch]
    assert SessionLog.open(log.path, write=False).events() == [event(1), *batch]
    log.append(event(5))
    log.close()
    with SessionLog.open(log.path, write=True) as again:
        assert again.events() == [event(n) for n in range(1, 6)]
    db = tinydb.TinyDB(log.path)
    try:
        assert db.table("events").all() == [event(n) for n in range(1, 6)]
    finally:
        db.close()


def test_a_batch_of_one_is_a_plain_line_and_an_empty_batch_writes_nothing(
    log: SessionLog,
) -> None:
    log.append_many([])
    assert not journal_path(log.path).exists()
    log.append_many([event(1)])
    assert json.loads(journal_path(log.path).read_bytes()) == event(1)


@pytest.mark.parametrize("seqs", [(1, 3), (2, 3), (1, 1), (1, "2")])
def test_a_batch_needs_consecutive_seqs_and_writes_nothing_otherwise(
    log: SessionLog, seqs: tuple[Any, ...]
) -> None:
    with pytest.raises(ValueError, match="must have seq"):
        log.append_many([{**event(1), "seq": seq} for seq in seqs])
    assert log.events() == []
    assert not journal_path(log.path).exists()


def test_a_torn_batch_is_ignored_whole(log: SessionLog) -> None:
    log.append(event(1))
    crash(log)
    line = storage_module.dumps({"batch": [event(2), event(3)]}).encode("ascii") + b"\n"
    for cut in (1, len(line) // 2, len(line) - 1):
        with journal_path(log.path).open("r+b") as journal:
            journal.truncate(len(json.dumps(event(1), separators=(",", ":"))) + 1)
            journal.seek(0, os.SEEK_END)
            journal.write(line[:cut])
        assert SessionLog.open(log.path, write=False).events() == [event(1)], cut
    with journal_path(log.path).open("ab") as journal:
        journal.write(line[cut:])  # now whole: the batch had been written entirely
    assert SessionLog.open(log.path, write=False).events() == [event(n) for n in (1, 2, 3)]


@pytest.mark.parametrize(
    "bad",
    [
        b'{"batch": []}',
        b'{"batch": [{"seq": 2}, {"no": "seq"}]}',
        b'{"batch": {"seq": 2}}',
        b'{"batch": [{"seq": 2}], "extra": 1}',
    ],
)
def test_a_bad_batch_line_before_good_ones_is_refused(log: SessionLog, bad: bytes) -> None:
    log.append(event(1))
    crash(log)
    with journal_path(log.path).open("ab") as journal:
        journal.write(bad + b"\n" + json.dumps(event(2)).encode() + b"\n")
    assert_refused(log.path, CorruptSession, "line 2 is not an event")


def test_a_batch_that_skips_a_seq_is_refused(log: SessionLog) -> None:
    log.append(event(1))
    crash(log)
    with journal_path(log.path).open("ab") as journal:
        journal.write(json.dumps({"batch": [event(2), event(4)]}).encode() + b"\n")
    assert_refused(log.path, CorruptSession, "line 2 has seq 4, not 3")


def test_tinydb_insert_multiple_is_one_batch(tmp_path: Path) -> None:
    SessionLog.create(tmp_path, SID, {}).close()
    path = tmp_path / f"{SID}.json"
    db = tinydb.TinyDB(path, storage=SessionStorage, write=True)
    db.table("events").insert_multiple([event(1), event(2), event(3)])
    assert journal_path(path).read_bytes().count(b"\n") == 1
    db.close()
    assert SessionLog.open(path, write=False).events() == [event(1), event(2), event(3)]


# --- failed writes leave nothing ---------------------------------------------------------------


def listing(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("free", [0, 1, 200, 700])
def test_a_full_disk_stores_no_part_of_a_batch(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch, free: int
) -> None:
    log.append(event(1))
    before = listing(log.path.parent)
    batch = [event(seq) for seq in range(2, 6)]
    size = len(storage_module.dumps({"batch": batch})) + 1
    monkeypatch.setattr(storage_module, "_write_some", disk_with(free))
    with pytest.raises(DiskFull) as caught:
        log.append_many(batch)
    message = one_line(caught.value)
    assert "nothing was written" in message
    assert f"the write needs {human_size(size)} of free space" in message
    assert caught.value.needed == size
    assert caught.value.nothing_written
    assert isinstance(caught.value, WriteFailed)
    assert listing(log.path.parent) == before
    assert log.events() == [event(1)]
    assert SessionLog.open(log.path, write=False).events() == [event(1)]
    monkeypatch.undo()
    log.append_many(batch)  # the writer goes on where it was
    log.close()
    assert SessionLog.open(log.path, write=False).events() == [event(1), *batch]


def test_a_failed_first_append_removes_the_journal_it_created(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = listing(log.path.parent)
    monkeypatch.setattr(storage_module, "_write_some", failing_io)
    with pytest.raises(WriteFailed, match="Input/output error; nothing was written") as caught:
        log.append_many([event(1), event(2)])
    assert not isinstance(caught.value, DiskFull)
    assert listing(log.path.parent) == before
    assert not journal_path(log.path).exists()


def test_an_undo_that_fails_is_not_reported_as_nothing_written(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    log.append(event(1))
    monkeypatch.setattr(storage_module, "_write_some", disk_with(10))

    def cannot_truncate(fd: int, size: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "ftruncate", cannot_truncate)
    with pytest.raises(StoreError, match="could not be undone") as caught:
        log.append(event(2))
    assert not caught.value.nothing_written
    monkeypatch.undo()
    with pytest.raises(StoreError, match="close and reopen"):
        log.append(event(2))
    log.close()  # the compaction writes what was stored; the torn tail goes with the journal
    assert SessionLog.open(log.path, write=False).events() == [event(1)]


@pytest.mark.parametrize("free", [0, 100, 1000])
def test_a_full_disk_during_a_compaction_leaves_no_temporary_file(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch, free: int
) -> None:
    append_many(log, 3)
    before = listing(log.path.parent)
    monkeypatch.setattr(storage_module, "_write_some", disk_with(free))
    with pytest.raises(DiskFull, match="nothing was written") as caught:
        log.update_header(status="closed")
    assert caught.value.needed > len(log.path.read_bytes())  # the whole file with its events
    assert listing(log.path.parent) == before
    assert "status" not in log.header
    monkeypatch.undo()
    log.update_header(status="closed")
    assert SessionLog.open(log.path, write=False).header["status"] == "closed"


def test_a_failed_compaction_on_close_loses_nothing_and_raises_nothing(
    log: SessionLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = append_many(log, 3)
    monkeypatch.setattr(storage_module, "_write_some", disk_with(0))
    log.close()
    assert not temp_path(log.path).exists()
    assert not lock_path(log.path).exists()
    assert journal_path(log.path).exists()
    monkeypatch.undo()
    assert SessionLog.open(log.path, write=False).events() == events
    with SessionLog.open(log.path, write=True) as again:
        assert again.events() == events
    assert sorted(p.name for p in log.path.parent.iterdir()) == [log.path.name]


@pytest.mark.parametrize("write", [disk_with(0), disk_with(50), failing_io])
def test_a_failed_create_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Any
) -> None:
    monkeypatch.setattr(storage_module, "_write_some", write)
    with pytest.raises(WriteFailed, match="nothing was written"):
        SessionLog.create(tmp_path, SID, HEADER, events=[event(1)])
    assert list(tmp_path.iterdir()) == []


def test_create_holds_its_first_events(tmp_path: Path) -> None:
    with SessionLog.create(tmp_path, SID, HEADER, events=[event(1), event(2)]) as log:
        assert not journal_path(log.path).exists()
        assert len(json.loads(log.path.read_bytes())["events"]) == 2
        log.append(event(3))
    assert SessionLog.open(log.path, write=False).events() == [event(1), event(2), event(3)]
    with pytest.raises(ValueError, match="seq 2 is missing"):
        SessionLog.create(tmp_path, "other", {}, events=[event(1), event(3)])
    assert not (tmp_path / "other.json").exists()


def test_the_disk_full_message_in_both_languages() -> None:
    error = DiskFull("cannot append to x: No space left on device; nothing was written", 12_345)
    assert "12 KB" in error.msg.text("en")
    assert "nothing was written" in error.msg.text("en")
    assert "chưa có gì được ghi" in error.msg.text("vi")
    assert "12 KB" in error.msg.text("vi")
    assert "chưa có gì được ghi" in WriteFailed("x").msg.text("vi")


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (999, "999 B"), (1234, "1.2 KB"), (56_789, "57 KB"), (3_400_000, "3.4 MB")],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


# --- the meeting's writes ----------------------------------------------------------------------


def open_meeting(data_dir: Path, agenda: Agenda) -> LiveMeeting:
    return create_meeting(
        data_dir,
        agenda,
        SID,
        place="Hội trường UBND xã",
        chair="Chủ tịch UBND xã",
        clock=FakeClock(),
    )


def registrations(meeting: LiveMeeting, count: int) -> list[Event]:
    state, events = meeting.state, []
    for n in range(count):
        registered = commands.register_speaker(
            state, meeting.clock(), name=f"Người dân {n}", village="Thôn 2", topic=f"Việc {n}"
        )
        state = apply(state, registered)
        events.append(registered)
    return events


def test_record_stores_all_or_nothing(
    data_dir: Path, agenda: Agenda, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_meeting(data_dir, agenda) as meeting:
        events = registrations(meeting, 20)
        state = meeting.state
        monkeypatch.setattr(storage_module, "_write_some", disk_with(3000))
        with pytest.raises(DiskFull):
            meeting.record(events)
        assert meeting.state == state
        assert len(read_session(meeting.log.path).state.speakers) == 0
        monkeypatch.undo()
        meeting.record(events)
        assert len(meeting.state.speakers) == 20
        assert journal_path(meeting.log.path).read_bytes().count(b"\n") == 1
        path = meeting.log.path
    assert read_session(path).state == meeting.state


def test_record_takes_the_state_its_caller_has_folded(data_dir: Path, agenda: Agenda) -> None:
    with open_meeting(data_dir, agenda) as meeting:
        events = registrations(meeting, 3)
        folded = meeting.state
        for registered in events:
            folded = apply(folded, registered)
        meeting.record(events, folded=folded)
        assert meeting.state is folded
        path = meeting.log.path
    assert read_session(path).state == folded


def test_a_failed_meeting_create_leaves_nothing(
    data_dir: Path, agenda: Agenda, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage_module, "_write_some", disk_with(100))
    with pytest.raises(DiskFull, match="nothing was written"):
        open_meeting(data_dir, agenda)
    assert list(data_dir.iterdir()) == []
    monkeypatch.undo()
    with open_meeting(data_dir, agenda) as meeting:
        assert meeting.state.session_id == SID
        path = meeting.log.path
    assert len(read_session(path).events) == 1


# --- a real full disk --------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KB tmpfs of its own, so that the disk really fills up (Linux, as root)."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip(
            "a real full disk needs a small tmpfs, which only root on Linux can mount; "
            "the injected-write tests above cover the same code path"
        )
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot mount a small tmpfs here ({mounted.stderr.strip()}); "
            "the injected-write tests above cover the same code path"
        )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(path: Path, leave: int) -> None:
    """Fill the file system of ``path`` up, then free about ``leave`` bytes again."""
    with path.open("wb", buffering=0) as filler:
        with pytest.raises(OSError, match="No space left") as full:  # noqa: PT012
            while True:
                filler.write(b"\0" * 4096)
        assert full.value.errno == errno.ENOSPC
        filler.truncate(max(0, path.stat().st_size - leave))


def test_a_real_full_disk_stores_none_of_a_batch(small_disk: Path, agenda: Agenda) -> None:
    data = small_disk / "data"
    with open_meeting(data, agenda) as meeting:
        meeting.record(registrations(meeting, 10))
        fill(small_disk / "filler", leave=8192)
        before = listing(data)
        state = meeting.state
        batch = registrations(meeting, 300)
        with pytest.raises(DiskFull) as caught:
            meeting.record(batch)
        assert "nothing was written" in one_line(caught.value)
        assert caught.value.needed > 8192
        assert listing(data) == before
        assert meeting.state == state
        assert len(read_session(meeting.log.path).state.speakers) == 10
        # A compaction needs room for the whole file: refused too, with no temporary file.
        with pytest.raises(DiskFull):
            meeting.log.update_header(status="checked")
        assert listing(data) == before

        (small_disk / "filler").unlink()
        meeting.record(batch)
        path = meeting.log.path
    assert len(read_session(path).state.speakers) == 310
    assert sorted(p.name for p in data.iterdir()) == [path.name]
