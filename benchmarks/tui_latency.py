"""Latency of the live meeting screen.

1. Cold start: the moderator app (headless, until its first screen is up and painted) versus
   a minimal Textual app composing the same widget types; the ratio is what our code adds.
2. Keypress to updated screen, p95, for register (Enter on the filled form), call next,
   end speech and next step, on a session with 300 queued speakers and 2,000 logged events.

"Up and painted" and "updated" mean: every message the key (or the start) caused has been
handled by the app and the screen's widgets, and the screen's next frame has been composed.
Pilot's ``press``/``pause`` are not used for timing: they also sleep until the process looks
idle (20 ms steps of CPU sampling that count every thread), which measures the heuristic.

The last line is JSON: {"startup_ratio": …, "startup_ratio_same_content": …,
"action_p95_ms": {…}}. ``startup_ratio`` is against the minimal app with empty widgets (the
issue's reference); ``startup_ratio_same_content`` against stock widgets showing the same text
and rows, which separates what our code adds from what the content itself costs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Digits, Footer, Static

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from moderator.domain import commands  # noqa: E402
from moderator.domain.agenda import DEFAULT_AGENDA, load_agenda  # noqa: E402
from moderator.meeting import LiveMeeting  # noqa: E402
from moderator.tui import make_app  # noqa: E402
from moderator.tui.screens.forms import AddSpeakerForm  # noqa: E402

QUEUED = 300
EVENTS = 2000
STARTS = 5
PRESSES = 15
SIZE = (120, 40)


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("header")
        yield Digits("03:00")
        yield DataTable()
        yield DataTable()
        yield Static("agenda")
        yield Footer()


# The child processes import nothing of this script (it imports moderator): only Textual, and
# for ours what `moderator run` imports.
SETTLE = """
import asyncio, sys
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Digits, Footer, Static

async def settle(pilot):
    app = pilot.app
    for _ in range(10):
        await pilot._wait_for_screen()
        nodes = [app, *app.screen.walk_children(with_self=True)]
        if all(node._message_queue.empty() for node in nodes):
            break
    app.screen._on_timer_update()

async def main(app):
    async with app.run_test(size={size!r}) as pilot:
        await settle(pilot)
"""
OURS_PROCESS = (
    SETTLE
    + """
from pathlib import Path
from moderator.meeting import LiveMeeting
from moderator.tui import make_app
meeting = LiveMeeting.resume(Path(sys.argv[1]))
asyncio.run(main(make_app(meeting, data_dir=Path(sys.argv[1]).parent)))
meeting.close()
"""
)
MINIMAL_PROCESS = (
    SETTLE
    + """
class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("header")
        yield Digits("03:00")
        yield DataTable()
        yield DataTable()
        yield Static("agenda")
        yield Footer()

