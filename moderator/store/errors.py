"""Errors of the session store.

``str(error)`` is always one plain line that names the session or file and the problem, so the
command line and the screens can show it as it is.
"""

from moderator.i18n import Msg


class StoreError(Exception):
    """Base of every store error.

    ``msg`` frames the one-line message in the interface's language; the detail (which file,
    what is wrong with it) stays as the store wrote it.
    """

    key = "store_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.msg = Msg(self.key, {"detail": message})


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
