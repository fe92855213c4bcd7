"""Fuzz tests of the two edges where files come in: the import parsers and the session reader.

The contract under test (issue 12): whatever the bytes, a command ends with exit 0 and clean
text stored, or exit 2 and one line on stderr with the session file byte-identical; never a
traceback, never an escape sequence on the terminal. Commands run in-process (fast).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from moderator.cli import main
from moderator.meeting import read_session
from tests.unit.session_files import SESSION_ID, write_session

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# What the control filter removes; none of it may be stored from an import or reach a terminal.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff]"
)

HOSTILE = [
    "\ud800",
    "\udfff",
    "\u202eTAG\u202c",
    "\u2066Thôn\u2069",
    "\u200f",
    "\x1b[2J\x1b]0;title\x07",
    "\x9b31m",
    "[bold]Chair[/bold]",
    "[link=file:///etc/passwd]x",
    "Đường\u2028hỏng",
    "a\u0085b",
    "\x00",
    "\r",
    '"',
    ",",
    "\ufeff",
    "Nguyễn Văn An",
    "Thôn 1",
    "thon 2",
    "Đất đai",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), min_size=1, max_size=4
).map("".join)


@pytest.fixture(scope="module")
def base_session(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_session(tmp_path_factory.mktemp("base")).read_bytes()


@contextmanager
def data_dir_with(session: bytes) -> Iterator[tuple[Path, Path]]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        data_dir = folder / "data"
        data_dir.mkdir()
        path = data_dir / f"{SESSION_ID}.json"
        path.write_bytes(session)
        yield data_dir, path
    finally:
        shutil.rmtree(folder)


def one_line_or_ok(status: int, err: str) -> None:
    assert "Traceback" not in err
    if status != 0:
        assert status == 2, err
        assert len(err.strip().splitlines()) == 1, err


# -- import ------------------------------------------------------------------------------------


def json_value() -> st.SearchStrategy[str]:
    """A JSON value's text, hostile ones included (the encoder cannot write some of them)."""
    return st.one_of(
        hostile_text.map(lambda s: json.dumps(s, ensure_ascii=True)),
        hostile_text.filter(lambda s: not re.search("[\ud800-\udfff]", s)).map(
            lambda s: json.dumps(s, ensure_ascii=False)
        ),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(
            ["true", "false", "null", "1.5e400", "NaN", "-Infinity", "9" * 5000, "[]", "{}"]
        ),
        st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n),
        st.integers(min_value=1, max_value=3000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    )


KEYS = ["name", "village", "topic", "area", "organization", "họ tên", "Name", "x", "\ud800"]


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        fields = {"name": json.dumps("An"), "village": json.dumps("Thôn 1"), "topic": '"x"'}
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=2)):
            fields[key] = draw(json_value())
        pairs = [f"{json.dumps(k)}: {v}" for k, v in fields.items()]
        lines.append("{" + ", ".join(pairs) + "}")
    end = draw(st.sampled_from(["\n", "\r\n", "\u2028", "\x85"]))
    return end.join(lines).encode("utf-8", "surrogatepass")


@st.composite
def csv_file(draw: st.DrawFn) -> bytes:
    header = draw(
        st.sampled_from([["name", "village", "topic"], ["họ tên", "thôn", "nội dung", "area"]])
        | st.lists(st.sampled_from([*KEYS[:-1], "", "thôn"]), min_size=1, max_size=6)
    )
    rows = [",".join(header)]
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        cells = draw(st.lists(hostile_text, min_size=len(header), max_size=len(header) + 1))
        quoted = [draw(st.sampled_from([c, c, c, f'"{c}"', f'"{c}'])) for c in cells]
        rows.append(",".join(quoted))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return end.join(rows).encode("utf-8", "surrogatepass")


@FUZZ
@given(
    content=st.one_of(
        jsonl_file().map(lambda b: ("rows.jsonl", b)),
        csv_file().map(lambda b: ("rows.csv", b)),
        st.tuples(st.sampled_from(["rows.csv", "rows.jsonl"]), st.binary(max_size=300)),
    )
)
def test_an_import_is_one_line_and_exit_2_or_a_clean_import(
    capsys: pytest.CaptureFixture[str], base_session: bytes, content: tuple[str, bytes]
) -> None:
    name, data = content
    with data_dir_with(base_session) as (data_dir, path):
        rows = data_dir.parent / name
        rows.write_bytes(data)
        status = main(["import", SESSION_ID, str(rows), "--data", str(data_dir)])
        out, err = capsys.readouterr()
        event(f"import exit {status}")
        one_line_or_ok(status, err)
        if status != 0:
            assert path.read_bytes() == base_session
            return
        speakers = read_session(path).state.speakers
        assert len(speakers) > 3, out
        for speaker in speakers:
            for text in (speaker.name, speaker.village, speaker.topic, speaker.organisation):
                assert not UNSAFE.search(text), speaker


# -- the session reader --------------------------------------------------------------------------

VALUES = st.one_of(
    st.integers(min_value=-2, max_value=30),
    st.sampled_from([10**30, -(10**18), 2**63, 0.5, 1e308, float("inf"), float("nan")]),
    st.booleans(),
    st.none(),
    hostile_text,
    st.sampled_from(["2024-03-15T01:00:00+00:00", "9999-12-31T23:59:59+14:00", "2024-02-30"]),
    st.sampled_from([[], {}, [1], {"issue": 99}, {"speaker": -1}, {"type": "note_added"}]),
)


@st.composite
def corrupted(draw: st.DrawFn, base: bytes) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "value", "value"]))
    at = draw(st.integers(min_value=0, max_value=len(base) - 1))
    if kind == "flip":
        return base[:at] + bytes([base[at] ^ draw(st.integers(1, 255))]) + base[at + 1 :]
    if kind == "truncate":
        return base[:at]
    if kind == "insert":
        return base[:at] + draw(st.binary(min_size=1, max_size=8)) + base[at:]
    tables = json.loads(base)
    table = draw(st.sampled_from(["events", "events", "events", "meta"]))
    rows = tables[table]
    row = rows[draw(st.sampled_from(sorted(rows)))]
    row[draw(st.sampled_from(sorted(row)))] = draw(VALUES)
    return json.dumps(tables).encode("utf-8", "surrogatepass")


@FUZZ
@given(data=st.data())
def test_a_corrupted_session_file_is_one_line_and_stays_as_it_is(
    capsys: pytest.CaptureFixture[str], base_session: bytes, data: st.DataObject
) -> None:
    damaged = data.draw(corrupted(base_session))
    with data_dir_with(damaged) as (data_dir, path):
        for argv in (
            ["export", SESSION_ID],
            ["export", SESSION_ID, "--format", "json"],
            ["replay", SESSION_ID, "--print"],
            ["sessions"],
        ):
            status = main([*argv, "--data", str(data_dir)])
            out, err = capsys.readouterr()
            event(f"{argv[0]} exit {status}")
            one_line_or_ok(status, err)
            if argv[0] != "export":
                assert not UNSAFE.search(out), out
        assert path.read_bytes() == damaged
        assert [p.name for p in data_dir.iterdir()] == [path.name]
