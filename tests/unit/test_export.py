"""Exports of a recorded session: golden files of each format, drafts, literal user text.

Golden files live in ``tests/unit/golden/``. After an intended change of wording or layout,
regenerate them with ``UPDATE_GOLDEN=1 pytest tests/unit/test_export*.py`` and read the diff.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import json
import os
import unicodedata
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from moderator.domain import commands
from moderator.domain.agenda import PACKAGE_AGENDAS, Agenda, load_agenda
from moderator.domain.events import dump_event
from moderator.domain.state import MeetingState
from moderator.export import FORMATS, ExportError, export, timeline
from moderator.export.words import Words
from moderator.i18n import export_en, export_vi
from moderator.meeting import Recorded, read_session
from tests.conftest import FakeClock, create_meeting
from tests.unit.meeting_helpers import Driver
from tests.unit.test_export_session import HEADER, recorded

GOLDEN = Path(__file__).parent / "golden"
EXPORT_SOURCES = sorted((Path(__file__).parents[2] / "moderator" / "export").glob("*.py"))


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "golden", "actual", lineterm=""
        )
        pytest.fail(f"{name} differs (UPDATE_GOLDEN=1 to accept):\n" + "\n".join(diff))


@pytest.fixture(scope="module")
def closed(agenda: Agenda) -> Recorded:
    return recorded(agenda)


@pytest.fixture(scope="module")
def unfinished(agenda: Agenda) -> Recorded:
    return recorded(agenda, until_closed=False)


# -- golden files ----------------------------------------------------------------------------


# The text documents, each in both languages, and the golden file each is compared with.
GOLDEN_DOCUMENTS = [
    (fmt, lang, f"{name}-{lang}.{suffix}")
    for fmt, name, suffix in (("text", "notice", "txt"), ("md", "notice", "md"), ("minutes", "minutes", "txt"))
    for lang in ("vi", "en")
]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "lang", "name"), [*GOLDEN_DOCUMENTS, ("json", "vi", "session.json")]
)
def test_export_matches_its_golden_file(closed: Recorded, fmt: str, lang: str, name: str) -> None:
    check_golden(name, export(closed, fmt, lang).decode("utf-8"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_timeline_matches_its_golden_file(closed: Recorded, lang: str) -> None:
    check_golden(f"timeline-{lang}.txt", "\n".join(timeline(closed, lang)) + "\n")


@pytest.mark.parametrize(
    ("fmt", "name"), [("text", "draft-vi.txt"), ("minutes", "draft-minutes-vi.txt")]
)
def test_unfinished_session_matches_its_golden_file(
    unfinished: Recorded, fmt: str, name: str
) -> None:
    check_golden(name, export(unfinished, fmt, "vi").decode("utf-8"))


def test_the_default_is_vietnamese(closed: Recorded) -> None:
    assert export(closed, "text") == export(closed, "text", "vi")
    assert list(timeline(closed)) == list(timeline(closed, "vi"))


# -- the notice's content --------------------------------------------------------------------


def test_the_notice_has_the_administrative_layout(closed: Recorded) -> None:
    lines = export(closed, "text").decode().splitlines()
    # The issuing body's full name beside the national heading, on the same lines.
    assert "ỦY BAN NHÂN DÂN" in lines[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0]
    assert "XÃ TRUNG SƠN" in lines[1]
    assert "Độc lập - Tự do - Hạnh phúc" in lines[1]
    assert any("Số:" in line and "Trung Sơn, ngày 15 tháng 3 năm 2024" in line for line in lines)
    text = "\n".join(lines)
    for expected in (
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND xã tại Hội nghị đối thoại",
        "Chủ trì: đồng chí Diêm Đăng Nghiệp, Chủ tịch UBND xã.",
        "Số người tham dự: 120 người.",
        "Có 7 lượt ý kiến, kiến nghị của công dân thuộc 7 thôn được đăng ký, trong",
        "- 6 ý kiến trình bày tại hội nghị;",
        "- 1 đăng ký đã rút.",
        "Các ý kiến, kiến nghị đã xem xét được tổng hợp thành 5 nội dung kiến nghị.",
        "- Đất đai: 2 ý kiến;",
        "- Chưa phân loại: 1 ý kiến.",
        "giao Công chức Địa chính – Xây dựng giải quyết. Thời hạn: trước",
        "chuyển Phòng Lao động – Thương binh và Xã hội huyện xem xét,",
        "- Hướng xử lý: đã trả lời, giải thích tại hội nghị.",
        "- Hướng xử lý: tiếp thu, ghi nhận.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Rút đăng ký\n- Vũ Thị Mai (Thôn 12): Đề nghị lắp thêm đèn chiếu sáng",
        "- Kết luận (điều chỉnh sau hội nghị, ngày 18 tháng 3 năm 2024): Rà soát",
    ):
        assert expected in text, expected
    # Issues are numbered in order, and the correction made after the meeting is the one shown.
    numbers = [line.split(".")[0] for line in lines if line[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert numbers == ["1", "2", "3", "4", "5"]
    assert "ngày 30 tháng 4 năm 2024" in text
    assert "ngày 15 tháng 4 năm 2024" not in text
    # The withdrawn speaker is listed once, as withdrawn; the undone registration never
    # happened.
    assert text.count("Vũ Thị Mai") == 1
    assert "Nguyen Thi Lan" not in text
    assert "DỰ THẢO" not in text


def test_plain_text_keeps_to_its_width_and_columns(closed: Recorded) -> None:
    for fmt in ("text", "minutes"):
        for line in export(closed, fmt).decode().splitlines():
            assert len(line) <= 78, line
    lines = export(closed, "text").decode().splitlines()
    footer = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận:"))
    assert lines[footer].index("TM. ỦY BAN NHÂN DÂN") > 42
    assert any(
        line.startswith("- Đài truyền thanh") and "Diêm Đăng Nghiệp" in line for line in lines
    )


def test_minutes_list_every_speech_with_its_time_and_length(closed: Recorded) -> None:
    text = export(closed, "minutes").decode()
    assert "BIÊN BẢN" in text
    assert "Thư ký: Công chức Văn phòng – Thống kê." in text
    assert "- 08:10:30 — Nguyễn Thị Lan (Thôn 3) trình bày kiến nghị số 1 (2 phút 50" in text
    assert "(4 phút, vượt 30" in text  # extended by 30 s and still over
    assert "trình bày ý kiến trùng với kiến nghị số 1" in text
    # The paused speech counts only the time spoken: 60 s + 100 s.
    assert "Trần Văn Hùng (Thôn 7) trình bày kiến nghị số 3 (2 phút 40 giây)" in text
    assert "Ghi chú: Đại diện Thôn 7" in text
    flowing = " ".join(text.split())
    assert "Hội nghị kết thúc lúc 09 giờ 09 phút cùng ngày." in flowing
    assert "Biên bản đã được đọc lại cho hội nghị nghe và thống nhất thông qua." in flowing
    assert "Biên bản lập thành 02 bản có giá trị như nhau./." in flowing
    assert "THƯ KÝ" in text
    assert "CHỦ TRÌ" in text
    speeches = [line for line in text.splitlines() if line.startswith("- 08:")]
    withdrawn = 1
    assert len(speeches) == len(closed.state.speeches) + len(closed.state.notes) + withdrawn
    times = [line[2:10] for line in speeches]
    assert times == sorted(times)


def test_json_holds_the_state_and_the_events_as_stored(closed: Recorded) -> None:
    data = json.loads(export(closed, "json"))
    assert data["schema_version"] == 1
    assert data["draft"] is False
    assert data["header"] == HEADER
    assert data["events"] == [dump_event(event) for event in closed.events]
    state = data["state"]
    assert "undo_stack" not in state
    assert state["closed"] is True
    assert state["step"] == "closing"
    assert [issue["topic"] for issue in state["issues"]] == [
        issue.topic for issue in closed.state.issues
    ]
    minh = state["speeches"][3]
    assert minh["extra_seconds"] == 30
    assert minh["elapsed_seconds"] == 240
    assert minh["overtime_seconds"] == 30


def test_english_keeps_the_users_words(closed: Recorded) -> None:
    text = export(closed, "text", "en").decode()
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Trung Sơn, 15 March 2024" in text
    assert "Raised by Nguyễn Thị Lan (Thôn 3); also by Phạm Thị Hoa (Thôn 4)." in text
    assert "Recipients:" in text
    for vietnamese in ("Nơi nhận", "Kết luận:", "THÔNG BÁO", "người tham dự"):
        assert vietnamese not in text


# -- drafts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "mark"), [("vi", "DỰ THẢO"), ("en", "DRAFT")])
@pytest.mark.parametrize("fmt", ["text", "md", "minutes"])
def test_an_unfinished_session_is_marked_as_a_draft_at_the_top(
    unfinished: Recorded, fmt: str, lang: str, mark: str
) -> None:
    head = export(unfinished, fmt, lang).decode().splitlines()[:4]
    assert any(mark in line for line in head)


def test_an_unfinished_session_is_timed_up_to_its_last_event(unfinished: Recorded) -> None:
    text = " ".join(export(unfinished, "minutes").decode().split())
    # The answer was paused after 3:10; the export does not depend on when it runs.
    assert "trả lời kiến nghị số 2 (3 phút 10 giây, chưa kết thúc)" in text
    assert "Hội nghị chưa kết thúc" in text
    assert json.loads(export(unfinished, "json"))["draft"] is True


# -- user text is literal --------------------------------------------------------------------

TRICKY_NAME = "[bold]Lan[/] *Thị* _Hoa_ <b>x</b> | `y` &amp; \\z {ten}"
TRICKY_TOPIC = (
    "# Không phải tiêu đề\n- không phải danh sách\n1. không phải số thứ tự\n[link](http://x)"
)


@pytest.fixture(scope="module")
def tricky(agenda: Agenda) -> Recorded:
    d = Driver(agenda, FakeClock())
    d.register(TRICKY_NAME, TRICKY_TOPIC, village="Thôn 1", organisation="HTX *Nông nghiệp*")
    d.goto("registered")
    d.speak(30)
    d.do(commands.record_conclusion, issue=1, outcome="noted", text="**Ghi nhận** _hết_")
    return Recorded(Path("x.json"), {}, tuple(d.events), d.state)


def test_markdown_escapes_names_and_topics(tricky: Recorded) -> None:
    source = export(tricky, "md").decode()
    html = MarkdownIt("commonmark").enable("table").render(source)
    for markup in (
        "<em>Thị",
        "<em>Hoa",
        "<strong>Ghi",
        "<em>hết",
        "<code>",
        "<a ",
        "<h1>Kh",
        "<ol",
    ):
        assert markup not in html
    rendered = _html_text(html)
    assert TRICKY_NAME in rendered
    for line in TRICKY_TOPIC.split("\n"):
        assert line in rendered
    assert "**Ghi nhận** _hết_" in rendered
    assert "HTX *Nông nghiệp*" in rendered


def _html_text(html: str) -> str:
    """The text a reader sees in the HTML (tags dropped, entities decoded)."""
    from html.parser import HTMLParser

    chunks: list[str] = []

    class Collect(HTMLParser):
        def handle_data(self, data: str) -> None:
            chunks.append(data)

    parser = Collect(convert_charrefs=True)
    parser.feed(html)
    return "".join(chunks)


@pytest.mark.parametrize("fmt", ["text", "minutes", "json"])
def test_plain_formats_print_names_as_typed(tricky: Recorded, fmt: str) -> None:
    out = export(tricky, fmt).decode()
    if fmt == "json":
        assert json.loads(out)["state"]["speakers"][0]["name"] == TRICKY_NAME
    else:
        assert TRICKY_NAME in out
        assert "# Không phải tiêu đề" in out


def test_timeline_prints_names_as_typed(tricky: Recorded) -> None:
    assert any(TRICKY_NAME in line for line in timeline(tricky))


# -- pure functions of the log ---------------------------------------------------------------


def test_a_session_read_from_disk_exports_the_same(
    closed: Recorded, agenda: Agenda, data_dir: Path
) -> None:
    opened = closed.events[0]
    with create_meeting(data_dir, agenda, attendance=120, clock=FakeClock(opened.at)) as live:
        live.record(closed.events[1:])
        path = live.log.path
    from_disk = read_session(path)
    for fmt in ("text", "md", "minutes"):
        assert export(from_disk, fmt) == export(closed, fmt)
    assert list(timeline(from_disk)) == list(timeline(closed))
    assert (
        json.loads(export(from_disk, "json"))["events"]
        == json.loads(export(closed, "json"))["events"]
    )


def test_an_english_agenda_exports_in_its_own_terms(data_dir: Path) -> None:
    town = load_agenda(PACKAGE_AGENDAS / "town-hall-en.toml")
    d = Driver(town, FakeClock())
    d.register("Jane Roe", "Potholes on Mill Road", village="Ward 2")
    d.do(commands.next_step)
    d.speak(100)
    session = Recorded(Path("t.json"), {}, tuple(d.events), d.state)
    text = export(session, "text", "en").decode()
    assert "RIVERTON TOWN COUNCIL" in text
    assert "Conclusions of the Mayor" in text
    assert "Raised by Jane Roe (Ward 2)." in text


def test_a_meeting_typed_in_afterwards_gives_its_date_not_the_typing_hours(
    agenda: Agenda,
) -> None:
    d = Driver(agenda, FakeClock(dt.datetime(2024, 3, 20, 7, 0, tzinfo=dt.UTC)))
    d.register("Nguyễn Thị Lan", "Đường liên thôn xuống cấp", village="Thôn 3")
    d.goto("registered")
    d.speak(100)
    d.goto("closing")
    d.do(commands.close_session)
    session = Recorded(Path("x.json"), {}, tuple(d.events), d.state)
    notice = export(session, "text").decode()
    assert "- Thời gian: ngày 15 tháng 3 năm 2024." in notice
    assert "14 giờ" not in notice
    minutes = export(session, "minutes").decode()
    assert "Hội nghị kết thúc lúc 14 giờ 01 phút ngày 20 tháng 3 năm 2024." in " ".join(
        minutes.split()
    )
    assert "- 20/03/2024 14:00:00 — Nguyễn Thị Lan (Thôn 3) trình bày" in minutes


# -- arguments and wording -------------------------------------------------------------------


def test_unknown_format_and_language_are_refused(closed: Recorded) -> None:
    with pytest.raises(ValueError, match="format"):
        export(closed, "pdf")
    with pytest.raises(ValueError, match="language"):
        export(closed, "text", "fr")
    with pytest.raises(ValueError, match="language"):
        timeline(closed, "fr")
    assert FORMATS == ("text", "md", "docx", "minutes", "minutes-docx", "json")


def test_a_session_with_no_events_cannot_be_exported() -> None:
    empty = Recorded(Path("x.json"), {}, (), MeetingState())
    with pytest.raises(ExportError, match="không có gì để xuất"):
        export(empty, "text")
    assert list(timeline(empty)) == []


def test_dates_follow_the_administrative_rules() -> None:
    vi, en = Words("vi"), Words("en")
    assert vi.date(dt.date(2024, 3, 15)) == "ngày 15 tháng 3 năm 2024"
    # Nghị định 30/2020: a zero before days under 10 and the months 1 and 2.
    assert vi.date(dt.date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert vi.date(dt.date(2024, 12, 31)) == "ngày 31 tháng 12 năm 2024"
    assert en.date(dt.date(2024, 2, 5)) == "5 February 2024"
    assert vi.duration(185) == "3 phút 05 giây"
    assert vi.duration(180) == "3 phút"
    assert vi.duration(45) == "45 giây"
    assert en.duration(185) == "3 min 05 s"


def test_both_export_catalogues_have_the_same_keys() -> None:
    assert export_vi.MESSAGES.keys() == export_en.MESSAGES.keys()


def test_every_export_message_is_used() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in EXPORT_SOURCES)
    # Keys built from a month's number or a conclusion's outcome (Words.outcome): every month
    # and outcome is printed by the golden files, which fail on a missing key.
    dynamic = ("doc_month_", "doc_outcome_", "tl_outcome_")
    unused = [
        key
        for key in export_vi.MESSAGES
        if f'"{key}"' not in source and f"'{key}'" not in source and not key.startswith(dynamic)
    ]
    assert unused == []


def test_the_export_code_holds_no_vietnamese_wording() -> None:
    """Every word of the documents comes from the catalogues: string literals in the code
    (docstrings aside) carry no letters beyond ASCII."""
    for path in EXPORT_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings:
                    continue
                letters = [
                    c
                    for c in node.value
                    if not c.isascii() and unicodedata.category(c).startswith("L")
                ]
                assert not letters, f"{path.name}:{node.lineno}: {node.value!r}"
