"""English wording of the exported documents."""

MESSAGES: dict[str, str] = {}
