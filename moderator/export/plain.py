"""Plain-text rendering: a fixed-width page, the two-column parts laid side by side."""

from __future__ import annotations

import re
import unicodedata
from itertools import zip_longest

from moderator.export.document import Block, Columns, Document, Para

WIDTH = 78
COLUMN_WIDTHS = {"heading": (30, 48), "footer": (42, 36), "signatures": (39, 39)}
TITLE_WIDTH = 64
SIGNATURE_ROOM = 3
"""Blank lines left for a handwritten signature."""
BULLET = "- "
BODY_INDENT = "    "

_CENTRED = frozenset(
    {
        "draft_note",
        "organiser",
        "national",
        "motto",
        "number",
        "place_date",
        "title",
        "subtitle",
        "sign_authority",
        "sign_role",
        "sign_hint",
        "sign_name",
    }
)
_SPACED_BEFORE = frozenset({"section", "group", "item", "title"})


def render_text(document: Document) -> str:
    lines: list[str] = []
    previous: Block | None = None
    for block in document.text_blocks():
        if isinstance(block, Columns):
            _blank(lines)
            lines.extend(_columns(block))
            _blank(lines)
        else:
            if block.style in _SPACED_BEFORE or _body_after_heading(block, previous):
                _blank(lines)
            lines.extend(_para(block, WIDTH, previous))
        previous = block
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _body_after_heading(block: Para, previous: Block | None) -> bool:
    return isinstance(previous, Para) and previous.style == "rule" and block.style != "rule"


def _blank(lines: list[str]) -> None:
    if lines and lines[-1]:
        lines.append("")


def _para(para: Para, width: int, previous: Block | None) -> list[str]:
    style = para.style
    if style == "draft":
        inner = f"   {para.text}   "
        bar = "─" * display_width(inner)
        return [centre(f"┌{bar}┐", width), centre(f"│{inner}│", width), centre(f"└{bar}┘", width)]
    if style == "rule":
        above = previous.text if isinstance(previous, Para) else ""
        size = _rule_size(
            above, width, whole=isinstance(previous, Para) and previous.style == "motto"
        )
        return [centre("─" * size, width)]
    if style in ("blank", "sign_space"):
        return [""] * (SIGNATURE_ROOM if style == "sign_space" else 1)
    if style in _CENTRED:
        room = min(width - 4, TITLE_WIDTH)
        return [centre(line, width) for line in wrap(para.text, room)]
    if style in ("bullet", "recipient"):
        return wrap(para.text, width, BULLET, " " * len(BULLET))
    if style == "item":
        label = f"{para.label} "
        return wrap(para.text, width, label, " " * display_width(label))
    if style in ("body", "basis"):
        return wrap(para.text, width, BODY_INDENT, "")
    return wrap(para.text, width)


def _rule_size(above: str, width: int, *, whole: bool) -> int:
    """Under the motto the rule is as long as the motto; elsewhere about a third of the line."""
    longest = max((display_width(line) for line in above.split("\n")), default=0)
    size = longest if whole else longest // 3
    return max(6, min(size, width))


def _columns(block: Columns) -> list[str]:
    left_width, right_width = COLUMN_WIDTHS[block.kind]
    left = _cell(block.left, left_width)
    right = _cell(block.right, right_width)
    return [pad(a, left_width) + b for a, b in zip_longest(left, right, fillvalue="")]


def _cell(paras: tuple[Para, ...], width: int) -> list[str]:
    lines: list[str] = []
    previous: Para | None = None
    for para in paras:
        lines.extend(_para(para, width, previous))
        previous = para
    return lines


# -- fixed-width text helpers ---------------------------------------------------------------


# Latin letters, Vietnamese ones included (Latin Extended Additional): one column each.
_NARROW = re.compile(r"[\x00-\u02ff\u1e00-\u1eff]*")


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: wide East Asian characters count two, combining
    marks none (Vietnamese in NFC is one column a letter)."""
    if _NARROW.fullmatch(text):  # nearly every word of a Vietnamese record: a long report
        return len(text)  # wraps millions of them
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def centre(text: str, width: int) -> str:
    return " " * max(0, (width - display_width(text)) // 2) + text


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy word wrap that keeps every character: a word longer than the line is split."""
    lines: list[str] = []
    prefix = first
    for hard_line in text.split("\n"):
        current = prefix
        room = width - display_width(prefix)
        filled = 0
        for word in hard_line.split(" "):
            size = display_width(word)
            needed = size if filled == 0 else filled + 1 + size
            if needed <= room:
                current += word if filled == 0 else f" {word}"
                filled = needed
                continue
            if filled:
                lines.append(current)
                prefix = rest
                current, room, filled = prefix, width - display_width(prefix), 0
            while display_width(word) > room > 0:
                head, word = _split_at(word, room)
                lines.append(current + head)
                prefix = rest
                current, room = prefix, width - display_width(prefix)
            current += word
            filled = display_width(word)
        lines.append(current)
        prefix = rest
    return lines


def _split_at(word: str, room: int) -> tuple[str, str]:
    width = 0
    for index, char in enumerate(word):
        width += display_width(char)
        if width > room:
            return word[:index], word[index:]
    return word, ""
