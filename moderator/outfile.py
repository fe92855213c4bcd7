"""An export written to a named file, never over what it must not replace.

Refused, with one reason each: a name in the data directory that is or would be read as a
session (any ``*.json`` there, a journal, lock or temporary name), the session being exported,
any existing session file, an existing device, pipe, socket or symbolic link, a folder, and
(unless forced) any other existing file. The document goes to a temporary file in the target's
folder, is flushed to disk, then appears under its name in one step (a hard link when nothing may
be replaced, a rename otherwise): a failure at any point leaves the target as it was and no
temporary file behind.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from moderator.i18n import Msg
from moderator.store.platform import OPEN_FLAGS
from moderator.store.storage import SESSION_SUFFIX, journal_path, lock_path, temp_path

# What the store reads or writes next to a session: <id>.json and its companions.
_STORE_NAME = re.compile(rf".*{re.escape(SESSION_SUFFIX)}(\.journal|\.lock|\.tmp)?", re.DOTALL)
_SESSION_START = re.compile(rb"\s*\{\s*\"meta\"\s*:")


class OutputRefused(Exception):
    """The named file must not be written (bad usage: exit status 2)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.msg = Msg(key, params)


class OutputFailed(Exception):
    """Writing failed (a full disk, no permission): nothing was written (exit status 1)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.msg = Msg("output_failed", {"path": path, "reason": reason})


def write_export(
    output: Path, document: bytes, *, data_dir: Path, session: Path, force: bool = False
) -> None:
    check_output(output, data_dir=data_dir, session=session, force=force)
    _write(output, document, force=force)


def check_output(output: Path, *, data_dir: Path, session: Path, force: bool = False) -> None:
    try:
        mode: int | None = os.lstat(output).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputFailed(output, error.strerror or str(error)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputRefused("cli_output_is_dir", path=output)
    folder = output.absolute().parent
    if not folder.is_dir():
        raise OutputRefused("output_no_folder", path=output, folder=folder)
    real, own = folder.resolve() / output.name, session.resolve()
    if real in (own, journal_path(own), lock_path(own), temp_path(own)):
        raise OutputRefused("output_is_the_session", path=output)
    if _STORE_NAME.fullmatch(output.name) and folder.resolve() == data_dir.resolve():
        raise OutputRefused("output_in_data_dir", path=output)
    if mode is None:
        return
    if stat.S_ISLNK(mode):
        raise OutputRefused("output_is_link", path=output)
    if not stat.S_ISREG(mode):
        raise OutputRefused("output_is_special", path=output)
    if _is_session_file(output):
        raise OutputRefused("output_is_a_session", path=output)
    if not force:
        raise OutputRefused("output_exists", path=output)


def _is_session_file(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return _SESSION_START.match(file.read(64)) is not None
    except OSError:
        return False


def _write(output: Path, document: bytes, *, force: bool) -> None:
    temp = output.with_name(f".{output.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | OPEN_FLAGS, 0o666)
        try:
            write_all(fd, document)
            os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            os.replace(temp, output)
        else:
            _place_new(temp, output)
    except OSError as error:
        raise OutputFailed(output, error.strerror or str(error)) from None
    finally:
        with suppress(OSError):
            temp.unlink(missing_ok=True)


def _place_new(temp: Path, output: Path) -> None:
    """``temp`` under the name ``output``, refusing a file that appeared there meanwhile."""
    try:
        os.link(temp, output)
    except FileExistsError:
        raise OutputRefused("output_exists", path=output) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A file system without hard links (a FAT memory stick): checked, then renamed.
        if os.path.lexists(output):
            raise OutputRefused("output_exists", path=output) from None
        os.replace(temp, output)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
