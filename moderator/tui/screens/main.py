"""The live meeting: header, agenda, current speech, queue and issues, and every key of the
chair's table (declared once in ``moderator.tui.commands``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from moderator.domain import commands, queries
from moderator.domain.errors import DomainError
from moderator.domain.events import DuplicateRef, Event, PetitionTakenUp, Suggestion
from moderator.domain.state import MeetingState
from moderator.i18n import error_text, translate
from moderator.meeting import LiveMeeting
from moderator.store.errors import StoreError
from moderator.tui.commands import BY_ACTION, COMMANDS
from moderator.tui.screens.forms import (
    AddSpeakerForm,
    ConclusionForm,
    ConclusionInput,
    ConfirmForm,
    DuplicateForm,
    Registration,
    ResponderForm,
    SuggestTopics,
    TextForm,
    TextInput,
)
from moderator.tui.screens.help import HelpScreen
from moderator.tui.widgets.keybar import KeyBar
from moderator.tui.widgets.panels import AgendaPanel, MeetingHeader, SpeechCard
from moderator.tui.widgets.tables import RowTable, awaiting_rows, issue_rows, queue_rows

REDRAW_SECONDS = 0.25
"""The countdown is recomputed from the clock this often; nothing is counted by ticks."""

BEAT_SECONDS = 2.0
"""How often the live screen leaves its sign of life beside the session: an interruption is
measured from the last one."""

SPEAKING_STEPS = ("petitions", "floor")
"""The kinds of step in which petitions are presented."""

LISTED_ISSUES = 10
"""Issue numbers named in the closing question before "…"."""


class MeetingView(Screen[None]):
    """The meeting's panels, drawn from a state and a moment: the live screen and the replay
    share this, each saying where its state and its "now" come from."""

    live = True
    """The chair's screen, with the meeting's keys (the replay has none of them)."""

    def __init__(self, *, lang: str = "vi", bell: bool = True) -> None:
        super().__init__()
        self.lang = lang
        self.bell = bell
        self._phase: tuple[int, str] | None = None
        self._queue_key: tuple[int, int, bool] | None = None
        self._bound: object = None

    def snapshot(self) -> tuple[MeetingState, dt.datetime]:
        """The state to show and the moment to show it at."""
        raise NotImplementedError

    # -- layout and drawing ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield MeetingHeader(id="header")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield SpeechCard(id="speech")
                yield RowTable(id="queue")
            with Vertical(id="right"):
                yield AgendaPanel(id="agenda")
                yield RowTable(id="issues")
        # ctrl+p still opens the palette (and the help screen says so): the room needs the
        # meeting's own keys in the one footer line of a small screen.
        yield KeyBar()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#queue", RowTable).focus()
        self.set_interval(REDRAW_SECONDS, self.redraw)

    def redraw(self) -> None:
        state, now = self.snapshot()
        tr = self.tr
        self.query_one(MeetingHeader).show(state, now, tr)
        self.query_one(AgendaPanel).show(state, now, tr)
        self.query_one(SpeechCard).show(state, now, tr, live=self.live)
        queue = self.query_one("#queue", RowTable)
        responses = self.responses_mode
        # Waiting times move by the minute: rebuild the queue on a new event or a new minute.
        key = (state.seq, int(now.timestamp() // 60), responses)
        if key != self._queue_key:
            switched = self._queue_key is not None and self._queue_key[2] != responses
            self._queue_key = key
            if responses:
                queue.set_rows(*awaiting_rows(state, tr))
                count = len(queries.awaiting_response(state))
                queue.border_title = tr("tui_awaiting_title", count=count)
            else:
                queue.set_rows(*queue_rows(state, now, tr))
                queue.border_title = tr("tui_queue_title", count=len(state.queue))
            if switched:  # a list of other things: its first row, not the old position
                queue.move_cursor(row=0)
            issues = self.query_one("#issues", RowTable)
            issues.set_rows(*issue_rows(state, tr))
            issues.border_title = tr("tui_issues_title", count=len(state.issues))
        self._refresh_footer()
        self._ring(state, now)

    def binding_state(self) -> object:
        """What decides which keys apply, besides the focus and the selected rows: the key bar
        is worked out again only when it changes, not on every redraw of the clock."""
        return self.snapshot()[0].seq

    def _refresh_footer(self, *, force: bool = False) -> None:
        bound = self.binding_state()
        if force or bound != self._bound:
            self._bound = bound
            self.query_one(KeyBar).show(self.active_bindings)

    def _ring(self, state: MeetingState, now: dt.datetime) -> None:
        """A bell when a speech reaches the warning threshold and when its time is up."""
        speech = state.current_speech
        if speech is None or state.agenda is None:
            self._phase = None
            return
        phase = speech.phase(now, state.agenda.rules.warning_seconds)
        before = self._phase
        self._phase = (speech.number, phase)
        if before is None or before[0] != speech.number or before[1] == phase:
            return
        if phase in ("warning", "overtime") and self.bell:
            self.app.bell()

    @on(RowTable.RowHighlighted)
    def selection_moved(self) -> None:
        self._refresh_footer(force=True)

    def on_descendant_focus(self) -> None:
        self._refresh_footer(force=True)

    # -- what is selected, what applies ----------------------------------------------------

    @property
    def responses_mode(self) -> bool:
        step = self.snapshot()[0].step
        return step is not None and step.kind == "responses"

    def selected_speaker(self) -> int | None:
        if self.responses_mode:
            return None
        key = self.query_one("#queue", RowTable).selected_key
        return int(key[1:]) if key and key.startswith("s") else None

    def selected_issue(self) -> int | None:
        queue = self.query_one("#queue", RowTable)
        table = queue if self.responses_mode and self.focused is queue else None
        key = (table or self.query_one("#issues", RowTable)).selected_key
        return int(key[1:]) if key and key.startswith("i") else None

    def selected_response(self) -> int | None:
        """In the responses step: the issue selected in the list of responses (awaiting or
        skipped), wherever the focus is."""
        if not self.responses_mode:
            return None
        key = self.query_one("#queue", RowTable).selected_key
        return int(key[1:]) if key and key.startswith("i") else None

    def selected_awaiting(self) -> tuple[int, list[int]] | None:
        """The selected issue if it awaits a response, with the order of those awaiting."""
        issue = self.selected_response()
        if issue is None:
            return None
        awaiting = [i.number for i in queries.awaiting_response(self.snapshot()[0])]
        return (issue, awaiting) if issue in awaiting else None

    def tr(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    # -- flows both screens run, each storing through its own writer -------------------------

    def do(self, command: Callable[..., Event], *args: Any, **kwargs: Any) -> Event | None:
        """Store one command's event; None (said on screen) when refused or not written."""
        raise NotImplementedError

    def open_conclusion(self, issue: int | None) -> None:
        """The conclusion form for ``issue`` (None: the overall conclusion)."""
        raise NotImplementedError

    def take_up_selected(self) -> None:
        """The selected petition, never presented, becomes an issue (or joins the one it
        repeats): the chair in the conclusion step, the secretary after the meeting. The
        issue is then selected in the issues table and its conclusion form opens."""
        number = self.selected_speaker()
        if number is None:
            return
        event = self.do(commands.take_up_petition, number)
        if not isinstance(event, PetitionTakenUp):
            return
        name = self.snapshot()[0].speaker(number).name
        said = "flow_taken_up_new" if event.new_issue else "flow_taken_up_joined"
        self.notify(self.tr(said, name=name, number=event.issue), markup=False)
        issues = self.query_one("#issues", RowTable)
        issues.move_cursor(row=issues.row_keys.index(f"i{event.issue}"))
        issues.focus()
        self.open_conclusion(event.issue)


