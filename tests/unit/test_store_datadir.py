"""The data directory: where it is, how sessions are listed, named and found."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import platformdirs
import pytest

from moderator.store import (
    AmbiguousSession,
    SessionLog,
    SessionNotFound,
    StoreError,
    new_session_id,
    resolve_data_dir,
    resolve_session,
    session_paths,
)

DAY = dt.date(2024, 3, 15)
T0 = dt.datetime(2024, 3, 15, 8, 0, tzinfo=dt.UTC)


def make(data_dir: Path, session_id: str, minutes: int = 0) -> Path:
    created = T0 + dt.timedelta(minutes=minutes)
    with SessionLog.create(data_dir, session_id, {}, created=created) as log:
        return log.path


# --- resolve_data_dir --------------------------------------------------------------------------


def test_data_dir_option_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODERATOR_DATA", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert resolve_data_dir(str(tmp_path / "opt")) == tmp_path / "opt"


def test_data_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODERATOR_DATA", str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.setenv("MODERATOR_DATA", "~/meetings")
    assert resolve_data_dir(None) == Path.home() / "meetings"


def test_data_dir_default_is_the_platform_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODERATOR_DATA", raising=False)
    assert resolve_data_dir(None) == Path(platformdirs.user_data_dir("moderator"))
    monkeypatch.setenv("MODERATOR_DATA", "")
    assert resolve_data_dir("") == Path(platformdirs.user_data_dir("moderator"))


# --- new_session_id ----------------------------------------------------------------------------


def test_new_ids_count_up_per_day(tmp_path: Path) -> None:
    assert new_session_id(tmp_path / "missing", DAY) == "2024-03-15-1"
    make(tmp_path, new_session_id(tmp_path, DAY))
    make(tmp_path, new_session_id(tmp_path, DAY))
    assert new_session_id(tmp_path, DAY) == "2024-03-15-3"
    assert new_session_id(tmp_path, dt.date(2024, 3, 16)) == "2024-03-16-1"


def test_new_ids_skip_every_taken_number(tmp_path: Path) -> None:
    make(tmp_path, "2024-03-15-9")
    (tmp_path / "2024-03-15-10.json.journal").write_text("")  # a session half made
    (tmp_path / "2024-03-15-notes.txt").write_text("")
    assert new_session_id(tmp_path, DAY) == "2024-03-15-11"


# --- session_paths -----------------------------------------------------------------------------


def test_sessions_are_listed_oldest_first(tmp_path: Path) -> None:
    b = make(tmp_path, "b", minutes=10)
    a = make(tmp_path, "a", minutes=20)
    c = make(tmp_path, "c", minutes=0)
    d10 = make(tmp_path, "d-10", minutes=30)
    d9 = make(tmp_path, "d-9", minutes=30)  # same time: by name, numbers as numbers
    assert session_paths(tmp_path) == [c, b, a, d9, d10]


def test_listing_keeps_damaged_files_last_and_skips_the_rest(tmp_path: Path) -> None:
    old = make(tmp_path, "old", minutes=-600)
    with SessionLog.create(tmp_path, "live", {}, created=T0) as live:
        live.append({"seq": 1})
        (tmp_path / "zz-broken.json").write_text("{not json")
        (tmp_path / "aa-broken.json").write_text("[]")
        (tmp_path / ".hidden.json").write_text("{}")
        (tmp_path / "folder.json").mkdir()
        (tmp_path / "notes.txt").write_text("")
        assert session_paths(tmp_path) == [
            old,
            live.path,
            tmp_path / "aa-broken.json",
            tmp_path / "zz-broken.json",
        ]
    assert session_paths(tmp_path / "missing") == []


# --- resolve_session ---------------------------------------------------------------------------


@pytest.fixture
def sessions(tmp_path: Path) -> dict[str, Path]:
    return {
        sid: make(tmp_path, sid, minutes)
        for sid, minutes in [
            ("2024-03-15-1", 0),
            ("2024-03-15-10", 30),
            ("2024-03-15-2", 10),
            ("2024-10-02-1", 90),
            ("2023-12-01-1", -900),
        ]
    }


def test_resolve_by_path(tmp_path: Path, sessions: dict[str, Path]) -> None:
    path = sessions["2024-03-15-2"]
    assert resolve_session(tmp_path / "elsewhere", str(path)) == path
    with pytest.raises(SessionNotFound, match="no session file"):
        resolve_session(tmp_path, str(tmp_path / "gone.json"))


def test_resolve_by_id(tmp_path: Path, sessions: dict[str, Path]) -> None:
    assert resolve_session(tmp_path, "2024-03-15-2") == sessions["2024-03-15-2"]
    assert resolve_session(tmp_path, "2024-03-15-2.json") == sessions["2024-03-15-2"]
    # An exact id wins over being the prefix of a longer one.
    assert resolve_session(tmp_path, "2024-03-15-1") == sessions["2024-03-15-1"]


def test_resolve_by_unique_prefix(tmp_path: Path, sessions: dict[str, Path]) -> None:
    assert resolve_session(tmp_path, "2024-10") == sessions["2024-10-02-1"]
    assert resolve_session(tmp_path, "2023") == sessions["2023-12-01-1"]


def test_resolve_latest(tmp_path: Path, sessions: dict[str, Path]) -> None:
    assert resolve_session(tmp_path, "latest") == sessions["2024-10-02-1"]
    with pytest.raises(SessionNotFound, match="no sessions in"):
        resolve_session(tmp_path / "empty", "latest")


def test_resolve_unknown(tmp_path: Path, sessions: dict[str, Path]) -> None:
    with pytest.raises(SessionNotFound) as caught:
        resolve_session(tmp_path, "2025")
    assert str(caught.value) == f"no session 2025 in {tmp_path}"
    with pytest.raises(SessionNotFound, match="no session given"):
        resolve_session(tmp_path, "")


def test_resolve_ambiguous(tmp_path: Path, sessions: dict[str, Path]) -> None:
    with pytest.raises(AmbiguousSession) as caught:
        resolve_session(tmp_path, "2024-03")
    assert isinstance(caught.value, StoreError)
    assert str(caught.value) == (
        "ambiguous: session 2024-03 matches 2024-03-15-1, 2024-03-15-2, 2024-03-15-10"
    )


def test_resolve_ambiguous_names_a_few(tmp_path: Path) -> None:
    for number in range(1, 9):
        make(tmp_path, f"2024-03-15-{number}")
    with pytest.raises(AmbiguousSession) as caught:
        resolve_session(tmp_path, "2024")
    assert str(caught.value) == (
        "ambiguous: session 2024 matches 2024-03-15-1, 2024-03-15-2, 2024-03-15-3, "
        "2024-03-15-4, 2024-03-15-5 and 3 more"
    )
