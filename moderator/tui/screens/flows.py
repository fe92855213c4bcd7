"""What the live screen and the replay both do to the record, written once: store a command's
event through the session's writer (or say why not), dry-run a form's answer before it closes,
and the forms that complete an issue (responder, answer, conclusion), a note and a take-up.

The replay runs the same flows after the meeting: ``after_meeting`` says so to the domain, and
its writer is opened at the first edit rather than held from the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ClassVar

from textual.app import SystemCommand

from moderator.domain import commands, queries
from moderator.domain.errors import DomainError
from moderator.domain.events import Event, Outcome, PetitionTakenUp
from moderator.domain.state import MeetingState
from moderator.i18n import error_text
from moderator.meeting import LiveMeeting
from moderator.store.errors import StoreError
from moderator.tui.actions import Command
from moderator.tui.screens.forms import (
    ConclusionForm,
    ConclusionInput,
    ConfirmForm,
    ResponderForm,
    TextForm,
    TextInput,
)
from moderator.tui.screens.help import HelpScreen
from moderator.tui.screens.view import MeetingView
from moderator.tui.widgets.tables import RowTable


class RecordScreen(MeetingView):
    """A meeting view whose keys write to the session: each subclass declares its commands
    (``moderator.tui.actions``), says which apply now, and where its writer comes from."""

    COMMAND_LIST: ClassVar[tuple[Command, ...]] = ()
    KEYS_FIRST: ClassVar[bool] = False
    """Every key is read before the focused widget (the live screen has no text field)."""
    after_meeting: ClassVar[bool] = False
    """What is written here completes the record after the meeting (the replay)."""
    STORE_FAILED: ClassVar[str] = "tui_store_failed"
    """The catalogue's words for a write the disk refused."""

    def __init__(self, *, lang: str = "vi", bell: bool = True) -> None:
        super().__init__(lang=lang, bell=bell)
        self._methods = frozenset(command.method for command in self.COMMAND_LIST)
        # Descriptions are in the interface language, known only at run time, so the keys are
        # bound here from the one declaration rather than in a class-level BINDINGS.
        for command in self.COMMAND_LIST:
            self._bindings.bind(
                command.keys,
                command.action,
                self.tr(command.label),
                show=command.footer,
                key_display=command.display,
                priority=self.KEYS_FIRST or command.priority,
            )

    # -- what each screen says ---------------------------------------------------------------

    def writer(self) -> LiveMeeting | None:
        """The session open for writing; None (said on screen) when it cannot be."""
        raise NotImplementedError

    def record_now(self) -> tuple[MeetingState, dt.datetime]:
        """The record as a command would find it now, and the moment it would be dated."""
        raise NotImplementedError

    def applies(self, method: str) -> bool:
        """Whether the action ``method`` applies now (keys, key bar, palette, help)."""
        raise NotImplementedError

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.tr, self.applies, self.COMMAND_LIST))

    def stored(self, event: Event, meeting: LiveMeeting) -> None:
        """After ``event`` is stored, before the screen is drawn again."""

    # -- what applies now ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._methods:
            return self.applies(action)
        return True

    def binding_state(self) -> object:
        return tuple(self.applies(command.method) for command in self.COMMAND_LIST)

    def system_commands(self) -> Iterator[SystemCommand]:
        """The palette's entries: the commands that apply now, in the screen's language."""
        for command in self.COMMAND_LIST:
            if self.applies(command.method):
                yield SystemCommand(
                    self.tr(command.label),
                    self.tr(command.help),
                    partial(self.run_action, command.action),
                )

    # -- storing ---------------------------------------------------------------------------------

    def do(self, command: Callable[..., Event], *args: Any, **kwargs: Any) -> Event | None:
        """Store and fold one command's event; on refusal or a failed write, say so in the
        interface language and change nothing."""
        return self._store(lambda meeting: meeting.do(command, *args, **kwargs))

    def _store(self, store: Callable[[LiveMeeting], Event]) -> Event | None:
        meeting = self.writer()
        if meeting is None:
            return None
        try:
            event = store(meeting)
        except DomainError as error:
            self.refused(error)
            return None
        except (StoreError, OSError) as error:
            self.write_failed(error, self.STORE_FAILED)
            return None
        else:
            self.stored(event, meeting)
        finally:
            self.redraw()
        return event

    def dry(self, command: Callable[..., Event], *args: Any, **kwargs: Any) -> str | None:
        """Why ``command`` would be refused now, without storing anything (commands are pure)."""
        state, now = self.record_now()
        try:
            command(state, now, *args, **kwargs)
        except DomainError as error:
            return error.msg.text(self.lang)
        return None

    def refused(self, error: DomainError) -> None:
        self.notify(error.msg.text(self.lang), severity="warning", markup=False)

    def write_failed(self, error: Exception, key: str, *, timeout: float = 15) -> None:
        self.notify(
            self.tr(key, reason=error_text(error, self.lang)),
            severity="error",
            timeout=timeout,
            markup=False,
        )

    def confirm(
        self,
        title: str,
        question: str,
        command: Callable[..., Event],
        *args: Any,
        then: Callable[[Event], object] | None = None,
    ) -> None:
        """Ask ``question``; on yes, store ``command`` (the form already refuses what the
        domain would), then ``then`` with its event."""
        form = ConfirmForm(self.tr, title, question, check=lambda _: self.dry(command, *args))

        def answered(confirmed: bool | None) -> None:
            event = self.do(command, *args) if confirmed else None
            if event is not None and then is not None:
                then(event)

        self.app.push_screen(form, answered)

    # -- completing an issue, a note, a take-up ----------------------------------------------------

    def open_conclusion(self, issue: int | None) -> None:
        """The conclusion form for ``issue`` (None: the overall conclusion)."""
        meeting = self.writer()
        if meeting is None:
            return
        title = (
            self.tr("tui_conclusion_overall")
            if issue is None
            else self.tr("tui_conclusion_issue", number=issue)
        )
        after = self.after_meeting

        def check(form: ConclusionInput) -> str | None:
            return self.dry(commands.record_conclusion, **form.model_dump(), after_meeting=after)

        state = meeting.state
        current = state.overall if issue is None else state.issue(issue).conclusion
        # "Answered on the spot" only where an answer was given in the hall; an issue passed
        # over, never presented or concluded afterwards is most often handed to someone.
        answered = issue is None or state.issue(issue).answered_at_meeting
        default: Outcome = "answered" if answered else "assigned"
        form = ConclusionForm(
            self.tr, title, issue, current=current, default_outcome=default, check=check
        )
        self.app.push_screen(form, self._concluded)

    def _concluded(self, form: ConclusionInput | None) -> None:
        if form is not None:
            self.do(
                commands.record_conclusion, **form.model_dump(), after_meeting=self.after_meeting
            )

    def action_assign_responder(self) -> None:
        number = self.selected_issue()
        meeting = self.writer() if number is not None else None
        if meeting is None or number is None:
            return
        state = meeting.state
        if state.agenda is None or not 1 <= number <= len(state.issues):
            return
        issue = state.issue(number)
        after = self.after_meeting
        form = ResponderForm(
            self.tr,
            self.tr("tui_responder_title", number=number),
            self.tr("tui_responder_label"),
            state.agenda.responders,
            value=issue.responder or queries.default_responder_label(state, issue),
            check=lambda result: self.dry(
                commands.assign_responder, number, result.text, after_meeting=after
            ),
        )
        self.app.push_screen(form, lambda result: self._assigned(number, result))

    def _assigned(self, issue: int, result: TextInput | None) -> None:
        if result is not None:
            self.do(commands.assign_responder, issue, result.text, after_meeting=self.after_meeting)

    def open_answer(self, issue: int) -> None:
        """The answer to ``issue`` in one line. At the meeting it follows the response and may
        be left empty (then ``answered`` says the issue was not answered there); after the
        meeting it is the secretary's record of the answer."""
        after = self.after_meeting

        def check(result: TextInput) -> str | None:
            if not result.text:
                return None
            return self.dry(commands.record_response, issue, result.text, after_meeting=after)

        form = TextForm(
            self.tr,
            self.tr("tui_summary_title", number=issue),
            self.tr("replay_answer_label" if after else "tui_summary_label"),
            required=after,
            check=check,
        )
        self.app.push_screen(form, lambda result: self._answer_given(issue, result))

    def _answer_given(self, issue: int, result: TextInput | None) -> None:
        text = result.text if result is not None else ""
        if text:
            self.do(commands.record_response, issue, text, after_meeting=self.after_meeting)
        self.answered(issue, bool(text))

    def answered(self, issue: int, given: bool) -> None:
        """After the answer form: ``given`` False when it was closed or left empty."""

    def action_note(self) -> None:
        if self.writer() is None:
            return
        form = TextForm(self.tr, self.tr("tui_note_title"), self.tr("tui_note_label"))
        self.app.push_screen(form, self._noted)

    def _noted(self, result: TextInput | None) -> None:
        if result is not None:
            self.do(commands.add_note, result.text, after_meeting=self.after_meeting)

    def action_take_up(self) -> None:
        """The selected petition, never presented, becomes an issue (or joins the one it
        repeats): the chair in the conclusion step, the secretary after the meeting. The
        issue is then selected in the issues table and its conclusion form opens."""
        number = self.selected_speaker()
        if number is None or self.writer() is None:
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

    def action_quit(self) -> None:
        self.app.exit()
