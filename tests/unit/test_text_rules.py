"""The rules for typed text (moderator/domain/text.py): the shortcut for text that is clean
already gives exactly what the full rule gives, whatever the text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderator.domain import text
from moderator.domain.text import clean_line, clean_text

# What a hostile file or a careless paste holds: every kind of character the rules treat
# specially, a few that look alike but are not (no-break and ideographic spaces, a lone
# combining mark, decomposed and compatibility forms), and surrogates.
HOSTILE = [
    " ", "  ", "\t", "\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x00", "\x07", "\x1b",
    "\x7f", "\x85", "\x9f", "\xa0", "\u2028", "\u2029", "\u202e", "\u2066", "\u2069", "\u200b",
    "\u200e", "\u061c", "\u2060", "\ufeff", "\ufff9", "\ufffc", "\u3000", "\u2000", "\u1680",
    "\ud800", "\udfff", "\u0301", "\u0323", "\u0345", "e\u0301", "o\u031b\u0300", "\u1edd", "đ",
    "Đ", "Nguyễn", "Văn", "\u212b", "Å", "A\u030a", "ﬁ", "İ", "ß", "a", "x", "1", ",", ".",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.characters(), st.characters(codec="utf-8")),
    max_size=24,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(hostile_text)
def test_the_shortcut_gives_what_the_full_rule_gives(typed: str) -> None:
    assert clean_line(typed) == text._line_rule(typed)
    assert clean_text(typed) == text._text_rule(typed)
    if text._clean_already(typed):
        assert text._line_rule(typed) == typed
        assert text._text_rule(typed) == typed


@pytest.mark.parametrize(
    "typed",
    [
        "a  b",  # two blanks
        " a",
        "a ",
        "a\xa0",  # a no-break space at an end is stripped
        "\u3000a",
        "a\tb",
        "a\rb",
        "a\nb",
        "a\u2028b",
        "a\x85b",
        "a\u202eb",
        "a\ud800b",
        "e\u0301",  # decomposed: NFC composes it
        "\u212b",  # Angstrom sign: NFC makes it Å
        "a\x00 b",
    ],
)
def test_text_that_a_rule_changes_takes_the_full_rule(typed: str) -> None:
    assert not text._clean_already(typed)
    assert clean_line(typed) != typed or clean_text(typed) != typed


@pytest.mark.parametrize(
    "typed",
    ["Nguyễn Văn Hùng", "Thôn 3", "Đường liên thôn 3 bị hỏng, đề nghị sửa.", "ﬁ", "x", ""],
)
def test_clean_text_is_given_back_as_it_is(typed: str) -> None:
    assert unicodedata.is_normalized("NFC", typed)
    assert text._clean_already(typed)
    assert clean_line(typed) is typed
    assert clean_text(typed) is typed


def test_the_rules_themselves() -> None:
    assert clean_line(" Nguyen\u202e  Van\tA\r\nB\u2028C ") == "Nguyen Van A B C"
    assert clean_text("Dòng một \r\n\r\n  dòng  hai\u2029\n") == "Dòng một\n\ndòng hai"
    assert clean_line("e\u0301") == "é"
