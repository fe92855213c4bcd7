"""`moderator new` takes what the start form asks (chair, secretary, attendance), so a session
opened ahead of the meeting, in a script or before an import, can still be signed for."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderator.meeting import read_session
from moderator.store.datadir import resolve_session
from tests.unit.cli_helpers import new_session, refused, run
from tests.unit.test_cli import run_exit


def test_new_records_chair_secretary_and_attendance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    session = new_session(
        capsys,
        tmp_path,
        "--chair",
        "Diêm \x1b[31mĐăng Nghiệp",
        "--secretary",
        " Nguyễn  Thị Thư ",
        "--attendance",
        "85",
    )
    state = read_session(resolve_session(tmp_path, session)).state
    assert state.chair == "Diêm [31mĐăng Nghiệp"  # the escape byte never reaches the record
    assert state.secretary == "Nguyễn Thị Thư"
    assert state.attendance == 85
    status, out, _ = run(capsys, "export", session, "--data", str(tmp_path), "--format", "minutes")
    assert status == 0
    assert "Thư ký: Nguyễn Thị Thư" in out
    assert "Số người tham dự: 85 người" in out


@pytest.mark.parametrize("count", ["x", "-1", "1e3", "100001"])
def test_a_bad_attendance_is_one_line_and_nothing_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, count: str
) -> None:
    status, _, err = run_exit(capsys, "new", "--data", str(tmp_path), "--attendance", count)
    refused(status, err)
    assert list(tmp_path.iterdir()) == []
