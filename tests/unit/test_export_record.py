"""A record the secretary can sign: every registration in its group exactly once, the meeting
told apart from what came after it, skipped answers never read as answers, an interruption.

The session: petitions imported the day before; the meeting opens on the live screen at 08:00
on 15 March 2024; an interruption during a speech; a written petition taken up as an issue of
its own and one joining an issue raised in the hall; one written and one floor registration
never considered; one withdrawn; a response ended with no answer and one passed over; after
the meeting (18 March) a responder, an answer, a conclusion and a note added in replay.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest

from moderator.domain import commands
from moderator.domain.agenda import PACKAGE_AGENDAS, Agenda, Signature, load_agenda
from moderator.domain.events import DuplicateRef
from moderator.domain.record import Recorded
from moderator.export import completeness, export, timeline
from moderator.export.registrations import registrations
from moderator.export.words import clause, sentence
from tests.conftest import START, FakeClock
from tests.unit.meeting_helpers import Driver
from tests.unit.test_export import GOLDEN_DOCUMENTS, check_golden

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PEOPLE = {
    "Nguyễn Thị Lan": "presented",
    "Trần Văn Hùng": "presented",
    "Hoàng Văn Tâm": "presented",
    "Đinh Văn Dũng": "in_writing",
    "Lý Thị Yến": "in_writing",
    "Bùi Thị Nga": "waiting",
    "Lê Văn Minh": "presented",
    "Phạm Thị Hoa": "presented",
    "Vũ Thị Mai": "withdrawn",
    "Cao Văn Bình": "waiting",
}


# The chair's conclusions at the meeting, thirty seconds apart.
CONCLUSIONS: tuple[dict[str, Any], ...] = (
    {"issue": 1, "outcome": "assigned", "text": "Hoàn thiện hồ sơ, trình huyện", "owner": "Công chức Địa chính – Xây dựng", "due": dt.date(2024, 4, 30)},
    {"issue": 2, "outcome": "forwarded", "text": "Đề nghị huyện chi trả đủ tiền bồi thường.", "forwarded_to": "Ban Quản lý dự án huyện", "owner": "Phó Chủ tịch UBND xã", "due": dt.date(2024, 5, 31)},
    {"issue": 3, "outcome": "noted", "text": "Tiếp thu, đề nghị huyện xem xét;"},
    {"issue": 4, "outcome": "answered", "text": "Nhân dân nhất trí phương án di dời", "owner": "Công chức Địa chính – Xây dựng"},
)  # fmt: skip


def build(agenda: Agenda, *, until: str = "after") -> Driver:
    """``until``: "imported" (petitions only), "closed", or "after" (with the additions)."""
    clock = FakeClock(START - dt.timedelta(days=1))  # 14 March, 08:00: the import
    d = Driver(agenda, clock, secretary="Nguyễn Thị Thu", attendance=85)
    written = [
        (
            "Nguyễn Thị Lan",
            "Thôn 3",
            "dat dai",
            "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ dân xóm Đồng Chùa.",
        ),
        ("Trần Văn Hùng", "Thôn 7", "gpmb", "Tiền bồi thường đường tỉnh 295 chưa chi trả đủ"),
        ("Hoàng Văn Tâm", "Thôn 9", "chinh sach", "Chế độ cho thân nhân liệt sĩ Nguyễn Văn Khải;"),
        ("Đinh Văn Dũng", "Thôn 11", "moi truong", "Cống thoát nước xóm Bãi bị tắc"),
        ("Lý Thị Yến", "Thôn 8", "gpmb", "Bồi thường đường tỉnh 295 còn thiếu"),
        ("Bùi Thị Nga", "Thôn 10", None, "Đề nghị mở lớp dạy nghề cho phụ nữ"),
    ]
    for name, village, area, topic in written:
        clock.advance(60)
        d.register(name, topic, village=village, area=area, source="written")
    if until == "imported":
        return d
    clock.now = START  # 15 March, 08:00: the live screen opens the meeting
    d.do(commands.start_meeting)
    clock.advance(5 * 60)
    d.goto("registered")
    for speaker, seconds in ((1, 150), (2, 120)):
        clock.advance(20)
        d.present(speaker, seconds)
    clock.advance(20)
    d.do(commands.start_petition, 3)  # 08:10:10
    since = clock.advance(110)  # 08:12:20: the last sign of life
    clock.advance(120)  # the power comes back at 08:14:20
    d.do(commands.resume_meeting, since=since)
    clock.advance(40)
    d.do(commands.end_speech)
    clock.advance(30)
    d.goto("floor")
    for name, village, area, topic in (
        ("Lê Văn Minh", "Thôn 5", "moi truong", "Bãi rác tạm cạnh kênh tưới Thôn 5 gây ô nhiễm"),
        ("Phạm Thị Hoa", "Thôn 4", "dat dai", "Sổ đỏ nộp từ năm 2021 chưa được giải quyết"),
        ("Vũ Thị Mai", "Thôn 12", None, "Lắp đèn đường trục thôn"),
        ("Cao Văn Bình", "Thôn 6", "khac", "Sân thể thao thôn xuống cấp"),
    ):
        clock.advance(20)
        d.register(name, topic, village=village, area=area, source="floor")
    d.do(commands.mark_duplicate, 8, DuplicateRef(issue=1))
    d.do(commands.mark_duplicate, 5, DuplicateRef(issue=2))
    for speaker, seconds in ((7, 200), (8, 60)):
        clock.advance(15)
        d.present(speaker, seconds)
    clock.advance(10)
    d.do(commands.withdraw_speaker, 9)
    clock.advance(60)
    d.goto("responses")
    for issue in (1, 2, 3):
        d.do(commands.assign_responder, issue)
    clock.advance(20)
    d.do(commands.start_response, 1)
    clock.advance(150)
    d.do(commands.end_speech)
    d.do(commands.record_response, 1, "9 hồ sơ đủ điều kiện đang trình huyện;")
    clock.advance(15)
    d.do(commands.start_response, 2)  # ended with no answer: not answered at the meeting
    clock.advance(25)
    d.do(commands.end_speech)
    d.do(commands.skip_response, 2)
    clock.advance(10)
    d.do(commands.skip_response, 3)  # passed over by the chair
    clock.advance(10)
    d.do(commands.start_response, 4)  # answered by the area's default responder
    clock.advance(100)
    d.do(commands.end_speech)
    d.do(commands.record_response, 4, "Bãi rác sẽ được di dời trong tháng 5/2024")
    clock.advance(10)
    d.do(commands.add_note, "Đại diện Thôn 7 đề nghị đối thoại riêng về bồi thường")
    clock.advance(60)
    d.goto("conclusion")
    d.do(commands.take_up_petition, 4)  # Dũng: an issue of its own, never presented
    d.do(commands.take_up_petition, 5)  # Yến: joins issue 2
    conclude = commands.record_conclusion
    for conclusion in CONCLUSIONS:
        clock.advance(30)
        d.do(conclude, **conclusion)
    clock.advance(60)
    d.do(conclude, issue=None, outcome="noted", text="Các ý kiến của nhân dân là chính đáng")
    clock.advance(120)
    d.goto("closing")
    clock.advance(60)
    d.do(commands.close_session)  # 08:35:... the meeting closes
    if until == "closed":
        return d
    clock.now = dt.datetime(2024, 3, 18, 2, 0, tzinfo=dt.UTC)  # Monday 18 March, 09:00
    d.do(commands.assign_responder, 5, "dia_chinh", after_meeting=True)
    clock.advance(60)
    d.do(
        commands.record_response,
        3,
        "Hồ sơ đã chuyển Phòng Lao động – Thương binh và Xã hội huyện",
        "Công chức Văn hoá – Xã hội",
        after_meeting=True,
    )
    clock.advance(60)
    d.do(
        conclude,
        issue=5,
        outcome="assigned",
        text="Nạo vét cống thoát nước xóm Bãi",
        owner="Trưởng Thôn 11",
        due=dt.date(2024, 4, 15),
        after_meeting=True,
    )
    clock.advance(60)
    d.do(commands.add_note, "Đã gửi thông báo cho các thôn", after_meeting=True)
    return d


def recorded(agenda: Agenda, until: str = "after") -> Recorded:
    d = build(agenda, until=until)
    return Recorded(Path("2024-03-15-1.json"), {}, tuple(d.events), d.state)


@pytest.fixture(scope="module")
def session(agenda: Agenda) -> Recorded:
    return recorded(agenda)


def _section(text: str, start: str, end: str | None) -> str:
    begin = text.index(start)
    return text[begin : text.index(end, begin) if end else None]


def _flat(text: str) -> str:
    return " ".join(text.split())


def notice_says(session: Recorded, *expected: str) -> str:
    """The notice's text, blanks folded, after checking that it holds each of ``expected``."""
    text = _flat(export(session, "text").decode())
    for line in expected:
        assert line in text, line
    return text


