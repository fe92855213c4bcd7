"""Speed of the written-petitions import: 1,000, 5,000 and 50,000 varied rows.

    python benchmarks/import_speed.py [--runs N] [--sizes 1000,5000,50000]
    python benchmarks/import_speed.py --agreement 5000

Rows are random combinations of realistic Vietnamese words (names, villages, areas and
petition topics built from requests, actions on objects, places with their names and
details), about a third typed
without diacritics, from a fixed seed. Each size is written to a CSV file in a temporary
directory and imported into a fresh session of a fresh data directory through the real
command line path (``moderator.cli.main(["import", ...])``), each run in a fresh interpreter:
reading the file, checking every row, flagging repeats, storing the one event and closing the
session. The interpreter's start and the modules it loads before the command runs are not
included (they are the same for every size; measure them with ``time python -m moderator
import ...``); numpy, which only an import loads, and every cache it fills are.

Prints a table (median seconds over the runs and rows per second), the ratio of the
50,000-row time to the 5,000-row time (10 means linear), and as its last line one JSON object
with ``seconds_5000`` and ``seconds_50000``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.petition_words import ACTIONS, OBJECTS, REQUESTS  # noqa: E402
from moderator.cli import main  # noqa: E402
from moderator.domain import topics  # noqa: E402
from moderator.domain.vietnamese import plain_text  # noqa: E402
from moderator.meeting import read_session  # noqa: E402
from moderator.store.datadir import resolve_session  # noqa: E402

SEED = 20240315
SIZES = (1000, 5000, 50000)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quang", "Ngọc", "Xuân", "Hồng"]
GIVEN = [
    "Hùng", "Mai", "Thắng", "Nhung", "Bình", "Lan", "Dũng", "Hoa", "Tuấn", "Hương", "Sơn",
    "Hạnh", "Long", "Thủy", "Nam", "Yến", "Phúc", "Trang", "Khánh", "Loan", "Cường", "Vân",
]  # fmt: skip
VILLAGES = [f"Thôn {n}" for n in range(1, 13)] + [f"thon {n}" for n in range(1, 13)]
AREAS = ["", "dat_dai", "moi_truong", "attp", "gpmb", "chinh_sach", "khac", "Đất đai"]
PROPER = [
    "Đồng Mát", "Bãi Sậy", "Gò Cao", "Rộc Đình", "Cầu Trắng", "Phú Mỹ", "Hòa Lạc", "Đông Sơn",
    "Ao Sen", "Đầm Vực", "Xuân Lộc", "Thạch Bàn", "Núi Voi", "Hồ Tiên", "Cây Đa", "Bến Tre",
    "Minh Khai", "Lạc Long", "Hưng Thịnh", "Vạn Phúc", "An Bình", "Tân Lập", "Yên Hòa",
]  # fmt: skip
PLACES = [
    "tại thôn {v}", "ở xóm {v}", "tuyến đường liên thôn {v}", "khu vực cánh đồng {p}",
    "gần trường {p}", "đoạn qua nghĩa trang {p}", "khu dân cư {p}", "dọc quốc lộ {r}",
    "ngõ {r} thôn {v}", "khu chợ {p}", "bên cạnh trạm bơm {p}", "khu tái định cư {p}",
    "dự án {p}", "xứ đồng {p}", "đường {p}", "",
]  # fmt: skip
# How villagers add weight to any request (a row may add one).
DETAILS = [
    "", "đã lâu chưa được giải quyết", "bà con rất bức xúc", "gây ảnh hưởng sản xuất",
    "mùa mưa thường xuyên ngập úng", "đã kiến nghị nhiều lần", "ảnh hưởng sức khỏe nhân dân",
    "đề nghị trả lời cụ thể", "chưa được công khai", "xe tải chở vật liệu làm hỏng",
    "giá đền bù thấp hơn thị trường",
]  # fmt: skip
# The particulars of one problem (its year, the household that wrote first, its size): every
# villager who raises it may mention them, in their own sentence.
PARTICULARS = [
    "từ năm {y} đến nay", "ông {g} đã gửi đơn", "diện tích {r} sào", "có {r} hộ bị ảnh hưởng",
    "kinh phí dự kiến {r} triệu đồng", "đoạn trước nhà bà {g}", "thửa số {r} của ông {g}",
    "đã hứa từ kỳ họp năm {y}", "hộ bà {g} bị thiệt hại", "sau trận lũ năm {y}",
]  # fmt: skip


# Two-syllable place names (fields, hamlets, projects) beyond the well-known ones above: a
# commune has hundreds, and they are what tells one road or field from another.
NAME_FIRST = [
    "Đồng", "Gò", "Bãi", "Rộc", "Cầu", "Ao", "Đầm", "Núi", "Cửa", "Bến", "Xóm", "Trại", "Vườn",
    "Mả", "Cồn", "Lạch", "Khe", "Đá", "Mương", "Ruộng",
]  # fmt: skip
NAME_SECOND = [
    "Mát", "Sậy", "Cao", "Đình", "Trắng", "Sen", "Vực", "Voi", "Tiên", "Chùa", "Gạo", "Dưới",
    "Trên", "Giữa", "Ngoài", "Mới", "Cũ", "Lớn", "Nhỏ", "Đen", "Đỏ", "Xanh", "Vàng", "Mít",
    "Tre", "Sung", "Bông", "Nứa", "Lim", "Me",
]  # fmt: skip
PLACE_NAMES = PROPER + [f"{a} {b}" for a in NAME_FIRST for b in NAME_SECOND]
REPEAT_SHARE = 0.4  # the labelled dev petitions: 49 of 124 repeat an earlier one


@dataclass(frozen=True)
class Problem:
    """One problem a commune may be told about: what, where, and its particulars."""

    subject: str
    also: str  # a second request, or ""
    village: str
    place: str  # one of PLACES
    particular: str  # one of PARTICULARS
    fill: dict[str, object]  # what the place and the particular name


def _problem(rng: random.Random) -> Problem:
    return Problem(
        subject=f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}",
        also=f"và {rng.choice(ACTIONS)} {rng.choice(OBJECTS)}" if rng.random() < 0.3 else "",
        village=rng.choice(VILLAGES),
        place=PLACES[rng.randrange(len(PLACES) - 1)],  # every problem has a place: not ""
        particular=rng.choice(PARTICULARS),
        fill={
            "v": rng.randint(1, 12),
            "r": rng.randint(1, 99),
            "p": rng.choice(PLACE_NAMES),
            "y": rng.randint(1995, 2023),
            "g": rng.choice(GIVEN),
        },
    )


def make_rows(count: int, seed: int = SEED) -> list[list[str]]:
    """`count` petitions (see `make_labelled`)."""
    return [row for row, _ in make_labelled(count, seed)]


def make_labelled(count: int, seed: int = SEED) -> list[tuple[list[str], int]]:
    """`count` petitions, each with the number of the problem it raises: a new problem, or
    (REPEAT_SHARE of them, as in the dev set) another villager's wording of a problem raised
    earlier in the file."""
    rng = random.Random(seed + count)
    problems: list[Problem] = []
    rows: list[tuple[list[str], int]] = []
    for _ in range(count):
        if problems and rng.random() < REPEAT_SHARE:
            number = rng.randrange(len(problems))
        else:
            number = len(problems)
            problems.append(_problem(rng))
        problem = problems[number]
        fill = problem.fill
        place = problem.place
        if rng.random() < 0.3:  # the same place, put another way
            place = rng.choice(PLACES)
        parts = [rng.choice(REQUESTS), problem.subject, problem.also, place.format(**fill)]
        clauses = [" ".join(p for p in parts if p)]
        if rng.random() < 0.8:
            clauses.append(problem.particular.format(**fill))
        clauses.append(rng.choice(DETAILS))
        topic = ", ".join(c for c in clauses if c) + "."
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if rng.random() < 0.35:  # typed without diacritics
            topic = plain_text(topic)
            name = plain_text(name).title()
        rows.append(([name, problem.village, rng.choice(AREAS), topic, ""], number))
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "village", "area", "topic", "organization"])
        writer.writerows(rows)
    return path


def _cli(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    if status != 0:
        raise SystemExit(f"moderator {' '.join(argv)}: exit {status}: {err.getvalue().strip()}")
    return out.getvalue().strip()


# One timed import in a fresh interpreter, as a user runs it: the modules the command line
# loads at start are loaded first and not timed; what the import itself loads (numpy) and every
# cache it fills (the lexicon, the words read) are.
_TIMED = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from benchmarks.import_speed import _cli
start, cpu = time.perf_counter(), time.process_time()
message = _cli(*sys.argv[2:])
print(json.dumps([time.perf_counter() - start, time.process_time() - cpu, message]))
"""


