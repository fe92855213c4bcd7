"""The data directory: where sessions live, how they are listed, named and found."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from moderator.store.errors import AmbiguousSession, SessionNotFound, StoreError
from moderator.store.storage import (
    SESSION_SUFFIX,
    check_session_id,
    read_header,
    session_id_of,
)

ENV_VAR = "MODERATOR_DATA"
LATEST = "latest"


def resolve_data_dir(option: str | Path | None) -> Path:
    """``--data``, else ``$MODERATOR_DATA``, else the platform's user data directory."""
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir("moderator"))


def _natural(name: str) -> list[str | int]:
    # "2024-03-15-10" sorts after "2024-03-15-9"; re.split keeps text and numbers alternating, so
    # two keys never compare a str with an int.
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _created(path: Path) -> dt.datetime | None:
    try:
        return _aware(read_header(path).get("created"))
    except StoreError:
        return None


def _aware(created: object) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        return None
    return value if value is not None and value.tzinfo is not None else None


def _session_files(data_dir: Path) -> list[Path]:
    try:
        return [
            path
            for path in data_dir.glob(f"*{SESSION_SUFFIX}")
            if not path.name.startswith(".") and path.is_file()
        ]
    except OSError as exc:
        raise StoreError(f"cannot list {data_dir}: {exc.strerror or exc}") from exc


def session_paths(data_dir: Path) -> list[Path]:
    """The session files, oldest first by their header's ``created``, then by name.

    Files that do not read as sessions are listed too (last), so that whoever lists them can
    say what is wrong with them.
    """
    return _oldest_first([(path, _created(path)) for path in _session_files(data_dir)])


def _oldest_first(found: list[tuple[Path, dt.datetime | None]]) -> list[Path]:
    """Oldest first by creation, then by name; those with no creation time last, by name."""
    dated = [(created, _natural(path.name), path) for path, created in found if created is not None]
    undated = [(_natural(path.name), path) for path, created in found if created is None]
    dated.sort(key=lambda item: (item[0], item[1]))
    undated.sort(key=lambda item: item[0])
    return [item[-1] for item in dated] + [item[-1] for item in undated]


# The ids ``new_session_id`` gives; a damaged file with such a name is a damaged session.
_GIVEN_ID = re.compile(r"\d{4}-\d{2}-\d{2}-\d+")
# How every session file starts (``storage.dumps``, meta table first).
_SESSION_START = re.compile(rb"\s*\{\s*\"meta\"\s*:")


@dataclass(frozen=True)
class DataDirScan:
    """The ``*.json`` files of a data directory, sorted out.

    ``sessions``: a session id for a name and a moderator header, oldest first (as
    ``session_paths``). ``damaged``: files that are sessions by name or by their first bytes
    but whose header does not read, with the error. ``others``: everything else (an export
    saved there, a ``package.json``), never taken for a session.
    """

    sessions: list[Path]
    damaged: list[tuple[Path, StoreError]]
    others: list[Path]

    def latest(self, data_dir: Path) -> Path:
        if not self.sessions:
            raise SessionNotFound(f"no sessions in {data_dir}")
        return self.sessions[-1]


def scan_data_dir(data_dir: Path) -> DataDirScan:
    found: list[tuple[Path, dt.datetime | None]] = []
    damaged: list[tuple[Path, StoreError]] = []
    others: list[Path] = []
    for path in sorted(_session_files(data_dir), key=lambda path: _natural(path.name)):
        try:
            check_session_id(session_id_of(path))
            header = read_header(path)
        except ValueError:
            others.append(path)
            continue
        except StoreError as error:
            if _looks_like_a_session(path):
                damaged.append((path, error))
            else:
                others.append(path)
            continue
        found.append((path, _aware(header.get("created"))))
    return DataDirScan(_oldest_first(found), damaged, others)


def _looks_like_a_session(path: Path) -> bool:
    if _GIVEN_ID.fullmatch(session_id_of(path)):
        return True
    try:
        with open(path, "rb") as file:
            return _SESSION_START.match(file.read(64)) is not None
    except OSError:
        return False


def resolve_session(data_dir: Path, ref: str) -> Path:
    """A session file from a path, an id, a unique id prefix, or ``latest`` (the newest file
    that is a session by name and header). A symbolic link gives its target: the lock, the
    journal and every rewrite then happen next to the real file, and the link stays a link."""
    path = _resolve(data_dir, ref)
    return path.resolve() if path.is_symlink() else path


def _resolve(data_dir: Path, ref: str) -> Path:
    if ref == LATEST:
        return scan_data_dir(data_dir).latest(data_dir)
    as_path = Path(ref).expanduser()
    if as_path.is_file():
        return as_path
    if os.sep in ref or "/" in ref:
        raise SessionNotFound(f"no session file {ref}")
    session_id = ref.removesuffix(SESSION_SUFFIX)
    if not session_id:
        raise SessionNotFound("no session given")
    exact = data_dir / f"{session_id}{SESSION_SUFFIX}"
    if exact.is_file():
        return exact
    files = _session_files(data_dir)
    matches = [path for path in files if session_id_of(path).startswith(session_id)]
    if not matches:
        raise SessionNotFound(f"no session {ref} in {data_dir}")
    if len(matches) > 1:
        names = sorted((session_id_of(path) for path in matches), key=_natural)
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise AmbiguousSession(f"ambiguous: session {ref} matches {shown}")
    return matches[0]


def new_session_id(data_dir: Path, date: dt.date) -> str:
    """``<date>-<n>``: the next free number of that day.

    A counter rather than a random suffix, because the operator reads ids aloud and types them
    ("2024-03-15-2"). Journal and lock files count as taken, so a half-made session is not reused.
    """
    prefix = f"{date.isoformat()}-"
    numbers = [0]
    try:
        for path in data_dir.glob(f"{prefix}*"):
            number = path.name.removeprefix(prefix).split(".", 1)[0]
            if number.isdigit():
                numbers.append(int(number))
    except OSError as exc:
        raise StoreError(f"cannot list {data_dir}: {exc.strerror or exc}") from exc
    return f"{prefix}{max(numbers) + 1}"
