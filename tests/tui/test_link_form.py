"""A petition that comes back, on the live screen: the add-speaker form shows what became of
the earlier session's issue the typed topic matches, the chair links the registration to it,
and the link is in the session's log on disk once the petition is called (undone with it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.events import EarlierLink
from moderator.meeting import LiveMeeting, read_session
from moderator.tui import make_app
from moderator.tui.app import ModeratorApp
from moderator.tui.screens.forms import AddSpeakerForm
from moderator.tui.widgets.tables import RowTable
from tests.conftest import FakeClock
from tests.tui.conftest import open_meeting
from tests.tui.helpers import Notes, logged_types, shown, type_text
from tests.unit.followup_helpers import write_archive

TODAY = dt.datetime(2024, 6, 14, 1, 0, tzinfo=dt.UTC)  # 08:00 in the commune


def third_meeting(data_dir: Path, agenda: Agenda, clock: FakeClock) -> LiveMeeting:
    """A live meeting the day of the second one, beside the two sessions of the archive: the
    first concluded "Đường liên thôn xuống cấp" (Địa chính, due 30/04/2024, no report)."""
    write_archive(data_dir, agenda)
    clock.now = TODAY
    return LiveMeeting.create(
        data_dir,
        "2024-06-14-2",
        agenda=agenda,
        date=dt.date(2024, 6, 14),
        place="Nhà văn hoá thôn 2",
        chair="Diêm Đăng Nghiệp",
        clock=clock,
    )


async def indexed(app: ModeratorApp, pilot: Pilot[None]) -> None:
    """The earlier sessions are indexed by a worker started after the first frame."""
    for _ in range(200):
        if app.matcher is not None:
            return
        await pilot.pause(0.05)
    raise AssertionError("the earlier sessions were not indexed within 10 s")


async def binh_types(app: ModeratorApp, pilot: Pilot[None], topic: str) -> None:
    """Once the earlier sessions are indexed, the chair opens the add-speaker form and types
    Trần Văn Bình of thôn 2 and ``topic``, all without diacritics."""
    await indexed(app, pilot)
    await pilot.press("a")
    await type_text(pilot, "Tran Van Binh")
    await pilot.press("tab")
    await type_text(pilot, "thon 2")
    await pilot.press("tab", "tab")
    await type_text(pilot, topic)
    await pilot.pause()


async def test_the_form_shows_the_earlier_outcome_and_links_the_petition(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    meeting = third_meeting(data_dir, agenda, clock)
    app = make_app(meeting, data_dir=data_dir)
    notes = Notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await binh_types(app, pilot, "duong lien thon xuong cap qua")
        form = app.screen
        assert isinstance(form, AddSpeakerForm)
        earlier = shown(app, "#similar-earlier")
        assert earlier.startswith(
            "Phiên ngày 15/03/2024, kiến nghị số 1: đã kết luận ngày 15/03/2024"
        )
        assert "giao Địa chính, hạn 30/04/2024; chưa có báo cáo, quá hạn 45 ngày" in earlier
        assert form.query_one("#similar-earlier").region.height  # in view at 80×24
        assert "liên kết" in shown(app, "#similar-choice")
        # Tab into the list, down to the earlier session's issue: Enter will link.
        await pilot.press("tab")
        options = form.query_one("#similar", OptionList)
        assert app.focused is options

        def on_first_session() -> bool:
            chosen = options.highlighted
            return bool(chosen) and form.similar[chosen - 1].session_id == "2024-03-15-1"

        for _ in form.similar:
            if on_first_session():
                break
            await pilot.press("down")
        assert on_first_session()
        assert "LIÊN KẾT với kiến nghị số 1 của hội nghị ngày 15/03/2024" in shown(
            app, "#similar-choice"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AddSpeakerForm)
        speaker = meeting.state.speaker(1)
        assert speaker.earlier is not None and speaker.earlier.issue == 1
        assert speaker.earlier.outcome is not None and speaker.earlier.outcome.owner == "Địa chính"
        assert any("Đã liên kết Tran Van Binh với kiến nghị số 1" in text for text, _ in notes.seen)

        await pilot.press("n")
        assert logged_types(app)[-2:] == ["speech_started", "issue_linked"]
        (link,) = meeting.state.issue(1).earlier
        assert (link.session_id, link.issue, link.date) == ("2024-03-15-1", 1, dt.date(2024, 3, 15))
        await pilot.press("ctrl+z")  # one key, one undo: the call and its link
        assert meeting.state.issues == () and meeting.state.queue == (1,)
        await pilot.press("n")
    path = meeting.log.path
    meeting.close()
    stored = read_session(path)
    assert [e.type for e in stored.events][-4:] == [
        "issue_linked",
        "action_undone",
        "speech_started",
        "issue_linked",
    ]
    (again,) = stored.state.issue(1).earlier
    assert again.outcome is not None and again.outcome.due == dt.date(2024, 4, 30)


async def test_a_registration_not_linked_is_not_linked(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    meeting = third_meeting(data_dir, agenda, clock)
    app = make_app(meeting, data_dir=data_dir, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await binh_types(app, pilot, "duong lien thon xuong cap")
        assert "assigned to Địa chính, due 2024-04-30; no report yet, 45 days overdue" in shown(
            app, "#similar-earlier"
        )
        assert shown(app, "#similar-choice").startswith("→ Enter: record as a new issue.")
        await pilot.press("enter")
        await pilot.press("n")
    assert meeting.state.speaker(1).earlier is None
    assert meeting.state.issue(1).earlier == ()
    assert "issue_linked" not in logged_types(app)
    meeting.close()


async def test_the_secretary_takes_up_a_linked_petition_in_the_replay(
    data_dir: Path, agenda: Agenda, clock: FakeClock
) -> None:
    """The take-up is shared by the live screen and the replay: the link goes with it."""
    from moderator.tui.replay_app import make_replay_app
    from moderator.tui.screens.forms import ConclusionForm
    from moderator.tui.screens.replay import ReplayScreen

    meeting = open_meeting(data_dir, agenda, clock)
    link = EarlierLink(session_id="2023-12-01-1", issue=4, date=dt.date(2023, 12, 1))
    meeting.do(
        commands.register_speaker, name="Lò Văn A", village="Thôn 1", topic="Nước", earlier=link
    )
    while meeting.state.step is not None and meeting.state.step.kind != "closing":
        meeting.do(commands.next_step)
    meeting.do(commands.close_session)
    path = meeting.log.path
    meeting.close()

    app = make_replay_app(path, clock=FakeClock(clock.now + dt.timedelta(days=2)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("end")
        screen.query_one("#queue", RowTable).focus()
        assert screen.selected_speaker() == 1
        await pilot.press("u")
        assert isinstance(app.screen, ConclusionForm)
        await pilot.press("escape")
    stored = read_session(path)
    assert [e.type for e in stored.events[-2:]] == ["petition_taken_up", "issue_linked"]
    (earlier,) = stored.state.issue(1).earlier
    assert (earlier.session_id, earlier.issue, earlier.outcome) == ("2023-12-01-1", 4, None)
