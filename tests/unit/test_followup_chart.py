"""The year in figures as pictures in the Word follow-up report (issue 10, point 4): drawn with
matplotlib when it is installed (the ``charts`` extra, part of ``dev``), and without it the
report is written all the same, saying once how to get the charts."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import warnings
from pathlib import Path

import docx
import matplotlib  # the dev extra installs it: these tests draw the charts for real
import pytest

from moderator.cli import main
from moderator.domain.agenda import Agenda
from moderator.domain.followup import Period, area_outcomes, figures
from moderator.domain.state import MeetingState
from moderator.export.chart import chart_png
from moderator.export.document import Chart
from moderator.export.followup_report import followup_document, report_of
from moderator.export.markdown import render_markdown
from moderator.export.plain import render_text
from moderator.export.word import render_docx
from tests.conftest import FakeClock
from tests.unit.followup_helpers import first_quarter, second_quarter, write_archive

TODAY = dt.date(2024, 6, 20)
AT = dt.datetime(2024, 6, 20, 1, tzinfo=dt.UTC)
HOW_TO = 'pip install "moderator[charts]"'
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def sessions(agenda: Agenda) -> list[MeetingState]:
    clock = FakeClock()
    return [first_quarter(agenda, clock).state, second_quarter(agenda, clock).state]


def word_file(
    sessions: list[MeetingState], agenda: Agenda, lang: str = "vi"
) -> docx.document.Document:
    report = report_of(sessions, Period.year(2024), TODAY)
    data = render_docx(followup_document(report, agenda, lang, pictures=True), lang, AT, AT)
    return docx.Document(io.BytesIO(data))


def pictures(document: docx.document.Document) -> list[bytes]:
    return [
        part.blob
        for part in document.part.package.parts
        if part.content_type == "image/png" and part.partname.startswith("/word/media/")
    ]


def text_of(document: docx.document.Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def hide_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if matplotlib were not installed: every import of it fails."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


def test_the_word_report_holds_the_charts_as_pictures(
    sessions: list[MeetingState], agenda: Agenda
) -> None:
    document = word_file(sessions, agenda)
    found = pictures(document)
    assert len(found) == 2  # by area, by village
    assert all(blob.startswith(PNG) for blob in found)
    assert len(document.inline_shapes) == 2
    assert HOW_TO not in text_of(document)


def test_without_matplotlib_the_report_says_once_how_to_get_the_charts(
    sessions: list[MeetingState], agenda: Agenda, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_matplotlib(monkeypatch)
    for lang in ("vi", "en"):
        document = word_file(sessions, agenda, lang)
        assert pictures(document) == []
        text = text_of(document)
        assert text.count(HOW_TO) == 1, text
        assert "BÁO CÁO" in text or "REPORT" in text.upper()
    assert "cài bằng lệnh" in text_of(word_file(sessions, agenda, "vi"))


def test_the_command_writes_the_charts_and_without_matplotlib_still_writes_the_report(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    agenda: Agenda,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_archive(data_dir, agenda)
    base = ["followup", "--data", str(data_dir), "--today", "2024-06-20", "--format", "docx"]
    with_charts = tmp_path / "with.docx"
    assert main([*base, "-o", str(with_charts)]) == 0
    assert len(pictures(docx.Document(str(with_charts)))) == 2
    hide_matplotlib(monkeypatch)
    without = tmp_path / "without.docx"
    assert main([*base, "-o", str(without)]) == 0
    _, err = capsys.readouterr()
    assert err == ""
    document = docx.Document(str(without))
    assert pictures(document) == [] and text_of(document).count(HOW_TO) == 1


def test_the_text_formats_are_not_changed_by_the_charts(
    sessions: list[MeetingState], agenda: Agenda
) -> None:
    report = report_of(sessions, Period.year(2024), TODAY)
    built = followup_document(report, agenda, "vi", pictures=True)
    assert sum(isinstance(block, Chart) for block in built.blocks) == 2
    assert HOW_TO not in render_text(built) and HOW_TO not in render_markdown(built)
    # The text formats draw the figures as text bars; the Word file, which has the pictures,
    # lists the values only.
    text = followup_document(report, agenda, "vi")
    assert not any(isinstance(block, Chart) for block in text.blocks)
    assert "█" in render_text(text) and "█" not in render_text(built)


def test_area_outcomes_add_up_to_the_period_figures(
    sessions: list[MeetingState], agenda: Agenda
) -> None:
    whole = figures(sessions, TODAY)
    areas = area_outcomes(sessions, TODAY)
    assert [a.area for a in areas] == [area for area, _ in whole.by_area]
    assert [a.petitions for a in areas] == [n for _, n in whole.by_area]
    for name in ("answered_at_meeting", "concluded", "done_on_time", "done_late", "overdue"):
        assert sum(getattr(a, name) for a in areas) == getattr(whole, name), name
    assert sum(a.open for a in areas) == whole.open
    assert sum(a.overdue for a in areas) == 1 and sum(a.done_late for a in areas) == 1


def test_vietnamese_labels_draw_with_every_mark() -> None:
    """DejaVu Sans, shipped with matplotlib, has every letter: no glyph is missing."""
    chart = Chart(
        title="Kiến nghị và kết quả giải quyết theo lĩnh vực",
        categories=("Đền bù giải phóng mặt bằng", "Chế độ chính sách người có công"),
        series=(("Ý kiến, kiến nghị", (3.0, 1.0)), ("Quá hạn, chưa giải quyết", (1.0, 0.0))),
        unavailable="",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a warning
        picture = chart_png(chart)
    assert picture.startswith(PNG)
    assert chart_png(chart) == picture  # no date or version in the file
    assert matplotlib.__version__ == "3.11.2"


def test_starting_the_program_does_not_load_matplotlib() -> None:
    code = (
        "import sys, moderator.cli, moderator.export.word, moderator.export.followup_report,"
        " moderator.tui.followup, moderator.tui.app\n"
        "assert 'matplotlib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
