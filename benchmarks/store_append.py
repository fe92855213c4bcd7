"""Append latency of the session log, beside stock TinyDB and the disk's own floor.

    python benchmarks/store_append.py [--runs N] [--dir DIR]

Each run appends 2,000 realistic events (~300 bytes of JSON) to a fresh session and times every
append; "at 100" is the p50 of appends 1..100, "at 2000" that of appends 1901..2000. Stock TinyDB
(``TinyDB(path).table("events").insert``, JSONStorage, which fsyncs each write) inserts the same
events: 1..100 one by one, and 1901..2000 one by one after the first 1,900 were stored in a
single untimed write (each insert rewrites the whole file, so how the file got there does not
matter). The floor is one fsync'd ``write`` of an event-sized line to a plain file, with the same
sync call the journal uses. The figures are medians over the runs, because the machine is shared.

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import tinydb

from moderator.store import SessionLog, SessionStorage
from moderator.store import storage as storage_module

SIZE = 2000
WINDOW = 100

NAMES = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Đức Thắng", "Phạm Thị Hồng Nhung", "Đỗ Văn Bình"]
VILLAGES = [f"Thôn {n}" for n in range(1, 13)]
TOPICS = [
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã sử dụng ổn định từ năm 1993",
    "Rác thải ở đầu thôn không được thu gom thường xuyên, gây ô nhiễm môi trường",
    "Kiến nghị kiểm tra an toàn thực phẩm tại các bếp ăn tập thể trường mầm non",
    "Tiền đền bù giải phóng mặt bằng đường liên xã chưa được chi trả đủ",
]
AREAS = ["dat_dai", "ve_sinh_moi_truong", "an_toan_thuc_pham", "den_bu_gpmb"]


def make_event(seq: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "type": "speaker_registered",
        "at": f"2024-03-15T{8 + seq // 3600 % 10:02d}:{seq // 60 % 60:02d}:{seq % 60:02d}+07:00",
        "speaker": {
            "id": seq,
            "name": NAMES[seq % len(NAMES)],
            "village": VILLAGES[seq % len(VILLAGES)],
            "organisation": None,
            "area": AREAS[seq % len(AREAS)],
            "topic": TOPICS[seq % len(TOPICS)],
            "source": "floor" if seq % 3 else "written",
        },
    }


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def ours(directory: Path, events: list[dict[str, Any]]) -> list[float]:
    with SessionLog.create(directory, "bench", {"agenda": "benchmark"}) as log:
        return [timed(partial(log.append, event)) for event in events]


def stock(directory: Path, events: list[dict[str, Any]]) -> tuple[list[float], list[float]]:
    db = tinydb.TinyDB(directory / "stock-100.json")
    table = db.table("events")
    first = [timed(partial(table.insert, event)) for event in events[:WINDOW]]
    db.close()
    db = tinydb.TinyDB(directory / "stock-2000.json")
    table = db.table("events")
    table.insert_multiple(events[: SIZE - WINDOW])
    last = [timed(partial(table.insert, event)) for event in events[SIZE - WINDOW :]]
    db.close()
    return first, last


def floor(directory: Path, events: list[dict[str, Any]]) -> list[float]:
    lines = [json.dumps(event).encode() + b"\n" for event in events[:WINDOW]]
    fd = os.open(directory / "floor", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:

        def append(line: bytes) -> None:
            os.write(fd, line)
            storage_module._sync_data(fd)

        return [timed(partial(append, line)) for line in lines]
    finally:
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the temp files")
    args = parser.parse_args()
    events = [make_event(seq) for seq in range(1, SIZE + 1)]
    sizes = [len(json.dumps(e, ensure_ascii=False).encode()) for e in events]

    runs: dict[str, list[float]] = {key: [] for key in ("o100", "o2000", "omean", "s100", "s2000")}
    runs["floor"] = []
    compacting: list[float] = []
    started = time.perf_counter()
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="moderator-bench-", dir=args.dir) as temp:
            directory = Path(temp)
            # Rotate the order, so that no contender always runs on a warmer or busier disk.
            for step in range(3):
                which = (run + step) % 3
                if which == 0:
                    times = ours(directory / "ours", events)
                    runs["o100"].append(statistics.median(times[:WINDOW]))
                    runs["o2000"].append(statistics.median(times[-WINDOW:]))
                    runs["omean"].append(statistics.fmean(times[-WINDOW:]))
                    every = SessionStorage.compact_every
                    compacting += [times[n - 1] for n in range(every, SIZE + 1, every)]
                elif which == 1:
                    first, last = stock(directory, events)
                    runs["s100"].append(statistics.median(first))
                    runs["s2000"].append(statistics.median(last))
                else:
                    runs["floor"].append(statistics.median(floor(directory, events)))
    elapsed = time.perf_counter() - started

    med = {key: statistics.median(values) for key, values in runs.items()}
    ratio_100 = med["s100"] / med["o100"]
    ratio_2000 = med["s2000"] / med["o2000"]
    where = args.dir or tempfile.gettempdir()
    print(
        f"Append latency in ms: median over {args.runs} runs of each run's p50 "
        f"(events of {min(sizes)}-{max(sizes)} bytes; temp files in {where})"
    )
    print()
    print(f"{'':34}{'at 100':>10}{'at 2000':>10}")
    print(f"{'moderator SessionLog.append':34}{med['o100']:>10.3f}{med['o2000']:>10.3f}")
    print(f"{'stock TinyDB JSONStorage insert':34}{med['s100']:>10.3f}{med['s2000']:>10.3f}")
    print(f"{'ratio stock / moderator':34}{ratio_100:>9.1f}x{ratio_2000:>9.1f}x")
    print(f"{'fsync floor (bare append)':34}{med['floor']:>10.3f}")
    print()
    print(
        f"moderator, appends 1901-2000: mean {med['omean']:.3f} ms, with the compaction at 2000; "
        f"an append that compacts (every {SessionStorage.compact_every}th): "
        f"median {statistics.median(compacting):.1f} ms, max {max(compacting):.1f} ms"
    )
    print(f"total {elapsed:.1f} s")
    print(
        json.dumps(
            {
                "p50_ms_at_100": round(med["o100"], 4),
                "p50_ms_at_2000": round(med["o2000"], 4),
                "mean_ms_at_2000": round(med["omean"], 4),
                "stock_tinydb_p50_ms_at_100": round(med["s100"], 4),
                "stock_tinydb_p50_ms_at_2000": round(med["s2000"], 4),
                "ratio_at_100": round(ratio_100, 1),
                "ratio_at_2000": round(ratio_2000, 1),
                "fsync_floor_ms": round(med["floor"], 4),
                "runs": args.runs,
            }
        )
    )


if __name__ == "__main__":
    main()
