"""Areas typed as petitions abbreviate them ("VSMT", "gpmb"), on the form and in an import."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderator.domain.agenda import Agenda
from moderator.meeting import read_session
from moderator.store.datadir import resolve_session
from tests.unit.test_cli import new_session, run


@pytest.mark.parametrize(
    ("typed", "area"),
    [
        ("vsmt", "moi_truong"),
        ("VSMT", "moi_truong"),
        ("attp", "attp"),
        ("gpmb", "gpmb"),
        ("ncc", "chinh_sach"),
        ("dat", "dat_dai"),  # a word's start still comes first
    ],
)
def test_an_area_is_found_by_its_initials(agenda: Agenda, typed: str, area: str) -> None:
    found = agenda.find_area(typed)
    assert found is not None and found.id == area


@pytest.mark.parametrize("typed", ["xyz", "zz", "12"])
def test_initials_that_name_no_area_find_none(agenda: Agenda, typed: str) -> None:
    assert agenda.find_area(typed) is None


def test_an_import_takes_abbreviated_areas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    session = new_session(capsys, tmp_path)
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,village,area,topic\nAn,Thôn 2,vsmt,Rác thải ven kênh\nBình,Thôn 3,GPMB,Đền bù chậm\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "import", session, str(rows), "--data", str(tmp_path))
    assert status == 0, err
    state = read_session(resolve_session(tmp_path, session)).state
    assert [s.area for s in state.speakers] == ["moi_truong", "gpmb"]
