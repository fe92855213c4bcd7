"""Issue 12: what a user types, a file holds or a hand edit does never gives a traceback.

Each test names the failure of the issue it keeps fixed. Commands run in-process through
``moderator.cli.main``; every refusal is one line on stderr and the status the README states.
"""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from moderator.domain import candidates
from moderator.store.datadir import resolve_session
from tests.unit.cli_helpers import new_session, refused, run
from tests.unit.session_files import write_session


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
    status, out, err = run(capsys, "run", "--data", str(data_dir))
    assert status == 0 and f"Tiếp tục phiên {session_id}" in out, err
    assert f"bỏ qua {damaged.name}: phiên họp bị hỏng" in err
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
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str, content: str | None
) -> tuple[str, int, str]:
    """A new session, and the import into it of ``content`` in a file ``name`` (no file for
    None)."""
    session_id = new_session(capsys, data_dir)
    path = data_dir.parent / name
    if content is not None:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    status, _, err = run(capsys, "import", session_id, str(path), "--data", str(data_dir))
    return session_id, status, err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("p.csv", "name,village,topic\nA,Thôn 1,Đường\nB,,Rác\n", "dòng 3"),
        ("p.csv", "name,topic\nA,Đường\n", "village"),
        ("p.csv", "name,village,topic\n", "không có kiến nghị"),
        ("p.csv", "name,village,topic\nA,Thôn 1,x,y,z\n", "dòng 2"),
        ("p.jsonl", '{"name": "A", "village": "Thôn 1", "topic": "x"}\n{"name": \n', "dòng 2"),
        ("p.jsonl", '["A"]\n', "dòng 1"),
        ("p.txt", "A", ".csv"),
        ("missing.csv", None, "không tìm thấy"),
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
        "empty-field",
        "no-column",
        "no-rows",
        "extra-values",
        "bad-json",
        "not-object",
        "txt",
        "missing",
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
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    name: str,
    content: str | None,
    expected: str,
) -> None:
    session_id, status, err = import_file(capsys, data_dir, name, content)
    refused(status, err)
    assert expected in err
    assert stored_speakers(data_dir, session_id) == []


@pytest.mark.parametrize(
    ("separator", "stored"),
    [("\u2028", "\n"), ("\u0085", "\n"), ("\u2029", "\n"), ("\x1c", "")],
)
def test_jsonl_keeps_unicode_line_separators_inside_strings(
    capsys: pytest.CaptureFixture[str], data_dir: Path, separator: str, stored: str
) -> None:
    row = {"name": "An", "village": "Thôn 1", "topic": f"Đường{separator}hỏng"}
    content = json.dumps(row, ensure_ascii=False) + "\r\n"
    session_id, status, err = import_file(capsys, data_dir, "u.jsonl", content)
    assert status == 0, err
    assert stored_speakers(data_dir, session_id) == [("An", "Thôn 1", f"Đường{stored}hỏng")]


