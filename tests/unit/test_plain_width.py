"""The text export measures a line as a terminal shows it; its fast path for Latin and
Vietnamese letters agrees with the character-by-character count."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from moderator.export.plain import display_width


def counted(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def test_widths_a_reader_sees() -> None:
    assert display_width("Nguyễn Văn An, Thôn 12") == 22
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert display_width("中文 ａ") == 7  # wide characters take two


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])))
def test_the_fast_path_agrees_with_the_count(text: str) -> None:
    assert display_width(text) == counted(text)


@given(st.text(alphabet=st.sampled_from("aăâbcdđeêơưyạếờữỹ ĐƯ-,.0123456789")))
def test_vietnamese_text_is_one_column_a_letter(text: str) -> None:
    assert display_width(text) == len(text)
