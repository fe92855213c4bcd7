"""Flagging a whole import at once: the candidate search (domain/candidates.py) and
`TopicIndex.best_many`, checked against a plain reading of the rule and the dev set."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderator.domain import candidates
from moderator.domain.topics import (
    _PLACE_KINDS,
    _SILENT_KINDS,
    AREA_BONUS,
    DEFAULT_THRESHOLD,
    PLACE_ONLY,
    VILLAGE_CONFLICT,
    Analysis,
    TopicIndex,
    _doc,
    _explain,
    _query,
    _score,
    _surfaces,
    analyse,
    plain_text,
)
from tests.unit.test_topics import dev_rows

WORDS = [
    "đường", "lợn", "lớn", "trại", "nước", "thải", "mương", "cầu", "Gò Cao", "sạt lở", "đê",
    "học sinh", "trường", "điện", "chiếu sáng", "rác", "thu gom", "đền bù", "đất", "thôn 3",
    "thôn 5", "thôn 61", "xóm 99", "năm 2019", "ngõ 7", "ông Tư", "bà Lan",
]  # fmt: skip


def texts(draw: st.DrawFn) -> list[str]:
    found = []
    for _ in range(draw(st.integers(1, 14))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
        text = "Đề nghị " + " ".join(words)
        found.append(plain_text(text) if draw(st.booleans()) else text)
    return found


def meets(earlier: str, text: str) -> bool:
    """Whether the index would compare the two texts at all: a key in common, exact when both
    were typed with diacritics, plain otherwise."""
    a, b = analyse(earlier), analyse(text)
    if a.accented and b.accented:
        return bool({k for u in a.units for k in u.strict} & {k for u in b.units for k in u.strict})
    return bool({k for u in a.units for k in u.loose} & {k for u in b.units for k in u.loose})


RULE = candidates.Rule(VILLAGE_CONFLICT, PLACE_ONLY, _PLACE_KINDS, AREA_BONUS, _SILENT_KINDS)


def best(
    analyses: list[Analysis],
    first: int,
    *,
    limit: int = 10**6,
    budget: int = 10**6,
    common_min: int = 10**6,
    areas: list[str | None] | None = None,
) -> candidates.Found:
    return candidates.best(
        analyses,
        areas or [None] * len(analyses),
        first,
        limit=limit,
        budget=budget,
        common_min=common_min,
        rule=RULE,
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_without_a_budget_every_earlier_text_that_meets_is_scored_as_the_index_scores_it(
    data: st.DataObject,
) -> None:
    batch = data.draw(st.composite(texts)())
    first = data.draw(st.integers(0, len(batch) - 1))
    areas = [data.draw(st.sampled_from([None, "a", "b"])) for _ in batch]
    analyses = [analyse(t) for t in batch]
    found = best(analyses, first, areas=areas)
    # Every text's units' weights, in order.
    assert found.start[-1] == len(found.weights) == sum(len(a.units) for a in analyses)
    assert all(w > 0 for w in found.weights)
    assert len(found.scored) == len(batch) - first
    docs = [_doc(str(i), a, area) for i, (a, area) in enumerate(zip(analyses, areas, strict=True))]

    def weights(d: int) -> list[float]:
        return found.weights[found.start[d] : found.start[d + 1]].tolist()

    for i, scored in enumerate(found.scored, start=first):
        q = _query(docs[i], weights(i))
        assert q is not None
        expected = []
        for d in range(i):
            one = _score(q, docs[d], weights(d), sum(weights(d)))
            if one is not None:
                assert meets(batch[d], batch[i])
                score, other_area, matched = one
                expected.append(
                    (d, score, other_area, _explain(docs[d].analysis.units, matched, weights(d)))
                )
        expected.sort(key=lambda x: (-x[1], x[2], x[0]))
        units = [a.units for a in analyses]
        assert [
            (d, pytest.approx(score), _surfaces(units[d], told)) for d, score, told in scored
        ] == [(d, score, said) for d, score, _, said in expected]


def test_the_rarest_words_propose_and_common_ones_wait() -> None:
    earlier = [f"Đường thôn {n} xuống cấp" for n in range(40)] + ["Đường Gò Cao xuống cấp"]
    analyses = [analyse(t) for t in [*earlier, "Đường Gò Cao xuống cấp nặng"]]
    found = best(analyses, len(earlier), limit=5, budget=10, common_min=2).scored
    # "Gò Cao" is in one earlier text: it alone proposes; "đường" (in all) would blow the budget.
    assert [d for d, _, _ in found[0]] == [len(earlier) - 1]
    generous = best(analyses, len(earlier), limit=5, budget=1000, common_min=2).scored
    assert len(generous[0]) == 5 and generous[0][0][0] == len(earlier) - 1  # best first


def test_two_texts_with_diacritics_do_not_meet_on_their_plain_forms() -> None:
    # "lợn" (pig) and "lớn" (big) are one plain word: typed with diacritics they differ; a
    # text typed without them may be either.
    found = best([analyse("lợn"), analyse("lớn"), analyse("lon")], 1).scored
    assert [[d for d, _, _ in scored] for scored in found] == [[], [0, 1]]


def test_a_batch_names_only_the_index_and_the_rows_before_and_leaves_the_index() -> None:
    index = TopicIndex()
    index.add("s1", "Trại lợn nhà ông Tư xả nước thải ra mương gây ô nhiễm")
    rows = [
        ("1", "Đường liên thôn 2 xuống cấp, ổ gà khắp nơi", None),
        ("2", "trai lon ong Tu xa nuoc thai ra muong", None),  # typed without diacritics
        ("3", "Đường liên thôn 2 xuống cấp nặng, nhiều ổ gà", None),
        ("4", "Đường liên thôn 2 xuống cấp, ổ gà khắp nơi", None),
    ]
    found = index.best_many(rows, k=3)
    assert len(index) == 1  # the index itself is as it was
    assert [m.key for m in found[0]] == []
    assert found[1][0].key == "s1" and found[1][0].score >= DEFAULT_THRESHOLD
    assert found[2][0].key == "1" and found[2][0].score >= DEFAULT_THRESHOLD
    assert {m.key for m in found[3]} == {"1", "3"} and found[3][0].key == "1"
    assert found[3][0].score == 1.0 and "ổ gà" in found[3][0].matched
    for i, matches in enumerate(found):
        assert all(m.key == "s1" or int(m.key) <= i for m in matches)
    assert index.best_many(rows, k=0) == [[], [], [], []]


def test_the_batch_flags_the_dev_set_as_well_as_the_live_engine() -> None:
    rows = dev_rows()
    cluster = {str(r["id"]): str(r["dup_of"] or r["id"]) for r in rows}
    sessions: dict[str, list[dict[str, str | None]]] = {}
    for r in rows:
        sessions.setdefault(str(r["session"]), []).append(r)
    tp = fp = fn = 0
    for items in sessions.values():
        found = TopicIndex().best_many([(str(r["id"]), str(r["text"]), r["area"]) for r in items])
        for r, matches in zip(items, found, strict=True):
            flag = matches[0].key if matches and matches[0].score >= DEFAULT_THRESHOLD else None
            right = flag is not None and cluster[flag] == cluster[str(r["id"])]
            tp += right
            fp += flag is not None and not right
            fn += r["dup_of"] is not None and not right
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.93, (f1, tp, fp, fn)


def test_a_mass_petition_reads_only_the_latest_texts_of_each_key() -> None:
    # Sixty villagers write the same complaint: each row reads no more than `budget` of the
    # texts before it, however many say the same (memory and time stay linear).
    same = analyse("Đề nghị xã sửa chữa tuyến đường liên thôn 3 bị xuống cấp, ổ gà nhiều")
    found = best([same] * 60, 0, limit=3, budget=10, common_min=2).scored
    for i, scored in enumerate(found):
        assert len(scored) == min(i, 3)
        assert all(i - 10 <= d < i for d, _, _ in scored)
        assert all(score == pytest.approx(1.0) for _, score, _ in scored)
