"""How a text is read into units (`moderator.domain.topics.analyse`), pinned exactly.

The expected units were printed by the reading as it stood before it was made faster (commit
6e1a258); a change that alters any unit, its order, keys, weight, surface or kind, or what a
text counts as accented, its villages or its names, fails here. The other tests check that the
caches and the two ways a text is split into tokens (piece by piece, or whole when a number may
run over a space) never change a reading.
"""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderator.domain import topics
from moderator.domain.topics import Analysis, _count, _tables, _tokenise, analyse, plain_text
from moderator.domain.vietnamese import Lexicon, load_lexicon

# (text, accented, villages, names, [(kind, surface, weight, strict keys, loose keys), ...])
Expected = tuple[
    str,
    bool,
    list[int],
    list[str],
    list[tuple[str, str, float, tuple[str, ...], tuple[str, ...]]],
]

PINNED: list[Expected] = [
    (
        "Đề nghị UBND xã sớm cấp giấy chứng nhận quyền sử dụng đất cho hộ ông Nguyễn Văn Hùng ở thôn 3.",
        True,
        [3],
        ["hung", "nguyen", "van"],
        [
            ("generic", "UBND", 0.3, ("f:uy_ban_nhan_dan",), ("f:uy_ban_nhan_dan",)),
            ("word", "xã", 0.3, ("a:xã",), ("f:xa",)),
            ("word", "cấp giấy", 1.0, ("a:cấp",), ("f:cap",)),
            ("concept", "cấp giấy", 1.3, ("c:so do",), ("c:so do", "f:so do")),
            (
                "concept",
                "chứng nhận quyền sử dụng đất",
                1.3,
                ("c:so do",),
                ("c:so do", "f:chung nhan quyen su dung dat"),
            ),
            ("word", "hộ", 0.3, ("a:hộ",), ("f:ho",)),
            ("name", "Nguyễn", 2.0, ("a:nguyễn",), ("f:nguyen",)),
            ("name", "Văn", 2.0, ("a:văn",), ("f:van",)),
            ("name", "Hùng", 2.0, ("a:hùng",), ("f:hung",)),
            ("village", "thôn 3", 2.0, ("n:3",), ("n:3",)),
            ("pair", "UBND xã", 0.21, ("f:uy_ban_nhan_dan|a:xã",), ("f:uy_ban_nhan_dan|f:xa",)),
            (
                "pair",
                "cấp giấy cấp giấy",
                0.7981227975693966,
                ("a:cấp|c:so do",),
                ("f:cap|c:so do", "f:cap|f:so do"),
            ),
            (
                "pair",
                "cấp giấy chứng nhận quyền sử dụng đất",
                0.9099999999999999,
                ("c:so do|c:so do",),
                (
                    "c:so do|c:so do",
                    "c:so do|f:chung nhan quyen su dung dat",
                    "f:so do|c:so do",
                    "f:so do|f:chung nhan quyen su dung dat",
                ),
            ),
            ("pair", "Nguyễn Văn", 1.4, ("a:nguyễn|a:văn",), ("f:nguyen|f:van",)),
            ("pair", "Văn Hùng", 1.4, ("a:văn|a:hùng",), ("f:van|f:hung",)),
        ],
    ),
    (
        "de nghi giai phong mat bang duong lien thon 5, nam 2023 da hua nhung chua lam",
        False,
        [5],
        [],
        [
            (
                "concept",
                "giai phong mat bang",
                1.0,
                ("c:thu hoi",),
                ("c:thu hoi", "f:giai phong mat bang"),
            ),
            (
                "concept",
                "duong lien thon",
                1.2,
                ("c:duong lien thon", "c:duong"),
                ("c:duong lien thon", "c:duong", "f:duong lien thon"),
            ),
            ("village", "thon 5", 2.0, ("n:5",), ("n:5",)),
            ("word", "nam", 0.1, ("f:nam",), ("f:nam",)),
            ("number", "2023", 0.8, ("y:2023",), ("y:2023",)),
            ("word", "da", 0.1, ("f:da",), ("f:da",)),
            ("word", "hua", 1.0, ("f:hua",), ("f:hua",)),
            ("word", "nhung", 0.1, ("f:nhung",), ("f:nhung",)),
            ("word", "chua", 0.1, ("f:chua",), ("f:chua",)),
            ("word", "lam", 0.1, ("f:lam",), ("f:lam",)),
            (
                "pair",
                "giai phong mat bang duong lien thon",
                0.7668115805072324,
                ("c:thu hoi|c:duong lien thon",),
                (
                    "c:thu hoi|c:duong lien thon",
                    "c:thu hoi|c:duong",
                    "f:giai phong mat bang|c:duong lien thon",
                    "f:giai phong mat bang|c:duong",
                ),
            ),
            ("pair", "da hua", 0.22135943621178655, ("f:da|f:hua",), ("f:da|f:hua",)),
            ("pair", "hua nhung", 0.22135943621178655, ("f:hua|f:nhung",), ("f:hua|f:nhung",)),
            ("pair", "nhung chua", 0.06999999999999999, ("f:nhung|f:chua",), ("f:nhung|f:chua",)),
            ("pair", "chua lam", 0.06999999999999999, ("f:chua|f:lam",), ("f:chua|f:lam",)),
        ],
    ),
    (
        "Trại lợn nhà bà Lan xả thải ra kênh, ô nhiễm môi trường; như Lan đã nói, 3 sào lúa bị hỏng từ 27/7.",
        True,
        [],
        ["lan"],
        [
            ("concept", "Trại", 1.3, ("c:trai",), ("c:trai", "f:trai")),
            ("concept", "lợn", 1.3, ("c:lon",), ("c:lon", "f:lon")),
            ("word", "nhà", 0.3, ("a:nhà",), ("f:nha",)),
            ("name", "Lan", 2.0, ("a:lan",), ("f:lan",)),
            ("concept", "xả thải", 1.2, ("c:nuoc thai",), ("c:nuoc thai", "f:xa thai")),
            ("concept", "kênh", 1.2, ("c:kenh muong",), ("c:kenh muong", "f:kenh")),
            (
                "concept",
                "ô nhiễm môi trường",
                0.7,
                ("c:o nhiem",),
                ("c:o nhiem", "f:o nhiem moi truong"),
            ),
            ("word", "lúa", 1.0, ("a:lúa",), ("f:lua",)),
            ("concept", "hỏng", 0.6, ("c:xuong cap",), ("c:xuong cap", "f:hong")),
            (
                "pair",
                "Trại lợn",
                0.9099999999999999,
                ("c:trai|c:lon",),
                ("c:trai|c:lon", "c:trai|f:lon", "f:trai|c:lon", "f:trai|f:lon"),
            ),
            (
                "pair",
                "lợn nhà",
                0.43714985988788785,
                ("c:lon|a:nhà",),
                ("c:lon|f:nha", "f:lon|f:nha"),
            ),
            (
                "pair",
                "Lan xả thải",
                1.0844353369380766,
                ("a:lan|c:nuoc thai",),
                ("f:lan|c:nuoc thai", "f:lan|f:xa thai"),
            ),
        ],
    ),
    (
        "ĐƯỜNG XÓM 2 XUỐNG CẤP, GCN CHƯA CẤP (ĐÃ HỨA 2-3 LẦN)",
        True,
        [2],
        [],
        [
            (
                "concept",
                "ĐƯỜNG XÓM",
                1.2,
                ("c:duong thon", "c:duong"),
                ("c:duong thon", "c:duong", "f:duong xom"),
            ),
            ("village", "XÓM 2", 2.0, ("n:2",), ("n:2",)),
            ("concept", "XUỐNG CẤP", 0.6, ("c:xuong cap",), ("c:xuong cap", "f:xuong cap")),
            (
                "concept",
                "GCN",
                1.3,
                ("c:so do",),
                ("c:so do", "f:giay chung nhan quyen su dung dat"),
            ),
            ("word", "CẤP", 1.0, ("a:cấp",), ("f:cap",)),
            ("word", "HỨA", 1.0, ("a:hứa",), ("f:hua",)),
            ("word", "LẦN", 0.3, ("a:lần",), ("f:lan",)),
        ],
    ),
    (
        "Kính thưa chủ tọa, cho tôi hỏi ạ: bao giờ làm giấy cho dân?",
        True,
        [],
        [],
        [
            ("word", "làm giấy", 0.3, ("a:làm",), ("f:lam",)),
            ("concept", "làm giấy", 1.3, ("c:so do",), ("c:so do", "f:so do")),
            (
                "pair",
                "làm giấy làm giấy",
                0.43714985988788785,
                ("a:làm|c:so do",),
                ("f:lam|c:so do", "f:lam|f:so do"),
            ),
        ],
    ),
]


