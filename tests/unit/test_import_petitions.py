"""The written-petitions import: one event, checked whole, idempotent, undone at once."""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from moderator.cli import main
from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.commands import Flags
from moderator.domain.errors import DomainError
from moderator.domain.events import (
    DuplicateRef,
    PetitionsImported,
    SpeakerRegistered,
    Suggestion,
    dump_event,
    parse_event,
)
from moderator.domain.state import apply, fold
from moderator.export import export, timeline
from moderator.meeting import LiveMeeting, Recorded, read_session
from moderator.store.datadir import resolve_session
from moderator.suggest import TopicMatcher
from moderator.tui.replay_model import Tape
from tests.conftest import FakeClock
from tests.unit.meeting_helpers import Driver

Row = commands.PetitionRow

ROWS = [
    Row(2, "Nguyễn Văn Hùng", "thon 2", "Đường liên thôn 2 xuống cấp, nhiều ổ gà", "dat dai"),
    Row(3, "Trần Thị Lan", "Thôn 3", "Trại lợn xả nước thải ra mương", "", "HTX Đồng Tâm"),
    Row(4, "Lê Văn Tám", "Thôn 5", "Chậm cấp giấy chứng nhận quyền sử dụng đất", "Đất đai"),
]


@pytest.fixture
def m(agenda: Agenda) -> Driver:
    return Driver(agenda, FakeClock())


def do_import(m: Driver, rows: list[Row], **kw: object) -> PetitionsImported | None:
    event = commands.import_petitions(m.state, m.clock(), rows, **kw)  # type: ignore[arg-type]
    if event is not None:
        m.state = apply(m.state, event)
        m.events.append(event)
    return event


# -- the command and the fold ---------------------------------------------------------------------


def test_an_import_is_one_event_with_every_registration(m: Driver) -> None:
    m.register("Phạm Thị Hoa", village="Thôn 4")
    event = do_import(m, ROWS)
    assert isinstance(event, PetitionsImported)
    assert event.seq == 3 and event.skipped == 0
    assert [r.speaker for r in event.registrations] == [2, 3, 4]
    assert [s.name for s in m.state.speakers[1:]] == [r.name for r in ROWS]
    assert [s.village for s in m.state.speakers[1:]] == ["Thôn 2", "Thôn 3", "Thôn 5"]
    assert [s.area for s in m.state.speakers[1:]] == ["dat_dai", None, "dat_dai"]
    assert m.state.speakers[2].organisation == "HTX Đồng Tâm"
    assert {s.source for s in m.state.speakers[1:]} == {"written"}
    assert {s.registered_at for s in m.state.speakers[1:]} == {event.at}
    assert m.state.queue == (1, 2, 3, 4)


def test_the_fold_gives_what_registering_each_row_gives(agenda: Agenda, m: Driver) -> None:
    one_by_one = Driver(agenda, FakeClock())
    one_by_one.register_rows(ROWS)
    do_import(m, ROWS)
    assert m.state.speakers == one_by_one.state.speakers
    assert m.state.queue == one_by_one.state.queue


def test_the_stored_form_reads_back_and_folds_to_the_same_state(m: Driver) -> None:
    ref = DuplicateRef(speaker=1)
    shown = (Suggestion(score=0.8, matched=("đường",), topic="Đường", speaker=1),)

    def flag(rows: Sequence[tuple[int, str, str | None]]) -> list[Flags]:
        return [(ref, shown) if number == 2 else (None, ()) for number, _, _ in rows]

    do_import(m, ROWS[:2], flag=flag)
    stored = [parse_event(json.loads(json.dumps(dump_event(e)))) for e in m.events]
    assert stored == m.events
    assert fold(stored) == m.state
    assert m.state.speakers[1].duplicate_of == ref
    assert m.state.speakers[1].suggestions == shown


