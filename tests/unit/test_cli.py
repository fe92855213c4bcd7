"""The command line: every command, and every error path gives one line and exit status 2."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from moderator.cli import main
from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting, read_session
from moderator.store.datadir import resolve_session
from tests.unit.cli_helpers import imported, new_session, refused, run

AGENDAS = Path(__file__).resolve().parents[2] / "agendas"


def write_csv(
    path: Path, rows: list[str], header: str = "name,village,area,topic,organization"
) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# -- agenda check -------------------------------------------------------------------------------


def test_agenda_check_accepts_the_shipped_agendas(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("trung-son-2024.toml", "town-hall-en.toml"):
        status, out, _ = run(capsys, "agenda", "check", str(AGENDAS / name))
        assert status == 0
        assert name in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "not found"),
        ("", "empty"),
        ('title = "x"\nsteps = [', "syntax"),
        (
            (AGENDAS / "town-hall-en.toml").read_text(encoding="utf-8").split("[[steps]]")[0],
            "steps",
        ),
    ],
    ids=["missing", "empty", "syntax", "no-steps"],
)
def test_agenda_check_refuses_broken_agendas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None, expected: str
) -> None:
    path = tmp_path / "broken.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    status, _, err = run(capsys, "agenda", "check", str(path))
    refused(status, err)
    assert str(path) in err and expected in err.lower()


# -- new, sessions, run ---------------------------------------------------------------------------


def test_new_prints_the_id_and_sessions_lists_it(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    session_id = new_session(capsys, data_dir, "--place", "Nhà văn hoá Thôn 3")
    assert session_id.startswith("2024-03-15")
    status, out, _ = run(capsys, "sessions", "--data", str(data_dir))
    assert status == 0
    assert session_id in out and "Nhà văn hoá Thôn 3" in out and "đang họp" in out


def test_sessions_in_english(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    new_session(capsys, data_dir)
    status, out, _ = run(capsys, "sessions", "--data", str(data_dir), "--lang", "en")
    assert status == 0 and "Speakers" in out and "open" in out


def test_data_dir_from_the_environment(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODERATOR_DATA", str(data_dir))
    status, out, _ = run(capsys, "new", "--date", "2024-03-15")
    assert status == 0
    assert (data_dir / f"{out.strip()}.json").exists()


def test_run_creates_then_resumes_the_unfinished_session(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    status, out, _ = run(capsys, "run", "--data", str(data_dir), "--date", "2024-03-15")
    assert status == 0 and "Đã mở phiên" in out
    status, out, _ = run(capsys, "run", "--data", str(data_dir))
    assert status == 0 and "Tiếp tục phiên" in out and "Khai mạc" not in out.splitlines()[0]
    assert len(list(data_dir.glob("*.json"))) == 1


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    status, _, err = run_exit(capsys, "new", "--data", str(data_dir), "--date", "15/03/2024")
    refused(status, err)


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_exit(capsys, "dance")
    refused(status, err)


def run_exit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as raised:
        main(list(argv))
    out, err = capsys.readouterr()
    assert isinstance(raised.value.code, int)
    return raised.value.code, out, err


@pytest.mark.parametrize("ref", ["nope", "2099"])
def test_unknown_session(capsys: pytest.CaptureFixture[str], data_dir: Path, ref: str) -> None:
    new_session(capsys, data_dir)
    csv = write_csv(data_dir / "p.csv", ["A,Thôn 1,,Đường hỏng,"])
    status, _, err = run(capsys, "import", ref, str(csv), "--data", str(data_dir))
    refused(status, err)


def test_ambiguous_session_prefix(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    new_session(capsys, data_dir)
    new_session(capsys, data_dir)
    csv = write_csv(data_dir / "p.csv", ["A,Thôn 1,,Đường hỏng,"])
    status, _, err = run(capsys, "import", "2024-03-15", str(csv), "--data", str(data_dir))
    refused(status, err)


# -- import ----------------------------------------------------------------------------------------


def test_import_csv_flags_repeats(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    session_id = new_session(capsys, data_dir)
    csv = write_csv(
        data_dir / "p.csv",
        [
            'Nguyễn Văn Hùng,Thôn 2,giao thông,"Đường liên thôn 2 đi thôn 5 qua cầu Đá xuống cấp, ổ gà",',
            "Trần Thị Lan,thon 3,moi truong,Trại lợn nhà ông Tư ở thôn 3 xả nước thải ra mương,",
            "Lê Văn Tám,Thôn 5,,duong lien thon 2 - thon 5 doan cau Da nhieu o ga qua,HTX",
        ],
        header="name,village,topic_area,topic,organization".replace("topic_area", "area"),
    )
    # "giao thông" is not an area of the Trung Sơn agenda: the whole file is refused first.
    status, _, err = run(capsys, "import", session_id, str(csv), "--data", str(data_dir))
    refused(status, err)
    assert "dòng 2" in err and "giao thông" in err
    assert read_session(resolve_session(data_dir, session_id)).state.speakers == ()

    csv.write_text(csv.read_text(encoding="utf-8").replace("giao thông", ""), encoding="utf-8")
    status, out, err = run(capsys, "import", "latest", str(csv), "--data", str(data_dir))
    assert status == 0, err
    assert "3" in out
    state = read_session(resolve_session(data_dir, session_id)).state
    assert [s.village for s in state.speakers] == ["Thôn 2", "Thôn 3", "Thôn 5"]
    assert [s.source for s in state.speakers] == ["written"] * 3
    assert state.speakers[1].area == "moi_truong"
    assert state.speakers[2].organisation == "HTX"
    assert state.speakers[0].duplicate_of is None and state.speakers[1].duplicate_of is None
    flag = state.speakers[2].duplicate_of
    assert flag is not None and flag.speaker == 1
    assert state.speakers[2].suggestions[0].speaker == 1
    status, out, _ = run(capsys, "sessions", "--data", str(data_dir))
    assert "Có thể trùng" in out.splitlines()[0]
    assert out.splitlines()[1].split()[-3:-1] == ["1", "0"]  # one flagged repeat, no issue yet


def test_import_jsonl(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    session_id = new_session(capsys, data_dir)
    path = data_dir / "p.jsonl"
    rows = [
        {"name": "A", "village": "Thôn 1", "topic": "Cấp sổ đỏ chậm", "area": "dat_dai"},
        {"name": "B", "village": "Thôn 4", "topic": "Rác thải không được thu gom"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    state = imported(capsys, data_dir, session_id, path)
    assert [s.name for s in state.speakers] == ["A", "B"]


def test_import_refuses_a_file_that_is_not_utf8(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    path = data_dir / "p.csv"
    path.write_bytes(
        "name,village,topic\nJosé,Thôn 1,Đồng\n".encode().replace(b"\xc3\xa9", b"\xe9")
    )
    status, _, err = run(capsys, "import", session_id, str(path), "--data", str(data_dir))
    refused(status, err)
    assert "UTF-8" in err


def test_import_into_a_corrupt_session_leaves_it_untouched(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    path = data_dir / f"{session_id}.json"
    path.write_bytes(b'{"_default": {}, "events": {"1": ')
    before = path.read_bytes()
    csv = write_csv(data_dir / "p.csv", ["A,Thôn 1,,Đường hỏng,"])
    status, _, err = run(capsys, "import", session_id, str(csv), "--data", str(data_dir))
    refused(status, err)
    assert path.read_bytes() == before
    status, out, _ = run(capsys, "sessions", "--data", str(data_dir))
    assert status == 0 and session_id in out


def test_second_writer_is_refused(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    session_id = new_session(capsys, data_dir)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from moderator.meeting import LiveMeeting\n"
            f"m = LiveMeeting.resume(Path({str(data_dir / (session_id + '.json'))!r}))\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        csv = write_csv(data_dir / "p.csv", ["A,Thôn 1,,Đường hỏng,"])
        status, _, err = run(capsys, "import", session_id, str(csv), "--data", str(data_dir))
        refused(status, err)
        # Readers are always allowed.
        status, out, _ = run(capsys, "sessions", "--data", str(data_dir))
        assert status == 0 and session_id in out
    finally:
        holder.kill()
        holder.wait()
    # The killed writer leaves no lock behind.
    status, _, err = run(capsys, "import", session_id, str(csv), "--data", str(data_dir))
    assert status == 0, err


# -- topics flag ------------------------------------------------------------------------------------


def test_topics_flag_writes_one_line_per_input_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    items = [
        {
            "session": "S1",
            "id": "S1-01",
            "text": "Đường liên thôn 2 đi thôn 5 qua cầu Đá xuống cấp",
        },
        {"session": "S2", "id": "S2-01", "text": "Trại lợn ở thôn 3 xả thải gây ô nhiễm"},
        {"session": "S1", "id": "S1-02", "text": "duong lien thon 2 thon 5 doan cau Da xuong cap"},
        {"session": "S2", "id": "S2-02", "text": "Cấp sổ đỏ chậm", "area": "dat_dai"},
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    status, out, err = run(capsys, "topics", "flag", str(path))
    assert status == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["S1-01", "S2-01", "S1-02", "S2-02"]
    assert lines[0] == {"id": "S1-01", "duplicate_of": None, "score": 0.0, "candidates": []}
    assert lines[2]["duplicate_of"] == "S1-01"
    assert lines[2]["candidates"][0]["id"] == "S1-01"
    assert lines[3]["duplicate_of"] is None  # a different session and a different problem
    status, out, _ = run(capsys, "topics", "flag", str(path), "--threshold", "1")
    assert [json.loads(line)["duplicate_of"] for line in out.splitlines()] == [None] * 4


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"session": "S", "id": "1", "text": "a"}\n{"session": "S", "id": "2"\n', "dòng 2"),
        ('{"session": "S", "id": "1"}\n', "dòng 1"),
        (
            '{"session": "S", "id": "1", "text": "a"}\n{"session": "S", "id": "1", "text": "b"}\n',
            "dòng 2",
        ),
        ('{"session": "S", "id": "1", "text": "a", "area": 3}\n', "dòng 1"),
    ],
    ids=["bad-json", "no-text", "repeated-id", "area-not-text"],
)
def test_topics_flag_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "topics", "flag", str(path))
    refused(status, err)
    assert expected in err and out == ""


def test_topics_flag_bad_threshold(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"session": "S", "id": "1", "text": "a"}\n', encoding="utf-8")
    status, _, err = run(capsys, "topics", "flag", str(path), "--threshold", "7")
    refused(status, err)


# -- as a real process ------------------------------------------------------------------------------


def test_the_console_script_exits_2_with_one_line(tmp_path: Path) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "moderator", "agenda", "check", str(tmp_path / "none.toml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


# -- replay --print and export ---------------------------------------------------------------------


def test_export_and_timeline_of_an_imported_session(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    csv = write_csv(data_dir / "p.csv", ["[bold]Bà Lan[/],Thôn 3,dat dai,Cấp sổ đỏ chậm,"])
    assert run(capsys, "import", session_id, str(csv), "--data", str(data_dir))[0] == 0
    status, out, err = run(capsys, "replay", session_id, "--print", "--data", str(data_dir))
    assert status == 0, err
    assert len(out.splitlines()) == 2 and "[bold]Bà Lan[/]" in out.splitlines()[1]
    status, out, err = run(capsys, "export", session_id, "--data", str(data_dir))
    assert status == 0, err
    assert "DỰ THẢO" in out and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in out
    target = tmp_path / "kl.docx"
    status, _, err = run(
        capsys, "export", session_id, "--format", "docx", "-o", str(target), "--data", str(data_dir)
    )
    assert status == 0, err
    assert target.read_bytes()[:2] == b"PK"
    assert not list(tmp_path.glob("*.partial"))


def test_export_of_an_unknown_session(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    status, _, err = run(capsys, "export", "nope", "--data", str(data_dir))
    refused(status, err)


def test_exporting_a_closed_record_with_gaps_says_what_is_missing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, agenda: Agenda
) -> None:
    meeting = LiveMeeting.create(
        data_dir, "2024-03-15-1", agenda=agenda, date=dt.date(2024, 3, 15), place="p", chair="c"
    )
    with meeting:
        meeting.open_meeting()
        meeting.do(commands.next_step)
        meeting.do(commands.register_speaker, name="Lan", village="Thôn 3", topic="Cống tắc")
        meeting.do(commands.call_next)
        meeting.do(commands.end_speech)
        meeting.do(commands.register_speaker, name="Hùng", village="Thôn 7", topic="Đền bù")
        while meeting.state.step is not None and meeting.state.step.kind != "closing":
            meeting.do(commands.next_step)
        status, _, err = run(capsys, "export", "2024-03-15-1", "--data", str(data_dir))
        assert status == 0 and err == ""  # a draft says DỰ THẢO on its face; nothing to add
        meeting.do(commands.close_session)
    status, out, err = run(capsys, "export", "2024-03-15-1", "--data", str(data_dir))
    assert status == 0 and "DỰ THẢO" not in out
    lines = err.splitlines()
    assert len(lines) == 3, err
    assert "số 1" in lines[0] and "kết luận chung" in lines[1].lower() and "Hùng" in lines[2]