def plain(analysis: Analysis) -> tuple[object, ...]:
    return (
        [(u.kind, u.surface, u.weight, u.strict, u.loose) for u in analysis.units],
        analysis.accented,
        sorted(analysis.villages),
        sorted(analysis.names),
    )


def test_representative_texts_read_as_pinned() -> None:
    for text, accented, villages, names, units in PINNED:
        assert plain(analyse(text)) == (units, accented, villages, names), text


def fresh_lexicon() -> Lexicon:
    """The shipped lexicon read again: a new object, compiled anew, with nothing cached."""
    text = resources.files("moderator.domain").joinpath("lexicon.toml").read_text("utf-8")
    return load_lexicon(text)


def test_a_fresh_copy_of_the_lexicon_reads_the_same() -> None:
    fresh = fresh_lexicon()
    for text, *_ in PINNED:
        assert plain(analyse(text, fresh)) == plain(analyse(text)), text


# Words and marks that take the reading's less common paths: abbreviations (some only in
# capitals), rewrites, phrases, titles and names, "như", village and place numbers, years,
# dates, ranges, quantities, punctuation of every kind, letters that are not Vietnamese.
WORD_LINE = (
    "UBND ubnd Ubnd HĐND GCN gcn ca CA km KM ql QL1A thôn Thôn xóm tổ đường ngõ số như Như ông "
    "bà Bà anh cấp giấy Cấp Giấy phép làm nhận chăn nuôi lợn sổ đỏ trường cap giay 1 2 3 2024 "
    "1999 27/7 3-5 1.000 1,5 Lan Hùng Nguyễn Văn hoà hòa thuý kỹ kĩ ô nhiễm môi trường đất giải "
    "phóng mặt bằng ATTP vệ sinh an toàn thực phẩm đề nghị kính thưa xin ạ cafe\u0301 x\u0301 _ ² "
    "½ đ ĐƯỜNG ( ) [ ] \" \u201c ' , . ! ? ; : … - / % thôn3 3sào"
)
WORDS = WORD_LINE.split(" ")
SEPARATORS = [" ", "  ", ", ", ". ", "\n", "\t", "", "-", " - ", " – ", "/", "\u00a0", "...", "("]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=16).map(
    lambda parts: "".join(w + sep for w, sep in parts)
)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_a_text_read_whole_or_by_pieces_reads_the_same(text: str) -> None:
    # A dash anywhere makes the text be read whole (a number may run over a space, "3 - 5");
    # one at the end adds no word and no break, so the reading must not change.
    assert plain(analyse(text + " -")) == plain(analyse(text))
    assert plain(analyse(text.upper() + " -")) == plain(analyse(text.upper()))
    assert plain(analyse(plain_text(text) + " -")) == plain(analyse(plain_text(text)))


