"""Modal forms. Each returns a validated model (or None when cancelled); the main screen
decides what happens with it.

A form is given a ``check`` function: the screen runs the domain command against the current
state without storing anything (commands are pure), so the form refuses exactly what the
meeting would refuse, in the operator's language, while the typed text is still there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from moderator.domain.agenda import Responder
from moderator.domain.events import DuplicateRef, EarlierLink, Outcome, Suggestion
from moderator.domain.state import Conclusion, MeetingState
from moderator.domain.text import clean_line, clean_text
from moderator.i18n import link as earlier_words
from moderator.tui.widgets.fmt import Tr, date_text, plain, truncate

M = TypeVar("M")
Check = Callable[[M], str | None]
"""The domain's verdict on a filled-in form: None, or the reason it would be refused."""
SuggestTopics = Callable[[str, str], tuple[DuplicateRef | None, tuple[Suggestion, ...]]]
LinkEarlier = Callable[[Suggestion], EarlierLink | None]
"""The earlier session's issue a suggestion names, with what became of it; None for others."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


def required_line(value: str) -> str:
    """A field's validator: one clean line, not empty."""
    cleaned = clean_line(value)
    if not cleaned:
        raise ValueError("required")
    return cleaned


def required_text(value: str) -> str:
    """A field's validator: clean text, which may run over lines, not empty."""
    cleaned = clean_text(value)
    if not cleaned:
        raise ValueError("required")
    return cleaned


class Registration(_Model):
    name: str
    village: str
    area: str | None = None
    topic: str
    duplicate_of: DuplicateRef | None = None
    suggestions: tuple[Suggestion, ...] = ()
    earlier: EarlierLink | None = None

    _name = field_validator("name", "village")(required_line)

    @field_validator("area")
    @classmethod
    def _area(cls, value: str | None) -> str | None:
        return clean_line(value) or None if value is not None else None

    _topic = field_validator("topic")(required_text)


class ConclusionInput(_Model):
    issue: int | None
    outcome: Outcome
    text: str
    owner: str = ""
    due: dt.date | None = None
    forwarded_to: str = ""

    _text = field_validator("text")(required_text)


class TextInput(_Model):
    text: str


OUTCOMES: tuple[Outcome, ...] = ("answered", "assigned", "forwarded", "noted")


def _missing_field(error: ValidationError) -> str:
    return str(error.errors()[0]["loc"][0])


