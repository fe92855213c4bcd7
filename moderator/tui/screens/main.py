"""The live meeting: the meeting's panels and every key of the chair's table (declared once in
``moderator.tui.actions``; the flows it shares with the replay are in ``flows``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import work

from moderator.domain import commands, queries
from moderator.domain.errors import DomainError
from moderator.domain.events import DuplicateRef, EarlierLink, Suggestion
from moderator.domain.localtime import local
from moderator.domain.state import MeetingState
from moderator.i18n import link as earlier_words
from moderator.i18n.durations import duration
from moderator.meeting import LiveMeeting
from moderator.store.errors import StoreError
from moderator.tui.actions import LIVE_COMMANDS
from moderator.tui.screens.flows import RecordScreen
from moderator.tui.screens.forms import (
    AddSpeakerForm,
    DuplicateForm,
    LinkEarlier,
    Registration,
    SuggestTopics,
)
from moderator.tui.widgets.tables import RowTable

BEAT_SECONDS = 2.0
"""How often the live screen leaves its sign of life beside the session: an interruption is
measured from the last one."""

SPEAKING_STEPS = ("petitions", "floor")
"""The kinds of step in which petitions are presented."""

LISTED_ISSUES = 10
"""Issue numbers named in the closing question before "…"."""


class MainScreen(RecordScreen):
    """The live meeting: every command of the chair's table, stored before it shows."""

    COMMAND_LIST = LIVE_COMMANDS
    # The action runs as soon as its key is read, before the keys typed after it, so "a"
    # then a name at full speed opens the form before the name arrives (the app holds those
    # keys until the form is ready). The screen has no text field of its own for them.
    KEYS_FIRST = True

    def __init__(
        self,
        meeting: LiveMeeting,
        *,
        lang: str = "vi",
        suggest: Callable[
            [MeetingState, str, str], tuple[DuplicateRef | None, tuple[Suggestion, ...]]
        ]
        | None = None,
        link: LinkEarlier | None = None,
        bell: bool = True,
    ) -> None:
        super().__init__(lang=lang, bell=bell)
        self.meeting = meeting
        self.suggest = suggest
        self.link = link

    def snapshot(self) -> tuple[MeetingState, dt.datetime]:
        return self.meeting.state, self.meeting.clock()

    def record_now(self) -> tuple[MeetingState, dt.datetime]:
        return self.snapshot()

    def writer(self) -> LiveMeeting:
        return self.meeting

    # -- the meeting's time ----------------------------------------------------------------------

    def on_mount(self) -> None:
        # Runs before MeetingView's on_mount (Textual calls the subclass's handler first), so
        # the first drawing already counts the meeting from its start.
        self.open_meeting()
        self.set_interval(BEAT_SECONDS, self.beat)

    def open_meeting(self) -> None:
        """The meeting starts when the screen first shows it; back after the program was
        gone, the gap is recorded (no speaker is charged for it) and said on screen."""
        try:
            gap = self.meeting.open_meeting()
        except DomainError as error:
            self.refused(error)
            return
        except (StoreError, OSError) as error:
            self.write_failed(error, self.STORE_FAILED)
            return
        if gap is not None:
            self.notify(
                self.tr("flow_resumed", duration=duration(gap, self.lang, to_minute=True)),
                severity="warning",
                timeout=20,
                markup=False,
            )

    @work(thread=True, exclusive=True, group="beat", exit_on_error=False)
    def beat(self) -> None:
        """A file write off the event loop: a slow disk never holds up a keypress."""
        if not self.meeting.state.closed:
            self.meeting.beat()

    # -- what applies now ----------------------------------------------------------------------

    def applies(self, action: str) -> bool:  # noqa: C901 - one rule per command
        state = self.meeting.state
        live = state.opened and not state.closed
        speech = state.current_speech
        step = state.step
        agenda = state.agenda
        index = agenda.step_index(step.id) if agenda and step else 0
        speaker = self.selected_speaker()
        if action == "add_speaker":
            return live
        if action == "call_next":
            target = self.response_target() if self.responses_mode else bool(state.queue)
            return live and speech is None and bool(target)
        if action == "skip_response":
            return live and speech is None and self.selected_awaiting() is not None
        if action == "take_up":
            in_conclusion = step is not None and step.kind == "conclusion"
            return live and speech is None and in_conclusion and speaker is not None
        if action in ("toggle_pause", "end_speech", "extend", "shorten"):
            return live and speech is not None
        if action == "next_step":
            return live and speech is None and agenda is not None and index + 1 < len(agenda.steps)
        if action == "previous_step":
            return live and speech is None and index > 0
        if action == "close_session":
            return live and speech is None and agenda is not None and index + 1 == len(agenda.steps)
        if action == "assign_responder":
            return state.opened and self.selected_issue() is not None
        if action == "conclude":
            return state.opened and (
                self.selected_issue() is not None
                or (step is not None and step.kind == "conclusion")
            )
        if action in ("duplicate", "withdraw"):
            return live and speaker is not None
        if action in ("move_up", "move_down"):
            if not live:
                return False
            selected = self.selected_awaiting()
            if selected is not None:
                number, order = selected
            elif speaker is not None:
                number, order = speaker, list(state.queue)
            else:
                return False
            position = order.index(number)
            return position > 0 if action == "move_up" else position + 1 < len(order)
        if action == "note":
            return state.opened
        if action == "undo":
            return state.last_action is not None
        return True

    # -- actions -------------------------------------------------------------------------------

    def action_add_speaker(self) -> None:
        def check(form: Registration) -> str | None:
            return self.dry(commands.register_speaker, **_registration(form))

        suggest: SuggestTopics | None = None
        if self.suggest is not None:
            find = self.suggest

            def suggest(
                topic: str, area: str
            ) -> tuple[DuplicateRef | None, tuple[Suggestion, ...]]:
                return find(self.meeting.state, topic, area)

        form = AddSpeakerForm(
            self.tr,
            self.meeting.state,
            suggest=suggest,
            link=self.link,
            today=local(self.meeting.clock()).date(),
            check=check,
        )
        self.app.push_screen(form, self._registered)

    def _registered(self, form: Registration | None) -> None:
        if form is None:
            return
        waiting = queries.already_waiting(self.meeting.state, form.name, form.village)
        if self.do(commands.register_speaker, **_registration(form)) is None:
            return
        if form.earlier is not None:
            self._said_linked(form.name, form.earlier)
        if waiting is not None:
            self.notify(
                self.tr("tui_already_waiting", name=waiting.name, number=waiting.number),
                severity="warning",
                markup=False,
            )

    def _said_linked(self, name: str, link: EarlierLink) -> None:
        date = earlier_words.date(link.date, self.tr)
        text = self.tr("link_registered", name=name, number=link.issue, date=date)
        self.notify(text, markup=False)

    def response_target(self) -> int | None:
        """Whom ``n`` calls in the responses step: the selected issue (awaiting, or skipped
        and called again), else the first awaiting."""
        selected = self.selected_response()
        if selected is not None:
            return selected
        awaiting = queries.awaiting_response(self.meeting.state)
        return awaiting[0].number if awaiting else None

    def action_call_next(self) -> None:
        if not self.responses_mode:
            self.do(commands.call_next)
            return
        issue = self.response_target()
        if issue is not None:
            self.do(commands.start_response, issue)

    def action_skip_response(self) -> None:
        selected = self.selected_awaiting()
        if selected is not None and self.do(commands.skip_response, selected[0]) is not None:
            self.notify(self.tr("flow_skipped", number=selected[0]), markup=False)
            self.query_one("#queue", RowTable).move_cursor(row=0)

    def action_toggle_pause(self) -> None:
        self.do(commands.toggle_pause)

    def action_end_speech(self) -> None:
        speech = self.meeting.state.current_speech
        if self.do(commands.end_speech) is None or speech is None:
            return
        if speech.kind == "response" and speech.issue is not None:
            self.open_answer(speech.issue)

    def answered(self, issue: int, given: bool) -> None:
        """No answer: then the issue was not answered at the meeting (a skip of its own,
        never an empty answer)."""
        if (
            not given
            and self.dry(commands.skip_response, issue) is None
            and self.do(commands.skip_response, issue) is not None
        ):
            self.notify(self.tr("flow_skipped_empty", number=issue), markup=False)
        # The chair's order goes on from its top, whichever row was called.
        self.query_one("#queue", RowTable).move_cursor(row=0)

    def action_extend(self) -> None:
        self.do(commands.extend_speech, commands.EXTEND_STEP_SECONDS)

    def action_shorten(self) -> None:
        self.do(commands.extend_speech, -commands.EXTEND_STEP_SECONDS)

    def action_next_step(self) -> None:
        """Out of the speaking steps, the petitions still waiting are named with what becomes
        of them: a notice when the next step still calls them, a question when none will."""
        state = self.meeting.state
        step, agenda = state.step, state.agenda
        waiting = len(queries.waiting_petitions(state))
        if step is None or agenda is None or not waiting or step.kind not in SPEAKING_STEPS:
            self.do(commands.next_step)
            return
        index = agenda.step_index(step.id) + 1
        following = agenda.steps[index] if index < len(agenda.steps) else None
        if following is None or following.kind in SPEAKING_STEPS:
            if self.do(commands.next_step) is not None:
                self.notify(
                    self.tr("flow_waiting_still", count=waiting), severity="warning", markup=False
                )
            return
        question = self.tr(
            "flow_step_question",
            waiting=self.tr("flow_waiting_fate", count=waiting),
            number=index + 1,
            title=following.title,
        )
        self.confirm(self.tr("flow_step_title"), question, commands.next_step)

    def action_previous_step(self) -> None:
        self.do(commands.previous_step)

    def action_close_session(self) -> None:
        missing = self.missing_at_close()
        question = self.tr("tui_close_question")
        if missing:
            lines = [self.tr("flow_close_missing"), *(f"• {line}" for line in missing)]
            question = "\n".join(lines) + "\n\n" + question
        self.confirm(
            self.tr("tui_close_title"),
            question,
            commands.close_session,
            then=lambda _: self.notify(self.tr("tui_closed"), markup=False),
        )

    def missing_at_close(self) -> list[str]:
        """What the record still lacks, said before closing (closing is allowed anyway)."""
        state = self.meeting.state
        lines: list[str] = []
        unconcluded = [f"#{issue.number}" for issue in queries.unconcluded(state)]
        if unconcluded:
            named = unconcluded[:LISTED_ISSUES] + (
                ["…"] if len(unconcluded) > LISTED_ISSUES else []
            )
            lines.append(
                self.tr("flow_close_unconcluded", count=len(unconcluded), numbers=", ".join(named))
            )
        if state.overall is None:
            lines.append(self.tr("flow_close_no_overall"))
        waiting = len(queries.waiting_petitions(state))
        if waiting:
            lines.append(self.tr("flow_close_waiting", count=waiting))
        return lines

    def action_conclude(self) -> None:
        step = self.meeting.state.step
        in_conclusion = step is not None and step.kind == "conclusion"
        # In the conclusion step the chair concludes each issue from the issues table, then
        # the meeting as a whole from anywhere else.
        on_issues = self.focused is self.query_one("#issues", RowTable)
        issue = self.selected_issue() if on_issues or not in_conclusion else None
        if issue is None and not in_conclusion:
            return
        self.open_conclusion(issue)

    def action_duplicate(self) -> None:
        number = self.selected_speaker()
        if number is None:
            return
        if self.meeting.state.speaker(number).duplicate_of is not None:
            self.do(commands.mark_duplicate, number, None)
            return
        form = DuplicateForm(
            self.tr,
            self.meeting.state,
            number,
            check=lambda ref: self.dry(commands.mark_duplicate, number, ref),
        )
        self.app.push_screen(form, lambda ref: self._marked(number, ref))

    def _marked(self, speaker: int, ref: DuplicateRef | None) -> None:
        if ref is not None:
            self.do(commands.mark_duplicate, speaker, ref)

    def action_withdraw(self) -> None:
        number = self.selected_speaker()
        if number is None:
            return
        speaker = self.meeting.state.speaker(number)
        self.confirm(
            self.tr("flow_withdraw_title"),
            self.tr("flow_withdraw_question", name=speaker.name, village=speaker.village),
            commands.withdraw_speaker,
            number,
            then=lambda _: self.notify(self.tr("flow_withdrawn", name=speaker.name), markup=False),
        )

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def _move(self, by: int) -> None:
        """The selected speaker in the queue, or in the responses step the selected issue in
        the chair's order of responses."""
        selected = self.selected_awaiting()
        if selected is not None:
            issue, order = selected
            self.do(commands.move_response, issue, order.index(issue) + by)
            return
        number = self.selected_speaker()
        if number is not None:
            self.do(commands.move_speaker, number, self.meeting.state.queue.index(number) + by)

    def action_undo(self) -> None:
        if self.do(commands.undo) is not None:
            self.notify(self.tr("tui_undone"), markup=False)


def _registration(form: Registration) -> dict[str, Any]:
    return {
        "name": form.name,
        "village": form.village,
        "area": form.area,
        "topic": form.topic,
        "duplicate_of": form.duplicate_of,
        "suggestions": form.suggestions,
        "earlier": form.earlier,
    }
