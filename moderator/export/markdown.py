"""Markdown rendering (CommonMark with GitHub tables). Every text is escaped, so a name like
``*Lan*`` or ``[Chủ tọa]`` prints as typed instead of turning into emphasis or a link."""

from __future__ import annotations

import re
from itertools import zip_longest

from moderator.export.document import Block, Columns, Document, Para

# Characters that mean something anywhere in a line (``|`` inside table cells).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Characters that mean something only at the start of a line: headings, lists, quotes,
# setext underlines, and "1." / "1)" ordered lists.
_LINE_START = re.compile(r"^([#+\-=>])|^(\d+)([.)])")

_EMPTY = frozenset({"rule", "blank", "sign_space"})
_BOLD = frozenset(
    {"organiser", "national", "motto", "sign_authority", "sign_role", "sign_name", "subtitle"}
)
_ITALIC = frozenset({"place_date", "sign_hint", "basis", "draft_note"})
# The styles of a paragraph: one escaped line in its marks, or (_WRAPPED) its typed lines as
# hard line breaks within the marks.
_ONE_LINE = {"draft": "> **{}**", "draft_note": "> *{}*", "title": "# {}", "section": "## {}"}
_WRAPPED = {
    "group": "***{}***",
    **dict.fromkeys(_BOLD, "**{}**"),
    **dict.fromkeys(_ITALIC, "*{}*"),
}


def escape(text: str, *, line_start: bool = True) -> str:
    """Literal Markdown for one line of text (``line_start``: the line begins a block)."""
    text = _INLINE.sub(r"\\\1", text)
    if not line_start:
        return text
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def render_markdown(document: Document) -> str:
    chunks: list[str] = []
    previous: Block | None = None
    for block in document.text_blocks():
        text = _columns(block) if isinstance(block, Columns) else _para(block)
        if not text:
            continue
        joined_list = (
            isinstance(block, Para)
            and isinstance(previous, Para)
            and block.style == previous.style == "bullet"
        )
        if chunks:
            chunks.append("\n" if joined_list else "\n\n")
        chunks.append(text)
        previous = block
    return "".join(chunks) + "\n"


def _lines(text: str) -> list[str]:
    return [escape(line) for line in text.split("\n")]


def _breaks(text: str, indent: str = "") -> str:
    """Several typed lines as hard line breaks within one paragraph."""
    return f"\\\n{indent}".join(_lines(text))


def _para(para: Para) -> str:
    style = para.style
    if style in _EMPTY:
        return ""
    if style in _ONE_LINE:
        return _ONE_LINE[style].format(escape(para.text))
    if style == "bullet":
        return f"- {_breaks(para.text, '  ')}"
    if style == "item":
        return f"**{escape(para.label, line_start=False)}** {_breaks(para.text)}"
    return _WRAPPED.get(style, "{}").format(_breaks(para.text))


def _cell(para: Para | None) -> str:
    if para is None or para.style in _EMPTY or not para.text:
        return ""
    text = "<br>".join(_lines(para.text))
    if para.style == "recipients_label":
        return f"***{text}***"
    if para.style == "recipient":
        return f"\\- {text}"
    if para.style in _BOLD:
        return f"**{text}**"
    if para.style in _ITALIC:
        return f"*{text}*"
    return text


def _columns(block: Columns) -> str:
    """The two columns as a table, row by row; rows left empty by rules and spacing go. In
    the heading the last lines (the number, the place and date) share a row."""
    if block.kind == "heading":
        left = [cell for cell in map(_cell, block.left) if cell]
        right = [cell for cell in map(_cell, block.right) if cell]
        shorter = left if len(left) < len(right) else right
        while left and right and len(shorter) < max(len(left), len(right)):
            shorter.insert(len(shorter) - 1, "")
        rows = list(zip(left, right, strict=False))
    else:
        rows = [
            (_cell(left), _cell(right))
            for left, right in zip_longest(block.left, block.right)
            if _cell(left) or _cell(right)
        ]
    if not rows:
        return ""
    align = "| :--- | :---: |" if block.kind == "footer" else "| :---: | :---: |"
    header, *body = rows
    lines = [f"| {header[0]} | {header[1]} |", align]
    lines.extend(f"| {left} | {right} |" for left, right in body)
    return "\n".join(lines)
