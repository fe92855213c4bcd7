"""A crash-safe TinyDB storage for one session: an atomically replaced file plus a journal.

A session ``<id>`` lives in one file, with up to three companions next to it while a writer
runs or after a crash:

``<id>.json``
    A plain TinyDB database with the tables ``meta`` (one document, the header) and ``events``
    (doc_id == ``seq``). It is never written in place: a new version goes to ``<id>.json.tmp``,
    is fsync'd, renamed over it, and the directory is synced. At any instant it is the old or the
    new complete file, and stock ``tinydb.TinyDB`` can read it.
``<id>.json.journal``
    The events appended since the file was last written, one line per append: an event object,
    or ``{"batch": [event, ...]}`` for the events that ``append_many`` stores together. Each line
    is one ``write`` followed by ``fdatasync`` before the append returns, so a crash can leave at
    most the last line incomplete; that append never returned, so the line is ignored whole, a
    batch with it: a batch is on disk entirely or not at all. A bad line with good lines after
    it cannot come from a crash and is reported as corruption.
``<id>.json.lock``
    Exists while a writer holds the session. The writer holds an exclusive lock on it (see
    ``platform.try_lock``), which the system drops when the process dies, whatever the way, so a
    killed writer never blocks the next one.
``<id>.json.tmp``
    The next version of the file while it is being written; a leftover is ignored by readers and
    removed by the next writer.

Compaction (every ``compact_every`` journaled events, on ``update_header`` and on ``close``)
writes main + journal as a new main file, then unlinks the journal; the next append starts a new
one. Unlinking instead of truncating matters to readers: a journal inode only ever grows, so a
reader that opened the old one keeps reading consistent lines. Readers read the journal *before*
the main file and merge by ``seq``: whatever compactions happen in between, the main file they
read is at least as new as the journal, so the two overlap or touch and never leave a gap. A
crash between the rename and the unlink leaves journal lines that the main file already holds;
they are skipped. A batch line changes none of this: its events have consecutive seqs, a
compaction writes the writer's events, which hold whole batches only, and a reader expands the
line before merging.

Why a batch is one journal line rather than a compaction: it costs one write and one sync of the
batch itself, whatever the size of the session, and a torn line is already the one thing a crash
can leave. The cost: a moderator from before batches, opening a journal that a crash left with
a batch line in it, would take the line for a torn one and drop it; this version or a newer one
must open such a session first (a clean close leaves no journal, so only a crash is concerned).

A write that fails (an I/O error, a full disk) leaves nothing behind: a journal line is cut off
again (a journal this append created is removed), a temporary file is removed, and the error is a
``WriteFailed`` (``DiskFull`` with the size the write needed). It is a plain ``StoreError`` only
where that cannot be promised: the journal could not be cut back (the writer then refuses further
appends until it is reopened), or a new file is in place but its name could not be synced.
Everything that differs between POSIX and Windows (the lock, the syncs, open flags) is in
``moderator.store.platform``.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from moderator.store import platform
from moderator.store.errors import (
    CorruptSession,
    DiskFull,
    NewerSchema,
    SessionExists,
    SessionLocked,
    SessionNotFound,
    StoreError,
    WriteFailed,
    human_size,
)

SCHEMA_VERSION = 1
APP = "moderator"
META_TABLE = "meta"
EVENTS_TABLE = "events"
SESSION_SUFFIX = ".json"
RESERVED_HEADER_FIELDS = frozenset({"schema_version", "app", "session_id", "created"})

Event = dict[str, Any]
Tables = dict[str, dict[str, Any]]

# Module-level names, so that tests can put a failing disk in their place.
_sync_data = platform.sync_data
_fsync_dir = platform.sync_directory
_write_some = os.write


# Ids become file names and are typed by hand: keep them to safe, unambiguous characters.
_SESSION_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")


def check_session_id(session_id: str) -> None:
    if (
        not _SESSION_ID.fullmatch(session_id)
        or session_id.endswith(SESSION_SUFFIX)
        or session_id == "latest"
    ):
        raise ValueError(f"{session_id!r} cannot be a session id")


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def temp_path(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def session_id_of(path: Path) -> str:
    return path.name.removesuffix(SESSION_SUFFIX)


def dumps(value: Any) -> str:
    # ASCII because stock TinyDB opens the file in the locale's encoding, which need not be UTF-8.
    # The values are trees of dicts and lists made from events: no cycle to look for.
    return json.dumps(
        value, ensure_ascii=True, separators=(",", ":"), allow_nan=False, check_circular=False
    )


class _Invalid(Exception):
    """A reason why some tables are not a session; turned into the caller's kind of error."""


