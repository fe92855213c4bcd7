"""The follow-up report: golden text and Markdown, the Word file read back, and the command
(formats, period options, files it must not write, a corrupt or foreign file skipped)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import docx
import pytest

from moderator.domain.agenda import Agenda
from moderator.domain.followup import Period
from moderator.export.followup_report import followup_document, report_of
from moderator.export.markdown import render_markdown
from moderator.export.plain import render_text
from moderator.export.word import render_docx
from tests.conftest import FakeClock
from tests.unit.cli_helpers import run
from tests.unit.followup_helpers import first_quarter, second_quarter, write_archive
from tests.unit.test_export import check_golden

TODAY = dt.date(2024, 6, 20)


@pytest.fixture
def report_doc(agenda: Agenda) -> object:
    clock = FakeClock()
    sessions = [first_quarter(agenda, clock).state, second_quarter(agenda, clock).state]
    return lambda lang: followup_document(
        report_of(sessions, Period.year(2024), TODAY), agenda, lang
    )


def test_report_golden_text_and_markdown(report_doc: object) -> None:
    assert callable(report_doc)
    check_golden("followup-vi.txt", render_text(report_doc("vi")))
    check_golden("followup-en.txt", render_text(report_doc("en")))
    check_golden("followup-vi.md", render_markdown(report_doc("vi")))


def test_report_docx_reads_back(report_doc: object) -> None:
    assert callable(report_doc)
    at = dt.datetime(2024, 6, 20, 1, tzinfo=dt.UTC)
    data = render_docx(report_doc("vi"), "vi", at, at)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "BÁO CÁO" in text
    assert "Tình hình giải quyết kiến nghị sau đối thoại" in text
    assert "quá hạn 51 ngày" in text
    assert "Đất đai: " in text  # the chart's rows


def test_a_corrupt_and_a_foreign_file_are_named_and_skipped(
    capsys: pytest.CaptureFixture[str], data_dir: Path, agenda: Agenda
) -> None:
    write_archive(data_dir, agenda)
    (data_dir / "2024-09-01-1.json").write_text('{"meta": {"1": {"status": "op', "utf-8")
    (data_dir / "package.json").write_text('{"name": "x"}', "utf-8")
    status, out, err = run(
        capsys, "followup", "--data", str(data_dir), "--today", "2024-06-20", "--format", "text"
    )
    assert status == 0
    assert "2024-09-01-1.json" in err and "package.json" in err
    assert len(err.strip().splitlines()) == 2
    assert "quá hạn 51 ngày" in out and "Chậm chi trả tiền đền bù" in out


def test_json_and_the_period(
    capsys: pytest.CaptureFixture[str], data_dir: Path, agenda: Agenda
) -> None:
    write_archive(data_dir, agenda)
    base = ("followup", "--data", str(data_dir), "--today", "2024-06-20", "--format", "json")
    status, out, _ = run(capsys, *base)
    data = json.loads(out)
    assert status == 0 and data["sessions"] == ["2024-03-15-1", "2024-06-14-1"]
    assert data["items"][0]["overdue_days"] == 51
    assert data["figures"]["petitions"] == 5
    _, out, _ = run(capsys, *base, "--from", "2024-04-01")
    assert json.loads(out)["sessions"] == ["2024-06-14-1"]
    _, out, _ = run(capsys, *base, "--year", "2023")
    assert json.loads(out)["items"] == []


def test_files_and_bad_usage(
    capsys: pytest.CaptureFixture[str], data_dir: Path, agenda: Agenda, tmp_path: Path
) -> None:
    paths = write_archive(data_dir, agenda)
    base = ("followup", "--data", str(data_dir), "--today", "2024-06-20")
    target = tmp_path / "bao-cao.docx"
    status, _, _ = run(capsys, *base, "--format", "docx", "-o", str(target))
    assert status == 0
    assert "BÁO CÁO" in "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    status, _, err = run(capsys, *base, "--format", "docx", "-o", str(target))
    assert status == 2 and err.count("\n") == 1  # never over an existing file
    before = paths[0].read_bytes()
    status, _, _ = run(capsys, *base, "--format", "md", "-o", str(paths[0]), "--force")
    assert status == 2 and paths[0].read_bytes() == before  # never over a session
    for bad in (
        ("--year", "2024", "--from", "2024-01-01"),
        ("--from", "2024-05-01", "--to", "2024-04-01"),
    ):
        status, _, err = run(capsys, *base, *bad)
        assert status == 2 and err.count("\n") == 1


def test_sessions_says_when_a_notice_is_due(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    from moderator.domain.localtime import today

    recent = (today() - dt.timedelta(days=3)).isoformat()
    status, out, _ = run(capsys, "new", "--data", str(data_dir), "--date", recent)
    session_id = out.strip()
    status, out, _ = run(capsys, "sessions", "--data", str(data_dir))
    assert status == 0
    assert f"Thông báo kết luận phiên {session_id}" in out and "còn 12 ngày" in out
    old = (today() - dt.timedelta(days=20)).isoformat()
    run(capsys, "new", "--data", str(data_dir), "--date", old)
    _, out, _ = run(capsys, "sessions", "--data", str(data_dir), "--lang", "en")
    assert "5 days late" in out and "12 days left" in out


def test_without_a_terminal_the_report_is_printed(
    capsys: pytest.CaptureFixture[str], data_dir: Path, agenda: Agenda
) -> None:
    write_archive(data_dir, agenda)
    status, out, err = run(
        capsys, "followup", "--data", str(data_dir), "--today", "2024-06-20", "--lang", "en"
    )
    assert status == 0 and err == ""
    assert "Follow-up of petitions after the dialogue" in out and "51 days overdue" in out
    status, out, _ = run(capsys, "followup", "--data", str(data_dir / "missing"), "--year", "2024")
    assert status == 0 and "Trong kỳ báo cáo không có hội nghị đối thoại nào." in out