def test_the_stored_form_of_an_import_is_pydantics(m: Driver) -> None:
    earlier = Suggestion(
        score=0.41,
        matched=("Gò Cao", "đường"),
        topic="Đường Gò Cao",
        issue=3,
        session_id="2024-01-02-1",
        session_date=dt.date(2024, 1, 2),
    )
    here = Suggestion(score=0.9, topic="Đường", speaker=1)

    def flag(rows: Sequence[tuple[int, str, str | None]]) -> list[Flags]:
        return [
            (DuplicateRef(speaker=1), (here, earlier)) if number == 3 else (None, (earlier,))
            for number, _, _ in rows
        ]

    event = do_import(m, ROWS, flag=flag)
    assert event is not None
    written = dump_event(event)
    assert written == event.model_dump(mode="json")
    assert json.dumps(written) == json.dumps(event.model_dump(mode="json"))  # the key order too


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (Row(7, "", "Thôn 1", "Rác"), "field_required"),
        (Row(7, "A", " ", "Rác"), "field_required"),
        (Row(7, "A", "Thôn 1", "\n"), "field_required"),
        (Row(7, "A", "Thôn 1", "Rác", "giao thông"), "unknown_area"),
    ],
)
def test_a_bad_row_refuses_the_whole_import_naming_its_line(
    m: Driver, row: Row, reason: str
) -> None:
    calls: list[int] = []

    def flag(rows: Sequence[tuple[int, str, str | None]]) -> list[Flags]:
        calls.extend(number for number, _, _ in rows)
        return [(None, ())] * len(rows)

    with pytest.raises(DomainError) as raised:
        commands.import_petitions(m.state, m.clock(), [*ROWS, row], flag)
    assert raised.value.key == "import_row_invalid"
    assert raised.value.msg.params["line"] == 7
    assert raised.value.msg.params["reason"].key == reason
    assert calls == []  # every row is checked before any is flagged


def test_an_import_needs_an_open_session(m: Driver) -> None:
    m.do(commands.close_session)
    with pytest.raises(DomainError) as raised:
        commands.import_petitions(m.state, m.clock(), ROWS)
    assert raised.value.key == "session_closed"


def test_rows_already_in_the_session_are_skipped(m: Driver) -> None:
    # Registered by hand, typed differently (case, diacritics, spacing, village spelling) …
    m.register(
        "nguyen van  hung", village="Thôn 2", topic="duong lien thon 2 xuong cap, nhieu o ga"
    )
    # … or registered, then withdrawn.
    withdrawn = m.register("Trần Thị Lan", village="thon 3", topic="Trại lợn xả nước thải ra mương")
    m.do(commands.withdraw_speaker, withdrawn)
    event = do_import(m, ROWS)
    assert event is not None and event.skipped == 2
    assert [r.name for r in event.registrations] == ["Lê Văn Tám"]
    assert [r.speaker for r in event.registrations] == [3]


def test_the_same_person_with_another_topic_is_not_skipped(m: Driver) -> None:
    do_import(m, ROWS)
    event = do_import(m, [Row(2, ROWS[0].name, ROWS[0].village, "Xin lắp đèn đường thôn 2")])
    assert event is not None and len(event.registrations) == 1


def test_identical_rows_of_one_file_count_once(m: Driver) -> None:
    event = do_import(
        m, [ROWS[0], ROWS[1], ROWS[0], replace(ROWS[0], line=9, name="NGUYỄN VĂN HÙNG")]
    )
    assert event is not None
    assert [r.name for r in event.registrations] == [ROWS[0].name, ROWS[1].name]
    assert event.skipped == 2


def test_importing_again_adds_nothing(m: Driver) -> None:
    do_import(m, ROWS)
    state, count = m.state, len(m.events)
    assert do_import(m, ROWS) is None
    assert m.state is state and len(m.events) == count


def test_one_undo_takes_the_whole_import_back(m: Driver) -> None:
    m.register("Phạm Thị Hoa", village="Thôn 4")
    before = m.state
    event = do_import(m, ROWS)
    assert event is not None and m.state.last_action == event.seq
    undone = m.do(commands.undo)
    assert undone.target == event.seq  # type: ignore[union-attr]
    assert m.state.speakers == before.speakers and m.state.queue == before.queue
    assert m.state.last_action == before.last_action
    # Undone, the rows are new again.
    again = do_import(m, ROWS)
    assert again is not None and len(again.registrations) == 3