@settings(max_examples=20, deadline=None)
@given(st.lists(texts, min_size=1, max_size=20))
def test_what_was_read_before_never_changes_a_reading(batch: list[str]) -> None:
    lexicon = fresh_lexicon()
    first = [plain(analyse(text, lexicon)) for text in batch]
    again = [plain(analyse(text, lexicon)) for text in reversed(batch)][::-1]
    assert again == first
    assert [plain(analyse(text, fresh_lexicon())) for text in batch] == first


def test_a_long_text_is_counted_exactly() -> None:
    # A text is accented when at least a fifth of its words carry diacritics. 50,000 words are
    # more than one counting field holds (`_count`): they are counted one by one, exactly.
    fifth = "Nguyễn nguyen nguyen nguyen nguyen "
    assert analyse(fifth * 10_000).accented
    assert not analyse(fifth * 10_000 + "x").accented
    tokens, _ = _tokenise(fifth * 10_000 + "UBND cấp giấy", _tables(None))
    halves = _count(tokens[:20_000]), _count(tokens[20_000:])
    assert _count(tokens) == tuple(a + b for a, b in zip(*halves, strict=True))
    assert _count(tokens) == (50_003, 10_002, 2, 1)  # "cấp" and "giấy" may begin rewrites


def test_dropping_what_was_read_never_changes_a_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    # With a tiny limit, the tables drop everything read before each text: units and pairs are
    # made anew (new objects, whose ids may be those of dropped ones) and must read the same.
    lexicon = fresh_lexicon()
    texts = [text for text, *_ in PINNED] * 2
    expected = [plain(analyse(text, lexicon)) for text in texts]
    monkeypatch.setattr(topics, "_KEPT_LIMIT", 3)
    assert [plain(analyse(text, lexicon)) for text in texts] == expected
    assert _tables(lexicon).kept < 200  # dropped: only the last text's reading is kept
