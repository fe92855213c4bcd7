"""A small driver for domain tests: run a command at the fake clock's time and fold it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from moderator.domain import commands
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.events import Event
from moderator.domain.state import MeetingState, apply
from tests.conftest import FakeClock


class Driver:
    def __init__(self, agenda: Agenda, clock: FakeClock, **opening: Any) -> None:
        """Opens session 2024-03-15-1; ``opening`` adds to or replaces what it is opened with."""
        self.clock = clock
        self.events: list[Event] = []
        self.state = MeetingState()
        opened: dict[str, Any] = {
            "session_id": "2024-03-15-1",
            "agenda": agenda,
            "date": dt.date(2024, 3, 15),
            "place": "Hội trường UBND xã Trung Sơn",
            "chair": "Diêm Đăng Nghiệp",
            "attendance": 120,
        }
        self.do(commands.open_session, **(opened | opening))

    def do(self, command: Callable[..., Event], *args: Any, **kwargs: Any) -> Event:
        event = command(self.state, self.clock(), *args, **kwargs)
        self.state = apply(self.state, event)
        self.events.append(event)
        return event

    def register(self, name: str, topic: str = "Đường liên thôn xuống cấp", **kw: Any) -> int:
        kw.setdefault("village", "Thôn 2")
        self.do(commands.register_speaker, name=name, topic=topic, **kw)
        return len(self.state.speakers)

    def register_rows(self, rows: Iterable[commands.PetitionRow]) -> None:
        """Each written petition registered by hand, as typed in the import's rows."""
        for row in rows:
            self.register(
                row.name,
                row.topic,
                village=row.village,
                area=row.area,
                organisation=row.organisation,
                source="written",
            )

    def goto(self, step: str) -> None:
        agenda = self.state.agenda
        assert agenda is not None
        while self.state.step is not None and self.state.step.id != step:
            current = agenda.step_index(self.state.step.id)
            target = agenda.step_index(step)
            self.do(commands.next_step if target > current else commands.previous_step)

    def speak(self, seconds: float = 60) -> None:
        """Call the next speaker and let them speak for ``seconds``."""
        self.do(commands.call_next)
        self.clock.advance(seconds)
        self.do(commands.end_speech)

    def present(self, speaker: int, seconds: float) -> None:
        """Registration ``speaker`` presents their petition for ``seconds``."""
        self.do(commands.start_petition, speaker)
        self.clock.advance(seconds)
        self.do(commands.end_speech)


def expect(key: str, m: Driver, command: object, *args: object, **kwargs: object) -> None:
    """The command is refused with ``key`` and the state is left as it was."""
    before = m.state
    with pytest.raises(DomainError) as raised:
        m.do(command, *args, **kwargs)  # type: ignore[arg-type]
    assert raised.value.key == key
    assert m.state is before
