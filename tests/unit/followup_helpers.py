"""Two sessions a quarter apart, for the follow-up's tests: concluded issues with and without
due dates, one answered at the meeting, progress recorded after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import SessionOpened, Suggestion
from moderator.domain.state import MeetingState
from moderator.meeting import LiveMeeting
from tests.conftest import FakeClock, report_progress
from tests.unit.meeting_helpers import Driver

DAY = 86400
Q1 = dt.date(2024, 3, 15)
Q2 = dt.date(2024, 6, 14)


class Session(Driver):
    """The test driver, for a session of any id and date."""

    def __init__(self, agenda: Agenda, clock: FakeClock, session_id: str, date: dt.date) -> None:
        self.clock = clock
        self.events = []
        self.state = MeetingState()
        self.do(
            commands.open_session,
            session_id=session_id,
            agenda=agenda,
            date=date,
            place="Hội trường UBND xã Trung Sơn",
            chair="Diêm Đăng Nghiệp",
        )
        self.do(commands.start_meeting)
        self.goto("floor")

    def petition(self, name: str, village: str, topic: str, area: str, **kw: Any) -> int:
        self.register(name, topic=topic, village=village, area=area, **kw)
        self.speak(90)
        return len(self.state.issues)

    def conclude(self, issue: int, outcome: Any, **kw: Any) -> None:
        kw.setdefault("text", f"Kết luận vấn đề {issue}")
        self.do(commands.record_conclusion, issue=issue, outcome=outcome, **kw)


def first_quarter(agenda: Agenda, clock: FakeClock) -> Session:
    clock.now = dt.datetime(2024, 3, 15, 1, 0, tzinfo=dt.UTC)
    s = Session(agenda, clock, "2024-03-15-1", Q1)
    s.petition("Nguyễn Văn An", "Thôn 2", "Đường liên thôn xuống cấp", "dat_dai")
    s.petition("Trần Thị Bình", "Thôn 5", "Rác thải tồn đọng bên suối", "moi_truong")
    s.petition("Lê Văn Cường", "Thôn 5", "Chậm chi trả tiền đền bù", "gpmb")
    s.petition("Phạm Thị Dung", "Thôn 7", "Chế độ thương binh chưa được hưởng", "chinh_sach")
    s.goto("responses")
    s.do(commands.start_response, 4)
    s.clock.advance(60)
    s.do(commands.end_speech)
    s.do(commands.record_response, 4, "Đã giải thích chế độ", responder="Văn hóa - Xã hội")
    s.goto("conclusion")
    s.conclude(1, "assigned", owner="Địa chính", due=dt.date(2024, 4, 30))
    s.conclude(2, "assigned", owner="Văn hóa - Xã hội")  # default due: 30 days
    s.conclude(3, "forwarded", forwarded_to="UBND huyện", due=dt.date(2024, 5, 15))
    s.conclude(4, "answered")
    s.goto("closing")
    s.do(commands.close_session)
    clock.now = dt.datetime(2024, 4, 10, 2, 0, tzinfo=dt.UTC)
    s.do(commands.record_progress, issue=2, status="done", on=dt.date(2024, 4, 10), note="Đã dọn")
    clock.now = dt.datetime(2024, 5, 20, 2, 0, tzinfo=dt.UTC)
    report_progress(s, 3, "forwarded_answered", dt.date(2024, 5, 20), "Công văn 45/UBND")
    return s


def second_quarter(agenda: Agenda, clock: FakeClock) -> Session:
    clock.now = dt.datetime(2024, 6, 14, 1, 0, tzinfo=dt.UTC)
    s = Session(agenda, clock, "2024-06-14-1", Q2)
    back = Suggestion(
        score=0.9,
        topic="Đường liên thôn xuống cấp",
        issue=1,
        session_id="2024-03-15-1",
        session_date=Q1,
    )
    s.petition("Hoàng Văn Em", "Thôn 2", "Đường liên thôn vẫn hỏng", "dat_dai", suggestions=(back,))
    s.goto("conclusion")
    s.conclude(1, "assigned", owner="Địa chính", due=dt.date(2024, 7, 31))
    s.goto("closing")
    s.do(commands.close_session)
    return s


def write_archive(data_dir: Path, agenda: Agenda) -> list[Path]:
    """The two sessions, stored in ``data_dir`` as the live screen stores them."""
    clock = FakeClock()
    paths = []
    for build in (first_quarter, second_quarter):
        session = build(agenda, clock)
        opened = session.events[0]
        assert isinstance(opened, SessionOpened)
        meeting = LiveMeeting.create(
            data_dir,
            opened.session_id,
            agenda=agenda,
            date=opened.date,
            place=opened.place,
            chair=opened.chair,
            clock=lambda at=opened.at: at,
        )
        with meeting:
            meeting.record(session.events[1:])
        paths.append(meeting.log.path)
    return paths
