"""The follow-up of conclusions across sessions, from a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from moderator.domain import followup
from moderator.domain.agenda import Agenda
from tests.conftest import FakeClock
from tests.unit.followup_helpers import Q1, first_quarter, second_quarter

TODAY = dt.date(2024, 6, 20)


def _sessions(agenda: Agenda) -> list:
    clock = FakeClock()
    return [first_quarter(agenda, clock).state, second_quarter(agenda, clock).state]


def test_overdue_first_with_days_late_from_a_fixed_clock(agenda: Agenda) -> None:
    found = followup.items(_sessions(agenda), TODAY)
    keys = [(i.session_id, i.issue) for i in found]
    # Issue 1 of Q1 was due 30/04 and never updated: 51 days late on 20/06, first.
    assert keys[0] == ("2024-03-15-1", 1)
    assert found[0].overdue_days == 51
    assert found[0].due == dt.date(2024, 4, 30) and found[0].due_given
    # Then the open one (Q2, due 31/07), then the settled ones and the answer at the meeting.
    assert keys[1] == ("2024-06-14-1", 1)
    assert found[1].overdue_days == 0
    by_key = {(i.session_id, i.issue): i for i in found}
    default = by_key[("2024-03-15-1", 2)]
    assert default.due == Q1 + dt.timedelta(days=30) and not default.due_given
    assert default.status == "done" and default.late_days == 0
    forwarded = by_key[("2024-03-15-1", 3)]
    assert forwarded.owner == "UBND huyện"
    assert forwarded.status == "forwarded_answered" and forwarded.late_days == 5
    answered = by_key[("2024-03-15-1", 4)]
    assert answered.due is None and answered.answered_at_meeting and not answered.overdue_days
    # The same archive a day earlier, before the Q1 due date: nothing is overdue.
    assert not any(i.overdue_days for i in followup.items(_sessions(agenda), dt.date(2024, 4, 30)))


def test_filters(agenda: Agenda) -> None:
    found = followup.items(_sessions(agenda), TODAY)

    def keys(**wanted: str) -> list[tuple[str, int]]:
        return [i.key for i in followup.matching(found, followup.Filter(**wanted))]  # type: ignore[arg-type]

    assert keys(owner="dia chinh") == [("2024-03-15-1", 1), ("2024-06-14-1", 1)]
    assert keys(area="moi truong") == [("2024-03-15-1", 2)]
    assert keys(area="gpmb") == [("2024-03-15-1", 3)]
    assert keys(village="thon 5") == [("2024-03-15-1", 2), ("2024-03-15-1", 3)]
    assert keys(status="overdue") == [("2024-03-15-1", 1)]
    assert keys(status="open") == [("2024-03-15-1", 1), ("2024-06-14-1", 1)]
    assert keys(status="done") == [("2024-03-15-1", 2)]
    assert keys(status="none", session="2024-03") == [("2024-03-15-1", 1), ("2024-03-15-1", 4)]


def test_the_year_in_figures(agenda: Agenda) -> None:
    sessions = _sessions(agenda)
    year = followup.in_period(sessions, followup.Period.year(2024))
    figures = followup.figures(year, TODAY)
    assert figures.sessions == 2 and figures.petitions == 5
    assert dict(figures.by_area)["dat_dai"] == 2
    assert dict(figures.by_village) == {"Thôn 2": 2, "Thôn 5": 2, "Thôn 7": 1}
    assert figures.issues == 5 and figures.concluded == 5 and figures.answered_at_meeting == 1
    assert figures.tracked == 4
    assert (figures.done_on_time, figures.done_late, figures.overdue, figures.open) == (1, 1, 1, 1)
    assert dict(figures.speaking_by_village)["Thôn 5"] == 180
    assert dict(figures.speaking_by_area)["dat_dai"] == 180
    assert figures.came_back == 1
    assert followup.figures(followup.in_period(sessions, followup.Period.year(2023)), TODAY) == (
        followup.figures([], TODAY)
    )
    q2 = followup.in_period(sessions, followup.Period(dt.date(2024, 4, 1), None))
    assert [s.session_id for s in q2] == ["2024-06-14-1"]


def test_notices_due_from_the_agenda(agenda: Agenda) -> None:
    sessions = _sessions(agenda)
    assert agenda.deadlines.notice_days == 15
    due = followup.notices_due(sessions, TODAY)
    assert [(n.session_id, n.due, n.days_left) for n in due] == [
        ("2024-06-14-1", dt.date(2024, 6, 29), 9)
    ]
    late = followup.notice_due(sessions[1], dt.date(2024, 7, 1))
    assert late is not None and late.days_left == -2


def test_history_of_a_petition_that_came_back(agenda: Agenda) -> None:
    sessions = _sessions(agenda)
    entries = followup.history(sessions, "2024-03-15-1", 3)
    assert [e.kind for e in entries] == ["raised", "concluded", "progress"]
    assert entries[-1].status == "forwarded_answered"
    back = followup.history(sessions, "2024-03-15-1", 1)
    assert [e.kind for e in back] == ["raised", "concluded", "came_back"]
    assert back[-1].session_id == "2024-06-14-1" and "Hoàng Văn Em" in back[-1].who
    assert followup.history(sessions, "nope", 1) == []


def test_a_linked_issue_folds_undoes_and_shows_in_the_history(agenda: Agenda) -> None:
    from moderator.domain import commands
    from moderator.domain.errors import DomainError
    from tests.unit.followup_helpers import Q2

    clock = FakeClock()
    q1 = first_quarter(agenda, clock)
    q2 = second_quarter(agenda, clock)
    link = {"earlier_session": "2024-03-15-1", "earlier_issue": 3, "earlier_date": Q1}
    q2.do(commands.link_issue, issue=1, **link)
    (earlier,) = q2.state.issue(1).earlier
    assert (earlier.session_id, earlier.issue, earlier.date) == ("2024-03-15-1", 3, Q1)
    for bad, key in (
        ({**link}, "link_exists"),
        ({**link, "earlier_session": "2024-06-14-1"}, "link_not_earlier"),
        ({**link, "earlier_date": Q2 + dt.timedelta(days=1)}, "link_not_earlier"),
    ):
        with pytest.raises(DomainError) as refused:
            q2.do(commands.link_issue, issue=1, **bad)
        assert refused.value.key == key
    sessions = [q1.state, q2.state]
    entries = followup.history(sessions, "2024-03-15-1", 3)
    assert entries[-1].kind == "came_back" and entries[-1].session_id == "2024-06-14-1"
    own = followup.history(sessions, "2024-06-14-1", 1)
    assert own[0].kind == "earlier" and own[0].session_id == "2024-03-15-1"
    q2.do(commands.undo)
    assert q2.state.issue(1).earlier == ()
    after = followup.history([q1.state, q2.state], "2024-03-15-1", 3)
    assert "came_back" not in [e.kind for e in after]