class _Newer(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _file_line(tables: Tables) -> bytes:
    """The whole session file: its tables on one line."""
    return dumps(tables).encode("ascii") + b"\n"


def _joined_file_line(meta: Event, event_texts: list[str], others: Tables) -> bytes:
    """``_file_line`` of a writer's tables, its events given as their JSON texts: the same
    bytes (JSON puts an object together from its members' texts), without encoding again
    what was encoded for the journal."""
    events = ",".join([f'"{seq}":{text}' for seq, text in enumerate(event_texts, start=1)])
    members = [
        f"{dumps(META_TABLE)}:{dumps({'1': meta})}",
        f"{dumps(EVENTS_TABLE)}:{{{events}}}",
        *(f"{dumps(name)}:{dumps(table)}" for name, table in others.items()),
    ]
    return ("{" + ",".join(members) + "}\n").encode("ascii")


class _Events:
    """A writer's events in seq order, each kept as its JSON object, its JSON text, or both.

    An event appended is kept as the text written to the journal, and parsed only when asked
    for (``dicts``); an event read from the file is kept as its object, and encoded only when a
    compaction needs its text. A large import is then encoded once, and never parsed back.
    """

    def __init__(self, dicts: list[Event] | None = None) -> None:
        self._dicts: list[Event | None] = list(dicts or ())
        self._texts: list[str | None] = [None] * len(self._dicts)

    def __len__(self) -> int:
        return len(self._dicts)

    def add_texts(self, texts: list[str]) -> None:
        self._dicts += [None] * len(texts)
        self._texts += texts

    def dicts(self) -> list[Event]:
        """The events as JSON objects (the ones kept, not copies)."""
        filled: list[Event] = []
        for index, event in enumerate(self._dicts):
            if event is None:
                text = self._texts[index]
                assert text is not None
                event = self._dicts[index] = json.loads(text)
            filled.append(event)
        return filled

    def texts(self) -> list[str]:
        """The events as their JSON texts, each ``dumps(event)``."""
        filled: list[str] = []
        for index, text in enumerate(self._texts):
            if text is None:
                text = self._texts[index] = dumps(self._dicts[index])
            filled.append(text)
        return filled


def _check_tables(tables: object) -> tuple[Event, list[Event], Tables]:
    """Split a TinyDB data dict into (meta, events, other tables), or raise _Invalid / _Newer."""
    if not isinstance(tables, dict):
        raise _Invalid("not a moderator session (no header)")
    meta_table = tables.get(META_TABLE)
    if not isinstance(meta_table, dict) or len(meta_table) != 1:
        raise _Invalid("not a moderator session (no header)")
    meta = next(iter(meta_table.values()))
    if not isinstance(meta, dict) or meta.get("app") != APP:
        raise _Invalid("not a moderator session (no header)")
    version = meta.get("schema_version")
    if type(version) is not int or version < 1:
        raise _Invalid(f"header has no valid schema_version ({version!r})")
    if version > SCHEMA_VERSION:
        raise _Newer(version)
    table = tables.get(EVENTS_TABLE, {})
    if not isinstance(table, dict):
        raise _Invalid("the events table is not a table")
    events: list[Event] = []
    for seq in range(1, len(table) + 1):
        event = table.get(str(seq))
        if event is None:
            raise _Invalid(f"event seq {seq} is missing")
        if not isinstance(event, dict) or event.get("seq") != seq or type(event["seq"]) is not int:
            raise _Invalid(f"event {seq} does not carry seq {seq}")
        events.append(event)
    others = {name: t for name, t in tables.items() if name not in (META_TABLE, EVENTS_TABLE)}
    return meta, events, others


def _parse_main(path: Path, data: bytes) -> tuple[Event, list[Event], Tables]:
    try:
        tables = json.loads(data)
    except UnicodeDecodeError:
        raise CorruptSession(f"{path} is not a moderator session: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CorruptSession(
            f"{path} is not a moderator session: not valid JSON "
            f"({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except RecursionError:
        raise CorruptSession(f"{path} is not a moderator session: JSON nested too deep") from None
    except ValueError:  # an integer past Python's digit limit
        raise CorruptSession(
            f"{path} is not a moderator session: a number with too many digits"
        ) from None
    try:
        return _check_tables(tables)
    except _Invalid as exc:
        raise CorruptSession(f"{path} is damaged: {exc}") from None
    except _Newer as exc:
        raise NewerSchema(
            f"{path} was written by a newer version of moderator "
            f"(schema {exc.version}, this version reads up to {SCHEMA_VERSION})"
        ) from None


def _as_event(value: object) -> Event | None:
    if not isinstance(value, dict) or type(value.get("seq")) is not int or value["seq"] < 1:
        return None
    return value


def _parse_line(line: bytes) -> list[Event] | None:
    """The events of one journal line (one, or a batch's), or None if it is not a line."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, dict) and value.keys() == {"batch"}:
        items = value["batch"]
        if not isinstance(items, list) or not items:
            return None
        events = [event for item in items if (event := _as_event(item)) is not None]
        return events if len(events) == len(items) else None
    event = _as_event(value)
    return None if event is None else [event]


def _parse_journal(path: Path, data: bytes, after: int) -> list[Event]:
    """The journal's events with seq > ``after``, checked to follow on without a gap."""
    *lines, unterminated = data.split(b"\n")
    events: list[Event] = []
    first = expected = 0
    for number, line in enumerate(lines, start=1):
        stored = _parse_line(line)
        if stored is None:
            # Only the append in flight at a crash can be damaged, and it is the last one.
            if number == len(lines) and not unterminated:
                break
            raise CorruptSession(f"{path} is damaged: line {number} is not an event")
        for event in stored:
            seq = event["seq"]
            if expected and seq != expected:
                raise CorruptSession(
                    f"{path} is damaged: line {number} has seq {seq}, not {expected}"
                )
            first = first or seq
            expected = seq + 1
            if seq > after:
                events.append(event)
    if first > after + 1:
        raise CorruptSession(
            f"{path} is damaged: it starts at seq {first} but the session file ends at seq {after}"
        )
    return events


def _read_optional(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None


def load(path: Path) -> tuple[Event, list[Event], Tables]:
    """Read a session as (meta, events, other tables), merging the journal; never writes."""
    # The journal first: see the module docstring for why this order never loses an event.
    journal = _read_optional(journal_path(path))
    main = _read_optional(path)
    if main is None:
        raise SessionNotFound(f"no session file {path}")
    meta, events, others = _parse_main(path, main)
    if journal:
        events += _parse_journal(journal_path(path), journal, after=len(events))
    return meta, events, others


Signature = tuple[tuple[int, int, int] | None, ...]


def _signature(path: Path) -> Signature:
    """Inode, size and modification time of the session file and of its journal: every write
    changes it (an append grows the journal, a compaction renames a new file into place)."""
    found: list[tuple[int, int, int] | None] = []
    for each in (path, journal_path(path)):
        try:
            st = os.stat(each)
        except OSError:
            found.append(None)
        else:
            found.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(found)


def read_header(path: Path) -> Event:
    """The header of a session file, without its journal (the header is never journaled)."""
    main = _read_optional(path)
    if main is None:
        raise SessionNotFound(f"no session file {path}")
    return _parse_main(path, main)[0]


@contextmanager
def _io(action: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise StoreError(f"cannot {action}: {exc.strerror or exc}") from exc


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[_write_some(fd, view) :]


def _write_failed(action: str, exc: OSError, size: int) -> WriteFailed:
    """The error for a write of ``size`` bytes that failed and has been undone."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(
            f"cannot {action}: {reason}; nothing was written "
            f"(the write needs {human_size(size)} of free space)",
            size,
        )
    return WriteFailed(f"cannot {action}: {reason}; nothing was written")


def _replace_atomically(path: Path, data: bytes) -> None:
    """Make ``data`` the content of ``path``: all of it, durably, or (``WriteFailed``) no change
    and no temporary file left behind."""
    temp = temp_path(path)
    # A fixed temp name is safe because only the lock holder writes it, and a leftover from a
    # crash is simply overwritten next time.
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | platform.OPEN_FLAGS, 0o644)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with suppress(OSError):
            temp.unlink()
        raise _write_failed(f"write {path}", exc, len(data)) from exc
    try:
        _fsync_dir(path.parent)
    except OSError as exc:
        raise StoreError(
            f"wrote {path} but cannot make the new name durable: {exc.strerror or exc}"
        ) from exc


class _WriterLock:
    """An exclusive lock on ``<id>.json.lock``, holding the owner's pid for the refusal message."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd = fd

    @classmethod
    def acquire(cls, path: Path, session_id: str) -> _WriterLock:
        while True:
            with _io(f"open {path} for writing"):
                fd = os.open(path, os.O_RDWR | os.O_CREAT | platform.OPEN_FLAGS, 0o644)
            try:
                with _io(f"lock {path}"):
                    locked = platform.try_lock(fd)
            except BaseException:
                os.close(fd)
                raise
            if not locked:
                holder = _holder(fd)
                os.close(fd)
                raise SessionLocked(_locked_message(session_id, holder))
            # The previous holder unlinks the file on release; if it did so between our open and
            # our lock, we hold a lock on an orphan that the next writer would not see.
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
            mine = os.fstat(fd)
            if current and (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino):
                break
            os.close(fd)
        try:
            os.ftruncate(fd, 0)
            platform.write_at(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass  # the pid only improves the refusal message
        return cls(path, fd)

    def release(self) -> None:
        # Unlink while still holding the lock, so nobody can lock this inode and believe it theirs.
        # (Windows refuses to unlink an open file: there the file stays, and the next writer
        # locks that same file.)
        with suppress(OSError):
            os.unlink(self.path)
        os.close(self.fd)


def _holder(fd: int) -> str:
    try:
        return platform.read_at(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""  # Windows: the holder's locked bytes cannot be read


def _locked_message(session_id: str, holder: str) -> str:
    if holder == str(os.getpid()):
        return f"session {session_id} is already open for writing in this process"
    if holder.isdigit():
        return f"session {session_id} is open for writing in another process (pid {holder})"
    return f"session {session_id} is open for writing in another process"


class SessionStorage(Storage):
    """TinyDB storage of one session file; see the module docstring for the files and why.

    ``SessionStorage(path)`` reads: every ``read`` re-reads the disk, so it follows a live writer,
    and it never locks or writes. ``SessionStorage(path, write=True)`` takes the writer lock,
    folds a leftover journal into the file, and keeps the session in memory. ``create=header``
    (with ``write=True``) makes a new session file instead of opening one, holding ``events``
    from the start (the file is written once, with them or not at all).

    ``write`` (what TinyDB calls) journals pure appends to ``events`` as one batch and rewrites
    the file atomically for anything else; events must carry ``seq`` equal to their doc_id
    either way.
    """

    #: Journaled events after which an append also compacts. Bounds the journal that readers
    #: parse line by line and that stock TinyDB cannot see.
    compact_every = 500

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        write: bool = False,
        create: Mapping[str, Any] | None = None,
        events: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.session_id = session_id_of(self.path)
        self.writable = write
        self._meta: Event = {}
        self._events = _Events()
        self._others: Tables = {}
        self._lock: _WriterLock | None = None
        self._journal_fd: int | None = None
        self._journal_size = 0
        self._journal_lines = 0
        self._closed = False
        self._broken = False
        self._opened_with: tuple[Signature, list[Event]] | None = None
        """A reader's events as read on opening, with the files' signature before that read:
        the first ``events()`` takes them when the files have not changed since."""
        if create is None and events:
            raise ValueError("events are only given with create")
        if create is not None and not write:
            raise ValueError("create needs write=True")
        if not write:
            # Stat first, read second: a write in between only makes the first events() read
            # again, never hands out events older than the files it saw.
            signature = _signature(self.path)
            self._meta, events, _ = load(self.path)
            self._opened_with = (signature, events)
            return
        self._lock = _WriterLock.acquire(lock_path(self.path), self.session_id)
        try:
            if create is not None:
                self._create(create, events)
            else:
                self._meta, events, self._others = load(self.path)
                self._events = _Events(events)
                if journal_path(self.path).exists():
                    self._compact()
                with _io(f"remove {temp_path(self.path)}"):
                    temp_path(self.path).unlink(missing_ok=True)  # left by a crash mid-compaction
        except BaseException:
            self._release()
            raise

    def _create(self, meta: Mapping[str, Any], events: Iterable[Mapping[str, Any]]) -> None:
        for existing in (self.path, journal_path(self.path)):
            if existing.exists():
                raise SessionExists(
                    f"session {self.session_id} already exists in {self.path.parent}"
                )
        self._meta = json.loads(dumps(dict(meta)))
        self._events = _Events([json.loads(dumps(dict(event))) for event in events])
        try:
            _check_tables(self._tables())
        except (_Invalid, _Newer) as exc:
            raise ValueError(f"not a new session for schema {SCHEMA_VERSION}: {exc}") from None
        _replace_atomically(self.path, self._file_line())

    # --- what SessionLog uses ---------------------------------------------------------------

    def header(self) -> Event:
        """The header; for a reader, as of the last read of the disk."""
        return copy.deepcopy(self._meta)

    def events(self) -> list[Event]:
        """All events in seq order, as fresh objects; a reader re-reads the disk."""
        if self.writable:
            return copy.deepcopy(self._events.dicts())
        opened, self._opened_with = self._opened_with, None
        if opened is not None and opened[0] == _signature(self.path):
            return opened[1]  # read once on opening, and nothing was written since
        self._meta, events, _ = load(self.path)
        return events

    def append(self, event: Mapping[str, Any]) -> None:
        """Journal one event; it is on disk when this returns, and not at all if this raises
        ``WriteFailed``."""
        self._require_writer()
        self._check_seq(event, len(self._events) + 1)
        text = dumps(dict(event))
        # Kept as the text written: what a reader will read back, not the caller's object
        # (tuples, later mutation).
        self._journal(text.encode("ascii") + b"\n", [text])

    def append_many(self, events: Iterable[Mapping[str, Any]]) -> None:
        """Journal events as one batch: all of them are on disk when this returns; if this raises
        ``WriteFailed``, or the process dies first, none of them is, ever."""
        self._require_writer()
        batch = [dict(event) for event in events]
        if len(batch) <= 1:
            # A single event keeps the plain line, which every version of moderator reads.
            for event in batch:
                self.append(event)
            return
        for expected, event in enumerate(batch, start=len(self._events) + 1):
            self._check_seq(event, expected)
        texts = [dumps(event) for event in batch]
        # dumps({"batch": batch}), from the texts kept.
        line = '{"batch":[' + ",".join(texts) + "]}\n"
        self._journal(line.encode("ascii"), texts)

    def update_header(self, **fields: Any) -> None:
        """Change header fields: a compaction with the new header, atomic and durable."""
        self._require_writer()
        reserved = sorted(RESERVED_HEADER_FIELDS & fields.keys())
        if reserved:
            raise ValueError(f"header fields {', '.join(reserved)} cannot be changed")
        meta = json.loads(dumps({**self._meta, **fields}))
        self._compact(meta)

    def compact(self) -> None:
        """Fold the journal into a new session file now."""
        self._require_writer()
        self._compact()

    def close(self) -> None:
        """Compact and release the lock; a reader has nothing to release. Idempotent.

        A compaction that fails here is not an error: every event is already durable in the
        journal, and the next writer folds it in. (Reporting it would tell a caller that what it
        stored was not, and invite it to store it twice.)
        """
        if self._closed:
            return
        self._closed = True
        if not self.writable:
            return
        try:
            if self._journal_fd is not None or journal_path(self.path).exists():
                with suppress(StoreError):
                    self._compact()
        finally:
            self._release()

    # --- TinyDB's Storage interface ---------------------------------------------------------

    def read(self) -> Tables:
        if self.writable:
            return copy.deepcopy(self._tables())
        self._meta, events, others = load(self.path)
        return self._tables(self._meta, events, others)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._require_writer()
        try:
            meta, events, others = _check_tables(json.loads(dumps(data)))
        except _Invalid as exc:
            raise ValueError(f"not a session for {self.path}: {exc}") from None
        except _Newer as exc:
            raise ValueError(f"schema {exc.version} is newer than {SCHEMA_VERSION}") from None
        known = len(self._events)
        if meta == self._meta and others == self._others and events[:known] == self._events.dicts():
            self.append_many(events[known:])
        else:
            self._compact(meta, events, others)

    # --- internals ----------------------------------------------------------------------------

    def _require_writer(self) -> None:
        if not self.writable:
            raise StoreError(f"session {self.session_id} is open read-only")
        if self._closed:
            raise StoreError(f"session {self.session_id} is closed")
        if self._broken:
            raise StoreError(
                f"session {self.session_id} cannot take more events after a failed write; "
                "close and reopen it"
            )

    def _file_line(
        self,
        meta: Event | None = None,
        events: list[Event] | None = None,
        others: Tables | None = None,
    ) -> bytes:
        """``_file_line(self._tables(meta, events, others))``, the writer's own events from the
        texts it keeps."""
        if events is not None:
            return _file_line(self._tables(meta, events, others))
        return _joined_file_line(
            self._meta if meta is None else meta,
            self._events.texts(),
            self._others if others is None else others,
        )

    def _tables(
        self,
        meta: Event | None = None,
        events: list[Event] | None = None,
        others: Tables | None = None,
    ) -> Tables:
        return {
            META_TABLE: {"1": self._meta if meta is None else meta},
            EVENTS_TABLE: {
                str(event["seq"]): event
                for event in (self._events.dicts() if events is None else events)
            },
            **(self._others if others is None else others),
        }

    def _check_seq(self, event: Mapping[str, Any], expected: int) -> None:
        seq = event.get("seq")
        if type(seq) is not int or seq != expected:
            raise ValueError(f"the next event of {self.session_id} must have seq {expected}")

    def _journal(self, line: bytes, texts: list[str]) -> None:
        """Append ``line``, which holds the events ``texts``."""
        self._append_line(line)
        self._events.add_texts(texts)
        self._journal_lines += len(texts)
        if self._journal_lines >= self.compact_every:
            try:
                self._compact()
            except StoreError:
                # The events are safe in the journal; compaction is retried after as many more.
                self._journal_lines = 0

    def _append_line(self, line: bytes) -> None:
        journal = journal_path(self.path)
        created = False
        try:
            if self._journal_fd is None:
                created = not journal.exists()
                self._journal_fd = os.open(
                    journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT | platform.OPEN_FLAGS, 0o644
                )
                self._journal_size = os.fstat(self._journal_fd).st_size
                if created:
                    _fsync_dir(self.path.parent)
            # One write, so a crash can only tear this very line; a short write is an error
            # (a full disk) and is rolled back below rather than completed later.
            if _write_some(self._journal_fd, line) != len(line):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            _sync_data(self._journal_fd)
        except OSError as exc:
            if self._roll_back(created):
                raise _write_failed(f"append to {journal}", exc, len(line)) from exc
            raise StoreError(
                f"cannot append to {journal}: {exc.strerror or exc}; the partial write could "
                "not be undone, close and reopen the session"
            ) from exc
        self._journal_size += len(line)

    def _roll_back(self, created: bool) -> bool:
        """Undo a failed append; False if the journal may still hold part of it.

        A partial line left in the journal would become a bad line in the middle once the next
        append lands behind it; if it cannot be cut off, no further append is allowed.
        """
        if self._journal_fd is None:
            return True  # the journal could not even be opened
        try:
            os.ftruncate(self._journal_fd, self._journal_size)
        except OSError:
            self._broken = True
            return False
        # Makes the undo durable at once; if the disk refuses (the error being undone may be
        # its own), the next append's sync carries the new size down with it.
        with suppress(OSError):
            _sync_data(self._journal_fd)
        if created:
            self._close_journal()
            with suppress(OSError):
                journal_path(self.path).unlink()
        return True

    def _compact(
        self,
        meta: Event | None = None,
        events: list[Event] | None = None,
        others: Tables | None = None,
    ) -> None:
        try:
            _replace_atomically(self.path, self._file_line(meta, events, others))
        except WriteFailed:
            raise  # nothing changed, on disk or here
        except StoreError:
            self._adopt(meta, events, others)  # the new file is in place, if not yet durable
            raise
        self._adopt(meta, events, others)
        # Closed before the unlink: Windows cannot remove a file that is open.
        self._close_journal()
        with _io(f"remove {journal_path(self.path)}"):
            journal_path(self.path).unlink(missing_ok=True)
        self._journal_lines = 0
        self._broken = False

    def _adopt(self, meta: Event | None, events: list[Event] | None, others: Tables | None) -> None:
        if meta is not None:
            self._meta = meta
        if events is not None:
            self._events = _Events(events)
        if others is not None:
            self._others = others

    def _close_journal(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None

    def _release(self) -> None:
        self._close_journal()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self._closed = True
