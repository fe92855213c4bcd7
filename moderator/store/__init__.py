"""The durable session log on disk and the data directory."""

from moderator.store.datadir import (
    new_session_id,
    resolve_data_dir,
    resolve_session,
    session_paths,
)
from moderator.store.errors import (
    AmbiguousSession,
    CorruptSession,
    NewerSchema,
    SessionExists,
    SessionLocked,
    SessionNotFound,
    StoreError,
)
from moderator.store.log import SCHEMA_VERSION, SessionLog
from moderator.store.storage import SessionStorage

__all__ = [
    "SCHEMA_VERSION",
    "AmbiguousSession",
    "CorruptSession",
    "NewerSchema",
    "SessionExists",
    "SessionLocked",
    "SessionLog",
    "SessionNotFound",
    "SessionStorage",
    "StoreError",
    "new_session_id",
    "resolve_data_dir",
    "resolve_session",
    "session_paths",
]