asyncio.run(main(Minimal()))
"""
)


def process_start(code: str, argument: Path) -> float:
    """Seconds for a fresh interpreter to run ``code`` (start, imports, first frame, exit)."""
    source = code.replace("{size!r}", repr(SIZE))
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", source, str(argument)], check=True)
    return time.perf_counter() - began


def same_content(meeting: LiveMeeting) -> type[App[None]]:
    """A minimal app showing what the main screen shows (header, countdown, the agenda's
    script, the 300 queued speakers) in stock Textual widgets, with none of our code: a second
    reference, for what our code adds beyond the content itself."""
    state = meeting.state
    rows = [
        (str(n), s.name, s.village, "", "1′", "", s.topic[:40])
        for n, s in enumerate(state.queued(), start=1)
    ]
    script = state.step.script if state.step else ""

    class SameContent(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("UBND xã Trung Sơn — Hội nghị đối thoại\nngày 15/03/2024 · 08:00:00")
            yield Digits("03:00")
            yield Static(script)
            yield DataTable()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            queue = self.query(DataTable).first()
            queue.add_columns("TT", "Họ tên", "Thôn", "Ghi chú", "Chờ", "Lĩnh vực", "Nội dung")
            queue.add_rows(rows)

    return SameContent


def build(data_dir: Path, session: str) -> LiveMeeting:
    meeting = LiveMeeting.create(
        data_dir,
        session,
        agenda=load_agenda(DEFAULT_AGENDA),
        date=dt.date(2024, 3, 15),
        place="Hội trường",
        chair="Chủ tịch",
    )
    meeting.do(commands.next_step)
    for n in range(QUEUED + 20):
        meeting.do(
            commands.register_speaker,
            name=f"Người {n}",
            village=f"Thôn {n % 12 + 1}",
            topic=f"Kiến nghị số {n} về đường, rác thải và đất đai",
        )
    for _ in range(20):
        meeting.do(commands.call_next)
        meeting.do(commands.end_speech)
    meeting.do(commands.call_next)
    while meeting.state.seq < EVENTS - 1:
        meeting.do(commands.toggle_pause)
    meeting.do(commands.end_speech)
    return meeting


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


async def settle(pilot: Pilot[Any]) -> float:
    """Handle everything queued (handlers queue more: a few rounds), then compose the frame;
    the moment it is done."""
    app = pilot.app
    for _ in range(10):
        await pilot._wait_for_screen()  # Textual's own "all pending messages handled"
        nodes = [app, *app.screen.walk_children(with_self=True)]
        if all(node._message_queue.empty() for node in nodes):
            break
    app.screen._on_timer_update()  # what the screen's update timer does: lay out and paint
    return time.perf_counter()


async def start_time(factory: Any) -> float:
    began = time.perf_counter()
    app = factory()
    async with app.run_test(size=SIZE) as pilot:
        took = await settle(pilot) - began
    return took


KEYS = {"enter": "\r", "n": "n", "e": "e", "right_square_bracket": "]"}


async def timed(pilot: Pilot[Any], key: str) -> float:
    began = time.perf_counter()
    pilot.app.post_message(events.Key(key, KEYS[key]))  # as the driver posts a typed key
    return await settle(pilot) - began


async def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="moderator-bench-"))
    meeting = build(data_dir, "bench")
    print(f"session: {len(meeting.state.queue)} queued, {meeting.state.seq} events")

    ours = [await start_time(lambda: make_app(meeting, data_dir=data_dir)) for _ in range(STARTS)]
    plain = [await start_time(Minimal) for _ in range(STARTS)]
    same = [await start_time(same_content(meeting)) for _ in range(STARTS)]
    ratio = statistics.median(ours) / statistics.median(plain)
    ratio_same = statistics.median(ours) / statistics.median(same)
    print(
        f"cold start: {statistics.median(ours) * 1000:.0f} ms vs minimal "
        f"{statistics.median(plain) * 1000:.0f} ms (x{ratio:.2f}); vs the same content in stock "
        f"widgets {statistics.median(same) * 1000:.0f} ms (x{ratio_same:.2f})"
    )

    samples: dict[str, list[float]] = {"register": [], "call_next": [], "end": [], "next_step": []}
    app = make_app(meeting, data_dir=data_dir, bell=False)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        for n in range(PRESSES):
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, AddSpeakerForm)
            for field, value in (("name", f"Bench {n}"), ("village", "Thôn 1"), ("topic", "x")):
                form.query_one(f"#{field}").value = value  # type: ignore[attr-defined]
            form.query_one("#topic").focus()
            for name, key in (
                ("register", "enter"),
                ("call_next", "n"),
                ("end", "e"),
                ("next_step", "right_square_bracket"),
            ):
                await pilot.pause()  # start each press from a quiet app
                samples[name].append(await timed(pilot, key))
            await pilot.press("left_square_bracket")
            await pilot.pause()
    meeting.close()

    # A real cold start: a new Python process that imports, opens the session (ours: resumes
    # it from the log, as `moderator run` does) and paints its first frame, then exits.
    ours_process = [process_start(OURS_PROCESS, data_dir / "bench.json") for _ in range(STARTS)]
    plain_process = [process_start(MINIMAL_PROCESS, data_dir) for _ in range(STARTS)]
    ratio_process = statistics.median(ours_process) / statistics.median(plain_process)
    print(
        f"process start: {statistics.median(ours_process) * 1000:.0f} ms vs minimal "
        f"{statistics.median(plain_process) * 1000:.0f} ms (x{ratio_process:.2f})"
    )

    result = {
        "startup_ratio": round(ratio, 2),
        "startup_ratio_same_content": round(ratio_same, 2),
        "process_start_ratio": round(ratio_process, 2),
        "action_p95_ms": {name: round(p95(values), 1) for name, values in samples.items()},
    }
    for name, value in result["action_p95_ms"].items():  # type: ignore[attr-defined]
        print(f"{name}: p95 {value} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