# -- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "lang", "name"), GOLDEN_DOCUMENTS)
def test_the_record_matches_its_golden_file(
    session: Recorded, fmt: str, lang: str, name: str
) -> None:
    check_golden(f"record-{name}", export(session, fmt, lang).decode("utf-8"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_record_timeline_matches_its_golden_file(session: Recorded, lang: str) -> None:
    check_golden(f"record-timeline-{lang}.txt", "\n".join(timeline(session, lang)) + "\n")


# -- every petition, once --------------------------------------------------------------------


def test_the_session_has_every_kind_of_petition(session: Recorded) -> None:
    from moderator.domain import queries

    state = session.state
    statuses = {s.name: queries.petition_status(state, s) for s in state.speakers}
    assert statuses == PEOPLE
    groups = registrations(state)
    placed = [n for issue in (*groups.hall, *groups.in_writing) for n in issue.raised_by]
    placed += [s.number for s in (*groups.waiting, *groups.withdrawn)]
    assert sorted(placed) == [s.number for s in state.speakers]
    assert [s.name for s in groups.waiting_written] == ["Bùi Thị Nga"]
    assert [s.name for s in groups.waiting_floor] == ["Cao Văn Bình"]
    assert [i.number for i in groups.in_writing] == [5]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("fmt", "start", "end"),
    [("text", "III. ", "IV. "), ("md", "## III. ", "## IV. "), ("minutes", "III. ", "IV. ")],
)
def test_every_registration_appears_exactly_once(
    session: Recorded, fmt: str, lang: str, start: str, end: str
) -> None:
    text = export(session, fmt, lang).decode()
    petitions = _section(text, start, end)
    for name in PEOPLE:
        assert petitions.count(name) == 1, (name, petitions)
    # Outside the minutes' timeline (which tells who spoke), nobody is named twice.
    if fmt != "minutes":
        for name in PEOPLE:
            assert text.count(name) == 1, name


def test_the_groups_are_named_and_the_waiting_marked(session: Recorded) -> None:
    notice_says(
        session,
        "Ý kiến, kiến nghị trình bày tại hội nghị",
        "Kiến nghị bằng văn bản chưa trình bày tại hội nghị - Bùi Thị Nga (Thôn 10): Đề nghị mở "
        "lớp dạy nghề cho phụ nữ (chưa xem xét tại hội nghị). 5. Cống thoát nước xóm Bãi bị tắc.",
        "- Người gửi kiến nghị: Đinh Văn Dũng (Thôn 11).",
        "Đăng ký phát biểu tại hội nghị nhưng chưa được mời trình bày - Cao Văn Bình (Thôn 6), "
        "lĩnh vực Khác: Sân thể thao thôn xuống cấp (chưa xem xét tại hội nghị).",
        "Rút đăng ký - Vũ Thị Mai (Thôn 12): Lắp đèn đường trục thôn (đã rút đăng ký).",
        # A written petition joining an issue raised in the hall says so, and is counted.
        "cùng ý kiến: Lý Thị Yến (Thôn 8; kiến nghị bằng văn bản). Tổng số 2 công dân",
    )


def test_imported_petitions_with_no_speech_are_not_nothing(agenda: Agenda) -> None:
    session = recorded(agenda, until="imported")
    for lang, nothing in (("vi", "Không có ý kiến, kiến nghị nào"), ("en", "No opinions")):
        for fmt in ("text", "minutes"):
            text = _flat(export(session, fmt, lang).decode())
            assert nothing not in text
            for name, *_ in (("Nguyễn Thị Lan",), ("Bùi Thị Nga",)):
                assert text.count(name) == 1
    text = _flat(export(session, "text").decode())
    assert "- 6 kiến nghị chưa xem xét tại hội nghị." in text
    assert text.count("(chưa xem xét tại hội nghị)") == 6


def test_section_ii_counts_every_citizen_once_under_the_issues_area(session: Recorded) -> None:
    text = _flat(_section(export(session, "text").decode(), "II. ", "III. "))
    assert "Có 10 lượt ý kiến, kiến nghị của công dân thuộc 10 thôn được đăng ký" in text
    assert "- 5 ý kiến trình bày tại hội nghị;" in text
    assert "- 2 kiến nghị bằng văn bản được xem xét, không trình bày tại hội nghị;" in text
    assert "- 2 kiến nghị chưa xem xét tại hội nghị;" in text
    assert "- 1 đăng ký đã rút." in text
    # Hoa (Thôn 4) joined issue 1 (land); Yến's written petition joined issue 2.
    counts = dict(re.findall(r"- ([^:;.]+): (\d+) ý kiến", text))
    assert counts == {
        "Đất đai": "2",
        "Vệ sinh môi trường": "2",
        "Đền bù giải phóng mặt bằng": "2",
        "Chế độ chính sách người có công": "1",
        "Khác": "1",
        "Chưa phân loại": "1",
    }
    assert sum(map(int, counts.values())) == 10 - 1  # the withdrawn one is not counted


# -- the meeting and after it ------------------------------------------------------------------


def test_the_minutes_timeline_holds_only_the_hall(session: Recorded) -> None:
    text = export(session, "minutes").decode()
    hall = _section(text, "II. DIỄN BIẾN", "III. ")
    stamps = re.findall(r"^(?:- )?(\S+) (?:—|Bước)", hall, re.MULTILINE)
    assert stamps and all(re.fullmatch(r"08:\d\d:\d\d", s) for s in stamps), stamps
    assert stamps == sorted(stamps)
    assert stamps[0] == "08:00:00"  # the meeting's start, not the import the day before
    for later in ("Phòng Lao động", "Nạo vét", "Đã gửi thông báo", "18 tháng 3"):
        assert later not in hall
    flat = _flat(hall)
    assert "Hội nghị gián đoạn từ 08:12:20 đến 08:14:20 (2 phút)." in flat
    # The interrupted speech is charged 110 s + 40 s, not the gap.
    assert "Hoàng Văn Tâm (Thôn 9) trình bày kiến nghị số 3 (2 phút 30 giây)" in flat
    assert (
        "Công chức Địa chính – Xây dựng trả lời kiến nghị số 1 (2 phút 30 giây): 9 hồ sơ đủ "
        "điều kiện đang trình huyện." in flat
    )
    assert flat.count("kiến nghị số 2 (25 giây)") == 1
    assert "được mời trả lời kiến nghị số 2 (25 giây): không trả lời tại hội nghị." in flat
    assert "Kiến nghị số 3: chủ trì cho bỏ qua, không trả lời tại hội nghị." in flat
    assert "Vũ Thị Mai (Thôn 12) rút đăng ký phát biểu." in flat
    assert "Kiến nghị bằng văn bản của Đinh Văn Dũng (Thôn 11) được xem xét" in flat


def test_what_came_after_is_set_apart_and_dated(session: Recorded) -> None:
    text = export(session, "minutes").decode()
    after = _flat(_section(text, "V. BỔ SUNG SAU HỘI NGHỊ", "THƯ KÝ"))
    for expected in (
        "Kiến nghị số 5: phân công Công chức Địa chính – Xây dựng trả lời (phân công sau hội "
        "nghị, ngày 18 tháng 3 năm 2024).",
        "Kiến nghị số 3: Công chức Văn hoá – Xã hội trả lời sau hội nghị, ngày 18 tháng 3 năm "
        "2024: Hồ sơ đã chuyển Phòng Lao động – Thương binh và Xã hội huyện.",
        "Kiến nghị số 5: kết luận (bổ sung sau hội nghị, ngày 18 tháng 3 năm 2024): Nạo vét",
        "Ghi chú (bổ sung sau hội nghị, ngày 18 tháng 3 năm 2024): Đã gửi thông báo cho các thôn.",
    ):
        assert expected in after, expected
    # The closing formula comes before what was added: it was read back at the meeting.
    flat = _flat(text)
    closing = flat.index("Biên bản đã được đọc lại cho hội nghị nghe và thống nhất thông qua.")
    assert closing < flat.index("V. BỔ SUNG SAU HỘI NGHỊ")
    assert "Hội nghị kết thúc lúc 08 giờ 3" in flat
    assert "Biên bản lập thành 02 bản" in flat


def test_the_notice_shows_the_latest_state_marked(session: Recorded) -> None:
    notice_says(
        session,
        "- Công chức Văn hoá – Xã hội trả lời sau hội nghị, ngày 18 tháng 3 năm 2024: Hồ sơ",
        "- Người được phân công trả lời: Công chức Địa chính – Xây dựng (phân công sau hội nghị, "
        "ngày 18 tháng 3 năm 2024).",
        "- Kết luận (bổ sung sau hội nghị, ngày 18 tháng 3 năm 2024): Nạo vét cống thoát nước "
        "xóm Bãi.",
    )


def test_skipped_answers_never_read_as_answers(session: Recorded) -> None:
    for fmt in ("text", "minutes"):
        text = _flat(export(session, fmt).decode())
        issue_2 = _section(text, "2. Tiền bồi thường", "3. Chế độ")
        assert "- Nội dung trả lời: không trả lời tại hội nghị." in issue_2
        answers = re.findall(r"- [^-]* trả lời: ", issue_2)
        assert answers == ["- Người được phân công trả lời: ", "- Nội dung trả lời: "]


def test_answers_and_conclusions_are_sentences_with_owners(session: Recorded) -> None:
    text = notice_says(
        session,
        "- Kết luận: Hoàn thiện hồ sơ, trình huyện.",
        "- Kết luận: Tiếp thu, đề nghị huyện xem xét.",
        "- Kết luận: Đề nghị huyện chi trả đủ tiền bồi thường. -",  # one full stop, not two
        "- Hướng xử lý: chuyển Ban Quản lý dự án huyện xem xét, giải quyết theo thẩm quyền. "
        "Người thực hiện: Phó Chủ tịch UBND xã. Thời hạn: trước ngày 31 tháng 5 năm 2024.",
        "- Hướng xử lý: đã trả lời, giải thích tại hội nghị. Người thực hiện: Công chức Địa "
        "chính – Xây dựng.",
        "1. Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ dân xóm Đồng Chùa. -",
        "3. Chế độ cho thân nhân liệt sĩ Nguyễn Văn Khải. -",
    )
    assert ".." not in text.replace("...", "")
    # Issue 4 was answered by the area's responder, never assigned: the answerer is named.
    issue_4 = _section(text, "4. Bãi rác", "Kiến nghị bằng văn bản")
    assert "Người được phân công trả lời: Công chức Địa chính – Xây dựng." in issue_4
    assert "chưa phân công" not in issue_4


def test_sentences() -> None:
    assert sentence("Đã trả lời") == "Đã trả lời."
    assert sentence("Đã trả lời.") == "Đã trả lời."
    assert sentence("Đã trả lời;") == "Đã trả lời."
    assert sentence("Vì sao?") == "Vì sao?"
    assert sentence('Theo "Luật Đất đai"') == 'Theo "Luật Đất đai".'
    assert sentence("(xem phụ lục.)") == "(xem phụ lục.)"
    assert clause("Cống bị tắc.") == "Cống bị tắc"


# -- documents -----------------------------------------------------------------------------


def test_the_minutes_name_the_secretary_and_sign_side_by_side(session: Recorded) -> None:
    lines = export(session, "minutes").decode().splitlines()
    assert "Trung Sơn, ngày 15 tháng 3 năm 2024" in lines[3]
    text = "\n".join(lines)
    assert "- Thư ký: Nguyễn Thị Thu, Công chức Văn phòng – Thống kê." in text
    signers = next(line for line in lines if "THƯ KÝ" in line)
    assert "CHỦ TRÌ" in signers
    names = next(line for line in lines if "Nguyễn Thị Thu" in line and "Diêm" in line)
    assert names.index("Nguyễn Thị Thu") < names.index("Diêm Đăng Nghiệp")
    assert "Thời gian: từ 08 giờ 00 phút đến 08 giờ 3" in text


def test_the_secretary_s_role_left_as_her_name_is_not_signed_as_a_name(
    session: Recorded, agenda: Agenda
) -> None:
    assert agenda.secretary is not None and agenda.secretary.name == ""
    role = agenda.secretary.role
    state = dataclasses.replace(session.state, secretary=role)
    text = export(Recorded(session.path, {}, session.events, state), "minutes").decode()
    assert f"- Thư ký: {role}." in text
    footer = text[text.index("THƯ KÝ") :]
    assert role not in footer and "(Ký, ghi rõ họ tên)" in footer


def test_a_deputy_signs_for_the_chair(agenda: Agenda) -> None:
    deputy = agenda.model_copy(
        update={
            "signature": Signature(
                authority="KT. Chủ tịch", title="Phó Chủ tịch", name="Nguyễn Văn Phó"
            )
        }
    )
    text = export(recorded(deputy, until="closed"), "text").decode()
    footer = text[text.index("Nơi nhận:") :]
    for line in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Phó"):
        assert line in footer
    assert footer.index("KT. CHỦ TỊCH") < footer.index("PHÓ CHỦ TỊCH")


def test_an_agenda_without_the_new_fields_keeps_its_old_heading() -> None:
    town = load_agenda(PACKAGE_AGENDAS / "town-hall-en.toml")
    assert town.organiser_full == "" and town.signature == Signature()
    assert town.minutes_copies == 2
    d = Driver(town, FakeClock())
    d.register("Jane Roe", "Potholes on Mill Road", village="Ward 2")
    text = export(Recorded(Path("t.json"), {}, tuple(d.events), d.state), "text", "en").decode()
    heading = next(line for line in text.splitlines() if "SOCIALIST REPUBLIC" in line)
    assert heading.strip().startswith(town.organiser.upper())
    footer = text[text.index("Recipients:") :]
    assert town.chair.role.upper() in footer


def test_completeness_says_what_is_missing(agenda: Agenda, session: Recorded) -> None:
    closed = recorded(agenda, until="closed").state
    assert [(m.key, m.params.get("issue")) for m in completeness(closed)] == [
        ("missing_conclusion", 5),
        ("missing_waiting", None),
    ]
    texts = [m.text("vi") for m in completeness(closed)]
    assert texts[0].startswith("Kiến nghị số 5 chưa có kết luận: Cống thoát nước")
    assert texts[1] == "2 kiến nghị chưa xem xét tại hội nghị: Bùi Thị Nga, Cao Văn Bình."
    assert [m.key for m in completeness(session.state)] == ["missing_waiting"]
    imported = recorded(agenda, until="imported").state
    assert [m.key for m in completeness(imported)] == ["missing_overall", "missing_waiting"]


def test_the_json_carries_what_is_missing_and_where_each_petition_stands(
    agenda: Agenda,
) -> None:
    data = json.loads(export(recorded(agenda, until="closed"), "json", "en"))
    assert data["draft"] is False  # closed, as the session says, though not complete
    assert data["complete"] is False
    assert [m["code"] for m in data["missing"]] == ["missing_conclusion", "missing_waiting"]
    assert data["missing"][0]["issue"] == 5
    assert data["missing"][0]["text"].startswith("Issue 5 has no conclusion")
    statuses = {p["speaker"]: p["status"] for p in data["petitions"]}
    assert list(statuses.values()) == list(PEOPLE.values())


# -- Word ------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["docx", "minutes-docx"])
def word(request: pytest.FixtureRequest, session: Recorded) -> docx.document.Document:
    return docx.Document(io.BytesIO(export(session, request.param)))


def test_page_numbers_from_the_second_page_centred_at_the_top(
    word: docx.document.Document,
) -> None:
    section = word.sections[0]
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    codes = [t.text for t in header._p.iter(f"{W}instrText")]
    assert [c.strip() for c in codes] == ["PAGE"]
    kinds = [f.get(f"{W}fldCharType") for f in header._p.iter(f"{W}fldChar")]
    assert kinds == ["begin", "end"]


def test_the_signature_block_is_kept_together(word: docx.document.Document) -> None:
    footer = word.tables[-1]
    assert len(footer.rows) == 1
    tr_pr = footer.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.find(f"{W}cantSplit") is not None
    for cell in footer.rows[0].cells:
        assert all(p.paragraph_format.keep_with_next for p in cell.paragraphs)
    # The spacer before the table and the closing words before it go with it.
    spacer = footer._tbl.getprevious()
    assert spacer.find(f"{W}pPr/{W}keepNext") is not None
    closing = spacer.getprevious()
    assert closing.find(f"{W}pPr/{W}keepNext") is not None
    assert "".join(closing.itertext()).strip()


def test_no_heading_ends_a_page_alone(word: docx.document.Document) -> None:
    """A section or group title, or an issue's topic, goes to the page of what it heads."""
    paragraph = docx.enum.style.WD_STYLE_TYPE.PARAGRAPH
    styles = [s for s in word.styles if s.type == paragraph]
    kept = {s.name for s in styles if s.paragraph_format.keep_with_next}
    assert {"Moderator section", "Moderator group", "Moderator item"} <= kept
    assert "Moderator bullet" not in kept
    group = next(p for p in word.paragraphs if p.style.name == "Moderator group")
    assert group.text and group.style.paragraph_format.keep_with_next


def test_the_minutes_as_word_have_both_signatures(session: Recorded) -> None:
    minutes = docx.Document(io.BytesIO(export(session, "minutes-docx")))
    texts = [p.text for p in minutes.paragraphs]
    assert "BIÊN BẢN" in texts
    assert any(t.startswith("V. BỔ SUNG SAU HỘI NGHỊ") for t in texts)
    left, right = minutes.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["THƯ KÝ", "Nguyễn Thị Thu"]
    assert [p.text for p in right.paragraphs if p.text] == ["CHỦ TRÌ", "Diêm Đăng Nghiệp"]
    heading = minutes.tables[0].rows[0].cells[1]
    assert heading.paragraphs[-1].text == "Trung Sơn, ngày 15 tháng 3 năm 2024"


@pytest.mark.parametrize("fmt", ["text", "minutes"])
def test_the_record_keeps_to_its_width_and_its_language(session: Recorded, fmt: str) -> None:
    for lang in ("vi", "en"):
        for line in export(session, fmt, lang).decode().splitlines():
            assert len(line) <= 78, line
    english = export(session, fmt, "en").decode()
    for vietnamese in ("Rút đăng ký", "chưa xem xét", "sau hội nghị", "gián đoạn", "Thư ký"):
        assert vietnamese not in english
