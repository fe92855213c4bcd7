"""`events.trusted`: the fast builder of checked values gives what pydantic's own gives."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from moderator.domain import events as ev

SUGGESTION = {
    "score": 0.61,
    "matched": ("Gò Cao", "đường"),
    "topic": "Đường Gò Cao",
    "issue": 3,
    "speaker": None,
    "session_id": "2024-01-02-1",
    "session_date": dt.date(2024, 1, 2),
}


def test_a_trusted_model_is_the_one_model_construct_and_validation_give() -> None:
    made = ev.trusted(ev.Suggestion, **SUGGESTION)
    assert made == ev.Suggestion.model_construct(**SUGGESTION) == ev.Suggestion(**SUGGESTION)
    assert made.model_fields_set == set(SUGGESTION)
    assert made.model_dump(mode="json") == ev.Suggestion(**SUGGESTION).model_dump(mode="json")
    assert hash(made) == hash(ev.Suggestion(**SUGGESTION))
    with pytest.raises(Exception, match="frozen"):
        made.score = 1.0  # type: ignore[misc]


def test_a_trusted_registration_stores_as_a_checked_one() -> None:
    values = {
        "speaker": 2,
        "name": "Lê Văn Tám",
        "village": "Thôn 5",
        "organisation": "",
        "area": None,
        "topic": "Cầu hỏng",
        "source": "written",
        "duplicate_of": ev.DuplicateRef(speaker=1),
        "suggestions": (ev.Suggestion(**SUGGESTION),),
    }
    made = ev.trusted(ev.ImportedRegistration, **values)
    checked = ev.ImportedRegistration.model_validate(values)
    assert made == checked
    assert json.dumps(made.model_dump(mode="json")) == json.dumps(checked.model_dump(mode="json"))


@pytest.mark.parametrize(
    "values",
    [
        {k: v for k, v in SUGGESTION.items() if k != "issue"},  # a field left out
        {**SUGGESTION, "colour": "red"},  # a field it does not have
    ],
)
def test_every_field_and_only_those_must_be_given(values: dict[str, object]) -> None:
    with pytest.raises(TypeError, match="every field"):
        ev.trusted(ev.Suggestion, **values)
