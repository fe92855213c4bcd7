"""A petition that comes back (issue 10, point 3), in the domain: a registration linked to an
earlier session's issue; the link recorded (``IssueLinked``) with the call or take-up that
brings the petition into an issue, as one action that one undo takes back; what the log
checker refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.events import (
    DuplicateRef,
    EarlierLink,
    EarlierOutcome,
    Event,
    IssueLinked,
    PetitionTakenUp,
    SpeechStarted,
    dump_event,
)
from moderator.domain.record import UnreadableEvent, fold_log
from moderator.domain.state import apply
from moderator.export.source import Context
from moderator.meeting import Recorded, read_session
from tests.conftest import FakeClock
from tests.unit.followup_helpers import Q1, Q2, Session

ROAD = EarlierOutcome(
    outcome="assigned",
    text="Sửa chữa tuyến đường liên thôn trước mùa mưa.",
    owner="Địa chính",
    due=dt.date(2024, 4, 30),
)
RUBBISH = EarlierOutcome(
    outcome="assigned",
    text="Thu gom rác bên suối",
    owner="Văn hóa - Xã hội",
    due=dt.date(2024, 4, 14),
    status="done",
    status_on=dt.date(2024, 4, 10),
    note="Đã dọn",
)
ROAD_LINK = EarlierLink(session_id="2024-03-15-1", issue=1, date=Q1, outcome=ROAD)
RUBBISH_LINK = EarlierLink(session_id="2024-03-15-1", issue=2, date=Q1, outcome=RUBBISH)


# -- the link recorded with the petition ---------------------------------------------------------


def call_linked(session: Session, command: object = commands.call_next, *args: object) -> Event:
    """What the screens' ``do_petition`` stores: the event, then the link it carried."""
    before = session.state
    event = session.do(command, *args)  # type: ignore[arg-type]
    link = commands.carried_link(before, event)
    if link is not None:
        session.state = apply(session.state, link)
        session.events.append(link)
    return event


def second_meeting(agenda: Agenda, clock: FakeClock) -> Session:
    clock.now = dt.datetime(2024, 6, 14, 1, 0, tzinfo=dt.UTC)
    return Session(agenda, clock, "2024-06-14-1", Q2)


def test_a_linked_registration_links_its_issue_when_called_and_one_undo_takes_both(
    agenda: Agenda,
) -> None:
    s = second_meeting(agenda, FakeClock())
    s.register("Hoàng Văn Em", topic="Duong lien thon van hong", earlier=ROAD_LINK)
    assert s.state.speaker(1).earlier == ROAD_LINK
    assert s.state.issues == ()
    seq = s.state.seq
    call_linked(s)
    assert [e.type for e in s.events[-2:]] == ["speech_started", "issue_linked"]
    (earlier,) = s.state.issue(1).earlier
    assert (earlier.session_id, earlier.issue, earlier.date, earlier.outcome) == (
        "2024-03-15-1",
        1,
        Q1,
        ROAD,
    )
    s.do(commands.undo)
    assert s.state.issues == () and s.state.queue == (1,) and s.state.current_speech is None
    assert s.state.seq == seq + 3  # both stay in the log; the undo compensates them at once
    # The documents see neither: the link went with the call it was stored with.
    recorded = Recorded(Path("s.json"), {}, tuple(s.events), s.state)
    assert [e.type for e in Context.of(recorded, "vi").effective][-1] == "speaker_registered"
    call_linked(s)
    assert s.state.issue(1).earlier[0].outcome == ROAD


def test_a_petition_joining_an_issue_already_linked_adds_no_second_link(agenda: Agenda) -> None:
    s = second_meeting(agenda, FakeClock())
    s.register("A", topic="Đường liên thôn vẫn hỏng", earlier=ROAD_LINK)
    call_linked(s)
    s.do(commands.end_speech)
    s.register("B", topic="Đường hỏng", earlier=ROAD_LINK)
    s.do(commands.mark_duplicate, 2, DuplicateRef(issue=1))
    before = len(s.events)
    event = call_linked(s)
    assert isinstance(event, SpeechStarted) and not event.new_issue
    assert len(s.events) == before + 1
    assert len(s.state.issue(1).earlier) == 1


def test_a_petition_taken_up_in_writing_carries_its_link(agenda: Agenda) -> None:
    s = second_meeting(agenda, FakeClock())
    s.register("C", topic="Rác thải bên suối", earlier=RUBBISH_LINK)
    s.goto("conclusion")
    event = call_linked(s, commands.take_up_petition, 1)
    assert isinstance(event, PetitionTakenUp) and event.new_issue
    assert s.state.issue(1).earlier[0].outcome == RUBBISH
    s.do(commands.undo)
    assert s.state.issues == () and s.state.queue == (1,)


def test_a_registration_links_only_to_an_earlier_session(agenda: Agenda) -> None:
    s = second_meeting(agenda, FakeClock())
    for bad in (
        ROAD_LINK.model_copy(update={"session_id": "2024-06-14-1"}),
        ROAD_LINK.model_copy(update={"date": Q2 + dt.timedelta(days=1)}),
    ):
        with pytest.raises(DomainError) as refused:
            s.register("D", earlier=bad)
        assert refused.value.key == "link_not_earlier"


def test_the_stored_link_reads_back_and_a_misplaced_one_is_refused(agenda: Agenda) -> None:
    s = second_meeting(agenda, FakeClock())
    s.register("Hoàng Văn Em", earlier=ROAD_LINK)
    call_linked(s)
    raw = [dump_event(e) for e in s.events]
    *_, state = (after for _, after in fold_log(raw))
    assert state.issue(1).earlier == s.state.issue(1).earlier
    assert state.last_action == s.state.last_action
    # A link "stored with a petition" that follows something other than an action in effect.
    s.do(commands.end_speech)
    s.do(commands.undo)
    stray = IssueLinked(
        seq=s.state.seq + 1,
        at=s.clock(),
        issue=1,
        earlier_session="2024-03-15-1",
        earlier_issue=2,
        earlier_date=Q1,
        with_petition=True,
    )
    raw = [dump_event(e) for e in (*s.events, stray)]
    with pytest.raises(UnreadableEvent, match="does not follow"):
        list(fold_log(raw))
    own = {**raw[-1], "with_petition": False, "earlier_session": "2024-06-14-1"}
    with pytest.raises(UnreadableEvent, match="own session"):
        list(fold_log([*raw[:-1], own]))


def test_the_meeting_stores_a_carried_link_whoever_calls(
    agenda: Agenda, data_dir: Path, clock: FakeClock
) -> None:
    """The domain rule lives in ``LiveMeeting.do``: the screens, the tests and the scripts that
    call a linked petition all store its link, in the same batch as the call."""
    from tests.conftest import create_meeting

    with create_meeting(data_dir, agenda, "2024-06-14-1", date=Q2, clock=clock) as meeting:
        meeting.do(commands.next_step)
        meeting.do(
            commands.register_speaker, name="Em", village="Thôn 2", topic="Đường", earlier=ROAD_LINK
        )
        called = meeting.do(commands.call_next)
        path = meeting.log.path
    stored = read_session(path)
    assert [e.type for e in stored.events[-2:]] == ["speech_started", "issue_linked"]
    assert stored.events[-2] == called
    assert stored.state.issue(1).earlier[0].session_id == "2024-03-15-1"
