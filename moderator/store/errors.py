"""Errors of the session store.

``str(error)`` is always one plain line that names the session or file and the problem, so the
command line and the screens can show it as it is.
"""

from moderator.i18n import Msg


class StoreError(Exception):
    """Base of every store error.

    ``msg`` frames the one-line message in the interface's language; the detail (which file,
    what is wrong with it) stays as the store wrote it. ``nothing_written`` is True only where
    the store has made sure that the failed operation left no trace on disk.
    """

    key = "store_error"
    nothing_written = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.msg = Msg(self.key, {"detail": message})


class WriteFailed(StoreError):
    """A write failed (a disk error, a full disk) and was undone: none of it is on disk.

    A runtime failure, not bad input: the same command can succeed once the disk is fixed.
    """

    key = "store_write_failed"
    nothing_written = True


class DiskFull(WriteFailed):
    """The disk had no room for a write; ``needed`` is the size of that write in bytes."""

    key = "store_disk_full"

    def __init__(self, message: str, needed: int) -> None:
        super().__init__(message)
        self.needed = needed
        self.msg = Msg(self.key, {"detail": message, "size": human_size(needed)})


def human_size(size: int) -> str:
    """``size`` bytes as a reader takes them in at a glance: ``512 B``, ``3.4 KB``, ``12 MB``."""
    if size < 1000:
        return f"{size} B"
    value, units = size / 1000, ["KB", "MB", "GB", "TB"]
    while value >= 999.5 and len(units) > 1:
        value, units = value / 1000, units[1:]
    return f"{value:.1f} {units[0]}" if value < 9.95 else f"{value:.0f} {units[0]}"


class SessionNotFound(StoreError):
    """No session file matches the path, id or prefix."""

    key = "store_not_found"


class SessionExists(StoreError):
    """``create`` was asked for an id that is already taken."""

    key = "store_exists"


class AmbiguousSession(StoreError):
    """A session prefix matches more than one session."""

    key = "store_ambiguous"


class SessionLocked(StoreError):
    """Another writer (this process or another one) holds the session."""

    key = "store_locked"


class CorruptSession(StoreError):
    """The file is not a readable moderator session; it has been left untouched."""

    key = "store_corrupt"


class NewerSchema(StoreError):
    """The file was written by a newer moderator whose format this one cannot read."""

    key = "store_newer"
