"""The printed timeline: one line per event, in local time, naming things as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.export import timeline
from moderator.meeting import Recorded
from tests.conftest import FakeClock
from tests.unit.meeting_helpers import Driver
from tests.unit.test_export_session import recorded

STAMP = re.compile(r"^(\d\d/\d\d/\d{4} |\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d  \S")


@pytest.fixture(scope="module")
def closed(agenda: Agenda) -> Recorded:
    return recorded(agenda)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_one_line_per_event(closed: Recorded, lang: str) -> None:
    lines = list(timeline(closed, lang))
    assert len(lines) == len(closed.events)
    for line in lines:
        assert STAMP.match(line), line
        assert "\n" not in line


def test_lines_tell_what_happened(closed: Recorded) -> None:
    lines = list(timeline(closed))
    assert lines[0].startswith("08:00:00  Khai mạc: Hội nghị đối thoại")  # 01:00 UTC
    expected = [
        "08:10:30  Nguyễn Thị Lan (Thôn 3) bắt đầu phát biểu, kiến nghị số 1 — giới hạn 3:00",
        "08:13:20  Nguyễn Thị Lan (Thôn 3) kết thúc phát biểu — 2:50",
        "08:17:35  Tạm dừng: Trần Văn Hùng (Thôn 7) — đã nói 1:00",
        "08:18:20  Tiếp tục: Trần Văn Hùng (Thôn 7) — đã tạm dừng 0:45",
        "08:20:00  Trần Văn Hùng (Thôn 7) kết thúc phát biểu — 2:40",
        "08:30:00  Thêm 0:30 cho Lê Văn Minh (Thôn 5) — tổng 3:30",
        "08:31:10  Lê Văn Minh (Thôn 5) kết thúc phát biểu — 4:00 (vượt 0:30)",
        "08:26:00  Đánh dấu Phạm Thị Hoa (Thôn 4), số 5: trùng kiến nghị số 1",
        "08:31:20  Phạm Thị Hoa (Thôn 4) bắt đầu phát biểu, trùng kiến nghị số 1 — giới hạn 3:00",
        "08:33:00  Rút đăng ký số 6: Vũ Thị Mai (Thôn 12)",
        "09:09:45  Kết thúc phiên họp",
    ]
    for line in expected:
        assert line in lines
    assert any(line.startswith("08:39:30  Phân công Diêm Đăng Nghiệp, Chủ tịch") for line in lines)
    assert any("Kết luận kiến nghị số 2 — chuyển Phòng Lao động" in line for line in lines)
    # Completed after the meeting: the date is shown.
    assert lines[-1].startswith("18/03/2024 14:00:00  Kết luận kiến nghị số 1 — giao ")
    assert "hạn 30/04/2024" in lines[-1]


def test_undo_names_what_it_undid(closed: Recorded) -> None:
    lines = list(timeline(closed))
    slip = "Đăng ký phát biểu số 5: Nguyen Thi Lan (Thôn 3) — ho so so do"
    index = lines.index(f"08:25:35  {slip}")
    assert lines[index + 1] == f"08:25:40  Hoàn tác: {slip}"
    # The number then goes to the next registration, and the line says who it was then.
    assert lines[index + 2].startswith("08:26:00  Đăng ký phát biểu số 5: Phạm Thị Hoa")
    english = list(timeline(closed, "en"))
    assert english[index + 1].startswith("08:25:40  Undone: Registration 5: Nguyen Thi Lan")


def test_undo_of_a_speech_and_multiline_text(agenda: Agenda) -> None:
    d = Driver(agenda, FakeClock())
    d.register("Lò Văn Páo", "Dòng một\nDòng hai", village="Thôn 11")
    d.goto("registered")
    d.do(commands.call_next)
    d.do(commands.undo)
    d.do(commands.add_note, "Ghi chú\nhai dòng")
    d.do(commands.undo)
    session = Recorded(Path("x.json"), {}, tuple(d.events), d.state)
    lines = list(timeline(session))
    assert len(lines) == len(d.events)
    assert "Dòng một / Dòng hai" in lines[1]
    assert lines[-3].endswith(
        "Hoàn tác: Lò Văn Páo (Thôn 11) bắt đầu phát biểu, kiến nghị số 1 — giới hạn 3:00"
    )
    assert lines[-1].endswith("Hoàn tác: Ghi chú: Ghi chú / hai dòng")
