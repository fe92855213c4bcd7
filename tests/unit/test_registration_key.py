"""What makes two registrations the same petition (``queries.registration_key``): the topic's
key, worked out word by word, is the key of the whole text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderator.domain import queries
from moderator.domain.queries import Registrations, registration_key
from moderator.domain.state import Speaker


def whole_text_key(topic: str) -> str:
    """The rule on the whole text at once, as it was first written."""
    spaced = " ".join(topic.lower().split())
    plain = re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFD", spaced))
    return unicodedata.normalize("NFC", plain).replace("đ", "d")


# Words that begin or end with marks, marks outside U+0300-U+036F, characters that compose or
# decompose (Hangul, Å, the Angstrom and Kelvin signs), blanks of every kind, and ASCII.
PIECES = [
    " ", "  ", "\t", "\n", "\xa0", "\u3000", "\u2000", "\x1c", "\u0301", "\u0323", "\u031b",
    "\u0345", "\u1dc0", "\u20d0", "e\u0301", "o\u031b\u0300", "\u1edd", "đ", "Đ", "Ư", "İ",
    "\u212a", "\u212b", "A\u030a", "\u1100", "\u1161", "\u11a8", "\uac00", "ß", "ﬁ", "Σ", "a",
    "A", "x", "1", ",", "Đường", "HỎNG", "thôn",
]  # fmt: skip
topics = st.lists(
    st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8")), max_size=30
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(topics)
def test_the_topic_key_word_by_word_is_the_key_of_the_whole_text(topic: str) -> None:
    assert queries._topic_key(topic) == whole_text_key(topic)


def test_a_full_table_of_word_keys_starts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = queries._WordKeys()
    monkeypatch.setattr(queries, "_WORD_KEYS", keys)
    monkeypatch.setattr(queries._WordKeys, "LIMIT", 3)
    topic = "Đường liên thôn số một hỏng nặng"
    assert queries._topic_key(topic) == "duong lien thon so mot hong nang"
    assert len(keys) <= 3


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Nguyễn Văn A", "Thôn 3", "Đường hỏng"), ("nguyen van a", "thon 3", "DUONG  HONG")),
        (("Lê Thị B", "Thôn 1", "Sửa cầu\ntreo"), ("Le Thi B", "thon 1", "sua cau treo")),
    ],
)
def test_case_diacritics_and_blanks_do_not_make_another_petition(
    one: tuple[str, str, str], other: tuple[str, str, str]
) -> None:
    assert registration_key(*one) == registration_key(*other)


def test_another_word_makes_another_petition() -> None:
    assert registration_key("A", "Thôn 1", "Đường hỏng") != registration_key(
        "A", "Thôn 1", "Đường hỏng nặng"
    )


people = st.tuples(
    st.sampled_from(["Nguyễn Văn A", "nguyen van a", "NGUYỄN  VĂN A", "Lê Thị B", "Le Thi B"]),
    st.sampled_from(["Thôn 1", "thon 1", "Thôn 2"]),
    st.sampled_from(["Đường hỏng", "duong hong", "ĐƯỜNG  HỎNG", "Cầu hỏng", "cau  hong", "Rác"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(people, max_size=4), st.lists(people, max_size=12))
def test_registrations_tell_a_new_one_as_the_keys_do(
    session: list[tuple[str, str, str]], rows: list[tuple[str, str, str]]
) -> None:
    at = dt.datetime(2024, 3, 15, tzinfo=dt.UTC)
    speakers = [
        Speaker(n, name, village, "", None, topic, "written", at)
        for n, (name, village, topic) in enumerate(session, start=1)
    ]
    keys = {registration_key(*person) for person in session}
    registered = Registrations(speakers)
    for row in rows:
        new = registration_key(*row) not in keys
        keys.add(registration_key(*row))
        assert registered.add(*row) is new
