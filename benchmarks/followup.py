"""The follow-up over a district's archive: how long it takes to open, and to filter.

Usage: python benchmarks/followup.py [--sessions 200] [--petitions 20000] [--keep DIR]

Generates a data directory of ``--sessions`` closed sessions holding ``--petitions`` petitions
in all (half presented in the hall with a timed speech, half taken up in writing; four in five
concluded, a third of those with progress recorded), written through the session log as the
live screen writes them. Then, each in a fresh Python process (nothing warm but the operating
system's file cache):

- ``open_s``: from the process start to the follow-up screen (Textual, headless) showing its
  list, the median of 3 runs; ``open_nocache_s`` the same (median of 3) with the cache beside
  the logs removed before each run (it is rebuilt from the logs), and ``report_s`` the text
  report;
- ``filter_p95_ms``: p95 over 200 filters (owner, area, village, status, session, typed as a
  person would, without diacritics) of applying the filter, updating the screen's list and
  repainting the screen; ``filter_list_p95_ms`` the same without the repaint.

The machine's load average is printed: on a shared machine the figures move with it, so each
opening also gives the CPU time its process had used by then (``open_cpu_s``,
``open_nocache_cpu_s``), which moves much less.

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderator.domain import events as ev  # noqa: E402
from moderator.domain.agenda import DEFAULT_AGENDA, Agenda, load_agenda  # noqa: E402
from moderator.meeting import LiveMeeting  # noqa: E402

TOPICS = (
    "Đường liên thôn xuống cấp, đề nghị sửa chữa",
    "Rác thải tồn đọng bên suối",
    "Chậm chi trả tiền đền bù giải phóng mặt bằng",
    "Cấp giấy chứng nhận quyền sử dụng đất chậm",
    "Chế độ cho người có công chưa được giải quyết",
    "Điện chiếu sáng ngõ xóm hỏng",
    "Nước sinh hoạt không đủ dùng mùa khô",
    "Kênh mương nội đồng bị bồi lấp",
)
OWNERS = ("Địa chính", "Văn hóa - Xã hội", "Tài chính", "Tư pháp", "Văn phòng")


def generate(data_dir: Path, sessions: int, petitions: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    agenda = load_agenda(DEFAULT_AGENDA)
    per = petitions // sessions
    start = dt.date(2020, 1, 10)
    for number in range(sessions):
        day = start + dt.timedelta(days=int(number * 1826 / sessions))
        _write_session(data_dir, agenda, rng, number, day, per)


def _write_session(
    data_dir: Path, agenda: Agenda, rng: random.Random, number: int, day: dt.date, per: int
) -> None:
    areas = [a.id for a in agenda.areas]
    clock = [dt.datetime.combine(day, dt.time(1), tzinfo=dt.UTC)]
    meeting = LiveMeeting.create(
        data_dir,
        f"{day.isoformat()}-{number % 3 + 1}",
        agenda=agenda,
        date=day,
        place=agenda.locations[number % len(agenda.locations)],
        chair="Diêm Đăng Nghiệp",
        clock=lambda: clock[0],
    )
    events: list[ev.Event] = []
    seq = meeting.state.seq

    def stamp(seconds: float = 30) -> tuple[int, dt.datetime]:
        nonlocal seq
        seq += 1
        clock[0] += dt.timedelta(seconds=seconds)
        return seq, clock[0]

    s, t = stamp()
    events.append(ev.MeetingStarted(seq=s, at=t))
    registrations = tuple(
        ev.ImportedRegistration(
            speaker=i + 1,
            name=f"Người dân {number}-{i + 1}",
            village=agenda.villages[rng.randrange(len(agenda.villages))],
            area=rng.choice(areas),
            topic=f"{rng.choice(TOPICS)} ({number}-{i + 1})",
        )
        for i in range(per)
    )
    s, t = stamp()
    events.append(ev.PetitionsImported(seq=s, at=t, registrations=registrations))
    for i in range(per):
        speaker = i + 1
        if i % 2 == 0:
            s, t = stamp()
            speech = sum(1 for e in events if isinstance(e, ev.SpeechStarted)) + 1
            events.append(
                ev.SpeechStarted(
                    seq=s, at=t, speech=speech, kind="petition", speaker=speaker,
                    issue=i + 1, new_issue=True, limit_seconds=180,
                )
            )  # fmt: skip
            s, t = stamp(rng.randint(40, 240))
            events.append(ev.SpeechEnded(seq=s, at=t, speech=speech))
        else:
            s, t = stamp(5)
            events.append(
                ev.PetitionTakenUp(seq=s, at=t, speaker=speaker, issue=i + 1, new_issue=True)
            )
    concluded = [i + 1 for i in range(per) if rng.random() < 0.8]
    for issue in concluded:
        s, t = stamp(20)
        kind = rng.random()
        due = day + dt.timedelta(days=rng.choice((15, 30, 45, 60))) if kind < 0.6 else None
        events.append(
            ev.ConclusionRecorded(
                seq=s, at=t, issue=issue, outcome="assigned" if kind < 0.9 else "answered",
                text="Giao bộ phận chuyên môn kiểm tra, giải quyết", owner=rng.choice(OWNERS)
                if kind < 0.9 else "", due=due,
            )
        )  # fmt: skip
    s, t = stamp()
    events.append(ev.SessionClosed(seq=s, at=t))
    for issue in concluded:
        if rng.random() < 1 / 3:
            s, t = stamp(86400 * rng.randint(5, 40))
            events.append(
                ev.ProgressRecorded(
                    seq=s, at=t, issue=issue,
                    status=rng.choice(("in_progress", "done", "done", "forwarded_answered")),
                    on=(t + dt.timedelta(hours=7)).date(), note="Công văn số 12/UBND",
                )
            )  # fmt: skip
    with meeting:
        meeting.record(events)


CHILD = r"""
import sys, time, json
started = time.perf_counter()
sys.path.insert(0, {root!r})
import asyncio, datetime as dt
from pathlib import Path
mode = {mode!r}
data_dir = Path({data_dir!r})
if mode == "report":
    from moderator.cli import main
    import io, contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO())):
        main(["followup", "--data", str(data_dir), "--format", "text", "--today", "2025-01-15"])
    print(json.dumps({{"seconds": time.perf_counter() - started}}))
    sys.exit(0)