def test_the_fold_refuses_an_import_whose_numbers_do_not_follow(m: Driver) -> None:
    event = commands.import_petitions(m.state, m.clock(), ROWS)
    assert event is not None
    data = dump_event(event)
    data["registrations"][1]["speaker"] = 7  # type: ignore[index]
    with pytest.raises(ValueError, match="do not follow"):
        apply(m.state, parse_event(data))
    data["registrations"][1]["speaker"] = 2  # type: ignore[index]
    data["registrations"][1]["duplicate_of"] = {"speaker": 3, "issue": None}  # type: ignore[index]
    with pytest.raises(ValueError, match="repeats nothing before it"):
        apply(m.state, parse_event(data))
    data["registrations"][1]["duplicate_of"] = {"speaker": None, "issue": 1}  # type: ignore[index]
    with pytest.raises(ValueError, match="repeats nothing before it"):
        apply(m.state, parse_event(data))
    data["registrations"][1]["duplicate_of"] = {"speaker": 1, "issue": None}  # type: ignore[index]
    assert apply(m.state, parse_event(data)).speakers[1].duplicate_of == DuplicateRef(speaker=1)
    data["registrations"] = []
    with pytest.raises(ValueError, match="at least 1"):
        parse_event(data)


# -- the flags --------------------------------------------------------------------------------------


def test_the_flagger_sees_the_session_and_the_rows_before(m: Driver) -> None:
    m.register("Phạm Thị Hoa", village="Thôn 4", topic="Trại lợn nhà ông Tư xả nước thải ra mương")
    rows = [
        *ROWS,
        Row(5, "Vũ Thị Mai", "Thôn 12", "Đường liên thôn 2 xuống cấp nặng, ổ gà khắp nơi"),
    ]
    event = do_import(m, rows, flag=TopicMatcher().flagger(m.state))
    assert event is not None
    flags = {r.name: r.duplicate_of for r in event.registrations}
    assert flags["Trần Thị Lan"] == DuplicateRef(speaker=1)  # registered by hand
    assert flags["Vũ Thị Mai"] == DuplicateRef(speaker=2)  # an earlier row of the same import
    assert flags["Nguyễn Văn Hùng"] is None
    mai = event.registrations[-1]
    assert mai.suggestions[0].speaker == 2 and mai.suggestions[0].topic == ROWS[0].topic


def test_the_live_matcher_follows_an_import_and_its_undo(m: Driver) -> None:
    matcher = TopicMatcher()
    do_import(m, ROWS, flag=matcher.flagger(m.state))
    flag, _ = matcher.suggest(m.state, "Trại lợn xả nước thải ra mương gây ô nhiễm")
    assert flag == DuplicateRef(speaker=2)
    m.do(commands.undo)
    assert matcher.suggest(m.state, "Trại lợn xả nước thải ra mương gây ô nhiễm") == (None, ())


# -- every reader of the log ---------------------------------------------------------------------


def recorded_import(m: Driver, rows: list[Row]) -> list[str]:
    do_import(m, rows)
    return list(timeline(Recorded(Path("s.json"), {}, tuple(m.events), m.state), "en"))


def test_the_timeline_tells_an_import_in_one_line(m: Driver) -> None:
    lines = recorded_import(m, ROWS)
    assert len(lines) == 2
    assert lines[1].endswith("Imported 3 written petitions (registrations 1–3)")
    m.do(commands.undo)
    lines = list(timeline(Recorded(Path("s.json"), {}, tuple(m.events), m.state), "vi"))
    assert "Nhập 3 kiến nghị bằng văn bản" in lines[-1] and lines[-1] != lines[-2]


def test_the_timeline_names_a_single_imported_petition(m: Driver) -> None:
    lines = recorded_import(m, ROWS[1:2])
    assert lines[1].endswith(
        "registration 1, Trần Thị Lan (HTX Đồng Tâm, Thôn 3) — Trại lợn xả nước thải ra mương"
    )


# -- the command line ------------------------------------------------------------------------------