def test_bidi_controls_and_escapes_are_not_stored(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    content = "name,village,topic\n\u202eAn\u2066,Thôn 1,\x1b[31mĐường [bold]hỏng\u200f\n"
    session_id, status, err = import_file(capsys, data_dir, "b.csv", content)
    assert status == 0, err
    assert stored_speakers(data_dir, session_id) == [("An", "Thôn 1", "[31mĐường [bold]hỏng")]


@pytest.mark.parametrize(
    "command",
    [
        ("import", "{session}", "{folder}", "--data", "{data}"),
        ("topics", "flag", "{folder}"),
        ("export", "{session}", "-o", "{folder}", "--data", "{data}"),
    ],
    ids=["import", "topics-flag", "export"],
)
def test_a_folder_where_a_file_belongs_is_bad_input_and_stays_empty(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    session_id = new_session(capsys, data_dir)
    folder = tmp_path / "out"
    folder.mkdir()
    argv = [part.format(session=session_id, folder=folder, data=data_dir) for part in command]
    status, _, err = run(capsys, *argv)
    refused(status, err)
    assert "thư mục" in err
    assert sorted(tmp_path.iterdir()) == sorted([data_dir, folder])
    assert list(folder.iterdir()) == []


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


# -- the data directory holds only sessions -----------------------------------------------------


def test_a_stray_json_file_never_takes_over_latest(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    status, _, err = run(
        capsys, "export", "latest", "--format", "json", "-o", "-", "--data", str(data_dir)
    )
    assert status == 0, err
    (data_dir / "package.json").write_text('{"name": "x", "version": "1.0.0"}', "utf-8")
    status, out, _ = run(capsys, "export", "latest", "--format", "json", "--data", str(data_dir))
    (data_dir / "ket-luan.json").write_text(out, "utf-8")  # an export saved by hand in there
    (data_dir / "ghi chú.json").write_text("not json", "utf-8")
    for argv in (["export", "latest"], ["replay", "latest", "--print"]):
        status, out, err = run(capsys, *argv, "--data", str(data_dir))
        assert status == 0, err
        assert "bỏ qua ket-luan.json: không phải phiên họp" in err
        assert "bỏ qua package.json: không phải phiên họp" in err
        assert "bỏ qua ghi chú.json" in err
    status, out, err = run(capsys, "sessions", "--data", str(data_dir))
    assert status == 0 and session_id in out and "ket-luan" not in out
    assert len(err.splitlines()) == 3
    csv = write_csv(data_dir.parent / "p.csv", "An,Thôn 1,,Đường hỏng")
    status, _, err = run(capsys, "import", "latest", str(csv), "--data", str(data_dir))
    assert status == 0, err


def damage(path: Path) -> bytes:
    path.write_bytes(path.read_bytes()[:200])
    return path.read_bytes()


def test_run_without_a_terminal_refuses_when_the_unfinished_session_is_damaged(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = write_session(data_dir)
    before = damage(path)
    status, out, err = run(capsys, "run", "--data", str(data_dir))
    refused(status, err)
    assert path.name in err and "run --session new" in err and out == ""
    assert sorted(p.name for p in data_dir.glob("*.json")) == [path.name]
    assert path.read_bytes() == before
    status, out, err = run(capsys, "run", "--session", "new", "--data", str(data_dir))
    assert status == 0 and "Đã mở phiên" in out, err


def test_run_with_a_terminal_asks_before_opening_a_new_meeting(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Console(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = write_session(data_dir)
    damage(path)
    monkeypatch.setattr(sys, "stdin", Console("n\n"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, _, err = run(capsys, "run", "--data", str(data_dir))
    assert status == 0
    assert path.name in err and "[c/K]" in err
    assert sorted(p.name for p in data_dir.glob("*.json")) == [path.name]


def test_run_resumes_a_readable_session_and_notes_a_damaged_one(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    write_session(data_dir)
    session_id = new_session(capsys, data_dir)  # 2024-03-15-2, newer
    damaged = data_dir / f"{session_id}.json"
    damage(damaged)
    status, out, err = run(capsys, "run", "--data", str(data_dir))
    assert status == 0 and "Tiếp tục phiên 2024-03-15-1" in out, err
    assert f"bỏ qua {damaged.name}: phiên họp bị hỏng" in err


def test_run_passes_over_a_damaged_closed_session(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = write_session(data_dir, close=True)
    edit_event(path, 6, speaker=99)  # the header still says closed
    status, out, err = run(capsys, "run", "--data", str(data_dir))
    assert status == 0 and "Đã mở phiên" in out, err


def test_sessions_lists_a_damaged_session_beside_the_others(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = write_session(data_dir)
    other = new_session(capsys, data_dir)
    before = damage(path)
    status, out, err = run(capsys, "sessions", "--data", str(data_dir))
    assert status == 0 and other in out and path.stem in out and err == ""
    assert path.read_bytes() == before


def test_data_that_is_a_file_is_bad_usage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("x", "utf-8")
    for argv in (["sessions"], ["export", "latest"], ["run"], ["replay", "latest"], ["new"]):
        status, _, err = run(capsys, *argv, "--data", str(file))
        refused(status, err)
        assert "không phải thư mục" in err


# -- what reaches the terminal ------------------------------------------------------------------


def session_written_by_hand(data_dir: Path, *edits: tuple[str, str, str, str]) -> Path:
    """A real session, then each (table, row, field, value) written into its file by hand."""
    path = write_session(data_dir)
    tables = json.loads(path.read_bytes())
    for table, row, field, value in edits:
        tables[table][row][field] = value
    path.write_text(json.dumps(tables), encoding="ascii")
    return path


def test_escapes_written_into_a_session_by_hand_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = session_written_by_hand(
        data_dir,
        ("events", "3", "name", "\x1b[2J\x1b]0;pwned\x07An\u202e"),
        ("events", "1", "place", "Hội \x1b[31mtrường\x9b"),
    )
    for argv in (
        ["replay", str(path), "--print"],
        ["replay", str(path)],
        ["sessions"],
        ["run", "--session", str(path)],
    ):
        status, out, err = run(capsys, *argv, "--data", str(data_dir))
        assert status == 0, err
        assert out and not any(c in out for c in "\x1b\x07\x9b\u202e"), argv
    status, out, _ = run(capsys, "replay", str(path), "--data", str(data_dir))
    assert "An" in out and "[2J" in out


def test_replay_without_a_terminal_prints_the_timeline(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = write_session(data_dir)
    status, out, err = run(capsys, "replay", str(path), "--data", str(data_dir))
    assert status == 0, err
    assert "Nguyễn Văn An" in out and len(out.splitlines()) == 18


def test_import_into_a_symlinked_session_writes_through_to_its_target(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    target = data_dir / f"{session_id}.json"
    link = tmp_path / "today.json"
    link.symlink_to(target)
    csv = write_csv(tmp_path / "p.csv", "An,Thôn 1,,Đường hỏng")
    status, _, err = run(capsys, "import", str(link), str(csv), "--data", str(data_dir))
    assert status == 0, err
    assert link.is_symlink() and link.resolve() == target
    assert stored_speakers(data_dir, session_id) == [("An", "Thôn 1", "Đường hỏng")]


# -- exports never overwrite what they must not ---------------------------------------------------


def export_to(
    capsys: pytest.CaptureFixture[str], data_dir: Path, session: str, output: Path, *extra: str
) -> tuple[int, str, str]:
    return run(
        capsys,
        "export",
        session,
        "--format",
        "md",
        "-o",
        str(output),
        "--data",
        str(data_dir),
        *extra,
    )


@pytest.mark.parametrize(
    "name", ["S.json", "ket-luan.json", "S.json.journal", "S.json.lock", "S.json.tmp", "new.json"]
)
def test_export_into_the_data_directory_under_a_session_name_is_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str
) -> None:
    session_id = new_session(capsys, data_dir)
    output = data_dir / name.replace("S", session_id)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    for extra in ((), ("--force",)):
        status, _, err = export_to(capsys, data_dir, session_id, output, *extra)
        refused(status, err)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before
    status, _, err = run(capsys, "export", "latest", "--data", str(data_dir))
    assert status == 0 and err == ""


def test_export_never_replaces_a_link_a_pipe_or_a_session(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    target = tmp_path / "target.md"
    target.write_text("kept", "utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    other_session = tmp_path / "elsewhere.json"
    other_session.write_bytes((data_dir / f"{session_id}.json").read_bytes())
    for output, expected in (
        (link, "liên kết"),
        (fifo, "không phải tệp thông thường"),
        (other_session, "tệp phiên họp"),
        (data_dir / f"{session_id}.json", "chính là phiên họp"),
    ):
        status, _, err = export_to(capsys, data_dir, session_id, output, "--force")
        refused(status, err)
        assert expected in err
    assert link.is_symlink() and target.read_text("utf-8") == "kept"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["data", "target.md", "link.md", "pipe.md", "elsewhere.json"]
    )


def test_a_device_is_refused_before_anything_is_written(data_dir: Path) -> None:
    # The check alone, called directly: a regression must not get to replace /dev/null.
    from moderator.outfile import OutputRefused, check_output

    with pytest.raises(OutputRefused) as refusal:
        check_output(Path("/dev/null"), data_dir=data_dir, session=data_dir / "s.json", force=True)
    assert refusal.value.msg.key == "output_is_special"


def test_export_replaces_an_existing_file_only_when_forced(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    output = tmp_path / "kl.md"
    status, _, err = export_to(capsys, data_dir, session_id, output)
    assert status == 0, err
    written = output.read_bytes()
    output.write_text("old", "utf-8")
    status, _, err = export_to(capsys, data_dir, session_id, output)
    refused(status, err)
    assert "--force" in err and output.read_text("utf-8") == "old"
    status, _, err = export_to(capsys, data_dir, session_id, output, "--force")
    assert status == 0, err
    assert output.read_bytes() == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "kl.md"]


def test_export_dash_writes_to_standard_output(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = new_session(capsys, data_dir)
    monkeypatch.chdir(data_dir.parent)
    status, out, err = run(capsys, "export", session_id, "-o", "-", "--data", str(data_dir))
    assert status == 0 and out, err
    assert not (data_dir.parent / "-").exists()


def test_a_full_disk_during_an_export_is_exit_1_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import moderator.outfile

    session_id = new_session(capsys, data_dir)
    output = tmp_path / "kl.md"
    output.write_text("old", "utf-8")

    def full(fd: int, data: bytes) -> None:
        os.write(fd, data[:10])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(moderator.outfile, "write_all", full)
    for extra in ((), ("--force",)):
        status, _, err = export_to(capsys, data_dir, session_id, tmp_path / "new.md", *extra)
        refused(status, err, expected=1)
        assert "chưa có gì được ghi" in err
        status, _, err = export_to(capsys, data_dir, session_id, output, "--force", *extra)
        refused(status, err, expected=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "kl.md"]
    assert output.read_text("utf-8") == "old"


def test_a_text_export_to_a_terminal_is_filtered(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = session_written_by_hand(data_dir, ("events", "1", "place", "Hội \x1b[31mtrường\u202e"))
    status, out, _ = run(capsys, "export", str(path), "--data", str(data_dir))
    assert status == 0 and "\x1b" in out  # a file or a pipe gets the record as it is
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    for fmt in ("text", "md", "minutes", "json"):
        status, out, _ = run(capsys, "export", str(path), "--format", fmt, "--data", str(data_dir))
        assert status == 0 and "\x1b" not in out and "\u202e" not in out and "trường" in out


def test_a_lone_surrogate_in_the_header_is_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = session_written_by_hand(data_dir, ("meta", "1", "place", "\ud800"))
    before = path.read_bytes()
    status, _, err = run(capsys, "export", str(path), "--format", "json", "--data", str(data_dir))
    refused(status, err)
    assert "Unicode" in err and path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    ["x = " + "[" * 100_000 + "]" * 100_000, "title = " + "9" * 5000],
    ids=["deep", "huge-int"],
)
def test_a_hostile_agenda_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(content, "utf-8")
    status, _, err = run(capsys, "agenda", "check", str(path))
    refused(status, err)
    assert str(path) in err


def test_the_earlier_issues_index_skips_damaged_and_stray_files(data_dir: Path) -> None:
    from moderator.suggest import earlier_issues

    write_session(data_dir)
    huge_int_session(data_dir)
    (data_dir / "2024-03-13-1.json").write_bytes(b'{"meta":{"1":')
    (data_dir / "package.json").write_text("{}", "utf-8")
    edited = data_dir / "2024-03-12-1.json"
    edited.write_bytes((data_dir / "2024-03-15-1.json").read_bytes())
    edit_event(edited, 6, speaker=99)
    found = earlier_issues(data_dir, exclude="today")
    assert [(e.session_id, e.number) for e in found] == [("2024-03-15-1", 1), ("2024-03-15-1", 2)]


def test_an_import_too_large_for_memory_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    session = new_session(capsys, data)
    rows = tmp_path / "rows.csv"
    rows.write_text("name,village,topic\nLê Văn Tám,Thôn 1,Đường liên thôn xuống cấp\n", "utf-8")
    path = resolve_session(data, session)
    before = path.read_bytes()

    def too_large(*_: object, **__: object) -> None:
        raise MemoryError

    monkeypatch.setattr(candidates, "best", too_large)
    status, _, err = run(capsys, "import", session, str(rows), "--data", str(data))
    refused(status, err, expected=1)
    assert "bộ nhớ" in err
    assert path.read_bytes() == before