def time_import(work: Path, csv_path: Path, run: int) -> tuple[float, float]:
    """Wall and CPU seconds of one ``moderator import`` of ``csv_path`` into a fresh session,
    in a fresh interpreter (the machine is shared: the CPU time shows how much of the wall
    time was waiting)."""
    data = work / f"data-{csv_path.stem}-{run}"
    session_id = _cli("new", "--data", str(data), "--date", "2024-03-15")
    argv = ["import", "--data", str(data), "--lang", "en", session_id, str(csv_path)]
    out = subprocess.run(
        [sys.executable, "-c", _TIMED, str(ROOT), *argv],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds, cpu, message = json.loads(out.splitlines()[-1])
    print(
        f"  {csv_path.stem} run {run + 1}: {seconds:.3f} s ({cpu:.3f} s CPU) {message}",
        file=sys.stderr,
    )
    return seconds, cpu


@contextlib.contextmanager
def exhaustive() -> Iterator[None]:
    """The index scoring every earlier text exactly, at every query: what its candidate budget,
    its limit of texts scored per query and its cached term weights approximate."""
    names = ("_EXACT_BELOW", "_CANDIDATE_BUDGET", "_COMMON_MIN", "_CONSIDER_LIMIT")
    saved = {name: getattr(topics, name) for name in names}
    for name in names:
        setattr(topics, name, sys.maxsize)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(topics, name, value)


def agreement(work: Path, size: int) -> None:
    """Import `size` rows, then flag the stored registrations again with the exhaustive engine
    (quadratic: minutes for 5,000 rows) and print how far they agree, and how the flags compare
    with the problems the rows were generated from."""
    labelled = make_labelled(size)
    csv_path = write_csv(work / f"agreement-{size}.csv", [row for row, _ in labelled])
    data = work / f"data-agreement-{size}"
    session_id = _cli("new", "--data", str(data), "--date", "2024-03-15")
    print(_cli("import", "--data", str(data), "--lang", "en", session_id, str(csv_path)))
    speakers = read_session(resolve_session(data, session_id)).state.speakers
    flags = [s.duplicate_of.speaker if s.duplicate_of else None for s in speakers]
    with exhaustive():
        found = topics.flag_registrations((str(s.number), s.topic, s.area) for s in speakers)
        reference = [int(f.duplicate_of) if f.duplicate_of else None for f in found]
    problem = [number for _, number in labelled]
    repeats = sum(1 for i, n in enumerate(problem) if n in problem[:i])
    same = sum(1 for a, b in zip(flags, reference, strict=True) if (a is None) == (b is None))
    same_row = sum(1 for a, b in zip(flags, reference, strict=True) if a == b)
    right = sum(1 for i, a in enumerate(flags) if a is not None and problem[a - 1] == problem[i])
    right_ref = sum(
        1 for i, b in enumerate(reference) if b is not None and problem[b - 1] == problem[i]
    )
    print(
        f"{size} rows, {repeats} of them restating an earlier problem: the import flags "
        f"{sum(1 for a in flags if a)}, the exhaustive engine {sum(1 for b in reference if b)}; "
        f"flagged or not alike on {same} rows ({same / size:.2%}), the same earlier row named "
        f"on {same_row} ({same_row / size:.2%}); {right} of the import's flags name a row of "
        f"the same problem, {right_ref} of the exhaustive engine's"
    )


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument(
        "--agreement",
        type=int,
        metavar="ROWS",
        help="instead of timing, compare an import's flags with the exhaustive engine's",
    )
    args = parser.parse_args(argv)
    if args.agreement:
        with tempfile.TemporaryDirectory(prefix="import-agreement-") as tmp:
            agreement(Path(tmp), args.agreement)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    medians: dict[int, float] = {}
    cpu: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="import-speed-") as tmp:
        work = Path(tmp)
        for size in sizes:
            csv_path = write_csv(work / f"rows-{size}.csv", make_rows(size))
            times = [time_import(work, csv_path, run) for run in range(args.runs)]
            medians[size] = statistics.median(wall for wall, _ in times)
            cpu[size] = statistics.median(used for _, used in times)
    print(
        f"{'rows':>8}  {'seconds':>8}  {'rows/s':>9}  {'CPU s':>8}   (medians of {args.runs} runs)"
    )
    for size, seconds in medians.items():
        print(f"{size:>8}  {seconds:>8.3f}  {size / seconds:>9.0f}  {cpu[size]:>8.3f}")
    if 5000 in medians and 50000 in medians:
        ratio = medians[50000] / medians[5000]
        print(f"50,000 / 5,000 rows: {ratio:.1f}× the time (10× is linear)")
    result = {f"seconds_{size}": round(seconds, 3) for size, seconds in medians.items()}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
