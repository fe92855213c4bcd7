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
from moderator.domain.events import Event
from moderator.meeting import LiveMeeting
from moderator.store.storage import SessionStorage


def chair_acts(
    meeting: LiveMeeting, *, call: bool, name: str = "Speaker", topic: str = "Topic"
) -> Event:
    """The chair's next action: end the speech running; or, if ``call``, call the next queued
    speaker; or register speaker n as "<name> n" on "<topic> n" (benchmarks/hall_latency.py
    drives its writer with it too)."""
    state = meeting.state
    if state.current_speech is not None:
        return meeting.do(commands.end_speech)
    if call and state.queue:
        return meeting.do(commands.call_next)
    number = len(state.speakers) + 1
    return meeting.do(
        commands.register_speaker,
        name=f"{name} {number}",
        village="Thôn 2",
        topic=f"{topic} {number}",
    )


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
            event = chair_acts(meeting, call=len(meeting.state.speakers) % 5 == 0)
            print(event.seq, flush=True)
            done += 1
            if delay:
                time.sleep(delay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
