"""A session writer in its own process, for the tests that need a second process or a kill -9.

writer.py try  PATH          open for writing; print the refusal, or "opened"
writer.py hold PATH          open for writing, print "ready", hold until stdin closes
writer.py loop PATH N        open for writing and append forever, compacting every N lines;
                             print each seq once its append has returned
writer.py import PATH N [slow]
                             resume the meeting, decide N registrations, print "ready" just
                             before recording them as one batch, "writing" as the first byte of
                             it goes to the disk, "done" once that returned; "slow" makes the
                             disk take each 64 KB of a write in 2 ms
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from moderator.domain import commands
from moderator.domain.state import apply
from moderator.meeting import LiveMeeting
from moderator.store import SessionLog, SessionStorage, StoreError
from moderator.store import storage as storage_module

# Run as a script: make the test helpers importable whatever the working directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tests.unit.store_helpers import event  # noqa: E402


def main() -> int:
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "try":
        try:
            log = SessionLog.open(path, write=True)
        except StoreError as exc:
            print(f"{type(exc).__name__}: {exc}", flush=True)
            return 3
        log.close()
        print("opened", flush=True)
        return 0
    if mode == "hold":
        log = SessionLog.open(path, write=True)
        print("ready", flush=True)
        sys.stdin.read()
        log.close()
        return 0
    if mode == "loop":
        SessionStorage.compact_every = int(sys.argv[3])
        log = SessionLog.open(path, write=True)
        seq = len(log.events())
        print("ready", flush=True)
        while True:
            seq += 1
            log.append(event(seq, note="x" * (seq % 97)))
            if seq % 23 == 0:
                log.update_header(progress=seq)
            print(seq, flush=True)
    if mode == "import":
        return record_import(path, int(sys.argv[3]), slow="slow" in sys.argv[4:])
    raise SystemExit(f"unknown mode {mode}")


def record_import(path: Path, count: int, *, slow: bool) -> int:
    write = slow_write if slow else os.write
    announced = False

    def write_and_tell(fd: int, data: Any) -> int:
        nonlocal announced
        if not announced:
            announced = True
            print("writing", flush=True)
        return write(fd, data)

    with LiveMeeting.resume(path) as meeting:
        state, events = meeting.state, []
        for n in range(count):
            registered = commands.register_speaker(
                state,
                meeting.clock(),
                name=row_name(n),
                village=f"Thôn {n % 12 + 1}",
                topic=f"Kiến nghị số {n} về đường thôn {n % 12 + 1}",
            )
            state = apply(state, registered)
            events.append(registered)
        print("ready", flush=True)
        storage_module._write_some = write_and_tell
        meeting.record(events)
        print("done", flush=True)
    return 0


def row_name(n: int) -> str:
    return f"Người dân số {n}"


def slow_write(fd: int, data: Any) -> int:
    """One write as a slow disk takes it: a piece at a time, each on disk before the next."""
    view = memoryview(data)
    written = 0
    while written < len(view):
        written += os.write(fd, view[written : written + 65536])
        time.sleep(0.002)
    return written


if __name__ == "__main__":
    sys.exit(main())
