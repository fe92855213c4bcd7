"""Latency of the live meeting screen.

    python benchmarks/tui_latency.py [--presses N]

1. Cold start: the moderator app (headless, until its first screen is up and painted) versus
   a minimal Textual app composing the same widget types; the ratio is what our code adds.
2. Keypress to updated screen, p95, for register (Enter on the filled form), call next,
   end speech and next step, on a session with 300 queued speakers and 2,000 logged events.
3. Typing a registration: the topic typed into the add-speaker form one character at a time
   (each keystroke runs the topic match), then Enter, with 5,000 issues of 50 earlier sessions
   in the data directory; p50 and p95 per keystroke, against the same keystrokes in the same
   form with the match switched off (alternating topic by topic, in the same run).
4. Process start: a new interpreter that imports (the command line first, as the console
   script does), resumes the session and paints its first frame, versus one that does the same
   for the minimal app; medians of wall and CPU time, and the same start with the 50 earlier
   sessions beside the session. Python's bytecode is cached, as it is for an installed program
   from its second start on (an untimed start writes the cache first). The start as this shell
   runs it is reported beside it: with PYTHONDONTWRITEBYTECODE set (as on the machine these
   figures were first taken on) our 15,000 lines of source, installed editable, are compiled at
   every start, which the minimal app, installed with its bytecode, does not pay.

"Up and painted" and "updated" mean: every message the key (or the start) caused has been
handled by the app and the screen's widgets, and the screen's next frame has been composed.
Pilot's ``press``/``pause`` are not used for timing: they also sleep until the process looks
idle (20 ms steps of CPU sampling that count every thread), which measures the heuristic.

The last line is JSON: {"startup_ratio": …, "startup_ratio_same_content": …,
"process_start_ratio": …, "action_p95_ms": {…}, "typing": {…}, …}. ``startup_ratio`` is
against the minimal app with empty widgets (the issue's reference);
``startup_ratio_same_content`` against stock widgets showing the same text and rows, which
separates what our code adds from what the content itself costs.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import inspect
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from textual import events
from textual.app import App, ComposeResult
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import DataTable, Digits, Footer, Static

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.petition_words import ACTIONS, OBJECTS, REQUESTS  # noqa: E402
from moderator.domain import commands  # noqa: E402
from moderator.domain.agenda import DEFAULT_AGENDA, load_agenda  # noqa: E402
from moderator.meeting import LiveMeeting  # noqa: E402
from moderator.store import storage as storage_module  # noqa: E402
from moderator.tui import make_app  # noqa: E402
from moderator.tui.screens.forms import AddSpeakerForm  # noqa: E402

QUEUED = 300
EVENTS = 2000
STARTS = 5
PRESSES = 15
SIZE = (120, 40)
EARLIER_SESSIONS = 50
EARLIER_PER_SESSION = 100  # 5,000 earlier issues
TYPED = 6  # registrations typed (and as many reference passes)
SEED = 20240315


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("header")
        yield Digits("03:00")
        yield DataTable()
        yield DataTable()
        yield Static("agenda")
        yield Footer()


# The child processes import nothing of this script (it imports moderator): only Textual, and
# for ours what `moderator run` imports, in its order (Textual last, for the live screen).
SETTLE = """
import asyncio, sys, time

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
        painted = time.time()
    print(painted)  # the first frame, on the clock the parent reads too
"""
OURS_PROCESS = (
    SETTLE
    + """
from pathlib import Path
from moderator.cli import live_app  # the console script's import, then `moderator run`'s path
from moderator.meeting import LiveMeeting
meeting = LiveMeeting.resume(Path(sys.argv[1]))
asyncio.run(main(live_app(meeting, "vi", Path(sys.argv[1]).parent)))
meeting.close()
"""
)
# The same minimal app as in the in-process start, by its source.
MINIMAL_PROCESS = (
    SETTLE
    + """
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Digits, Footer, Static
"""
    + inspect.getsource(Minimal)
    + "\nasyncio.run(main(Minimal()))\n"
)


class Start(NamedTuple):
    frame: float
    """Seconds from the spawn to the first frame painted."""
    wall: float
    """Seconds from the spawn to the process's end (the app closed, its threads done)."""
    cpu: float
    """CPU seconds (user + system) of the process, which other work on a shared machine
    disturbs less than wall time."""


