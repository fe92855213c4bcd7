"""Reading a petitions file: the rows the import takes, with their lines."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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


def test_short_rows_and_missing_fields_read_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "organisation,topic,,name,village,x\nHTX,Rác,,A,Thôn 1\n,Đường,z,B,Thôn 2,y\n",
        encoding="utf-8",
    )
    assert read_petitions(path) == [
        PetitionRow(2, "A", "Thôn 1", "Rác", "", "HTX"),
        PetitionRow(3, "B", "Thôn 2", "Đường", "", ""),
    ]
    path.write_text("name,village,topic,area\nA,Thôn 1,Rác,dat dai\nB,Thôn 2,Đường\n")
    assert [(p.area, p.organisation) for p in read_petitions(path)] == [("dat dai", ""), ("", "")]


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        # The file is parsed whole first: its own faults come before a row's empty field.
        (["A,,Rác", 'B,Thôn 2,"Đường'], 4, "row_csv"),
        (["A,,Rác", "B,Thôn 2,Đường,x,y"], 4, "row_too_many"),
        (["A,Thôn 1,Rác", "B,Thôn 2,", "C,,"], 4, "row_empty"),
        (["A,Thôn 1,Rác", "B", "C,,"], 4, "row_empty"),
    ],
)
def test_the_fault_reported_is_the_files_then_the_first_rows(
    tmp_path: Path, rows: list[str], line: int, reason: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("name,village,topic,area\nX,Thôn 1,Rác,\n" + "\n".join(rows) + "\n")
    with pytest.raises(PetitionFileError) as raised:
        read_petitions(path)
    assert raised.value.msg.params["line"] == line
    assert raised.value.msg.params["reason"].key == reason


def test_the_empty_field_named_is_the_first_one(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("topic,village,name\nRác,Thôn 1,A\n , ,\t\n,,B\n", encoding="utf-8")
    with pytest.raises(PetitionFileError) as raised:
        read_petitions(path)
    assert raised.value.msg.params["line"] == 4
    assert raised.value.msg.params["reason"].params == {"column": "village"}


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


def test_an_import_leaves_nothing_for_the_collector_to_walk(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rows, the event and the index die with the import, before the collector is back: a
    # large import would otherwise end with a pass over all of them.
    path = data_dir.parent / "rows.csv"
    rows = (f"Người {n},Thôn {n % 12 + 1},Kiến nghị số {n} về đường hỏng" for n in range(3000))
    path.write_text("name,village,topic\n" + "\n".join(rows) + "\n", encoding="utf-8")
    warm = new_session(capsys, data_dir)  # modules loaded, caches filled: they stay, rightly
    assert run(capsys, "import", "--data", str(data_dir), warm, str(path))[0] == 0
    session = new_session(capsys, data_dir)
    left: list[int] = []
    paused = cli.collector_paused

    @contextmanager
    def watched() -> Iterator[None]:
        with paused():
            yield
            left.append(gc.get_count()[0])  # objects made since the last pass and still alive

    monkeypatch.setattr(cli, "collector_paused", watched)
    status, out, err = run(capsys, "import", "--data", str(data_dir), session, str(path))
    assert status == 0, err
    assert "3000" in out
    assert len(left) == 1 and left[0] < 3000, left
