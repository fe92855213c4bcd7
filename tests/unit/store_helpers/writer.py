"""A session writer in its own process, for the tests that need a second process or a kill -9.

writer.py try  PATH          open for writing; print the refusal, or "opened"
writer.py hold PATH          open for writing, print "ready", hold until stdin closes
writer.py loop PATH N        open for writing and append forever, compacting every N lines;
                             print each seq once its append has returned
"""

from __future__ import annotations

import sys
from pathlib import Path

from moderator.store import SessionLog, SessionStorage, StoreError

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
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main())
