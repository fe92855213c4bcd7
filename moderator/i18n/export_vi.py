"""Vietnamese wording of the exported documents (thông báo kết luận, biên bản)."""

MESSAGES: dict[str, str] = {}