class MainScreen(MeetingView):
    """The live meeting: every command of the chair's table, stored before it shows."""

    def __init__(
        self,
        meeting: LiveMeeting,
        *,
        lang: str = "vi",
        suggest: Callable[
            [MeetingState, str, str], tuple[DuplicateRef | None, tuple[Suggestion, ...]]
        ]
        | None = None,
        bell: bool = True,
    ) -> None:
        super().__init__(lang=lang, bell=bell)
        self.meeting = meeting
        self.suggest = suggest
        # Descriptions are in the interface language, known only at run time, so the keys are
        # bound here from the one declaration rather than in a class-level BINDINGS.
        for command in COMMANDS:
            self._bindings.bind(
                command.keys,
                command.action,
                self.tr(command.label),
                show=command.footer,
                key_display=command.display,
                # Priority: the action runs as soon as its key is read, before the keys typed
                # after it, so "a" then a name at full speed opens the form before the name
                # arrives (the app holds those keys until the form is ready). The screen has
                # no text field of its own for these keys to be meant for.
                priority=True,
            )

    def snapshot(self) -> tuple[MeetingState, dt.datetime]:
        return self.meeting.state, self.meeting.clock()

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
            self.notify(error.msg.text(self.lang), severity="warning", markup=False)
            return
        except (StoreError, OSError) as error:
            self.notify(
                self.tr("tui_store_failed", reason=error_text(error, self.lang)),
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        if gap is not None:
            self.notify(
                self.tr("flow_resumed", duration=self.duration(gap)),
                severity="warning",
                timeout=20,
                markup=False,
            )

    def duration(self, seconds: float) -> str:
        whole = round(seconds)
        if whole < 60:
            return self.tr("flow_seconds", count=whole)
        return self.tr("flow_minutes", count=round(whole / 60))

    @work(thread=True, exclusive=True, group="beat", exit_on_error=False)
    def beat(self) -> None:
        """A file write off the event loop: a slow disk never holds up a keypress."""
        if not self.meeting.state.closed:
            self.meeting.beat()

    # -- what applies now ----------------------------------------------------------------------

    def binding_state(self) -> object:
        return tuple(self.applies(command.action) for command in COMMANDS)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BY_ACTION:
            return self.applies(action)
        return True

    # -- running commands --------------------------------------------------------------------

    def do(self, command: Callable[..., Event], *args: Any, **kwargs: Any) -> Event | None:
        """Store and fold one command's event; on refusal or a failed write, say so in the
        interface language and change nothing on screen."""
        try:
            event = self.meeting.do(command, *args, **kwargs)
        except DomainError as error:
            self.notify(error.msg.text(self.lang), severity="warning", markup=False)
            return None
        except (StoreError, OSError) as error:
            self.notify(
                self.tr("tui_store_failed", reason=error_text(error, self.lang)),
                severity="error",
                timeout=15,
                markup=False,
            )
            return None
        finally:
            self.redraw()
        return event

    def dry(self, command: Callable[..., Event], *args: Any, **kwargs: Any) -> str | None:
        """Why ``command`` would be refused now, without storing anything (commands are pure)."""
        try:
            command(self.meeting.state, self.meeting.clock(), *args, **kwargs)
        except DomainError as error:
            return error.msg.text(self.lang)
        return None

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

        form = AddSpeakerForm(self.tr, self.meeting.state, suggest=suggest, check=check)
        self.app.push_screen(form, self._registered)

    def _registered(self, form: Registration | None) -> None:
        if form is None:
            return
        waiting = queries.already_waiting(self.meeting.state, form.name, form.village)
        if self.do(commands.register_speaker, **_registration(form)) is None:
            return
        if waiting is not None:
            self.notify(
                self.tr("tui_already_waiting", name=waiting.name, number=waiting.number),
                severity="warning",
                markup=False,
            )

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
            issue = speech.issue
            form = TextForm(
                self.tr,
                self.tr("tui_summary_title", number=issue),
                self.tr("tui_summary_label"),
                required=False,
            )
            self.app.push_screen(form, lambda result: self._summarised(issue, result))

    def _summarised(self, issue: int, result: TextInput | None) -> None:
        """An answer, or none: then the issue was not answered at the meeting (a skip of its
        own, never an empty answer)."""
        if result is not None and result.text:
            self.do(commands.record_response, issue, result.text)
        elif (
            self.dry(commands.skip_response, issue) is None
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
        form = ConfirmForm(
            self.tr,
            self.tr("flow_step_title"),
            question,
            check=lambda _: self.dry(commands.next_step),
        )
        self.app.push_screen(form, self._step_confirmed)

    def _step_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.do(commands.next_step)

    def action_previous_step(self) -> None:
        self.do(commands.previous_step)

    def action_close_session(self) -> None:
        missing = self.missing_at_close()
        question = self.tr("tui_close_question")
        if missing:
            lines = [self.tr("flow_close_missing"), *(f"• {line}" for line in missing)]
            question = "\n".join(lines) + "\n\n" + question
        form = ConfirmForm(
            self.tr,
            self.tr("tui_close_title"),
            question,
            check=lambda _: self.dry(commands.close_session),
        )
        self.app.push_screen(form, self._close_confirmed)

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

    def _close_confirmed(self, confirmed: bool | None) -> None:
        if confirmed and self.do(commands.close_session) is not None:
            self.notify(self.tr("tui_closed"), markup=False)

    def action_assign_responder(self) -> None:
        number = self.selected_issue()
        state = self.meeting.state
        if number is None or state.agenda is None:
            return
        issue = state.issue(number)
        form = ResponderForm(
            self.tr,
            self.tr("tui_responder_title", number=number),
            self.tr("tui_responder_label"),
            state.agenda.responders,
            value=issue.responder or queries.default_responder_label(state, issue),
            check=lambda result: self.dry(commands.assign_responder, number, result.text),
        )
        self.app.push_screen(form, lambda result: self._assigned(number, result))

    def _assigned(self, issue: int, result: TextInput | None) -> None:
        if result is not None:
            self.do(commands.assign_responder, issue, result.text)

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

    def open_conclusion(self, issue: int | None) -> None:
        title = (
            self.tr("tui_conclusion_overall")
            if issue is None
            else self.tr("tui_conclusion_issue", number=issue)
        )

        def check(form: ConclusionInput) -> str | None:
            return self.dry(commands.record_conclusion, **form.model_dump())

        state = self.meeting.state
        current = state.overall if issue is None else state.issue(issue).conclusion
        form = ConclusionForm(self.tr, title, issue, current=current, check=check)
        self.app.push_screen(form, self._concluded)

    def _concluded(self, form: ConclusionInput | None) -> None:
        if form is not None:
            self.do(commands.record_conclusion, **form.model_dump())

    def action_take_up(self) -> None:
        self.take_up_selected()

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
        form = ConfirmForm(
            self.tr,
            self.tr("flow_withdraw_title"),
            self.tr("flow_withdraw_question", name=speaker.name, village=speaker.village),
            check=lambda _: self.dry(commands.withdraw_speaker, number),
        )
        self.app.push_screen(form, lambda confirmed: self._withdrawn(number, confirmed))

    def _withdrawn(self, number: int, confirmed: bool | None) -> None:
        if confirmed and self.do(commands.withdraw_speaker, number) is not None:
            name = self.meeting.state.speaker(number).name
            self.notify(self.tr("flow_withdrawn", name=name), markup=False)

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

    def action_note(self) -> None:
        form = TextForm(self.tr, self.tr("tui_note_title"), self.tr("tui_note_label"))
        self.app.push_screen(form, self._noted)

    def _noted(self, result: TextInput | None) -> None:
        if result is not None:
            self.do(commands.add_note, result.text)

    def action_undo(self) -> None:
        if self.do(commands.undo) is not None:
            self.notify(self.tr("tui_undone"), markup=False)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.tr, self.applies))

    def action_quit(self) -> None:
        self.app.exit()


def _registration(form: Registration) -> dict[str, Any]:
    return {
        "name": form.name,
        "village": form.village,
        "area": form.area,
        "topic": form.topic,
        "duplicate_of": form.duplicate_of,
        "suggestions": form.suggestions,
    }
