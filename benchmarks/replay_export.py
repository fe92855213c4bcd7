"""Time to read a long session back and print it: the fold, the timeline, every export format.

    python benchmarks/replay_export.py [--runs N] [--events N] [--dir DIR]

Builds a realistic session of 5,000 events in a temporary data directory through
``LiveMeeting`` (the default agenda, a fake clock): written petitions and petitions from the
floor, some repeating earlier issues, pauses, extensions, withdrawals, notes, operator slips
undone, responders, answers, conclusions of every kind, the overall conclusion, the close, and
conclusions corrected after the meeting. Then times ``read_session`` (reading the file and
folding every event), ``timeline`` (all lines), ``export`` in each format, and
``replay_to_end``: the replay screen's model reading the file, keeping the state after every
event, going to the end and wording the event there. Each figure is the
median of the runs; the goal is at most 1 s each.

The last line printed is one JSON object: {"seconds": {operation: seconds, ...}}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from moderator.domain import commands
from moderator.domain.agenda import DEFAULT_AGENDA, load_agenda
from moderator.domain.events import DuplicateRef, Outcome, Source
from moderator.domain.state import MeetingState
from moderator.export import FORMATS, export, timeline
from moderator.meeting import LiveMeeting, read_session
from moderator.tui.replay_model import Playhead, Tape

GOAL_SECONDS = 1.0
START = dt.datetime(2024, 3, 15, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hanoi

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Lò"]
MIDDLE = ["Văn", "Thị", "Đức", "Thị Thu", "Minh", "Quang", "Thị Hồng", "Xuân"]
GIVEN = ["Lan", "Hùng", "Mai", "Tâm", "Minh", "Hoa", "Đức", "Nam", "Hạnh", "Sơn", "Thảo", "Páo"]
TOPICS = [
    (
        "dat_dai",
        "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho {n} hộ ở {v}, hồ sơ nộp từ {y}.",
    ),
    ("moi_truong", "Rác thải ở đầu {v} không được thu gom thường xuyên, gây ô nhiễm nguồn nước."),
    ("attp", "Đề nghị kiểm tra an toàn thực phẩm tại bếp ăn trường mầm non {v}."),
    ("gpmb", "Tiền bồi thường giải phóng mặt bằng đường liên xã chưa chi trả đủ cho {n} hộ ở {v}."),
    (
        "chinh_sach",
        "Hồ sơ hưởng chế độ người có công của gia đình ở {v} nộp từ {y} chưa có kết quả.",
    ),
    ("khac", "Đề nghị sửa chữa đường trục {v} bị xuống cấp sau mùa mưa năm {y}."),
    (None, "Nhà văn hoá {v} bị dột, đề nghị xã bố trí kinh phí sửa chữa."),
]
ANSWER = (
    "Đã tiếp nhận và rà soát hồ sơ; {who} sẽ trả lời bằng văn bản cho công dân trước ngày 30/4."
)
OUTCOMES: tuple[Outcome, ...] = ("answered", "assigned", "forwarded", "noted")


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def build(data_dir: Path, target: int) -> Path:
    """A session of exactly ``target`` events; returns its file."""
    agenda = load_agenda(DEFAULT_AGENDA)
    clock = Clock()
    live = LiveMeeting.create(
        data_dir,
        "2024-03-15-bench",
        agenda=agenda,
        date=START.date(),
        place=agenda.locations[0],
        chair=agenda.chair.name,
        attendance=350,
        clock=clock,
    )
    with live:
        # About 8 events per petition during the meeting (registration, speech, answer,
        # conclusion ...); the rest of the budget goes to corrections after the meeting.
        petitions = target // 9

        def state() -> MeetingState:
            return live.state

        def register(index: int, source: Source) -> None:
            area, template = TOPICS[index % len(TOPICS)]
            village = agenda.villages[index * 5 % len(agenda.villages)]
            topic = template.format(n=3 + index % 17, v=village, y=2018 + index % 6)
            name = (
                f"{FAMILY[index % len(FAMILY)]} {MIDDLE[index // 3 % len(MIDDLE)]} "
                f"{GIVEN[index // 7 % len(GIVEN)]}"
            )
            live.do(
                commands.register_speaker,
                name=name,
                village=village,
                topic=topic,
                area=area,
                source=source,
                organisation="Hội Nông dân" if index % 11 == 0 else "",
            )
            clock.advance(20)

        def speak(index: int) -> None:
            live.do(commands.call_next)
            clock.advance(60 + index % 90)
            if index % 5 == 0:
                live.do(commands.pause_speech)
                clock.advance(30)
                live.do(commands.resume_speech)
            if index % 7 == 0:
                live.do(commands.extend_speech)
            clock.advance(40 + index % 70)
            live.do(commands.end_speech)
            clock.advance(10)

        clock.advance(300)
        live.do(commands.next_step)  # registered
        written = petitions * 2 // 5
        for index in range(written):
            register(index, "written")
        for index in range(written):
            speak(index)
            if index % 40 == 39:
                live.do(commands.add_note, f"Ghi chú của thư ký số {index // 40 + 1}.")
        live.do(commands.next_step)  # floor
        for index in range(written, petitions):
            register(index, "floor")
            queued = state().queue[-1]
            if index % 4 == 0 and state().issues:
                earlier = 1 + index * 7 % len(state().issues)
                live.do(commands.mark_duplicate, queued, DuplicateRef(issue=earlier))
            if index % 9 == 0:
                live.do(commands.withdraw_speaker, queued)
                continue
            if index % 13 == 0:  # an operator's slip, taken back
                live.do(commands.add_note, "nhầm")
                live.do(commands.undo)
            speak(index)
        live.do(commands.next_step)  # responses
        for issue in state().issues:
            # No area, no default responder: the chair answers.
            live.do(commands.assign_responder, issue.number, "" if issue.area else "chu_tich")
            clock.advance(3)
        while state().issues and any(not i.responses for i in state().issues):
            live.do(commands.call_next)
            current = state().current_speech
            assert current is not None
            assert current.issue is not None
            clock.advance(120)
            live.do(commands.end_speech)
            who = current.responder or agenda.chair.role
            live.do(commands.record_response, current.issue, ANSWER.format(who=who))
            clock.advance(10)
        live.do(commands.next_step)  # conclusion
        for issue in state().issues:
            conclude(live, issue.number, issue.number)
            clock.advance(20)
        live.do(
            commands.record_conclusion,
            issue=None,
            outcome="noted",
            text="Các kiến nghị chính đáng được tiếp thu.\nGiao các bộ phận thực hiện.",
        )
        live.do(commands.next_step)  # closing
        clock.advance(120)
        live.do(commands.close_session)
        # After the meeting, the secretary corrects conclusions until the log is full.
        clock.advance(3 * 24 * 3600)
        number = 0
        while state().seq < target:
            conclude(live, number % len(state().issues) + 1, number + 1)
            clock.advance(45)
            number += 1
        if state().seq != target:
            raise SystemExit(f"built {state().seq} events, not {target}: adjust the mix")
        return live.log.path


def conclude(live: LiveMeeting, issue: int, variant: int) -> None:
    outcome: Outcome = OUTCOMES[variant % len(OUTCOMES)]
    due = START.date() + dt.timedelta(days=30 + variant % 60) if outcome == "assigned" else None
    live.do(
        commands.record_conclusion,
        issue=issue,
        outcome=outcome,
        text=f"Kết luận số {variant}: giải quyết theo quy định.",
        owner="Công chức Địa chính – Xây dựng" if outcome == "assigned" else "",
        due=due,
        forwarded_to="UBND huyện" if outcome == "forwarded" else "",
    )


def replay_to_end(path: Path) -> str:
    """What ``moderator replay`` does before End shows: every state folded once, then the
    last position and its line."""
    tape = Tape(path)
    head = Playhead(tape)
    head.seek(len(tape))
    return tape.line(head.position, "vi")


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the temp files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="moderator-bench-", dir=args.dir) as temp:
        started = time.perf_counter()
        path = build(Path(temp), args.events)
        built = time.perf_counter() - started
        recorded = read_session(path)
        state = recorded.state
        print(
            f"{len(recorded.events)} events: {len(state.speakers)} registrations, "
            f"{len(state.speeches)} speeches, {len(state.issues)} issues "
            f"({path.stat().st_size / 1e6:.1f} MB, built in {built:.1f} s); "
            f"median of {args.runs} runs, goal <= {GOAL_SECONDS:g} s each"
        )
        seconds = {"read_session": median_seconds(lambda: read_session(path), args.runs)}
        seconds["timeline"] = median_seconds(lambda: list(timeline(recorded)), args.runs)
        seconds["replay_to_end"] = median_seconds(partial(replay_to_end, path), args.runs)
        sizes = {}
        for fmt in FORMATS:
            seconds[f"export_{fmt}"] = median_seconds(partial(export, recorded, fmt), args.runs)
            sizes[fmt] = len(export(recorded, fmt))
    print()
    for operation, value in seconds.items():
        fmt = operation.removeprefix("export_")
        size = f"{sizes[fmt] / 1e3:8.0f} kB" if fmt in sizes else ""
        mark = "ok" if value <= GOAL_SECONDS else "SLOW"
        print(f"{operation:16}{value:8.3f} s  {mark:4}{size}")
    print(json.dumps({"seconds": {k: round(v, 4) for k, v in seconds.items()}}))


if __name__ == "__main__":
    main()
