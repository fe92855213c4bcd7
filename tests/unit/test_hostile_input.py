"""Issue 12: what a user types, a file holds or a hand edit does never gives a traceback.

Each test names the failure of the issue it keeps fixed. Commands run in-process through
``moderator.cli.main``; every refusal is one line on stderr and the status the README states.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moderator.cli import main


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
