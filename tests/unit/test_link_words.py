"""A petition that comes back (issue 10, point 3), in words: what became of the earlier
issue, with a fixed clock; the notice and the minutes that say where a linked issue was raised
before and its outcome (golden files, vi and en; the Word file read back)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import EarlierOutcome
from moderator.domain.followup import days_overdue
from moderator.export import export
from moderator.i18n import link as earlier_words
from moderator.i18n import translate
from moderator.meeting import Recorded
from tests.conftest import FakeClock
from tests.unit.followup_helpers import Q1, Q2
from tests.unit.test_export import GOLDEN_DOCUMENTS, check_golden
from tests.unit.test_link_flow import (
    ROAD,
    ROAD_LINK,
    RUBBISH,
    RUBBISH_LINK,
    call_linked,
    second_meeting,
)


def vi(key: str, **params: object) -> str:
    return translate(key, "vi", **params)


def en(key: str, **params: object) -> str:
    return translate(key, "en", **params)


# -- the wording, with a fixed clock ------------------------------------------------------------


def test_the_earlier_outcome_in_words_counts_the_days_overdue_to_the_day_given() -> None:
    today = dt.date(2024, 6, 14)
    assert earlier_words.summary(ROAD, today, vi, concluded_on=Q1) == (
        "đã kết luận ngày 15/03/2024: Sửa chữa tuyến đường liên thôn trước mùa mưa; "
        "giao Địa chính, hạn 30/04/2024; chưa có báo cáo, quá hạn 45 ngày"
    )
    assert earlier_words.summary(ROAD, today, en, concluded_on=Q1) == (
        "concluded on 2024-03-15: Sửa chữa tuyến đường liên thôn trước mùa mưa; "
        "assigned to Địa chính, due 2024-04-30; no report yet, 45 days overdue"
    )
    assert earlier_words.result(ROAD, dt.date(2024, 5, 1), en).endswith("1 day overdue")
    assert earlier_words.result(ROAD, dt.date(2024, 4, 30), vi).endswith("chưa có báo cáo")
    in_progress = ROAD.model_copy(
        update={"status": "in_progress", "status_on": dt.date(2024, 5, 2), "note": "Đã khảo sát"}
    )
    assert earlier_words.result(in_progress, today, vi) == (
        "giao Địa chính, hạn 30/04/2024; đang giải quyết (báo cáo ngày 02/05/2024): "
        "Đã khảo sát, quá hạn 45 ngày"
    )


def test_a_settled_or_undated_conclusion_is_never_overdue() -> None:
    late = dt.date(2025, 1, 1)
    assert days_overdue(RUBBISH.due, RUBBISH.status, late) == 0
    assert earlier_words.result(RUBBISH, late, vi) == (
        "giao Văn hóa - Xã hội, hạn 14/04/2024; đã giải quyết xong ngày 10/04/2024: Đã dọn"
    )
    answered = EarlierOutcome(outcome="answered", text="Đã giải thích chế độ")
    assert earlier_words.result(answered, late, en) == "answered at the meeting"
    forwarded = EarlierOutcome(outcome="forwarded", text="x", owner="UBND huyện")
    assert earlier_words.result(forwarded, late, vi) == "chuyển UBND huyện"
    assert earlier_words.summary(None, late, en, concluded_on=Q1) == "no conclusion yet"


def test_a_long_conclusion_is_cut_on_the_form_only() -> None:
    long = ROAD.model_copy(update={"text": "x" * 200})
    cut = earlier_words.summary(long, Q2, vi, concluded_on=Q1, limit=80)
    assert "x" * 79 + "…" in cut and "x" * 80 not in cut
    assert "x" * 200 in earlier_words.summary(long, Q2, vi, concluded_on=Q1)


# -- the notice and the minutes ----------------------------------------------------------------


@pytest.fixture(scope="module")
def linked(agenda: Agenda) -> Recorded:
    """The second dialogue: a petition from the floor that came back (overdue at this
    meeting), a new one, and a written one that came back (done), taken up at the end."""
    s = second_meeting(agenda, FakeClock())
    s.register("Hoàng Văn Em", topic="Đường liên thôn vẫn hỏng", area="dat_dai", earlier=ROAD_LINK)
    call_linked(s)
    s.clock.advance(90)
    s.do(commands.end_speech)
    s.register("Đỗ Thị Hoa", topic="Đèn đường thôn 4 không sáng", village="Thôn 4")
    call_linked(s)
    s.clock.advance(60)
    s.do(commands.end_speech)
    s.register(
        "Ngô Văn Giang", topic="Rác lại tồn đọng bên suối", village="Thôn 5", earlier=RUBBISH_LINK
    )
    s.goto("conclusion")
    call_linked(s, commands.take_up_petition, 3)
    s.conclude(1, "assigned", owner="Địa chính", due=dt.date(2024, 7, 31), text="Sửa ngay")
    s.conclude(2, "noted", text="Ghi nhận")
    s.conclude(3, "assigned", owner="Văn hóa - Xã hội", text="Kiểm tra định kỳ")
    s.do(commands.record_conclusion, issue=None, outcome="noted", text="Kết thúc.")
    s.goto("closing")
    s.do(commands.close_session)
    header = {"title": agenda.title, "date": "2024-06-14", "place": "", "status": "closed"}
    return Recorded(Path("2024-06-14-1.json"), header, tuple(s.events), s.state)


@pytest.mark.parametrize(
    ("fmt", "lang", "name"), [doc for doc in GOLDEN_DOCUMENTS if doc[0] != "md"]
)
def test_the_notice_and_the_minutes_say_where_a_petition_was_raised_before(
    linked: Recorded, fmt: str, lang: str, name: str
) -> None:
    check_golden(f"link-{name}", export(linked, fmt, lang).decode("utf-8"))


def test_the_documents_quote_the_earlier_outcome_from_their_own_log(linked: Recorded) -> None:
    text = " ".join(export(linked, "text", "vi").decode().split())
    road = (
        "Đã nêu tại hội nghị ngày 15/03/2024 (kiến nghị số 1), kết luận: Sửa chữa tuyến đường liên "
        "thôn trước mùa mưa; kết quả: giao Địa chính, hạn 30/04/2024; chưa có báo cáo, quá hạn "
        "45 ngày."
    )
    assert road in text
    assert (
        "(kiến nghị số 2), kết luận: Thu gom rác bên suối; kết quả: giao Văn hóa - Xã hội, hạn "
        "14/04/2024; đã giải quyết xong ngày 10/04/2024: Đã dọn." in text
    )
    english = " ".join(export(linked, "md", "en").decode().split())
    assert "Raised at the meeting of 2024-03-15 (issue 1), concluded: Sửa chữa" in english
    assert "outcome: assigned to Địa chính, due 2024-04-30; no report yet, 45 days" in english
    word = docx.Document(io.BytesIO(export(linked, "docx", "vi")))
    assert f"- {road}" in [p.text for p in word.paragraphs]
    # The issue not linked says nothing of an earlier meeting.
    assert text.count("Đã nêu tại hội nghị") == 2


def test_a_linked_petition_never_called_still_says_where_it_was_raised(agenda: Agenda) -> None:
    s = second_meeting(agenda, FakeClock())
    s.register("Hoàng Văn Em", topic="Đường liên thôn vẫn hỏng", earlier=ROAD_LINK)
    s.register("Đỗ Thị Hoa", topic="Đèn đường thôn 4 không sáng", village="Thôn 4")
    s.goto("closing")
    s.do(commands.close_session)
    header = {"title": agenda.title, "date": "2024-06-14", "place": "", "status": "closed"}
    recorded = Recorded(Path("2024-06-14-1.json"), header, tuple(s.events), s.state)
    for fmt in ("text", "minutes"):
        text = " ".join(export(recorded, fmt, "vi").decode().split())
        assert (
            "Đường liên thôn vẫn hỏng (chưa xem xét tại hội nghị). Đã nêu tại hội nghị ngày "
            "15/03/2024 (kiến nghị số 1), kết luận: Sửa chữa" in text
        )
        assert text.count("Đã nêu tại hội nghị") == 1  # not for the petition not linked


def test_the_followup_report_says_where_a_petition_came_back(
    agenda: Agenda, linked: Recorded
) -> None:
    from moderator.domain import followup
    from moderator.export.followup_report import followup_document, report_of
    from moderator.export.plain import render_text
    from tests.unit.followup_helpers import first_quarter

    first = first_quarter(agenda, FakeClock()).state
    today = dt.date(2024, 7, 1)
    found = {item.key: item for item in followup.items([first, linked.state], today)}
    assert found["2024-03-15-1", 1].raised_again == ((dt.date(2024, 6, 14), 1),)
    assert found["2024-06-14-1", 1].raised_before == ((Q1, 1),)
    assert found["2024-06-14-1", 2].raised_before == found["2024-06-14-1", 2].raised_again == ()
    report = report_of([first, linked.state], followup.Period(), today)
    text = " ".join(render_text(followup_document(report, agenda, "vi")).split())
    assert "Nêu lại tại hội nghị ngày 14/06/2024 (kiến nghị số 1)." in text
    assert "Đã nêu tại hội nghị ngày 15/03/2024 (kiến nghị số 1)." in text
