"""A document as a list of blocks, built once and rendered as plain text, Markdown or Word.

The builders (``notice``, ``minutes``) decide what is said; the renderers decide how it looks.
A paragraph's ``style`` names its role in a Vietnamese administrative document (the national
heading, the title, a section heading, a bullet …); each renderer maps the role to its layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Style = Literal[
    "draft",  # the DỰ THẢO mark at the top of an unfinished session's document
    "draft_note",  # one line under it saying why
    "organiser",  # left heading cell: the issuing body, bold
    "national",  # right heading cell: CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, bold
    "motto",  # right heading cell: Độc lập - Tự do - Hạnh phúc, bold
    "rule",  # the short line under a heading or a title (no text)
    "number",  # left heading cell: Số: …/TB-UBND
    "place_date",  # right heading cell: Trung Sơn, ngày … , italic
    "title",  # THÔNG BÁO, BIÊN BẢN
    "subtitle",  # what the document is about, bold
    "section",  # I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN
    "basis",  # a legal basis ("Căn cứ …;"), italic
    "body",  # a justified paragraph
    "bullet",  # "- …", justified
    "group",  # a group of petitions within a section ("Rút đăng ký"), bold italic
    "item",  # a numbered issue: "1. …"
    "recipients_label",  # Nơi nhận:
    "recipient",  # "- 12 thôn;"
    "sign_authority",  # TM. ỦY BAN NHÂN DÂN (on behalf of), KT. CHỦ TỊCH (for the chair)
    "sign_role",  # CHỦ TỊCH
    "sign_hint",  # (Ký, ghi rõ họ tên)
    "sign_space",  # the room left for the signature
    "sign_name",  # the signer's name, bold
    "blank",  # an empty line that keeps two columns aligned
]

ColumnsKind = Literal["heading", "footer", "signatures"]


@dataclass(frozen=True)
class Para:
    """A paragraph. ``text`` may hold line breaks (a topic typed on several lines).

    ``label`` is printed before the text in bold (an issue's number, "1."); the text itself
    is always literal, never markup.
    """

    style: Style
    text: str = ""
    label: str = ""


@dataclass(frozen=True)
class Columns:
    """Two columns side by side: the heading (issuer | national heading), the footer
    (recipients | signature) or two signatures (secretary | chair). Paragraphs pair up by
    position."""

    kind: ColumnsKind
    left: tuple[Para, ...]
    right: tuple[Para, ...]


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart. Word draws it as a picture (with matplotlib, the optional extra
    ``charts``); the text formats pass over it, so the builder says the same figures in words
    beside it."""

    title: str
    categories: tuple[str, ...]
    """One group of bars each, top to bottom."""
    series: tuple[tuple[str, tuple[float, ...]], ...]
    """(name in the legend, one value per category)."""
    unavailable: str
    """Said once in the document, in place of its charts, when they cannot be drawn."""


Block = Para | Columns | Chart


@dataclass(frozen=True)
class Document:
    title: str
    """For the file's metadata (Word's document title)."""
    author: str
    blocks: tuple[Block, ...]

    def text_blocks(self) -> Iterator[Para | Columns]:
        """The blocks the text formats print: a chart is a picture, its figures are in the text
        beside it."""
        return (block for block in self.blocks if not isinstance(block, Chart))