from moderator.tui.followup import FollowupApp, FollowupScreen
from moderator.domain.followup import Filter

async def run():
    app = FollowupApp(data_dir, lang="vi", today=dt.date(2025, 1, 15))
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, FollowupScreen)
        while not screen.shown:  # the list has its rows
            await pilot.pause(0.005)
        opened = time.perf_counter() - started
        cpu = time.process_time()
        timings = []
        if mode == "filter":
            import random
            rng = random.Random(3)
            typed = [
                dict(owner="dia chinh"), dict(area="dat dai"), dict(village="thon 3"),
                dict(status="overdue"), dict(status="done"), dict(session="2023"),
                dict(owner="tai chinh", status="open"), dict(village="thon 1"),
                dict(area="moi truong", village="thon 7"), dict(),
            ]
            for _ in range(200):
                wanted = Filter(**rng.choice(typed))
                t0 = time.perf_counter()
                screen.filter = wanted
                screen.refilter()
                t1 = time.perf_counter()
                await pilot.pause(0)
                timings.append(((time.perf_counter() - t0) * 1000, (t1 - t0) * 1000))
        rows = len(screen.all_items)
    print(json.dumps({{"seconds": opened, "cpu": cpu, "items": rows, "timings": timings}}))

asyncio.run(run())
"""


def child(mode: str, data_dir: Path) -> dict[str, object]:
    code = CHILD.format(root=str(ROOT), mode=mode, data_dir=str(data_dir))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"the measuring process failed:\n{done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def opens(
    data_dir: Path, label: str, cache: Path | None = None
) -> tuple[float, float, dict[str, object]]:
    """Three opens of the follow-up list, each in a child process (``cache`` deleted before
    each, when given), printed under ``label``: the median wall and CPU seconds, and the last
    child's result."""
    seconds, cpu = [], []
    for _ in range(3):
        if cache is not None:
            cache.unlink(missing_ok=True)
        result = child("open", data_dir)
        seconds.append(float(result["seconds"]))  # type: ignore[arg-type]
        cpu.append(float(result["cpu"]))  # type: ignore[arg-type]
    median, median_cpu = statistics.median(seconds), statistics.median(cpu)
    print(
        f"{label}: {', '.join(f'{s:.2f}' for s in seconds)} s;"
        f" median {median:.2f} (CPU {median_cpu:.2f} s)"
    )
    return median, median_cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--petitions", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.keep or Path(scratch) / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        if not any(data_dir.glob("*.json")):
            t0 = time.perf_counter()
            generate(data_dir, args.sessions, args.petitions)
            print(f"generated {args.sessions} sessions, {args.petitions} petitions "
                  f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        size = sum(p.stat().st_size for p in data_dir.glob("*.json"))
        print(f"data directory: {size / 1e6:.1f} MB of session logs")
        from moderator.archive import CACHE_NAME

        print(f"load average before measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        cache = data_dir / CACHE_NAME
        nocache, nocache_cpu, _ = opens(data_dir, "open without the cache (rebuilds it)", cache)
        open_s, open_cpu, result = opens(data_dir, "open with the cache")
        print(f"conclusions listed: {result['items']}")
        report_s = float(child("report", data_dir)["seconds"])  # type: ignore[arg-type]
        print(f"text report: {report_s:.2f} s")
        timings = child("filter", data_dir)["timings"]
        assert isinstance(timings, list)
        ordered = sorted(whole for whole, _ in timings)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        listed = sorted(part for _, part in timings)
        p95_list = listed[int(0.95 * (len(listed) - 1))]
        print(f"filter + repaint: median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms")
        print(
            f"filter + list update, before the repaint: median {statistics.median(listed):.1f}"
            f" ms, p95 {p95_list:.1f} ms"
        )
        print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print(
            json.dumps(
                {
                    "sessions": args.sessions,
                    "petitions": args.petitions,
                    "open_s": round(open_s, 3),
                    "open_nocache_s": round(nocache, 3),
                    "open_cpu_s": round(open_cpu, 3),
                    "open_nocache_cpu_s": round(nocache_cpu, 3),
                    "report_s": round(report_s, 3),
                    "filter_p95_ms": round(p95, 1),
                    "filter_median_ms": round(statistics.median(ordered), 1),
                    "filter_list_p95_ms": round(p95_list, 1),
                }
            )
        )


if __name__ == "__main__":
    main()
