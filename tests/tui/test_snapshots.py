"""Snapshots of the live meeting screen (pytest-textual-snapshot), made deterministic: a fake
clock for the header's clock, the countdown and the waiting times; a fixed time zone for the
local time the room reads; fixed sizes. Pilot tests check behaviour; these check the look.

Re-bless after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from moderator.domain import commands
from moderator.domain.agenda import DEFAULT_AGENDA
from moderator.meeting import LiveMeeting
from moderator.tui import make_app
from moderator.tui.replay_app import make_replay_app
from moderator.tui.screens.start import make_start_app
from tests.conftest import START, FakeClock
from tests.tui.helpers import type_registration

Compare = Callable[..., bool]

SPEAKERS = (
    (
        "Nguyễn Văn An",
        "Thôn 2",
        "dat_dai",
        "Sổ đỏ cấp chậm, đã nộp hồ sơ từ năm 2022 chưa có kết quả",
    ),
    ("Tran Thi Binh", "Thôn 5", "moi_truong", "Rác thải ven kênh Đồng Sen chưa được thu gom"),
    ("Lê Văn Cường", "Thôn 7", None, "Đường liên thôn 7 – thôn 9 xuống cấp, mùa mưa ngập"),
    ("Phạm Thị Dung", "Thôn 1", "attp", "Kiểm tra an toàn thực phẩm ở bếp ăn trường mầm non"),
    (
        "Hoàng Văn Em",
        "Thôn 12",
        "gpmb",
        "Tiền đền bù giải phóng mặt bằng đường tỉnh 521 chưa trả đủ",
    ),
)


def fill(meeting: LiveMeeting, clock: FakeClock) -> None:
    """The registered-petitions step with five speakers waiting, registered a minute apart."""
    meeting.do(commands.next_step)
    for name, village, area, topic in SPEAKERS:
        clock.advance(60)
        meeting.do(commands.register_speaker, name=name, village=village, area=area, topic=topic)
    clock.advance(120)


def speak(meeting: LiveMeeting, clock: FakeClock, seconds: float) -> None:
    meeting.do(commands.call_next)
    clock.advance(seconds)


def speeches_heard(meeting: LiveMeeting, clock: FakeClock, count: int) -> None:
    """The first ``count`` in the queue speak 100 s each; the land officer answers issue 1."""
    for _ in range(count):
        speak(meeting, clock, 100)
        meeting.do(commands.end_speech)
    meeting.do(commands.assign_responder, 1, "dia_chinh")


def to_the_last_step(meeting: LiveMeeting) -> None:
    agenda = meeting.state.agenda
    assert agenda is not None
    while meeting.state.step is not None and meeting.state.step.id != agenda.steps[-1].id:
        meeting.do(commands.next_step)


def test_idle(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(120, 40))


def small(snap_compare: Compare, meeting: LiveMeeting, **how: Any) -> bool:
    """The live screen on ``meeting`` at 80×24 compared with its snapshot; ``how``: the keys
    pressed or what runs before the picture."""
    return snap_compare(make_app(meeting, bell=False), terminal_size=(80, 24), **how)


def test_idle_small(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    assert small(snap_compare, meeting)


def test_speaking_near_the_warning(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock
) -> None:
    fill(meeting, clock)
    speak(meeting, clock, 180 - 35)  # 35 s left: the warning comes at 30 s
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(120, 40))


def test_overtime(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    speak(meeting, clock, 180 + 42)
    assert small(snap_compare, meeting)


def test_responses_step(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    speeches_heard(meeting, clock, 3)
    meeting.do(commands.next_step)  # open floor
    meeting.do(commands.next_step)  # responses
    speak(meeting, clock, 61)
    assert snap_compare(make_app(meeting, bell=False), terminal_size=(120, 40))


# -- 80×24: what the operator needs is in view, not cut ----------------------------------------


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor: the text field's cursor is drawn, whenever the picture is taken."""
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_add_speaker_with_similar_choices_small(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock
) -> None:
    """The add-speaker form at 80×24 with two similar registrations offered: every field, the
    choices, the "→ Enter" line and the hint inside the dialog."""
    fill(meeting, clock)
    meeting.do(
        commands.register_speaker,
        name="Đỗ Văn Giang",
        village="Thôn 3",
        area="moi_truong",
        topic="Rác thải ven kênh chưa được thu gom, bốc mùi",
    )

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await type_registration(pilot, "Le Van C", "Thon 5", "rac thai ven kenh chua duoc thu gom")
        await steady(pilot)

    assert small(snap_compare, meeting, run_before=run_before)


def test_help_small(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    fill(meeting, clock)
    assert small(snap_compare, meeting, press=["question_mark"])


def test_closing_question_small(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock
) -> None:
    fill(meeting, clock)
    to_the_last_step(meeting)
    assert small(snap_compare, meeting, press=["right_square_bracket"])


def test_issues_with_outcomes_small(
    snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock
) -> None:
    """The issues panel at 80×24 keeps the outcome and the responder beside the topic."""
    fill(meeting, clock)
    speeches_heard(meeting, clock, len(SPEAKERS))
    meeting.do(commands.assign_responder, 2, "Diêm Đăng Nghiệp")
    meeting.do(
        commands.record_conclusion, issue=2, outcome="assigned", text="Giao thu gom", owner="Thôn 5"
    )
    meeting.do(commands.record_response, 3, "Đã có kế hoạch sửa đường")
    assert small(snap_compare, meeting)


def test_start_form_small(snap_compare: Compare, monkeypatch: pytest.MonkeyPatch) -> None:
    # A relative agenda path: the picture must not depend on where the repository lies.
    monkeypatch.chdir(DEFAULT_AGENDA.parent)
    app = make_start_app(Path(DEFAULT_AGENDA.name), date=dt.date(2024, 3, 15))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_replay_small(snap_compare: Compare, meeting: LiveMeeting, clock: FakeClock) -> None:
    """A closed session replayed at 80×24, moved to its last event."""
    fill(meeting, clock)
    speeches_heard(meeting, clock, 2)
    to_the_last_step(meeting)
    meeting.do(commands.close_session)
    path = meeting.log.path
    meeting.close()
    app = make_replay_app(path, clock=FakeClock(START + dt.timedelta(days=1)))
    assert snap_compare(app, terminal_size=(80, 24), press=["end"])
