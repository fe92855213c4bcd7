"""A real session file for the session-reader tests: written by LiveMeeting, closed and compact."""

from __future__ import annotations

from pathlib import Path

from moderator.domain import commands
from moderator.domain.agenda import DEFAULT_AGENDA, load_agenda
from tests.conftest import FakeClock, create_meeting

SESSION_ID = "2024-03-15-1"


def write_session(data_dir: Path, *, close: bool = False) -> Path:
    """A session with speakers, speeches, a paused and extended turn, an issue with a responder,
    a response, a conclusion, a note and an undo."""
    agenda = load_agenda(DEFAULT_AGENDA)
    clock = FakeClock()
    meeting = create_meeting(
        data_dir,
        agenda,
        SESSION_ID,
        place="Hội trường UBND xã",
        chair="Chủ tịch UBND xã",
        clock=clock,
    )
    with meeting:
        meeting.do(commands.next_step)
        for name, topic in [
            ("Nguyễn Văn An", "Đường liên thôn xuống cấp"),
            ("Trần Thị Bình", "Cấp giấy chứng nhận quyền sử dụng đất chậm"),
            ("Lê Văn Cường", "Đường liên thôn xuống cấp nghiêm trọng"),
        ]:
            meeting.do(commands.register_speaker, name=name, village="Thôn 2", topic=topic)
            clock.advance(30)
        meeting.do(commands.call_next)
        clock.advance(40)
        meeting.do(commands.pause_speech)
        clock.advance(10)
        meeting.do(commands.resume_speech)
        meeting.do(commands.extend_speech, 30)
        clock.advance(60)
        meeting.do(commands.end_speech)
        meeting.do(commands.call_next)
        clock.advance(90)
        meeting.do(commands.end_speech)
        meeting.do(commands.assign_responder, 1, responder="Phó Chủ tịch UBND xã")
        meeting.do(commands.record_response, 1, summary="Sẽ sửa trong quý II")
        meeting.do(
            commands.record_conclusion, issue=1, outcome="noted", text="Ghi nhận, sửa trong quý II"
        )
        meeting.do(commands.add_note, "Mất điện 5 phút")
        meeting.do(commands.add_note, "ghi nhầm")
        meeting.do(commands.undo)
        if close:
            meeting.do(commands.close_session)
    return data_dir / f"{SESSION_ID}.json"
