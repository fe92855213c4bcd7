"""Helpers for the store tests: a simulated crash and a writer that runs in its own process."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

from moderator.store import SessionLog

WRITER = Path(__file__).with_name("writer.py")
WRITER_COMMAND = [sys.executable, str(WRITER)]


def crash(log: SessionLog) -> None:
    """What a kill -9 does to a writer: its descriptors close, nothing else runs.

    No compaction and no unlinking of the lock file, unlike ``close()``.
    """
    storage = log._storage
    if storage._journal_fd is not None:
        os.close(storage._journal_fd)
        storage._journal_fd = None
    if storage._lock is not None:
        os.close(storage._lock.fd)
        storage._lock = None
    storage._closed = True


def event(seq: int, **extra: Any) -> dict[str, Any]:
    """A realistic event of about 300 bytes of JSON."""
    return {
        "seq": seq,
        "type": "speaker_registered",
        "at": "2024-03-15T09:14:05+07:00",
        "speaker": {
            "id": f"s{seq}",
            "name": "Nguyễn Thị Hồng Nhung",
            "village": "Thôn 7",
            "organisation": None,
            "area": "dat_dai",
            "topic": "Đề nghị xã sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ thôn 7",
            "source": "floor",
        },
        **extra,
    }


def file_bytes(*paths: Path) -> dict[Path, bytes | None]:
    """The content of each path (None if absent), to prove a failed open changed nothing."""
    return {path: path.read_bytes() if path.exists() else None for path in paths}


def disk_with(free: int) -> Any:
    """A write function for a disk with ``free`` bytes left: short writes, then ENOSPC."""

    def write(fd: int, data: Any) -> int:
        nonlocal free
        if free == 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = os.write(fd, bytes(data[:free]))
        free -= written
        return written

    return write


def failing_io(fd: int, data: Any) -> int:
    raise OSError(errno.EIO, os.strerror(errno.EIO))
