"""Domain errors carry a message key and parameters; the interface puts them in words."""

from __future__ import annotations

from typing import Any

from moderator.i18n import Msg


class DomainError(Exception):
    """A command whose precondition does not hold (no speaker to call, no speech running …)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.msg = Msg(key, params)

    @property
    def key(self) -> str:
        return self.msg.key

    def __str__(self) -> str:
        return self.msg.text("en")
