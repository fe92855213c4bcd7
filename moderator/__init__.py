"""moderator: runs a commune public dialogue from one laptop."""

__version__ = "0.1.0"
