"""The Textual interface: the live meeting screen and its forms."""

from moderator.tui.app import ModeratorApp, make_app

__all__ = ["ModeratorApp", "make_app"]
