"""English words of the replay and review screen."""

MESSAGES: dict[str, str] = {}
