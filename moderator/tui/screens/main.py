"""The live meeting: header, agenda, current speech, queue and issues, and every key of the
chair's table (declared once in ``moderator.tui.commands``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from moderator.domain import commands, queries
from moderator.domain.errors import DomainError
from moderator.domain.events import DuplicateRef, Event, Suggestion
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


class MeetingView(Screen[None]):
    """The meeting's panels, drawn from a state and a moment: the live screen and the replay
    share this, each saying where its state and its "now" come from."""

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
        self.query_one(SpeechCard).show(state, now, tr)
        queue = self.query_one("#queue", RowTable)
        responses = self.responses_mode
        # Waiting times move by the minute: rebuild the queue on a new event or a new minute.
        key = (state.seq, int(now.timestamp() // 60), responses)
        if key != self._queue_key:
            self._queue_key = key
            if responses:
                queue.set_rows(*awaiting_rows(state, tr))
                queue.border_title = tr("tui_awaiting_title", count=queue.row_count)
            else:
                queue.set_rows(*queue_rows(state, now, tr))
                queue.border_title = tr("tui_queue_title", count=len(state.queue))
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

    def tr(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)


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
            waiting = queries.awaiting_response(state) if self.responses_mode else state.queue
            return live and speech is None and bool(waiting)
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
            if not live or speaker is None:
                return False
            position = state.queue.index(speaker)
            return position > 0 if action == "move_up" else position + 1 < len(state.queue)
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

    def action_call_next(self) -> None:
        self.do(commands.call_next)

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
        if result is not None and result.text:
            self.do(commands.record_response, issue, result.text)

    def action_extend(self) -> None:
        self.do(commands.extend_speech, commands.EXTEND_STEP_SECONDS)

    def action_shorten(self) -> None:
        self.do(commands.extend_speech, -commands.EXTEND_STEP_SECONDS)

    def action_next_step(self) -> None:
        self.do(commands.next_step)

    def action_previous_step(self) -> None:
        self.do(commands.previous_step)

    def action_close_session(self) -> None:
        form = ConfirmForm(
            self.tr,
            self.tr("tui_close_title"),
            self.tr("tui_close_question"),
            check=lambda _: self.dry(commands.close_session),
        )
        self.app.push_screen(form, self._close_confirmed)

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
        if number is not None:
            self.do(commands.withdraw_speaker, number)

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def _move(self, by: int) -> None:
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
