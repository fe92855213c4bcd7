"""A petition that comes back (issue 10, point 3): the earlier sessions' issues, read through
the follow-up's cache, carry what became of them; the matcher turns a suggestion of one into
the link the form records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from moderator.domain.agenda import Agenda
from moderator.domain.events import EarlierLink
from moderator.suggest import TopicMatcher, earlier_issues
from tests.conftest import FakeClock
from tests.unit.followup_helpers import Q1, write_archive
from tests.unit.test_link_flow import second_meeting


def test_the_earlier_issues_carry_what_became_of_them(data_dir: Path, agenda: Agenda) -> None:
    write_archive(data_dir, agenda)
    found = {(e.session_id, e.number): e for e in earlier_issues(data_dir, exclude="today")}
    road = found["2024-03-15-1", 1].outcome
    assert road is not None
    assert (road.outcome, road.owner, road.due, road.status) == (
        "assigned",
        "Địa chính",
        dt.date(2024, 4, 30),
        None,
    )
    rubbish = found["2024-03-15-1", 2].outcome
    assert rubbish is not None  # no due date given: the agenda's 30 days
    assert (rubbish.due, rubbish.status, rubbish.note) == (dt.date(2024, 4, 14), "done", "Đã dọn")
    matcher = TopicMatcher(list(found.values()))
    second = second_meeting(agenda, FakeClock())
    _, similar = matcher.suggest(second.state, "duong lien thon xuong cap")
    top = similar[0]
    assert (top.session_id, top.issue) == ("2024-03-15-1", 1)
    assert matcher.link(top) == EarlierLink(
        session_id="2024-03-15-1", issue=1, date=Q1, outcome=road
    )
    assert not {e.session_id for e in earlier_issues(data_dir, exclude="2024-06-14-1")} - {
        "2024-03-15-1"
    }
