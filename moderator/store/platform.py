"""Every file-system call that differs between POSIX and Windows, in one place.

The store is written against these few functions; ``tests/unit/test_platform_calls.py`` fails
if a POSIX-only call appears anywhere else in ``moderator/``. What each one promises:

``OPEN_FLAGS``
    Added to every ``os.open``: close-on-exec where it exists (Python makes descriptors
    non-inheritable anyway), and binary mode on Windows, where ``os.open`` would otherwise
    translate ``\\n`` to ``\\r\\n`` and break every byte count of the journal.
``sync_data(fd)``
    Makes a file's data (and its size) durable: ``fdatasync`` where it exists, else ``fsync``
    (on Windows, ``FlushFileBuffers``).
``sync_directory(path)``
    Makes the names in a directory durable (a rename, a new file). POSIX needs an ``fsync`` of
    the directory itself; Windows has no directory handle to sync and NTFS journals its
    metadata, so there it does nothing.
``try_lock(fd)``
    An exclusive, non-blocking lock on an open file that the system drops when the process
    dies in any way, so a killed writer never blocks the next one (``flock`` on POSIX,
    ``msvcrt.locking`` on Windows, both through ``portalocker``). Two descriptors of one
    process conflict too, so a second writer in the same process is refused.
``read_at`` / ``write_at``
    Positioned reads and writes of a small file (the lock file's pid). On Windows the locked
    bytes cannot be read by another process, so the refusal message there has no pid.
"""

from __future__ import annotations

import os
from pathlib import Path

OPEN_FLAGS: int = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

# fdatasync skips the inode times, which nothing here needs; the size it does flush.
sync_data = os.fdatasync if hasattr(os, "fdatasync") else os.fsync

HAS_DIRECTORY_SYNC: bool = hasattr(os, "O_DIRECTORY")


def sync_directory(directory: Path) -> None:
    if not HAS_DIRECTORY_SYNC:
        return
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | OPEN_FLAGS)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def try_lock(fd: int) -> bool:
    """Take the exclusive lock on ``fd``; False if another descriptor holds it."""
    # Imported here: only a writer locks, and readers (exports, replay --print) then never
    # load the lock library or, through it, fcntl.
    import portalocker

    try:
        portalocker.lock(fd, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
    except portalocker.AlreadyLocked:
        return False
    except portalocker.LockException as exc:
        cause = exc.__cause__
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from exc
    return True


def read_at(fd: int, size: int, offset: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def write_at(fd: int, data: bytes, offset: int) -> None:
    os.lseek(fd, offset, os.SEEK_SET)
    os.write(fd, data)
