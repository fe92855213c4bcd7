"""Following a session that another process is writing, for the hall's read-only view.

The follower is a reader of the log (``SessionLog.open(path, write=False)``): it takes no lock
and writes nothing, not even beside the session, so the chair's program can never be slowed
or blocked by it, and any number of hall views may follow one meeting.

How it notices news: polling with a stat check (inode, size and mtime of the session file and
of its journal) every ``POLL_SECONDS``, not a file-watching library. Every append grows the
journal and every compaction renames a new file over the old one, so the stat changes for each
write, and a few ``stat`` calls cost microseconds. inotify (through watchfiles) notices sooner,
about 7 ms against 28 ms at the median in ``benchmarks/hall_latency.py``, but the hall's budget
is 250 ms and its own redraw costs more than the difference; a watcher would add a compiled
dependency and a thread, and would lose the file at each compaction's rename unless it watched
the whole directory. Only when the stat changed is the log read, through the store (``load``
merges file and journal so that a reader never sees a torn line or a gap across a
compaction), and only the events not seen yet are folded.

Signs of life: the chair's live screen rewrites ``<session>.json.alive`` every 2 s with its
clock; the follower reads it (never writes it) so the hall can tell a quiet meeting from a
chair's program that is gone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moderator.domain.state import MeetingState
from moderator.meeting import alive_path, fold_stored
from moderator.store.log import SessionLog
from moderator.store.storage import journal_path

POLL_SECONDS = 0.05
"""How often the files are looked at: a quarter of the 250 ms the hall allows itself."""

QUIET_SECONDS = 6.0
"""Without a sign of life for this long, the chair's program is taken to be gone (it beats
every 2 s, so two beats may be lost to a busy disk before the hall says anything)."""

Signature = tuple[tuple[int, int, int] | None, ...]
"""Inode, size and mtime of the session file and of its journal: unchanged, nothing is new."""


@dataclass(frozen=True)
class Sighting:
    """What the follower has seen: the state folded from every event read so far, and the
    latest sign of life of the chair's program (its last event or its last beat)."""

    state: MeetingState
    header: dict[str, Any]
    alive_at: dt.datetime | None

    def quiet(self, now: dt.datetime) -> bool:
        """True when the chair's program has given no sign of life for ``QUIET_SECONDS``
        while the meeting is not closed: the session is waiting for it."""
        if self.state.closed or self.alive_at is None:
            return not self.state.closed
        return (now - self.alive_at).total_seconds() > QUIET_SECONDS


class SessionFollower:
    """Reads a session's log as it grows. ``poll`` is cheap when nothing changed; a failed read
    (``StoreError``) leaves what was seen before untouched, for the next poll to try again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._log = SessionLog.open(path, write=False)
        self._signature: Signature | None = None
        self._alive_stat: tuple[int, int, int] | None = None
        self._beat_at: dt.datetime | None = None
        self._last_at: dt.datetime | None = None
        self.state = MeetingState()
        self.header: dict[str, Any] = self._log.header
        self.poll()

    @property
    def sighting(self) -> Sighting:
        beats = [at for at in (self._last_at, self._beat_at) if at is not None]
        return Sighting(self.state, self.header, max(beats) if beats else None)

    def changed(self) -> bool:
        """Whether the files look different from when they were last read."""
        return files_signature(self.path) != self._signature

    def poll(self) -> int:
        """Read and fold what is new; returns how many events were added (0: nothing new).
        Also reads the chair's sign of life."""
        self._read_beat()
        signature = files_signature(self.path)
        if signature == self._signature:
            return 0
        # Stat first, read second: a write between the two is read now and seen again as a
        # change next time, never missed.
        raw = self._log.events()
        state, last_at = self.state, self._last_at
        for event, after in fold_stored(self.path, raw[self.state.seq :], self.state):
            state, last_at = after, event.at
        added = state.seq - self.state.seq
        self.state, self._last_at = state, last_at
        self.header = self._log.header
        self._signature = signature
        return added

    def _read_beat(self) -> None:
        path = alive_path(self.path)
        try:
            st = path.stat()
        except OSError:
            return
        stat = (st.st_ino, st.st_size, st.st_mtime_ns)
        if stat == self._alive_stat:
            return
        try:
            at = dt.datetime.fromisoformat(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError, UnicodeDecodeError):
            return  # caught between the writer's truncate and write: read it next time
        if at.tzinfo is None:
            return
        self._alive_stat = stat
        self._beat_at = at


def files_signature(path: Path) -> Signature:
    """What the session file and its journal look like on disk now."""
    parts: list[tuple[int, int, int] | None] = []
    for each in (path, journal_path(path)):
        try:
            st = each.stat()
        except FileNotFoundError:
            parts.append(None)
        else:
            parts.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(parts)
