"""A length of time in words, in Vietnamese (``moderator.i18n.durations``)."""

MESSAGES: dict[str, str] = {
    "duration_s": "{seconds} giây",
    "duration_m": "{minutes} phút",
    "duration_ms": "{minutes} phút {seconds:02d} giây",
}
