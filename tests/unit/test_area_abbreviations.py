"""Areas typed as petitions abbreviate them ("VSMT", "gpmb"), on the form and in an import."""

from __future__ import annotations

import pytest

from moderator.domain.agenda import Agenda
from tests.conftest import FakeClock
from tests.unit.meeting_helpers import Driver
from tests.unit.test_import_petitions import Row, do_import


@pytest.mark.parametrize(
    ("typed", "area"),
    [
        ("vsmt", "moi_truong"),
        ("VSMT", "moi_truong"),
        ("attp", "attp"),
        ("gpmb", "gpmb"),
        ("ncc", "chinh_sach"),
        ("dat", "dat_dai"),  # a word's start still comes first
    ],
)
def test_an_area_is_found_by_its_initials(agenda: Agenda, typed: str, area: str) -> None:
    found = agenda.find_area(typed)
    assert found is not None and found.id == area


@pytest.mark.parametrize("typed", ["xyz", "dd", "12", "vs mt"])
def test_initials_that_name_no_area_find_none(agenda: Agenda, typed: str) -> None:
    assert agenda.find_area(typed) is None


@pytest.mark.parametrize("typed", ["pt", "nd", "tp", "cd", "vptk"])
def test_responders_and_villages_are_never_found_by_initials(agenda: Agenda, typed: str) -> None:
    assert agenda.find_responder(typed) is None
    assert agenda.find_village(typed) is None


def test_the_form_and_an_import_take_abbreviated_areas(agenda: Agenda) -> None:
    m = Driver(agenda, FakeClock())
    m.register("An", area="vsmt")
    rows = [Row(2, "Bình", "Thôn 3", "Đền bù chậm", "GPMB"), Row(3, "Chi", "Thôn 4", "Gạo", "attp")]
    do_import(m, rows)
    assert [s.area for s in m.state.speakers] == ["moi_truong", "gpmb", "attp"]
