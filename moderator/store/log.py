"""The session log: one session's header and events, as plain JSON-able dicts.

A thin wrapper over :class:`~moderator.store.storage.SessionStorage`, which holds the file
format and the crash-safety argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from moderator.store.errors import StoreError
from moderator.store.storage import (
    APP,
    RESERVED_HEADER_FIELDS,
    SCHEMA_VERSION,
    SESSION_SUFFIX,
    SessionStorage,
    check_session_id,
)

__all__ = ["SCHEMA_VERSION", "SessionLog"]


class SessionLog:
    """One session file, open for reading or (holding the writer lock) for writing.

    A reader holds no file and no lock between calls; ``events()`` re-reads the disk, so it
    follows a live writer. A writer keeps the session in memory and is the only one that may
    ``append`` or ``update_header``.
    """

    def __init__(self, storage: SessionStorage) -> None:
        self._storage = storage
        self.path: Path = storage.path
        self.session_id: str = storage.session_id

    @classmethod
    def create(
        cls,
        data_dir: Path,
        session_id: str,
        header: dict[str, Any],
        *,
        created: datetime | None = None,
        events: Iterable[dict[str, Any]] = (),
    ) -> SessionLog:
        """Make a new session file and return its writer; ``SessionExists`` if the id is taken.

        ``events`` (seq 1, 2, …) are in the file from the start: it is written once, with them,
        or (``WriteFailed``) not at all.
        """
        check_session_id(session_id)
        reserved = sorted(RESERVED_HEADER_FIELDS & header.keys())
        if reserved:
            raise ValueError(f"header fields {', '.join(reserved)} are set by the store")
        if created is None:
            created = datetime.now(UTC)
        elif created.tzinfo is None:
            raise ValueError("created must be timezone-aware")
        meta = {
            "schema_version": SCHEMA_VERSION,
            "app": APP,
            "session_id": session_id,
            "created": created.astimezone(UTC).isoformat(timespec="milliseconds"),
            **header,
        }
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {data_dir}: {exc.strerror or exc}") from exc
        path = data_dir / f"{session_id}{SESSION_SUFFIX}"
        return cls(SessionStorage(path, write=True, create=meta, events=events))

    @classmethod
    def open(cls, path: Path, *, write: bool) -> SessionLog:
        """Open a session; a writer takes the lock (``SessionLocked``) and folds in the journal."""
        return cls(SessionStorage(path, write=write))

    @property
    def writable(self) -> bool:
        return self._storage.writable

    @property
    def header(self) -> dict[str, Any]:
        """The meta document; for a reader, as of the last read (open or ``events()``)."""
        return self._storage.header()

    def events(self) -> list[dict[str, Any]]:
        """All events in seq order."""
        return self._storage.events()

    def append(self, event: dict[str, Any]) -> None:
        """Store the next event (``seq`` must be ``len(events) + 1``); durable when it returns,
        and not stored at all if it raises."""
        self._storage.append(event)

    def append_many(self, events: Iterable[dict[str, Any]]) -> None:
        """Store the next events as one batch: when this returns all are durable; if it raises
        (``WriteFailed``, ``DiskFull``), or the process dies first, none of them is, ever."""
        self._storage.append_many(events)

    def update_header(self, **fields: Any) -> None:
        """Set header fields (not the store's own), atomically and durably."""
        self._storage.update_header(**fields)

    def close(self) -> None:
        """Fold the journal into the session file and release the lock."""
        self._storage.close()

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "writer" if self.writable else "reader"
        return f"<SessionLog {self.session_id} {mode} {self.path}>"
