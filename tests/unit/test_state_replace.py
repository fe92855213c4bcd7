"""The fold's own ``replace`` behaves as ``dataclasses.replace`` on the state's types."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from moderator.domain.state import MeetingState, Note, replace

AT = dt.datetime(2024, 3, 15, 1, 0, tzinfo=dt.UTC)


def test_replace_makes_a_new_instance_and_leaves_the_old_one() -> None:
    before = MeetingState(seq=3, place="Hội trường", notes=(Note(AT, "a"),))
    after = replace(before, seq=4, place="Nhà văn hóa")
    assert (before.seq, before.place) == (3, "Hội trường")
    assert after == dataclasses.replace(before, seq=4, place="Nhà văn hóa")
    assert after is not before and after.notes is before.notes
    with pytest.raises(dataclasses.FrozenInstanceError):
        after.seq = 5  # type: ignore[misc]


def test_replace_refuses_a_field_the_type_does_not_have() -> None:
    with pytest.raises(TypeError, match="sq"):
        replace(MeetingState(), sq=1)