def parse_date(text: str) -> dt.date | None:
    """A due date as the secretary types it: 31/03/2024, 31-3-2024 or 2024-03-31."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match is None:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year, month, day)


class Form(ModalScreen[M | None], Generic[M]):
    """A modal with a title, an error line and a hint; Escape cancels."""

    # Tab moves the focus as a priority binding, like Enter in the speaker form: it then moves
    # before the next typed key is handed to a field (a fast typist's "name⇥village").
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]
    HINT: ClassVar[str] = "tui_form_hint"
    """The catalogue key of the keys the form takes, shown at its foot."""

    def __init__(self, tr: Tr, check: Check[M] | None = None) -> None:
        super().__init__()
        self.tr = tr
        self.check = check
        self.ready = False
        """Mounted with its first field focused: keys typed before are held by the app."""

    def on_mount(self) -> None:  # Textual also runs the subclasses' on_mount
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self.ready = True
        self.app.call_next(self.app.post_message, FormReady())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def error(self, text: str) -> None:
        line = self.query_one("#form-error", Static)
        line.update(Content(text))
        # Shown only when there is something to say: a small screen has no line to spare.
        line.display = bool(text)

    def finish(self, result: M) -> None:
        problem = self.check(result) if self.check else None
        if problem:
            self.error(problem)
        else:
            self.dismiss(result)

    def footer(self, *first: Widget) -> ComposeResult:
        """The error line and the hint (after ``first``), docked at the bottom of the form: in
        view on a small screen however far the fields scroll."""
        yield Vertical(
            *first,
            Static("", id="form-error", markup=False),
            Label(self.tr(self.HINT), id="form-hint", markup=False),
            classes="form-footer",
        )


class FormReady(Message):
    """A form can take keys: the app hands it those typed while it was opening."""


class TextForm(Form[TextInput]):
    """One line of text: a note, a responder, an answer summary."""

    HINT = "tui_text_hint"

    def __init__(
        self,
        tr: Tr,
        title: str,
        label: str,
        *,
        value: str = "",
        suggestions: Sequence[str] = (),
        required: bool = True,
        check: Check[TextInput] | None = None,
    ) -> None:
        super().__init__(tr, check)
        self.title_text, self.label, self.value = title, label, value
        self.suggestions, self.required = list(suggestions), required

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(self.title_text, classes="form-title", markup=False)
            yield Label(self.label, markup=False)
            suggester = (
                SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None
            )
            yield Input(self.value, id="text", suggester=suggester)
            yield from self.footer()

    @on(Input.Submitted, "#text")
    def submitted(self, event: Input.Submitted) -> None:
        text = clean_text(event.value)
        if self.required and not text:
            self.error(self.tr("field_required", field="text"))
            return
        self.finish(TextInput(text=text))


class ResponderForm(TextForm):
    """Who answers an issue: the agenda's responders (role and name) in a list under the
    field, narrowed as the operator types (with or without diacritics); any other name may
    still be typed. Down moves into the list, Enter there takes the responder."""

    def __init__(
        self,
        tr: Tr,
        title: str,
        label: str,
        responders: Sequence[Responder],
        *,
        value: str = "",
        check: Check[TextInput] | None = None,
    ) -> None:
        super().__init__(tr, title, label, value=value, required=False, check=check)
        self.responders = list(responders)
        self.shown: list[Responder] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="responder"):
            yield Label(self.title_text, classes="form-title", markup=False)
            yield Label(self.label, markup=False)
            yield Input(self.value, id="text")
            yield Label(self.tr("look_responders_title"), markup=False)
            yield OptionList(id="responders")
            yield from self.footer()

    def on_mount(self) -> None:
        self._list("")

    def _list(self, typed: str) -> None:
        wanted = plain(clean_line(typed)).split()
        self.shown = [
            r
            for r in self.responders
            if all(word in plain(f"{r.role} {r.name} {r.id}") for word in wanted)
        ]
        options = self.query_one("#responders", OptionList)
        options.clear_options()
        for responder in self.shown:
            label = (
                self.tr("look_responder_choice", role=responder.role, name=responder.name)
                if responder.name
                else responder.role
            )
            options.add_option(Option(Content(label)))

    @on(Input.Changed, "#text")
    def typed(self, event: Input.Changed) -> None:
        # The prefilled value (the current or default responder) lists everyone.
        self._list("" if event.value == self.value else event.value)

    def on_key(self, event: events.Key) -> None:
        options = self.query_one("#responders", OptionList)
        if event.key == "down" and self.focused is self.query_one("#text", Input):
            event.stop()
            if options.option_count:
                options.focus()
                options.highlighted = options.highlighted or 0

    @on(OptionList.OptionSelected, "#responders")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        responder = self.shown[event.option_index]
        self.finish(TextInput(text=responder.name or responder.role))


class ConfirmForm(Form[bool]):
    """A question: Enter confirms, Escape cancels."""

    BINDINGS = [Binding("enter", "confirm", show=False, priority=True)]
    HINT = "tui_confirm_hint"

    def __init__(
        self, tr: Tr, title: str, question: str, *, check: Check[bool] | None = None
    ) -> None:
        super().__init__(tr, check)
        self.title_text, self.question = title, question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="confirm"):
            yield Label(self.title_text, classes="form-title", markup=False)
            # A Static wraps: a long question is read whole, not cut at the dialog's edge.
            yield Static(self.question, classes="form-text", markup=False)
            yield from self.footer()

    def action_confirm(self) -> None:
        self.finish(True)


class AddSpeakerForm(Form[Registration]):
    """Name, village, area, topic. Enter moves to the next field and submits on the topic;
    while the topic is typed, similar earlier issues are offered: one of this session to join,
    one of an earlier session to link to (a new issue that says it came back). What became of
    the earlier session's issue is shown under the list, its days overdue counted to
    ``today``."""

    # A binding, not an Input.Submitted handler: a binding moves the focus before the next
    # key is read, so a fast typist's "name⏎village⏎" lands in the right fields.
    BINDINGS = [Binding("enter", "enter", show=False, priority=True)]

    def __init__(
        self,
        tr: Tr,
        state: MeetingState,
        *,
        suggest: SuggestTopics | None = None,
        link: LinkEarlier | None = None,
        today: dt.date | None = None,
        check: Check[Registration] | None = None,
    ) -> None:
        super().__init__(tr, check)
        self.state = state
        self.suggest = suggest
        self.link = link
        self.today = today or state.date or dt.date.min
        self.similar: tuple[Suggestion, ...] = ()
        self.links: tuple[EarlierLink | None, ...] = ()
        """The link each of ``similar`` offers (None for this session's)."""
        self._shown_text: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        agenda = self.state.agenda
        villages = agenda.villages if agenda else []
        areas = [area.name for area in agenda.areas] if agenda else []
        tr = self.tr
        with Vertical(classes="form", id="add-speaker"):
            yield Label(tr("tui_add_title"), classes="form-title")
            yield Label(tr("tui_field_name"))
            yield Input(id="name", placeholder=tr("tui_field_name_hint"))
            yield Label(tr("tui_field_village"))
            yield Input(id="village", suggester=SuggestFromList(villages, case_sensitive=False))
            yield Label(tr("tui_field_area"))
            yield Input(
                id="area",
                placeholder=tr("tui_field_area_hint"),
                suggester=SuggestFromList(areas, case_sensitive=False),
            )
            yield Label(tr("tui_field_topic"))
            yield Input(id="topic")
            yield Label(tr("tui_similar_title"), id="similar-title")
            yield OptionList(id="similar")
            # What Enter will do, in words: the list's highlight is faint while the topic
            # field has the focus, and a join must never happen unnoticed. Kept in the docked
            # footer, in view however small the screen, under what became of the earlier
            # session's issue the topic resembles.
            yield from self.footer(
                Static("", id="similar-earlier", markup=False),
                Static("", id="similar-choice", markup=False),
            )

    def on_mount(self) -> None:
        for name in ("similar-title", "similar", "similar-earlier", "similar-choice"):
            self.query_one(f"#{name}").display = False

    @on(OptionList.OptionHighlighted, "#similar")
    def choice_moved(self) -> None:
        choice = self.query_one("#similar-choice", Static)
        index = self.query_one("#similar", OptionList).highlighted
        chosen = index - 1 if self.similar and index else None
        linked = self.links[chosen] if chosen is not None else None
        if chosen is None:
            text = self.tr("tui_similar_will_be_new")
            if any(self.links):
                text = f"{text} {self.tr('link_form_can_link')}"
        elif linked is not None:
            text = self.tr(
                "link_form_will_link",
                number=linked.issue,
                date=earlier_words.date(linked.date, self.tr),
            )
        else:
            text = self.tr("tui_similar_will_join", which=self._label(self.similar[chosen]))
        choice.update(text)
        self._show_earlier(linked or next((link for link in self.links if link), None))

    def _show_earlier(self, link: EarlierLink | None) -> None:
        """What became of an earlier session's issue: the one highlighted, else the closest."""
        line = self.query_one("#similar-earlier", Static)
        line.display = link is not None
        if link is None:
            return
        summary = earlier_words.summary(
            link.outcome, self.today, self.tr, concluded_on=link.date, limit=EARLIER_TEXT
        )
        text = self.tr(
            "link_form_earlier",
            date=earlier_words.date(link.date, self.tr),
            number=link.issue,
            summary=summary,
        )
        # Drawn again only when it changes: the matches move at nearly every key typed, the
        # closest earlier issue far less often.
        if text != self._shown_text.get("earlier"):
            self._shown_text["earlier"] = text
            line.update(text)

    def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id in ("name", "village", "area"):
            self.focus_next()
        else:
            self._after_typing(self.submit)

    def _after_typing(self, then: Callable[[], None]) -> None:
        """Run ``then`` once every field has taken the keys already sent to it: a priority
        binding runs as soon as its key is read, before the keys typed just ahead of it."""
        fields = list(self.query(Input))
        pending = len(fields)

        def done() -> None:
            nonlocal pending
            pending -= 1
            if pending == 0:
                then()

        for field in fields:
            if not field.call_later(done):
                done()

    @on(Input.Changed, "#topic, #area")
    def topic_changed(self) -> None:
        if self.suggest is None:
            return
        topic = self.query_one("#topic", Input).value
        area = self.query_one("#area", Input).value
        flag, similar = self.suggest(topic, area)
        if similar == self.similar:
            return
        self.similar = similar
        link = self.link
        self.links = tuple(link(s) if link is not None else None for s in similar)
        options = self.query_one("#similar", OptionList)
        options.clear_options()
        options.add_option(Option(self.tr("tui_similar_new"), id="new"))
        for index, suggestion in enumerate(similar):
            options.add_option(
                Option(
                    Content(self._label(suggestion)),
                    id=str(index),
                    # An earlier session's issue is not joined: it can only be linked to.
                    disabled=suggestion.session_id is not None and self.links[index] is None,
                )
            )
        shown = bool(similar)
        options.display = shown
        title = self.query_one("#similar-title", Label)
        title_text = self.tr("link_similar_title" if any(self.links) else "tui_similar_title")
        if title_text != self._shown_text.get("title"):
            self._shown_text["title"] = title_text
            title.update(title_text)
        title.display = shown
        self.query_one("#similar-choice").display = shown
        chosen = 0
        if flag is not None:
            chosen = 1 + next((i for i, s in enumerate(similar) if _ref(s) == flag), -1)
        options.highlighted = chosen
        self.choice_moved()

    def _label(self, suggestion: Suggestion) -> str:
        percent = round(suggestion.score * 100)
        topic = truncate(suggestion.topic, 60)
        if suggestion.session_id is not None:
            when = date_text(suggestion.session_date, self.tr)
            return self.tr(
                "tui_similar_earlier",
                percent=percent,
                date=when,
                number=suggestion.issue or "",
                topic=topic,
            )
        if suggestion.issue is not None:
            return self.tr(
                "tui_similar_issue", percent=percent, number=suggestion.issue, topic=topic
            )
        return self.tr(
            "tui_similar_speaker", percent=percent, number=suggestion.speaker or "", topic=topic
        )

    def submit(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value for name in _FIELDS}
        try:
            registration = Registration(
                name=values["name"],
                village=values["village"],
                area=values["area"],
                topic=values["topic"],
                duplicate_of=self._joined(),
                suggestions=self.similar,
                earlier=self._linked(),
            )
        except ValidationError as error:
            field = _missing_field(error)
            self.error(self.tr("field_required", field=field))
            self.query_one(f"#{field}", Input).focus()
            return
        self.finish(registration)

    def _joined(self) -> DuplicateRef | None:
        options = self.query_one("#similar", OptionList)
        if not self.similar or options.highlighted is None or options.highlighted == 0:
            return None
        return _ref(self.similar[options.highlighted - 1])

    def _linked(self) -> EarlierLink | None:
        options = self.query_one("#similar", OptionList)
        if not self.similar or not options.highlighted:
            return None
        return self.links[options.highlighted - 1]


_FIELDS = ("name", "village", "area", "topic")
EARLIER_TEXT = 80
"""Characters of an earlier conclusion's text shown on the form (the documents give it all)."""


def _ref(suggestion: Suggestion) -> DuplicateRef | None:
    if suggestion.session_id is not None:
        return None
    if suggestion.issue is not None:
        return DuplicateRef(issue=suggestion.issue)
    return DuplicateRef(speaker=suggestion.speaker)


class DuplicateForm(Form[DuplicateRef]):
    """Which issue (or earlier registration) a queued speaker repeats."""

    HINT = "tui_choice_hint"

    def __init__(
        self, tr: Tr, state: MeetingState, speaker: int, check: Check[DuplicateRef] | None = None
    ) -> None:
        super().__init__(tr, check)
        self.state, self.speaker = state, speaker
        self.choices: list[DuplicateRef] = []

    def compose(self) -> ComposeResult:
        found = self.state.speaker(self.speaker)
        options: list[Option] = []
        for issue in self.state.issues:
            self.choices.append(DuplicateRef(issue=issue.number))
            label = self.tr(
                "tui_choice_issue", number=issue.number, topic=truncate(issue.topic, 60)
            )
            options.append(Option(Content(label)))
        for other in self.state.queued():
            if other.number == self.speaker:
                continue
            self.choices.append(DuplicateRef(speaker=other.number))
            label = self.tr(
                "tui_choice_speaker",
                number=other.number,
                name=other.name,
                topic=truncate(other.topic, 50),
            )
            options.append(Option(Content(label)))
        with Vertical(classes="form"):
            yield Label(
                self.tr("tui_duplicate_title", name=found.name), classes="form-title", markup=False
            )
            yield Static(Content(truncate(found.topic, 200)), classes="form-quote")
            yield OptionList(*options, id="choices")
            yield from self.footer()

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.finish(self.choices[event.option_index])


class ConclusionForm(Form[ConclusionInput]):
    """Outcome, text, owner, due date, forwarded-to; Enter in any field submits."""

    def __init__(
        self,
        tr: Tr,
        title: str,
        issue: int | None,
        *,
        current: Conclusion | None = None,
        default_outcome: Outcome = "answered",
        check: Check[ConclusionInput] | None = None,
    ) -> None:
        super().__init__(tr, check)
        self.title_text, self.issue = title, issue
        self.current = current
        self.default_outcome = default_outcome
        """The conclusion recorded so far: the form starts from it, so a correction after the
        meeting changes what is corrected and keeps the rest (owner, due date …)."""

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(classes="form", id="conclusion"):
            yield Label(self.title_text, classes="form-title", markup=False)
            yield Label(tr("tui_field_outcome"))
            now = self.current
            yield Select(
                [(tr(f"tui_outcome_{o}"), o) for o in OUTCOMES],
                value=now.outcome if now else self.default_outcome,
                allow_blank=False,
                compact=True,
                id="outcome",
            )
            yield Label(tr("tui_field_conclusion_text"))
            yield Input(now.text if now else "", id="text", select_on_focus=False)
            yield Label(tr("tui_field_owner"))
            yield Input(now.owner if now else "", id="owner")
            yield Label(tr("tui_field_due"))
            due = now.due.strftime("%d/%m/%Y") if now and now.due else ""
            yield Input(due, id="due", placeholder=tr("tui_field_due_hint"))
            yield Label(tr("tui_field_forwarded"))
            yield Input(now.forwarded_to if now else "", id="forwarded")
            yield from self.footer()

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted)
    def submit(self) -> None:
        value = self.query_one("#outcome", Select).value
        outcome = next((o for o in OUTCOMES if o == value), "noted")
        due_text = self.query_one("#due", Input).value
        try:
            due = parse_date(due_text)
        except ValueError:
            self.error(self.tr("tui_bad_date", value=due_text))
            return
        try:
            result = ConclusionInput(
                issue=self.issue,
                outcome=outcome,
                text=self.query_one("#text", Input).value,
                owner=clean_line(self.query_one("#owner", Input).value),
                due=due,
                forwarded_to=clean_line(self.query_one("#forwarded", Input).value),
            )
        except ValidationError as error:
            self.error(self.tr("field_required", field=_missing_field(error)))
            return
        self.finish(result)
