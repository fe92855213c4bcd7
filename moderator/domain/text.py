"""Rules for text typed by people: kept whole and literal, minus control characters."""

from __future__ import annotations

import re
import unicodedata

from moderator.domain.vietnamese import plain_word

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029]")
_SPACES = re.compile(r"[ \t]+")


def clean_line(text: str) -> str:
    """One line of user text: NFC, control characters dropped, runs of blanks made one."""
    text = unicodedata.normalize("NFC", text).replace("\r", " ").replace("\n", " ")
    return _SPACES.sub(" ", _CONTROL.sub("", text.replace("\t", " "))).strip()


def clean_text(text: str) -> str:
    """Multi-line user text (a topic, an answer): like ``clean_line`` but keeps line breaks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (clean_line(line) for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


def match_key(text: str) -> str:
    """A comparison key for names and villages: case and diacritics do not matter."""
    return plain_word(clean_line(text))
