"""The fixed recorded session the export tests print: a small, realistic commune dialogue.

Trung Sơn, 15 March 2024, from 08:00 (Hanoi time). Three written petitions and three from the
floor; one citizen repeats an earlier petition and joins its issue, one withdraws; a speech is
paused, one runs over time after an extension; an operator's slip is undone; every issue gets
a responder, an answer and a conclusion (one of each outcome), then the overall conclusion,
a note, the close, and a conclusion corrected after the meeting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import DuplicateRef
from moderator.meeting import Recorded
from tests.conftest import FakeClock, paused_speech
from tests.unit.meeting_helpers import Driver

HEADER = {
    "schema_version": 1,
    "app": "moderator",
    "session_id": "2024-03-15-1",
    "created": "2024-03-15T01:00:00.000+00:00",
    "title": "Hội nghị đối thoại giữa chính quyền với nhân dân năm 2024",
    "date": "2024-03-15",
    "place": "Hội trường UBND xã Trung Sơn",
    "status": "closed",
}

ANSWERS = {
    1: "Đã rà soát: 9/12 hồ sơ đủ điều kiện, đang trình UBND huyện; 3 hồ sơ còn thiếu trích đo "
    "địa chính, công chức địa chính sẽ hướng dẫn các hộ bổ sung.",
    2: "Hồ sơ đã được xã chuyển lên huyện ngày 20/7/2023; thẩm quyền giải quyết thuộc Phòng Lao "
    "động – Thương binh và Xã hội huyện.",
    3: "5 hộ chưa nhận đủ tiền do chênh lệch diện tích đo đạc; xã đã đề nghị Ban Quản lý dự án "
    "huyện đo đạc lại.",
    4: "Điểm tập kết rác mới ở xứ đồng Sậy hoàn thành trong tháng 5/2024; trước mắt tăng tần suất "
    "thu gom lên 3 lần/tuần.",
    5: "Nhà văn hoá Thôn 2 đã có trong danh mục sửa chữa; kinh phí dự kiến bố trí năm 2025.",
}

OVERALL = (
    "Các ý kiến, kiến nghị của nhân dân tại hội nghị là chính đáng, tập trung vào lĩnh vực đất "
    "đai và giải phóng mặt bằng.\n"
    "Giao Văn phòng – Thống kê tổng hợp, theo dõi việc thực hiện các nội dung kết luận, báo cáo "
    "Chủ tịch UBND xã trước ngày 30/4/2024.\n"
    "Đề nghị các thôn thông báo kết luận này trên hệ thống loa truyền thanh để nhân dân được biết."
)


# The petitions handed in before the meeting, half a minute apart.
WRITTEN: tuple[dict[str, str], ...] = (
    {
        "name": "Nguyễn Thị Lan",
        "topic": "Đề nghị xã sớm hoàn thiện hồ sơ cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ "
        "dân xóm Đồng Chùa; hồ sơ đã nộp từ năm 2021 nhưng đến nay chưa có kết quả.",
        "village": "Thôn 3",
        "area": "dat dai",
    },
    {
        "name": "Trần Văn Hùng",
        "topic": "Tiền bồi thường giải phóng mặt bằng dự án mở rộng đường tỉnh 295 chưa được chi "
        "trả đủ cho 5 hộ bị thu hồi đất ở Thôn 7.",
        "village": "thon 7",
        "area": "gpmb",
    },
    {
        "name": "Hoàng Văn Tâm",
        "topic": "Đề nghị xem xét chế độ trợ cấp cho thân nhân liệt sĩ Nguyễn Văn Khải; hồ sơ đã "
        "nộp lên huyện từ tháng 6/2023.",
        "village": "Thôn 9",
        "organisation": "Hội Cựu chiến binh Thôn 9",
        "area": "chinh sach",
    },
)

# The chair's conclusion on each issue, forty seconds apart.
CONCLUSIONS: tuple[dict[str, Any], ...] = (
    {"issue": 1, "outcome": "assigned", "text": "Rà soát, hướng dẫn bổ sung hồ sơ và trình UBND huyện cấp giấy chứng nhận.", "owner": "Công chức Địa chính – Xây dựng", "due": dt.date(2024, 4, 15)},
    {"issue": 2, "outcome": "forwarded", "text": "Đề nghị huyện xem xét, giải quyết dứt điểm hồ sơ.", "forwarded_to": "Phòng Lao động – Thương binh và Xã hội huyện"},
    {"issue": 3, "outcome": "assigned", "text": "Phối hợp Ban Quản lý dự án huyện đo đạc lại, chi trả đủ tiền bồi thường cho 5 hộ.", "owner": "Phó Chủ tịch UBND xã (phụ trách kinh tế)", "due": dt.date(2024, 5, 31)},
    {"issue": 4, "outcome": "answered", "text": "Nhân dân Thôn 5 nhất trí với phương án di dời bãi rác."},
    {"issue": 5, "outcome": "noted", "text": "Tiếp thu, đưa vào kế hoạch sửa chữa nhà văn hoá năm 2025."},
)  # fmt: skip


def build_meeting(agenda: Agenda, *, until_closed: bool = True) -> Driver:
    """The meeting; ``until_closed=False`` stops in the responses step, an answer paused."""
    clock = FakeClock()  # 08:00:00 in Hanoi
    d = Driver(agenda, clock)
    for petition in WRITTEN:
        clock.advance(60 if petition is WRITTEN[0] else 30)
        d.register(**petition, source="written")
    clock.advance(8 * 60)  # 08:10:00: the opening done
    d.goto("registered")
    clock.advance(30)
    d.speak(170)  # Lan: issue 1
    clock.advance(20)
    d.do(commands.move_speaker, 3, 0)  # Tâm before Hùng: he must leave early
    clock.advance(10)
    d.speak(150)  # Tâm: issue 2
    clock.advance(15)
    d.do(commands.call_next)  # Hùng: issue 3, paused while the loudspeaker is fixed
    paused_speech(d, clock, 60, 45, 100)
    clock.advance(5 * 60)
    d.goto("floor")
    clock.advance(20)
    d.register(
        "Lê Văn Minh",
        "Bãi tập kết rác tạm cạnh kênh tưới tiêu Thôn 5 bốc mùi, gây ô nhiễm nguồn nước; đề nghị "
        "di dời.",
        village="Thôn 5",
        area="moi truong",
    )
    clock.advance(15)
    d.register("Nguyen Thi Lan", "ho so so do", village="Thôn 3")  # typed by mistake ...
    clock.advance(5)
    d.do(commands.undo)  # ... and taken back: number 5 goes to the next registration
    clock.advance(20)
    hoa = d.register(
        "Phạm Thị Hoa",
        "Hồ sơ cấp sổ đỏ nộp từ năm 2021 đến nay chưa được giải quyết.",
        village="Thôn 4",
        area="dat dai",
    )
    d.do(commands.mark_duplicate, hoa, DuplicateRef(issue=1))
    clock.advance(20)
    mai = d.register(
        "Vũ Thị Mai", "Đề nghị lắp thêm đèn chiếu sáng đường trục thôn.", village="Thôn 12"
    )
    clock.advance(20)
    d.register(
        "Đỗ Văn Đức",
        "Nhà văn hoá Thôn 2 bị dột khi mưa, đề nghị xã quan tâm sửa chữa.",
        village="Thôn 2",
    )
    clock.advance(30)
    d.do(commands.call_next)  # Minh: issue 4, given 30 s more and still over time
    clock.advance(170)
    d.do(commands.extend_speech)
    clock.advance(70)
    d.do(commands.end_speech)
    clock.advance(10)
    d.speak(90)  # Hoa: joins issue 1
    clock.advance(10)
    d.do(commands.withdraw_speaker, mai)
    clock.advance(10)
    d.speak(120)  # Đức: issue 5, no area chosen
    clock.advance(4 * 60)
    d.goto("responses")
    for issue in (1, 2, 3, 4):
        d.do(commands.assign_responder, issue)
        clock.advance(5)
    d.do(commands.assign_responder, 5, "Diem Dang Nghiep")
    clock.advance(30)
    for number in range(5):
        d.do(commands.call_next)
        current = d.state.current_speech
        assert current is not None
        assert current.issue is not None
        clock.advance(150 + 20 * number)
        if not until_closed and number == 2:
            d.do(commands.pause_speech)
            return d
        d.do(commands.end_speech)
        d.do(commands.record_response, current.issue, ANSWERS[current.issue])
        clock.advance(15)
        if number == 1:
            d.do(
                commands.add_note,
                "Đại diện Thôn 7 đề nghị tổ chức buổi đối thoại riêng về giải phóng mặt bằng "
                "tại nhà văn hoá thôn.",
            )
    clock.advance(60)
    d.goto("conclusion")
    conclude = commands.record_conclusion
    for conclusion in CONCLUSIONS:
        d.do(conclude, **conclusion)
        clock.advance(40)
    clock.advance(20)
    d.do(conclude, issue=None, outcome="noted", text=OVERALL)
    clock.advance(5 * 60)
    d.goto("closing")
    clock.advance(3 * 60)
    d.do(commands.close_session)
    # Monday 18 March, 14:00: the secretary corrects a due date after checking with the office.
    clock.now = dt.datetime(2024, 3, 18, 7, 0, tzinfo=dt.UTC)
    d.do(conclude, **{**CONCLUSIONS[0], "due": dt.date(2024, 4, 30)})
    return d


def recorded(agenda: Agenda, *, until_closed: bool = True) -> Recorded:
    d = build_meeting(agenda, until_closed=until_closed)
    header = HEADER if until_closed else {**HEADER, "status": "open"}
    return Recorded(Path("2024-03-15-1.json"), header, tuple(d.events), d.state)


def test_the_session_covers_every_kind_of_event_and_outcome(agenda: Agenda) -> None:
    session = recorded(agenda)
    types = {event.type for event in session.events}
    assert types >= {
        "session_opened",
        "step_entered",
        "speaker_registered",
        "speaker_withdrawn",
        "speaker_moved",
        "duplicate_marked",
        "speech_started",
        "speech_paused",
        "speech_resumed",
        "speech_extended",
        "speech_ended",
        "responder_assigned",
        "response_recorded",
        "conclusion_recorded",
        "note_added",
        "action_undone",
        "session_closed",
    }
    state = session.state
    assert state.closed
    assert {i.conclusion.outcome for i in state.issues if i.conclusion} == {
        "answered",
        "assigned",
        "forwarded",
        "noted",
    }
    assert state.issue(1).supporters == 2
    assert state.overall is not None
    assert state.notes
