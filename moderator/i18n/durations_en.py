"""A length of time in words, in English (``moderator.i18n.durations``)."""

MESSAGES: dict[str, str] = {
    "duration_s": "{seconds} s",
    "duration_m": "{minutes} min",
    "duration_ms": "{minutes} min {seconds:02d} s",
}
