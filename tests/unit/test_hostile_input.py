"""Issue 12: what a user types, a file holds or a hand edit does never gives a traceback.

Each test names the failure of the issue it keeps fixed. Commands run in-process through
``moderator.cli.main``; every refusal is one line on stderr and the status the README states.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderator.cli import main
from tests.unit.session_files import write_session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def refused(status: int, err: str, expected: int = 2) -> None:
    assert status == expected, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def new_session(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    status, out, err = run(capsys, "new", "--data", str(data_dir), "--date", "2024-03-15")
    assert status == 0, err
    return out.strip()


def write_csv(path: Path, *rows: str, header: str = "name,village,area,topic") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# -- a 5,000-digit integer in one session file -------------------------------------------------


def huge_int_session(data_dir: Path) -> Path:
    path = data_dir / "2024-03-14-1.json"
    path.write_text('{"meta":{"1":{"app":"moderator","n":' + "9" * 5000 + "}}}", encoding="ascii")
    return path


def test_a_huge_integer_in_one_session_does_not_stop_the_others(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    damaged = huge_int_session(data_dir)
    status, out, _ = run(capsys, "sessions", "--data", str(data_dir))
    assert status == 0 and session_id in out and damaged.stem in out
    csv = write_csv(data_dir.parent / "p.csv", "An,Thôn 1,,Đường hỏng")
    status, _, err = run(capsys, "import", session_id, str(csv), "--data", str(data_dir))
    assert status == 0, err
    status, _, err = run(capsys, "export", str(damaged), "--data", str(data_dir))
    refused(status, err)
    assert "digits" in err


# -- bidi and invisible controls ---------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_bidi_controls_are_removed_from_names_and_topics(char: str) -> None:
    from moderator.domain.text import clean_line, clean_text

    assert clean_line(f"Nguyễn{char} Văn A") == "Nguyễn Văn A"
    assert clean_text(f"Đường{char} hỏng\nthôn 3") == "Đường hỏng\nthôn 3"


def test_terminal_filter_keeps_layout_and_drops_escapes() -> None:
    from moderator.domain.text import drop_controls

    assert drop_controls("a  b\tc\n\x1b[2Jd\u202ee\ud800") == "a  b\tc\n[2Jde"


# -- import files ------------------------------------------------------------------------------


def stored_speakers(data_dir: Path, session_id: str) -> list[tuple[str, str, str]]:
    from moderator.meeting import read_session

    state = read_session(data_dir / f"{session_id}.json").state
    return [(s.name, s.village, s.topic) for s in state.speakers]


def import_file(
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str, content: str
) -> tuple[str, int, str]:
    session_id = new_session(capsys, data_dir)
    path = data_dir.parent / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    status, _, err = run(capsys, "import", session_id, str(path), "--data", str(data_dir))
    return session_id, status, err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("q.csv", 'name,village,topic\nAn,Thôn 1,"unterminated\n', "dòng 2"),
        ("q.csv", 'name,village,topic\nAn,Thôn 1,"a"b\n', "dòng 2"),
        ("d.csv", "name,village,topic,name\nAn,Thôn 1,Đường,Bình\n", "«name» hai lần"),
        ("d.csv", "name,village,topic,họ tên\nAn,Thôn 1,Đường,Bình\n", "«name» hai lần"),
        ("t.jsonl", '{"name": true, "village": "Thôn 1", "topic": "x"}\n', "dòng 1"),
        ("t.jsonl", '{"name": "An", "village": 3, "topic": "x"}\n', "dòng 1"),
        ("s.jsonl", '\n{"name": "\\ud800", "village": "Thôn 1", "topic": "x"}\n', "dòng 2"),
        ("k.jsonl", '{"name": "A", "name": "B", "village": "Thôn 1", "topic": "x"}', "hai lần"),
        ("n.jsonl", '{"name": "A", "village": "T", "topic": "x", "n": ' + "9" * 5000 + "}", "20"),
        ("n.jsonl", '{"name": "A", "village": "T", "topic": "x", "n": NaN}', "NaN"),
        ("r.jsonl", "[" * 100_000 + "]" * 100_000, "20 cấp"),
        ("r.jsonl", '{"a":' * 100_000 + "1" + "}" * 100_000, "20 cấp"),
    ],
    ids=[
        "unterminated-quote",
        "quote-in-field",
        "duplicate-column",
        "duplicate-after-alias",
        "true-as-name",
        "number-as-village",
        "lone-surrogate",
        "duplicate-key",
        "5000-digit-int",
        "nan",
        "deep-array",
        "deep-object",
    ],
)
def test_a_bad_import_file_is_refused_whole_with_its_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str, content: str, expected: str
) -> None:
    session_id, status, err = import_file(capsys, data_dir, name, content)
    refused(status, err)
    assert expected in err
    assert stored_speakers(data_dir, session_id) == []


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029", "\x1c"])
def test_jsonl_keeps_unicode_line_separators_inside_strings(
    capsys: pytest.CaptureFixture[str], data_dir: Path, separator: str
) -> None:
    row = {"name": "An", "village": "Thôn 1", "topic": f"Đường{separator}hỏng"}
    content = json.dumps(row, ensure_ascii=False) + "\r\n"
    session_id, status, err = import_file(capsys, data_dir, "u.jsonl", content)
    assert status == 0, err
    assert stored_speakers(data_dir, session_id) == [("An", "Thôn 1", "Đườnghỏng")]


def test_bidi_controls_and_escapes_are_not_stored(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    content = "name,village,topic\n\u202eAn\u2066,Thôn 1,\x1b[31mĐường [bold]hỏng\u200f\n"
    session_id, status, err = import_file(capsys, data_dir, "b.csv", content)
    assert status == 0, err
    assert stored_speakers(data_dir, session_id) == [("An", "Thôn 1", "[31mĐường [bold]hỏng")]


def test_a_folder_given_as_input_is_bad_input(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    folder = tmp_path / "rows.jsonl"
    folder.mkdir()
    status, _, err = run(capsys, "import", session_id, str(folder), "--data", str(data_dir))
    refused(status, err)
    status, _, err = run(capsys, "topics", "flag", str(folder))
    refused(status, err)
    assert "thư mục" in err


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"session": "s", "id": "1", "text": "\\udc00"}',
        '{"session": "s", "id": ' + "1" * 5000 + ', "text": "x"}',
        '{"session": "s", "id": true, "text": "x"}',
    ],
    ids=["deep", "surrogate", "huge-int", "bool-id"],
)
def test_topics_flag_refuses_hostile_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "topics", "flag", str(path))
    refused(status, err)
    assert out == "" and "dòng 1" in err


def test_topics_flag_reads_u2028_inside_a_string(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "t.jsonl"
    rows = [{"session": "s", "id": str(i), "text": f"Đường\u2028hỏng {i}"} for i in (1, 2)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    status, out, err = run(capsys, "topics", "flag", str(path))
    assert status == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["1", "2"]


# -- hand-edited session files -----------------------------------------------------------------


def edit_event(path: Path, seq: int, **changes: object) -> bytes:
    tables = json.loads(path.read_bytes())
    tables["events"][str(seq)].update(changes)
    path.write_text(json.dumps(tables), encoding="ascii")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("seq", "changes", "expected"),
    [
        (6, {"speaker": 99}, "no speaker 99"),
        (6, {"speaker": -1}, "no speaker -1"),
        (4, {"speaker": 7}, "should be number 2"),
        (13, {"issue": 0}, "no issue 0"),
        (8, {"speech": 5}, "no speech 5"),
        (2, {"step": "nowhere"}, "nowhere"),
        (9, {"seconds": 10**30}, "out of range"),
        (16, {"text": "\ud800"}, "Unicode"),
        (16, {"at": "9999-12-31T23:59:59+00:00"}, "out of range"),
    ],
    ids=[
        "speaker-99",
        "speaker-negative",
        "registration-number",
        "issue-0",
        "speech-5",
        "unknown-step",
        "huge-seconds",
        "surrogate",
        "year-9999",
    ],
)
def test_a_hand_edited_session_is_one_line_and_stays_as_it_is(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    seq: int,
    changes: dict[str, object],
    expected: str,
) -> None:
    path = write_session(data_dir)
    before = edit_event(path, seq, **changes)
    for argv in (
        ["replay", str(path), "--print"],
        ["export", str(path)],
        ["export", str(path), "--format", "json"],
        ["run", "--session", str(path)],
    ):
        status, _, err = run(capsys, *argv, "--data", str(data_dir))
        refused(status, err)
        assert expected in err and f"event {seq}" in err
    status, out, _ = run(capsys, "sessions", "--data", str(data_dir))
    assert status == 0 and path.stem in out
    assert path.read_bytes() == before
