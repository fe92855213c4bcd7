"""Rules for text typed by people: kept whole and literal, minus control characters."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from moderator.domain.vietnamese import plain_word

# C0/C1 controls, zero-width space, line/paragraph separators, bidi embeddings, overrides,
# isolates and marks (they can reorder what the operator reads), other invisible format
# characters, and lone surrogates (not text; they cannot be written as UTF-8).
_CONTROLS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
)
_CONTROL = re.compile(f"[{_CONTROLS}]")
_SPACES = re.compile(r"[ \t]+")
# Unicode's other line breaks (a JSON string may hold them raw) break a line like "\n".
_BREAKS = str.maketrans(dict.fromkeys("\u2028\u2029\x85", "\n"))
# A character the rules below remove or replace: a control character or a line break of any
# kind (the class holds "\t", "\n", "\r" and the three above).
_UNCLEAN = re.compile(f"[\t\n{_CONTROLS}]")


def _clean_already(text: str) -> bool:
    """Whether ``clean_line`` (and ``clean_text``) would give ``text`` back unchanged: most
    typed text, checked at C speed (an import cleans several fields of tens of thousands of
    rows). tests/unit/test_text_rules.py holds it to the full rule."""
    return (
        # Printable text holds none of them (they are all controls, format characters,
        # separators or surrogates), and says so faster than the search.
        (text.isprintable() or not _UNCLEAN.search(text))
        and "  " not in text
        and not (text[:1].isspace() or text[-1:].isspace())
        and unicodedata.is_normalized("NFC", text)
    )


def clean_line(text: str) -> str:
    """One line of user text: NFC, control characters dropped, runs of blanks made one."""
    return text if _clean_already(text) else _line_rule(text)


def _line_rule(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_BREAKS).replace("\r", " ")
    text = text.replace("\n", " ")
    return _SPACES.sub(" ", _CONTROL.sub("", text.replace("\t", " "))).strip()


def drop_controls(text: str) -> str:
    """Text as stored, minus what must never reach a terminal raw (line breaks and tabs kept)."""
    return _CONTROL.sub("", text)


def clean_text(text: str) -> str:
    """Multi-line user text (a topic, an answer): like ``clean_line`` but keeps line breaks."""
    return text if _clean_already(text) else _text_rule(text)


def _text_rule(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_BREAKS).replace("\r\n", "\n")
    text = text.replace("\r", "\n")
    lines = (_line_rule(line) for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """A comparison key for names and villages: case and diacritics do not matter. Kept for
    the names and villages seen last: they recur (every row of an import, every screen)."""
    return plain_word(clean_line(text))
