"""Every session of the data directory, read for the follow-up (issue 10).

A file that does not read as a session (damaged, or foreign: an export saved there, a
``package.json``) is named in ``skipped`` with its reason and passed over: one bad file never
hides the rest of the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from moderator.domain.state import MeetingState
from moderator.i18n import Msg
from moderator.meeting import read_session
from moderator.store.datadir import scan_data_dir
from moderator.store.errors import StoreError


@dataclass(frozen=True)
class Skipped:
    path: Path
    msg: Msg
    """"skipped <name>: …", in words with ``msg.text(lang)``."""


def _foreign(path: Path) -> Skipped:
    return Skipped(path, Msg("input_skipped_other", {"name": path.name}))


def _damaged(path: Path, error: StoreError) -> Skipped:
    return Skipped(path, Msg("input_skipped_damaged", {"name": path.name, "detail": str(error)}))


@dataclass(frozen=True)
class Archive:
    sessions: tuple[MeetingState, ...]
    """Oldest first, as the data directory lists them."""
    paths: dict[str, Path]
    """Each session's file, by session id."""
    skipped: tuple[Skipped, ...]

    def path_of(self, session_id: str) -> Path:
        return self.paths[session_id]


def read_archive(data_dir: Path) -> Archive:
    """The data directory's sessions, folded. A missing directory is an empty archive."""
    if not data_dir.is_dir():
        return Archive((), {}, ())
    scan = scan_data_dir(data_dir)
    skipped = [_foreign(path) for path in scan.others]
    skipped += [_damaged(path, error) for path, error in scan.damaged]
    sessions: list[MeetingState] = []
    paths: dict[str, Path] = {}
    for path in scan.sessions:
        try:
            state = read_session(path).state
        except StoreError as error:
            skipped.append(_damaged(path, error))
            continue
        if not state.opened or state.session_id in paths:
            skipped.append(_foreign(path))
            continue
        sessions.append(state)
        paths[state.session_id] = path
    return Archive(tuple(sessions), paths, tuple(sorted(skipped, key=lambda s: s.path.name)))
