"""The hall display's latency: from an append by the chair's program to the hall showing it.

Usage: python benchmarks/hall_latency.py [--paced N] [--bursts K]

A writer process (this script with ``--writer``) runs the meeting as the chair's program does,
through ``LiveMeeting``: first N actions at the chair's pace (0.2 to 0.6 s apart), then K bursts
of 100 actions back to back (an import of written petitions), 1 s apart. It prints, for each
event, when its append returned. This process runs the hall app headless (a Textual pilot at
120×40) following the session with its own worker thread; the app reports, after each screen
refresh, the last event it drew. An event is *visible* at the first refresh that drew it or a
later one; its latency is that moment minus the moment its append returned (both wall clock,
same machine).

References, for the paced actions only (in a burst one cannot tell which write a notification
answers): the raw file-change notification latency of the same stat poll the follower uses
(``moderator.follow``, every ``POLL_SECONDS``) and of inotify through watchfiles (step 5 ms),
measured from the append's return to the first notification after the append began.

Prints p50/p95/max per phase; the last line is one JSON object with ``follow_p95_ms`` (over
every event of both phases).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderator.domain import commands  # noqa: E402
from moderator.domain.agenda import DEFAULT_AGENDA, load_agenda  # noqa: E402
from moderator.follow import POLL_SECONDS, SessionFollower, files_signature  # noqa: E402
from moderator.meeting import LiveMeeting  # noqa: E402
from tests.hall.writer import chair_acts  # noqa: E402

BURST = 100


# -- the writer process ------------------------------------------------------------------------


def write(path: Path, paced: int, bursts: int) -> None:
    rng = random.Random(9)
    with LiveMeeting.resume(path) as meeting:
        print("ready", flush=True)

        def act(phase: str) -> None:
            state = meeting.state
            started = time.time()
            # A draw only where the chair has the choice, so the seed gives the same meeting.
            idle = state.current_speech is None and bool(state.queue)
            call = phase == "paced" and idle and rng.random() < 0.4
            event = chair_acts(meeting, call=call, name="Người", topic="Kiến nghị số")
            print(phase, event.seq, started, time.time(), flush=True)

        for _ in range(paced):
            time.sleep(rng.uniform(0.2, 0.6))
            act("paced")
        for _ in range(bursts):
            time.sleep(1.0)
            for _ in range(BURST):
                act("burst")
        time.sleep(0.5)
    print("done", flush=True)


# -- the hall side -----------------------------------------------------------------------------


class Notices(threading.Thread):
    """A thread that notes the time of each change it sees to the session's files."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.times: list[float] = []
        self.stop = threading.Event()
        self.ready = threading.Event()


class StatNotices(Notices):
    """The follower's own change detection alone: stat the files every POLL_SECONDS."""

    def run(self) -> None:
        last = files_signature(self.path)
        while not self.stop.is_set():
            now = files_signature(self.path)
            if now != last:
                self.times.append(time.time())
                last = now
            self.stop.wait(POLL_SECONDS)


class InotifyNotices(Notices):
    """inotify through watchfiles, on the session's directory, with a 5 ms step."""

    def run(self) -> None:
        import watchfiles

        self.ready.set()
        for changes in watchfiles.watch(
            self.path.parent,
            debounce=50,
            step=5,
            stop_event=self.stop,
            rust_timeout=100,
            yield_on_timeout=True,
        ):
            if any(Path(name).name.startswith(self.path.name) for _, name in changes):
                self.times.append(time.time())


def new_session(directory: Path) -> Path:
    with LiveMeeting.create(
        directory,
        "2024-03-15-1",
        agenda=load_agenda(DEFAULT_AGENDA),
        date=dt.date(2024, 3, 15),
        place="Hội trường UBND xã Trung Sơn",
        chair="Diêm Đăng Nghiệp",
    ) as meeting:
        meeting.open_meeting()
        meeting.do(commands.next_step)
        return meeting.log.path


async def follow(
    path: Path, paced: int, bursts: int
) -> tuple[list[tuple[str, int, float, float]], list[tuple[int, float]], list[float], list[float]]:
    from moderator.tui.hall import HallApp, HallScreen

    drawn: list[tuple[int, float]] = []
    screen = HallScreen(SessionFollower(path), drawn=lambda seq: drawn.append((seq, time.time())))
    app = HallApp(screen)
    stat = StatNotices(path)
    inotify: InotifyNotices | None = InotifyNotices(path)
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        inotify = None
    appends: list[tuple[str, int, float, float]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        stat.start()
        if inotify is not None:
            inotify.start()
            inotify.ready.wait()
        writer = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--writer",
            str(path),
            str(paced),
            str(bursts),
            stdout=asyncio.subprocess.PIPE,
        )
        assert writer.stdout is not None
        while line := (await writer.stdout.readline()).decode():
            parts = line.split()
            if len(parts) == 4:
                appends.append((parts[0], int(parts[1]), float(parts[2]), float(parts[3])))
        await writer.wait()
        last = appends[-1][1]
        deadline = time.monotonic() + 5
        while (not drawn or drawn[-1][0] < last) and time.monotonic() < deadline:
            await pilot.pause(0.05)
    stat.stop.set()
    if inotify is not None:
        inotify.stop.set()
        inotify.join(5)
    return appends, drawn, stat.times, inotify.times if inotify is not None else []


def visible_at(seq: int, drawn: list[tuple[int, float]]) -> float | None:
    for shown, at in drawn:
        if shown >= seq:
            return at
    return None


def first_after(moment: float, notices: list[float]) -> float | None:
    return next((at for at in notices if at >= moment), None)


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--writer":
        write(Path(args[1]), int(args[2]), int(args[3]))
        return 0
    paced = int(args[args.index("--paced") + 1]) if "--paced" in args else 40
    bursts = int(args[args.index("--bursts") + 1]) if "--bursts" in args else 3
    with tempfile.TemporaryDirectory() as directory:
        path = new_session(Path(directory))
        appends, drawn, stat_times, inotify_times = asyncio.run(follow(path, paced, bursts))
    missing = [seq for _, seq, _, _ in appends if visible_at(seq, drawn) is None]
    if missing:
        print(f"never shown: {missing[:10]}", file=sys.stderr)
        return 1
    result: dict[str, object] = {}
    every: list[float] = []
    for phase in ("paced", "burst"):
        latencies = [
            visible_at(seq, drawn) - returned  # type: ignore[operator]
            for kind, seq, _, returned in appends
            if kind == phase
        ]
        if not latencies:
            continue
        every += latencies
        result[f"follow_{phase}"] = summary(latencies)
        print(f"hall, {phase:5} ({len(latencies)} events): {result[f'follow_{phase}']}")
    for name, notices in (("stat_poll", stat_times), ("inotify", inotify_times)):
        raw = [
            at - returned
            for kind, _, started, returned in appends
            if kind == "paced" and (at := first_after(started, notices)) is not None
        ]
        if raw:
            result[f"raw_{name}"] = summary(raw)
            print(f"raw notification, {name} (paced): {result[f'raw_{name}']}")
    total = summary(every)
    result["follow_p50_ms"] = total["p50_ms"]
    result["follow_p95_ms"] = total["p95_ms"]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
