"""Reading a stored session quickly without checking less (issue 11, "keep every figure").

The reader reads the files once for its opening and its first ``events()``, but never hands
out events older than the files; the text of a log is looked at once as a whole, and the
event that holds a lone surrogate is still the one named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderator.domain.events import dump_event
from moderator.domain.record import UnreadableEvent, fold_log
from moderator.meeting import read_session
from moderator.store import SessionLog
from moderator.store import storage as storage_module
from tests.unit.session_files import write_session


def stored(path: Path) -> list[dict[str, object]]:
    return [dump_event(event) for event in read_session(path).events]


def with_text(events: list[dict[str, object]], seq: int, text: str) -> list[dict[str, object]]:
    """The events with a note's text (an event that holds free text) replaced."""
    found = [dict(e) for e in events]
    target = found[seq - 1]
    assert "text" in target, target
    target["text"] = text
    return found


def note_seq(events: list[dict[str, object]]) -> int:
    return next(int(str(e["seq"])) for e in events if e["type"] == "note_added")


def test_opening_a_reader_and_reading_its_events_reads_the_files_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_session(data_dir)
    reads: list[Path] = []
    real = storage_module._read_optional

    def counting(file: Path) -> bytes | None:
        reads.append(file)
        return real(file)

    monkeypatch.setattr(storage_module, "_read_optional", counting)
    log = SessionLog.open(path, write=False)
    first = log.events()
    assert len(reads) == 2  # the journal, then the file: once
    assert log.events() == first
    assert len(reads) == 4  # a reader's later calls read the disk again, to follow a writer


def test_a_reader_never_hands_out_events_older_than_the_files(data_dir: Path) -> None:
    path = write_session(data_dir)
    reader = SessionLog.open(path, write=False)
    count = len(SessionLog.open(path, write=False).events())
    with SessionLog.open(path, write=True) as writer:
        writer.append({**writer.events()[-1], "seq": count + 1})
        assert len(reader.events()) == count + 1  # appended after the reader opened


def test_text_with_a_pair_or_a_backslash_reads_and_a_lone_surrogate_is_named(
    data_dir: Path,
) -> None:
    events = stored(write_session(data_dir))
    seq = note_seq(events)
    for fine in ("Ảnh 📷 đính kèm", "đường dẫn C:\\ud800\\x", "\\udfff"):
        *_, (_, state) = fold_log(json.loads(json.dumps(with_text(events, seq, fine))))
        assert any(note.text == fine for note in state.notes)
    for lone in ("\ud800", "a\udfffb"):
        with pytest.raises(UnreadableEvent) as caught:
            list(fold_log(with_text(events, seq, lone)))
        assert caught.value.seq == seq and "Unicode" in caught.value.reason


def test_the_first_bad_event_is_named_when_a_later_one_holds_a_surrogate(data_dir: Path) -> None:
    events = stored(write_session(data_dir))
    seq = note_seq(events)
    bad = with_text(events, seq, "\ud800")
    bad[1] = {**bad[1], "step": "nowhere"}
    assert bad[1]["type"] == "step_entered"
    with pytest.raises(UnreadableEvent) as caught:
        list(fold_log(bad))
    assert caught.value.seq == 2