def process_start(code: str, argument: Path, cache: Path | None) -> Start:
    """A fresh interpreter running ``code``: start, imports, first frame, exit. With ``cache``,
    bytecode is read from (and written to) that folder; without, the environment decides."""
    source = code.replace("{size!r}", repr(SIZE))
    env = dict(os.environ)
    if cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    spawned = time.time()
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", source, str(argument)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Start(float(done.stdout.split()[-1]) - spawned, wall, cpu)


def process_starts(code: str, argument: Path, cache: Path | None) -> Start:
    """Medians of ``STARTS`` process starts; with ``cache``, after one untimed start that
    fills it."""
    if cache is not None:
        process_start(code, argument, cache)
    runs = [process_start(code, argument, cache) for _ in range(STARTS)]
    return Start(*(statistics.median(values) for values in zip(*runs, strict=True)))


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


# Earlier sessions' petitions: random combinations of the words of a commune's petitions
# (benchmarks/petition_words.py) at its places, with its details.
PLACES = [
    "tại thôn {v}", "ở xóm {v}", "tuyến đường liên thôn {v}", "khu vực cánh đồng {p}",
    "gần trường {p}", "khu dân cư {p}", "ngõ {r} thôn {v}", "khu chợ {p}", "",
]  # fmt: skip
PROPER = ["Đồng Mát", "Bãi Sậy", "Gò Cao", "Cầu Trắng", "Phú Mỹ", "Hòa Lạc", "Ao Sen", "Cây Đa"]
DETAILS = [
    "", "đã lâu chưa được giải quyết", "từ năm {y} đến nay", "gây ảnh hưởng sản xuất",
    "mùa mưa thường xuyên ngập úng", "đã kiến nghị nhiều lần", "có {r} hộ bị ảnh hưởng",
]  # fmt: skip
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Văn Hùng", "Thị Mai", "Đức Thắng", "Thị Nhung", "Minh Tuấn", "Thị Hương", "Văn Sơn"]


def petition(rng: random.Random) -> str:
    fill = {
        "v": rng.randint(1, 12),
        "r": rng.randint(1, 99),
        "p": rng.choice(PROPER),
        "y": rng.randint(1995, 2023),
    }
    parts = [rng.choice(REQUESTS), rng.choice(ACTIONS), rng.choice(OBJECTS)]
    parts += [rng.choice(PLACES).format(**fill), rng.choice(DETAILS).format(**fill)]
    return " ".join(part for part in parts if part)


@contextmanager
def no_sync() -> Iterator[None]:
    """Building the earlier sessions (untimed) without a sync per event: 15,000 of them."""
    saved = (os.fsync, getattr(os, "fdatasync", None), storage_module._sync_data)

    def skip(_: int) -> None:
        return None

    os.fsync = storage_module._sync_data = skip
    if saved[1] is not None:
        os.fdatasync = skip
    try:
        yield
    finally:
        os.fsync, storage_module._sync_data = saved[0], saved[2]
        if saved[1] is not None:
            os.fdatasync = saved[1]


