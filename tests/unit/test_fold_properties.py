"""Property tests: random command sequences never break the fold or its invariants, and
folding the log (through its stored JSON form) gives exactly the live state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderator.domain import commands, queries
from moderator.domain.agenda import Agenda
from moderator.domain.errors import DomainError
from moderator.domain.events import (
    ActionUndone,
    DuplicateRef,
    dump_event,
    parse_event,
)
from moderator.domain.state import MeetingState, apply, fold
from tests.conftest import FakeClock
from tests.unit.meeting_helpers import Driver

NAMES = ["Nguyễn Văn A", "nguyen van a", "Trần Thị B", "[bold]C[/]"]
VILLAGES = ["Thôn 1", "thon 2", "Thôn 12"]
AREAS = ["", "dat_dai", "Vệ sinh môi trường", "khac"]
OUTCOMES = ["answered", "assigned", "forwarded", "noted"]

small = st.integers(min_value=1, max_value=6)
action = st.one_of(
    st.tuples(
        st.just("register"),
        st.sampled_from(NAMES),
        st.sampled_from(VILLAGES),
        st.sampled_from(AREAS),
        st.integers(0, 4),
    ),
    st.tuples(st.just("withdraw"), small),
    st.tuples(st.just("move"), small, st.integers(0, 5)),
    st.tuples(st.just("readd"), small),
    st.tuples(st.just("mark"), small, st.integers(0, 4)),
    st.tuples(st.just("call_next")),
    st.tuples(st.just("petition"), small),
    st.tuples(st.just("response"), small),
    st.tuples(st.just("pause")),
    st.tuples(st.just("extend"), st.sampled_from([30, -30, -400])),
    st.tuples(st.just("end")),
    st.tuples(st.just("next_step")),
    st.tuples(st.just("previous_step")),
    st.tuples(st.just("assign"), small),
    st.tuples(st.just("answer"), small),
    st.tuples(st.just("conclude"), st.integers(0, 4), st.sampled_from(OUTCOMES)),
    st.tuples(st.just("note")),
    st.tuples(
        st.just("import"),
        st.lists(
            st.tuples(st.sampled_from(NAMES), st.sampled_from(VILLAGES), st.sampled_from(AREAS)),
            min_size=1,
            max_size=5,
        ),
        st.booleans(),
    ),
    st.tuples(st.just("undo")),
    st.tuples(st.just("close")),
)
steps = st.lists(st.tuples(action, st.integers(0, 400)), max_size=60)


def run(m: Driver, act: tuple[Any, ...]) -> None:
    kind, *args = act
    match kind:
        case "register":
            name, village, area, dup = args
            ref = DuplicateRef(speaker=dup) if 0 < dup <= len(m.state.speakers) else None
            m.do(
                commands.register_speaker,
                name=name,
                village=village,
                topic="t " + name,
                area=area,
                duplicate_of=ref,
            )
        case "withdraw":
            m.do(commands.withdraw_speaker, args[0])
        case "move":
            m.do(commands.move_speaker, *args)
        case "readd":
            m.do(commands.readd_speaker, args[0])
        case "mark":
            m.do(commands.mark_duplicate, args[0], DuplicateRef(issue=args[1]) if args[1] else None)
        case "call_next":
            m.do(commands.call_next)
        case "petition":
            m.do(commands.start_petition, args[0])
        case "response":
            m.do(commands.start_response, args[0])
        case "pause":
            m.do(commands.toggle_pause)
        case "extend":
            m.do(commands.extend_speech, args[0])
        case "end":
            m.do(commands.end_speech)
        case "next_step":
            m.do(commands.next_step)
        case "previous_step":
            m.do(commands.previous_step)
        case "assign":
            m.do(commands.assign_responder, args[0], "Phó Chủ tịch")
        case "answer":
            m.do(commands.record_response, args[0], "Trả lời")
        case "conclude":
            issue, outcome = args
            m.do(
                commands.record_conclusion,
                issue=issue or None,
                outcome=outcome,
                text="KL",
                owner="Địa chính",
                forwarded_to="UBND huyện",
            )
        case "note":
            m.do(commands.add_note, "ghi chú")
        case "import":
            rows, flagged = args
            petitions = [
                commands.PetitionRow(line, name, village, "t " + name, area)
                for line, (name, village, area) in enumerate(rows, start=2)
            ]

            def flag(rows: Sequence[tuple[int, str, str | None]]) -> list[commands.Flags]:
                # Each even registration repeats the one before it (in the session or the rows).
                return [
                    (DuplicateRef(speaker=n - 1) if flagged and n % 2 == 0 else None, ())
                    for n, _, _ in rows
                ]

            event = commands.import_petitions(m.state, m.clock(), petitions, flag)
            if event is None:  # every row already in the session
                raise DomainError("nothing_new")
            before, m.state = m.state, apply(m.state, event)
            m.events.append(event)
            numbers = tuple(r.speaker for r in event.registrations)
            assert m.state.queue == before.queue + numbers
            assert m.state.speakers[: len(before.speakers)] == before.speakers
            assert [s.number for s in m.state.speakers[len(before.speakers) :]] == list(numbers)
        case "undo":
            m.do(commands.undo)
        case "close":
            m.do(commands.close_session)


def check_invariants(state: MeetingState) -> None:
    numbers = [s.number for s in state.speakers]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(set(state.queue)) == len(state.queue)
    assert all(1 <= n <= len(state.speakers) for n in state.queue)
    assert [i.number for i in state.issues] == list(range(1, len(state.issues) + 1))
    assert [s.number for s in state.speeches] == list(range(1, len(state.speeches) + 1))
    assert sum(1 for s in state.speeches if s.running) <= 1
    assert all(not s.running for s in state.speeches[:-1])
    raised = [n for issue in state.issues for n in issue.raised_by]
    assert len(raised) == len(set(raised)), "a speaker supports one issue"
    current = state.current_speech
    assert current is None or current.speaker not in state.queue, "the speaker is not waiting"
    for speech in state.speeches:
        assert speech.paused_seconds >= 0
        assert speech.allowed_seconds >= 0
    if state.closed:
        assert state.current_speech is None
    if state.last_action is not None:
        assert state.last_action <= state.seq
    for speaker in state.speakers:
        ref = speaker.duplicate_of
        assert ref is None or ref.speaker is None or ref.speaker < speaker.number


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=steps)
def test_random_sessions_fold_cleanly(agenda: Agenda, script: list[tuple[Any, int]]) -> None:
    m = Driver(agenda, FakeClock())
    after = {m.state.seq: m.state}  # the state each event left
    for act, seconds in script:
        m.clock.advance(seconds)
        try:
            run(m, act)
        except DomainError:
            continue
        event = m.events[-1]
        if isinstance(event, ActionUndone):  # an undo (of an import too) restores the state
            assert m.state == replace(after[event.target - 1], seq=event.seq)
        after[m.state.seq] = m.state
        check_invariants(m.state)
        speech = m.state.current_speech
        if speech is not None:
            assert speech.elapsed(m.clock.now) >= 0
        assert queries.meeting_elapsed(m.state, m.clock.now) >= 0
    stored = [parse_event(dump_event(e)) for e in m.events]
    assert stored == m.events
    assert fold(stored) == m.state