def new_session(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    assert main(["new", "--data", str(data_dir), "--date", "2024-03-15"]) == 0
    return capsys.readouterr().out.strip()


def write_csv(path: Path, rows: list[Row]) -> Path:
    lines = ["name,village,area,topic,organization"]
    lines += [f'{r.name},{r.village},{r.area},"{r.topic}",{r.organisation}' for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli_import(
    capsys: pytest.CaptureFixture[str], data_dir: Path, session_id: str, path: Path
) -> tuple[int, str, str]:
    status = main(["import", "--data", str(data_dir), "--lang", "en", session_id, str(path)])
    out, err = capsys.readouterr()
    return status, out, err


def test_importing_a_file_writes_one_event(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    rows = [
        Row(i + 2, f"Người số {i}", f"Thôn {i % 12 + 1}", f"Kiến nghị số {i}") for i in range(40)
    ]
    status, out, err = cli_import(capsys, data_dir, session_id, write_csv(tmp_path / "p.csv", rows))
    assert status == 0, err
    assert out.strip().startswith(f"Session {session_id}: 40 added, 0 already in the session")
    recorded = read_session(resolve_session(data_dir, session_id))
    assert [e.type for e in recorded.events] == ["session_opened", "petitions_imported"]
    assert len(recorded.state.speakers) == 40


def test_importing_the_same_file_twice_adds_none(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    path = write_csv(tmp_path / "p.csv", ROWS)
    assert cli_import(capsys, data_dir, session_id, path)[0] == 0
    session = resolve_session(data_dir, session_id)
    before = session.read_bytes()
    status, out, err = cli_import(capsys, data_dir, session_id, path)
    assert (status, err) == (0, "")
    assert out.strip() == (
        f"Session {session_id}: 0 added, 3 already in the session; nothing was written."
    )
    assert session.read_bytes() == before
    assert len(read_session(session).state.speakers) == 3


def test_the_message_counts_the_rows_skipped(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    assert cli_import(capsys, data_dir, session_id, write_csv(tmp_path / "a.csv", ROWS[:2]))[0] == 0
    path = write_csv(tmp_path / "b.csv", [*ROWS, ROWS[2]])
    status, out, _ = cli_import(capsys, data_dir, session_id, path)
    assert status == 0
    assert out.startswith(f"Session {session_id}: 1 added, 3 already in the session")
    status = main(["import", "--data", str(data_dir), session_id, str(path)])
    assert status == 0
    assert "thêm 0 kiến nghị, 4 kiến nghị đã có trong phiên" in capsys.readouterr().out


def test_a_bad_row_names_the_file_and_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    path = write_csv(tmp_path / "p.csv", [*ROWS, Row(0, "Ông X", "Thôn 1", "Rác", "giao thông")])
    session = resolve_session(data_dir, session_id)
    before = session.read_bytes()
    status, out, err = cli_import(capsys, data_dir, session_id, path)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"{path}: line 5: ") and "giao thông" in err
    assert session.read_bytes() == before


def test_an_imported_session_exports_replays_and_undoes(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    session_id = new_session(capsys, data_dir)
    assert cli_import(capsys, data_dir, session_id, write_csv(tmp_path / "p.csv", ROWS))[0] == 0
    session = resolve_session(data_dir, session_id)
    recorded = read_session(session)
    data = json.loads(export(recorded, "json", "en"))
    assert [e["type"] for e in data["events"]] == ["session_opened", "petitions_imported"]
    assert len(data["events"][1]["registrations"]) == 3
    assert [s["name"] for s in data["state"]["speakers"]] == [r.name for r in ROWS]

    tape = Tape(session)
    assert len(tape) == 2 and len(tape.last.speakers) == 3
    assert tape.states[1].speakers == () and tape.line(2, "en").endswith("(registrations 1–3)")

    with LiveMeeting.resume(session) as meeting:
        meeting.do(commands.undo)
        assert meeting.state.speakers == ()
    assert read_session(session).state.speakers == ()
    assert cli_import(capsys, data_dir, session_id, write_csv(tmp_path / "p.csv", ROWS))[0] == 0
    assert len(read_session(session).state.speakers) == 3


def test_registering_by_hand_after_an_import_is_still_one_event_each(m: Driver) -> None:
    do_import(m, ROWS)
    event = m.do(commands.register_speaker, name="Hoa", village="Thôn 4", topic="Rác")
    assert isinstance(event, SpeakerRegistered) and event.speaker == 4


def test_withdrawn_speakers_do_not_hide_a_repeat_still_waiting(m: Driver) -> None:
    topic = "Trại lợn nhà ông Tư ở thôn 3 xả nước thải ra mương"
    for name in ("A", "B", "C"):  # the closest matches, all withdrawn
        m.do(commands.withdraw_speaker, m.register(name, village="Thôn 3", topic=topic))
    waiting = m.register("D", village="Thôn 3", topic="Trại lợn ông Tư xả thải ra mương thôn 3")
    event = do_import(m, [Row(2, "E", "Thôn 3", topic)], flag=TopicMatcher().flagger(m.state))
    assert event is not None
    assert event.registrations[0].duplicate_of == DuplicateRef(speaker=waiting)


def test_the_speed_benchmark_ends_with_its_figures_as_json() -> None:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "benchmarks/import_speed.py", "--sizes", "30,60", "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(figures) == {"seconds_30", "seconds_60"}
    assert all(seconds > 0 for seconds in figures.values())
    assert "60 added, 0 already in the session" in out.stderr


@pytest.mark.parametrize("trial", range(3))
def test_a_kill_during_an_import_leaves_all_of_it_or_none(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path, trial: int
) -> None:
    count = 20_000  # several seconds: the kill below lands before it has ended
    session_id = new_session(capsys, data_dir)
    rows = [
        Row(i + 2, f"Người {i}", f"Thôn {i % 12 + 1}", f"Kiến nghị {i} về đường")
        for i in range(count)
    ]
    path = write_csv(tmp_path / "p.csv", rows)
    importer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "moderator",
            "import",
            "--data",
            str(data_dir),
            session_id,
            str(path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(random.Random(trial).uniform(0.2, 1.0))
    assert importer.poll() is None, "the import ended before the kill"
    importer.send_signal(signal.SIGKILL)
    assert importer.wait() == -signal.SIGKILL
    state = read_session(resolve_session(data_dir, session_id)).state
    assert len(state.speakers) in (0, count)
    with LiveMeeting.resume(resolve_session(data_dir, session_id)) as meeting:
        assert meeting.state == state


@pytest.mark.parametrize(
    "ref", [DuplicateRef(speaker=2), DuplicateRef(speaker=9), DuplicateRef(issue=1), DuplicateRef()]
)
def test_a_flag_must_name_something_before_the_registration(m: Driver, ref: DuplicateRef) -> None:
    def flag(rows: Sequence[tuple[int, str, str | None]]) -> list[Flags]:
        return [(ref, ())] * len(rows)

    with pytest.raises(DomainError):
        commands.import_petitions(m.state, m.clock(), ROWS[:2], flag)


@pytest.mark.parametrize("collecting", [True, False])
def test_recording_a_batch_pauses_the_collector_and_restores_it(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    collecting: bool,
) -> None:
    session = resolve_session(data_dir, new_session(capsys, data_dir))
    seen: list[bool] = []
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        with LiveMeeting.resume(session) as meeting:
            event = commands.import_petitions(meeting.state, meeting.clock(), ROWS)
            assert event is not None
            append_many = meeting.log.append_many

            def append(events: list[dict[str, object]]) -> None:
                seen.append(gc.isenabled())
                append_many(events)

            monkeypatch.setattr(meeting.log, "append_many", append)
            meeting.record([event])
            assert gc.isenabled() is collecting

            def full_disk(events: list[dict[str, object]]) -> None:
                raise OSError("no space left")

            monkeypatch.setattr(meeting.log, "append_many", full_disk)
            more = commands.import_petitions(
                meeting.state, meeting.clock(), [Row(9, "A", "B", "C")]
            )
            assert more is not None
            with pytest.raises(OSError, match="no space"):
                meeting.record([more])
            assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]
    assert len(read_session(session).state.speakers) == len(ROWS)