def build_earlier(data_dir: Path, rng: random.Random) -> list[str]:
    """``EARLIER_SESSIONS`` closed sessions of ``EARLIER_PER_SESSION`` issues each, one a
    half-year from 2000 on, through ``LiveMeeting`` as a meeting records them; their topics."""
    agenda = load_agenda(DEFAULT_AGENDA)
    areas = [None, *(area.id for area in agenda.areas)]
    topics: list[str] = []
    with no_sync():
        for n in range(EARLIER_SESSIONS):
            date = dt.date(2000 + n // 2, 6 if n % 2 else 12, 15)
            with LiveMeeting.create(
                data_dir,
                f"{date.isoformat()}-xa",
                agenda=agenda,
                date=date,
                place="Hội trường",
                chair="Chủ tịch",
            ) as meeting:
                meeting.do(commands.next_step)
                for _ in range(EARLIER_PER_SESSION):
                    topic = petition(rng)
                    topics.append(topic)
                    meeting.do(
                        commands.register_speaker,
                        name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                        village=rng.choice(agenda.villages),
                        topic=topic,
                        area=rng.choice(areas),
                    )
                    meeting.do(commands.call_next)
                    meeting.do(commands.end_speech)
                meeting.do(commands.close_session)
    return topics


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


CPU: dict[str, list[float]] = {}
"""CPU seconds of this process (all its threads) per timed key, by kind: less disturbed than
wall time by other work on a shared machine."""


async def timed(pilot: Pilot[Any], key: str, kind: str = "", character: str = "") -> float:
    cpu = time.process_time()
    began = time.perf_counter()
    # As the driver posts a typed key.
    pilot.app.post_message(events.Key(key, character or KEYS[key]))
    took = await settle(pilot) - began
    if kind:
        CPU.setdefault(kind, []).append(time.process_time() - cpu)
    return took


def among_earlier(data_dir: Path) -> tuple[Path, list[str]]:
    """A new data directory: the earlier sessions and a copy of the session in ``data_dir``
    (closed); and the topics to type, half new, half an earlier issue in other words."""
    typing_dir = Path(tempfile.mkdtemp(prefix="moderator-bench-typing-"))
    rng = random.Random(SEED)
    earlier = build_earlier(typing_dir, rng)
    for path in data_dir.iterdir():
        shutil.copy2(path, typing_dir / path.name)
    topics = [
        petition(rng) if n % 2 else "Một lần nữa " + rng.choice(earlier).lower()
        for n in range(TYPED)
    ]
    return typing_dir, topics


def p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def typed(pilot: Pilot[Any], text: str, kind: str) -> list[float]:
    """Each character of ``text`` posted as the driver posts a typed key, timed to the
    updated screen."""
    return [await timed(pilot, _character_to_key(c), kind, c) for c in text]


async def typing(data_dir: Path, topics: list[str]) -> tuple[dict[str, list[float]], int, int]:
    """Registrations typed into the add-speaker form, the topic one key at a time: for each
    topic, once with the match switched off (the reference) and once with it, alternately;
    Enter (register) timed after each. Returns the samples, the issues indexed and how many
    topics ended with similar issues offered."""
    samples: dict[str, list[float]] = {"key": [], "key_reference": [], "register": []}
    offered = 0
    meeting = LiveMeeting.resume(data_dir / "bench.json")
    app = make_app(meeting, data_dir=data_dir, bell=False)
    async with app.run_test(size=SIZE) as pilot:
        # The index of the earlier sessions is built by a worker started after the first frame.
        for _ in range(600):
            if app.matcher is not None:
                break
            await pilot.pause(0.05)
        matcher = app.matcher
        assert matcher is not None, "the earlier sessions were not indexed within 30 s"
        indexed = len(matcher._earlier)
        for n, topic in enumerate(topics):
            for matching in (False, True):
                app.matcher = matcher if matching else None
                await pilot.press("a")
                form = app.screen
                assert isinstance(form, AddSpeakerForm)
                for field, value in (("name", f"Gõ {n} {matching}"), ("village", "Thôn 2")):
                    form.query_one(f"#{field}").value = value  # type: ignore[attr-defined]
                form.query_one("#topic").focus()
                await pilot.pause()
                kind = "key" if matching else "key_reference"
                samples[kind] += await typed(pilot, topic, kind)
                await pilot.pause()
                if matching:
                    offered += bool(form.similar)
                    samples["register"].append(await timed(pilot, "enter", "typed_register"))
                else:
                    await pilot.press("escape")
                await pilot.pause()
    meeting.close()
    return samples, indexed, offered


async def main(presses: int) -> None:
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
        for n in range(presses):
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
                samples[name].append(await timed(pilot, key, name))
            await pilot.press("left_square_bracket")
            await pilot.pause()
    meeting.close()

    # A real cold start: a new Python process that imports, opens the session (ours: resumes
    # it from the log, as `moderator run` does) and paints its first frame, then exits.
    cache = data_dir.parent / f"{data_dir.name}-bytecode"
    ours_process = process_starts(OURS_PROCESS, data_dir / "bench.json", cache)
    plain_process = process_starts(MINIMAL_PROCESS, data_dir, cache)
    ours_as_run = process_starts(OURS_PROCESS, data_dir / "bench.json", None)
    plain_as_run = process_starts(MINIMAL_PROCESS, data_dir, None)
    ratio_process = ours_process.wall / plain_process.wall
    ratio_cpu = ours_process.cpu / plain_process.cpu
    ratio_frame = ours_process.frame / plain_process.frame
    print(
        f"process start: {ours_process.wall * 1000:.0f} ms vs minimal "
        f"{plain_process.wall * 1000:.0f} ms (x{ratio_process:.2f}); CPU "
        f"{ours_process.cpu * 1000:.0f} ms vs {plain_process.cpu * 1000:.0f} ms "
        f"(x{ratio_cpu:.2f}); first frame {ours_process.frame * 1000:.0f} ms vs "
        f"{plain_process.frame * 1000:.0f} ms (x{ratio_frame:.2f})"
    )
    compiling = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    print(
        f"process start as this shell runs it (bytecode "
        f"{'not written: our source compiled every time' if compiling else 'as it is'}): CPU "
        f"{ours_as_run.cpu * 1000:.0f} ms vs {plain_as_run.cpu * 1000:.0f} ms "
        f"(x{ours_as_run.cpu / plain_as_run.cpu:.2f}), first frame "
        f"{ours_as_run.frame * 1000:.0f} ms vs {plain_as_run.frame * 1000:.0f} ms"
    )

    # The same session among earlier ones: 5,000 issues for the topic match to search.
    began = time.perf_counter()
    typing_dir, topics = among_earlier(data_dir)
    built = time.perf_counter() - began
    typing_samples, indexed, offered = await typing(typing_dir, topics)
    keys, reference = typing_samples["key"], typing_samples["key_reference"]
    print(
        f"typing a topic, {indexed} earlier issues ({EARLIER_SESSIONS} sessions, built in "
        f"{built:.0f} s), {len(keys)} keys: p50 {p50(keys):.1f} ms, p95 {p95(keys):.1f} ms per "
        f"key vs without the match p50 {p50(reference):.1f} ms, p95 {p95(reference):.1f} ms "
        f"(x{p95(keys) / p95(reference):.2f} at p95); CPU per key p50 {p50(CPU['key']):.1f} ms, "
        f"p95 {p95(CPU['key']):.1f} ms vs {p95(CPU['key_reference']):.1f} ms; register after "
        f"typing: p95 {p95(typing_samples['register']):.1f} ms; similar issues offered for "
        f"{offered} of {len(topics)} topics"
    )
    among = process_starts(OURS_PROCESS, typing_dir / "bench.json", cache)
    print(
        f"process start among {EARLIER_SESSIONS} earlier sessions: first frame "
        f"{among.frame * 1000:.0f} ms (x{among.frame / plain_process.frame:.2f} the minimal's); "
        f"to exit {among.wall * 1000:.0f} ms (x{among.wall / plain_process.wall:.2f}), CPU "
        f"{among.cpu * 1000:.0f} ms (x{among.cpu / plain_process.cpu:.2f}): the index of the "
        f"earlier issues is built after the first frame, and exit waits for it"
    )

    result = {
        "startup_ratio": round(ratio, 2),
        "startup_ratio_same_content": round(ratio_same, 2),
        "process_start_ratio": round(ratio_process, 2),
        "process_start_ms": round(ours_process.wall * 1000),
        "process_start_cpu_ratio": round(ratio_cpu, 2),
        "process_start_cpu_ms": round(ours_process.cpu * 1000),
        "process_first_frame_ratio": round(ratio_frame, 2),
        "process_first_frame_ms": round(ours_process.frame * 1000),
        "as_this_shell_runs_it": {
            "dont_write_bytecode": compiling,
            "cpu_ms": round(ours_as_run.cpu * 1000),
            "minimal_cpu_ms": round(plain_as_run.cpu * 1000),
            "cpu_ratio": round(ours_as_run.cpu / plain_as_run.cpu, 2),
            "first_frame_ms": round(ours_as_run.frame * 1000),
        },
        "among_earlier": {
            "first_frame_ms": round(among.frame * 1000),
            "exit_ms": round(among.wall * 1000),
            "cpu_ms": round(among.cpu * 1000),
        },
        "action_p95_ms": {name: round(p95(values), 1) for name, values in samples.items()},
        "action_cpu_p95_ms": {name: round(p95(CPU[name]), 1) for name in samples},
        "typing": {
            "earlier_issues": indexed,
            "keys": len(keys),
            "key_p50_ms": round(p50(keys), 1),
            "key_p95_ms": round(p95(keys), 1),
            "reference_key_p50_ms": round(p50(reference), 1),
            "reference_key_p95_ms": round(p95(reference), 1),
            "register_p95_ms": round(p95(typing_samples["register"]), 1),
            "topics_with_offers": offered,
            "key_cpu_p50_ms": round(p50(CPU["key"]), 1),
            "key_cpu_p95_ms": round(p95(CPU["key"]), 1),
            "reference_key_cpu_p95_ms": round(p95(CPU["key_reference"]), 1),
        },
    }
    for name, values in samples.items():
        print(f"{name}: p95 {p95(values):.1f} ms (CPU p95 {p95(CPU[name]):.1f} ms)")
    print(json.dumps(result))
    shutil.rmtree(typing_dir, ignore_errors=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--presses", type=int, default=PRESSES, help="samples of each action (p95 of 15 is noisy)"
    )
    asyncio.run(main(parser.parse_args().presses))
