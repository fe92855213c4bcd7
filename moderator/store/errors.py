"""Errors of the session store.

``str(error)`` is always one plain line that names the session or file and the problem, so the
command line and the screens can show it as it is.
"""


class StoreError(Exception):
    """Base of every store error."""


class SessionNotFound(StoreError):
    """No session file matches the path, id or prefix."""


class SessionExists(StoreError):
    """``create`` was asked for an id that is already taken."""


class AmbiguousSession(StoreError):
    """A session prefix matches more than one session."""


class SessionLocked(StoreError):
    """Another writer (this process or another one) holds the session."""


class CorruptSession(StoreError):
    """The file is not a readable moderator session; it has been left untouched."""


class NewerSchema(StoreError):
    """The file was written by a newer moderator whose format this one cannot read."""
