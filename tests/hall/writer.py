"""The chair's program in a process of its own, for the hall's follower tests.

writer.py PATH COMPACT_EVERY COUNT DELAY
    resume the session PATH as its one writer (compacting every COMPACT_EVERY journal lines)
    and record COUNT actions (0: forever), DELAY seconds apart: speakers registered as
    "Speaker <n>", every fifth one called and their speech ended. Prints each event's seq once
    its append has returned.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from moderator.domain import commands
from moderator.meeting import LiveMeeting
from moderator.store.storage import SessionStorage


def main() -> int:
    path, compact_every, count, delay = (
        Path(sys.argv[1]),
        int(sys.argv[2]),
        int(sys.argv[3]),
        float(sys.argv[4]),
    )
    SessionStorage.compact_every = compact_every
    with LiveMeeting.resume(path) as meeting:
        print("ready", flush=True)
        done = 0
        while count == 0 or done < count:
            state = meeting.state
            if state.current_speech is not None:
                event = meeting.do(commands.end_speech)
            elif state.queue and len(state.speakers) % 5 == 0:
                event = meeting.do(commands.call_next)
            else:
                number = len(state.speakers) + 1
                event = meeting.do(
                    commands.register_speaker,
                    name=f"Speaker {number}",
                    village="Thôn 2",
                    topic=f"Topic {number}",
                )
            print(event.seq, flush=True)
            done += 1
            if delay:
                time.sleep(delay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
