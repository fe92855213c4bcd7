"""Reading a petitions file: the rows the import takes, with their lines."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from moderator import cli
from moderator.domain.commands import PetitionRow
from moderator.petitions import PetitionFileError, read_petitions
from tests.unit.cli_helpers import new_session, run


def test_rows_of_blanks_are_passed_over_and_lines_stay_right(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "họ tên,thôn,nội dung,tổ chức\n"
        "Nguyễn Văn A,Thôn 1,Đường hỏng,HTX\n"
        ",,,\n"
        " , \t,  ,\n"
        "\n"
        'Lê Thị B,Thôn 2,"Cầu\nhỏng",\n'
        "Trần C,Thôn 3,Rác,\n",
        encoding="utf-8",
    )
    assert read_petitions(path) == [
        PetitionRow(2, "Nguyễn Văn A", "Thôn 1", "Đường hỏng", "", "HTX"),
        PetitionRow(6, "Lê Thị B", "Thôn 2", "Cầu\nhỏng", "", ""),
        PetitionRow(8, "Trần C", "Thôn 3", "Rác", "", ""),
    ]


@pytest.mark.parametrize("row", [",,,HTX", " ,, x,", ",Thôn 1,,"])
def test_a_row_with_anything_in_it_is_read_and_refused_when_incomplete(
    tmp_path: Path, row: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f"name,village,topic,organization\nA,Thôn 1,Rác,\n{row}\n", encoding="utf-8")
    with pytest.raises(PetitionFileError) as raised:
        read_petitions(path)
    assert raised.value.msg.params["line"] == 3
    assert raised.value.msg.params["reason"].key == "row_empty"


def test_the_import_command_reads_the_file_with_the_collector_paused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session(capsys, data_dir)
    path = data_dir.parent / "rows.csv"
    path.write_text("name,village,topic\nA,Thôn 1,Rác\n", encoding="utf-8")
    seen: list[bool] = []

    def reading(path: Path) -> list[PetitionRow]:
        seen.append(gc.isenabled())
        return read_petitions(path)

    monkeypatch.setattr(cli, "read_petitions", reading)
    was = gc.isenabled()
    gc.enable()
    try:
        status, _, err = run(capsys, "import", "--data", str(data_dir), session, str(path))
        assert status == 0, err
        assert seen == [False]
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
