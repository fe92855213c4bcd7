"""The import's row checks: a value typed alike on many rows (a name, a village, an area, an
organisation) is worked out once and gives every row what registering it by hand gives."""

from __future__ import annotations

import itertools

import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.state import apply
from tests.conftest import FakeClock
from tests.unit.meeting_helpers import Driver

Row = commands.PetitionRow

NAMES = ["Nguyễn Văn Hùng", " nguyen  van hung", "Trần\u202e Thị Lan", "Le\tVan Tam"]
VILLAGES = ["thon 2", "Thôn 2", " Thôn  3 ", "Xóm Mới"]
AREAS = ["", "dat dai", "Đất đai", " moi_truong "]
ORGANISATIONS = ["", "HTX Đồng Tâm", "HTX  Đồng Tâm\r\n"]


def varied_rows() -> list[Row]:
    combos = itertools.product(NAMES, VILLAGES, AREAS, ORGANISATIONS)
    return [
        Row(line, name, village, f"Kiến nghị số {line}: đường hỏng", area, organisation)
        for line, (name, village, area, organisation) in enumerate(combos, start=2)
    ]


def test_every_row_gets_what_registering_it_by_hand_gets(agenda: Agenda) -> None:
    rows = varied_rows()
    by_hand = Driver(agenda, FakeClock())
    by_hand.register_rows(rows)
    imported = Driver(agenda, FakeClock())
    event = commands.import_petitions(imported.state, imported.clock(), rows)
    assert event is not None and event.skipped == 0
    assert apply(imported.state, event).speakers == by_hand.state.speakers


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (Row(99, NAMES[0], VILLAGES[1], "\u202e"), "field_required"),
        (Row(99, "\t", VILLAGES[1], "Rác"), "field_required"),
        (Row(99, NAMES[0], VILLAGES[1], "Rác", "giao thông"), "unknown_area"),
    ],
)
def test_a_bad_row_is_named_though_its_other_values_were_on_good_rows(
    agenda: Agenda, bad: Row, reason: str
) -> None:
    m = Driver(agenda, FakeClock())
    with pytest.raises(DomainError) as raised:
        commands.import_petitions(m.state, m.clock(), [*varied_rows(), bad])
    assert raised.value.msg.params["line"] == 99
    assert raised.value.msg.params["reason"].key == reason
