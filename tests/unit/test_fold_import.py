"""The fold of a registration, typed or imported: the speaker it gives is the one the
constructor gives, and an import that does not fold is still refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from moderator.domain import events as ev
from moderator.domain.state import MeetingState, Speaker, _import_petitions, _registered

AT = dt.datetime(2024, 3, 15, 8, 30, tzinfo=dt.UTC)
SHOWN = (ev.Suggestion(score=0.7, matched=("đường",), topic="Đường hỏng", speaker=1),)


def constructed(r: ev.SpeakerRegistered | ev.ImportedRegistration, at: dt.datetime) -> Speaker:
    return Speaker(
        number=r.speaker,
        name=r.name,
        village=r.village,
        organisation=r.organisation,
        area=r.area,
        topic=r.topic,
        source=r.source,
        registered_at=at,
        duplicate_of=r.duplicate_of,
        suggestions=r.suggestions,
        earlier=r.earlier if isinstance(r, ev.SpeakerRegistered) else None,
    )


REGISTRATIONS = [
    ev.ImportedRegistration(speaker=2, name="Lê Văn Tám", village="Thôn 5", topic="Cầu hỏng"),
    ev.ImportedRegistration(
        speaker=3,
        name="Trần Thị Lan",
        village="Thôn 3",
        organisation="HTX",
        area="moi_truong",
        topic="Nước thải",
        duplicate_of=ev.DuplicateRef(speaker=1),
        suggestions=SHOWN,
    ),
    ev.SpeakerRegistered(
        seq=4,
        at=AT,
        speaker=4,
        name="Phạm Thị Hoa",
        village="Thôn 4",
        topic="Đèn đường",
        earlier=ev.EarlierLink(session_id="2023-12-01-1", issue=2, date=dt.date(2023, 12, 1)),
    ),
]


@pytest.mark.parametrize("registration", REGISTRATIONS)
def test_the_speaker_folded_is_the_one_the_constructor_makes(
    registration: ev.SpeakerRegistered | ev.ImportedRegistration,
) -> None:
    folded = _registered(registration, AT)
    expected = constructed(registration, AT)
    assert type(folded) is Speaker
    assert vars(folded) == vars(expected)
    assert list(vars(folded)) == [f.name for f in dataclasses.fields(Speaker)]
    assert folded == expected
    assert dataclasses.replace(folded, withdrawn_at=AT).withdrawn_at == AT
    with pytest.raises(dataclasses.FrozenInstanceError):
        folded.name = "x"  # type: ignore[misc]


def test_an_import_with_a_score_that_is_not_a_number_does_not_fold() -> None:
    imported = ev.PetitionsImported.model_construct(
        seq=5,
        at=AT,
        type="petitions_imported",
        registrations=(
            REGISTRATIONS[0].model_copy(update={"speaker": 1}),
            REGISTRATIONS[0].model_copy(
                update={
                    "speaker": 2,
                    "suggestions": (SHOWN[0].model_copy(update={"score": math.nan}),),
                }
            ),
        ),
        skipped=0,
    )
    with pytest.raises(ValueError, match="not a number"):
        _import_petitions(MeetingState(), imported)
    fine = imported.model_copy(update={"registrations": imported.registrations[:1]})
    assert _import_petitions(MeetingState(), fine).queue == (1,)
