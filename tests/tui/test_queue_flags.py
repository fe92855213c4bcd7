"""What the chair must see of a queued speaker stays in view on a small screen: the flags
("trùng #1", "nêu lại") lead the topic when their column gives way, and the card of a
petition that comes back says what was concluded at the earlier meeting and where it stands."""

from __future__ import annotations

import datetime as dt

import pytest

from moderator.domain import commands
from moderator.domain.events import DuplicateRef, EarlierLink
from moderator.i18n import translate
from moderator.meeting import LiveMeeting
from moderator.tui import make_app
from moderator.tui.widgets.tables import RowTable
from tests.conftest import FakeClock
from tests.tui.helpers import main_screen
from tests.tui.test_snapshots import fill, speak
from tests.unit.test_link_flow import ROAD

# The road repair of an earlier meeting, due a month and a half before this one.
EARLIER = EarlierLink(
    session_id="2024-01-10-abc",
    issue=4,
    date=dt.date(2024, 1, 10),
    outcome=ROAD.model_copy(update={"due": dt.date(2024, 2, 1)}),
)


def flagged(meeting: LiveMeeting, clock: FakeClock) -> None:
    """Five waiting, one heard (issue 1); then a repeat of issue 1 and a petition that came
    back from an earlier meeting join the queue."""
    fill(meeting, clock)
    speak(meeting, clock, 30)
    meeting.do(commands.end_speech)
    meeting.do(
        commands.register_speaker,
        name="Đỗ Văn Giang",
        village="Thôn 3",
        topic="Sổ đỏ chậm",
        duplicate_of=DuplicateRef(issue=1),
    )
    meeting.do(
        commands.register_speaker,
        name="Vũ Thị Hoa",
        village="Thôn 4",
        topic="Đường liên thôn hỏng",
        earlier=EARLIER,
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_queue_flags_stay_in_view(
    meeting: LiveMeeting, clock: FakeClock, size: tuple[int, int]
) -> None:
    flagged(meeting, clock)
    app = make_app(meeting, bell=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        queue = main_screen(app).query_one("#queue", RowTable)
        lines = [queue.render_line(y).text for y in range(1, queue.row_count + 1)]
        repeat = next(line for line in lines if "Giang" in line)
        came_back = next(line for line in lines if "Hoa" in line)
        assert translate("tui_flag_duplicate_issue", "vi", number=1) in repeat
        assert translate("link_flag", "vi") in came_back
        if size[0] == 80:  # the flags column gave way: the flag leads the topic
            assert translate("tui_col_flags", "vi") not in queue.render_line(0).text
            assert "trùng #1 · " in repeat


async def test_the_card_of_a_petition_that_came_back(
    meeting: LiveMeeting, clock: FakeClock
) -> None:
    flagged(meeting, clock)
    for _ in range(5):  # the rest of the first five, then the repeat
        speak(meeting, clock, 30)
        meeting.do(commands.end_speech)
    speak(meeting, clock, 5)
    app = make_app(meeting, bell=False, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        note = str(main_screen(app).query_one("#speech-duplicate").render())
        assert "Raised at the meeting of 2024-01-10 (issue 4)" in note
        assert "assigned to Địa chính, due 2024-02-01" in note
        assert "days overdue" in note
