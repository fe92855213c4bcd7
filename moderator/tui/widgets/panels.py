"""The header, the agenda and the current-speech card.

Every text here is either a catalogue message or data shown literally through ``Content``:
a speaker's name is never parsed as markup.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, Static

from moderator.domain import queries
from moderator.domain.localtime import local
from moderator.domain.state import EarlierIssue, MeetingState, Speech
from moderator.i18n import link as earlier_words
from moderator.tui.widgets.fmt import Tr, countdown, date_text, hms, minutes


class Text(Static):
    """A Static that only redraws when what it shows changes (the screen ticks 4×/s)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.shown: Content | str = ""

    def show(self, content: Content | str) -> None:
        if content != self.shown:
            self.shown = content
            self.update(Content(content) if isinstance(content, str) else content)


class MeetingHeader(Vertical):
    def compose(self) -> ComposeResult:
        yield Text(id="header-title")
        yield Text(id="header-info")

    def show(self, state: MeetingState, now: dt.datetime, tr: Tr) -> None:
        agenda = state.agenda
        if agenda is None:
            return
        self.query_one("#header-title", Text).show(f"{agenda.organiser} — {agenda.title}")
        info = tr(
            "tui_header_info",
            date=date_text(state.date, tr),
            place=state.place,
            clock=local(now).strftime("%H:%M:%S"),
            elapsed=hms(queries.meeting_elapsed(state, now)),
        )
        self.query_one("#header-info", Text).show(info)


class AgendaPanel(VerticalScroll):
    _step = ""

    def compose(self) -> ComposeResult:
        # The step being run and what the chair reads come first: on a small screen the list
        # of all steps is what scrolls out of sight.
        yield Text(id="agenda-time")
        yield Text(id="agenda-current")
        yield Text(id="agenda-script")
        yield Text(id="agenda-steps")

    def show(self, state: MeetingState, now: dt.datetime, tr: Tr) -> None:
        agenda, step = state.agenda, state.step
        if agenda is None or step is None:
            return
        if step.id != self._step:
            # A new step starts at its title, not where the last one was scrolled to.
            self._step = step.id
            self.scroll_home(animate=False)
        self.border_title = tr("tui_agenda_title")
        current = agenda.step_index(step.id)
        visited = {visit.step for visit in state.step_visits}
        parts: list[Content | tuple[str, str] | str] = []
        for index, each in enumerate(agenda.steps):
            if index == current:
                mark, style = "▶", "bold"
            elif each.id in visited or index < current:
                mark, style = "✓", "dim"
            else:
                mark, style = "·", ""
            if parts:
                parts.append("\n")
            parts.append((f"{mark} {index + 1}. {each.title}", style))
        self.query_one("#agenda-steps", Text).show(Content.assemble(*parts))
        elapsed = queries.step_elapsed(state, step.id, now)
        time = tr("tui_step_time", planned=step.planned_minutes, elapsed=minutes(elapsed))
        over = elapsed > step.planned_minutes * 60
        timer = self.query_one("#agenda-time", Text)
        timer.set_class(over, "-over")
        timer.show(time)
        self.query_one("#agenda-current", Text).show(f"▶ {current + 1}. {step.title}")
        self.query_one("#agenda-script", Text).show(step.script.strip())


class SpeechCard(Horizontal):
    """The current speaker (or responder), the big countdown and the topic, scrollable whole."""

    def compose(self) -> ComposeResult:
        with Vertical(id="clock-box"):
            yield Digits("--:--", id="countdown")
            yield Text(id="speech-state")
        with Vertical(id="speech-info"):
            yield Text(id="speech-who")
            yield Text(id="speech-duplicate")
            with VerticalScroll(id="speech-topic-box"):
                yield Text(id="speech-topic")

    def show(self, state: MeetingState, now: dt.datetime, tr: Tr, *, live: bool = True) -> None:
        """``live``: the chair's screen, where the idle card says which key to press next
        (the replay has no such keys)."""
        speech = state.current_speech
        agenda = state.agenda
        who = self.query_one("#speech-who", Text)
        topic = self.query_one("#speech-topic", Text)
        duplicate = self.query_one("#speech-duplicate", Text)
        clock = self.query_one("#countdown", Digits)
        status = self.query_one("#speech-state", Text)
        if speech is None or agenda is None:
            self.set_classes("-idle")
            self.border_title = tr("tui_speech_none")
            who.show(tr(_idle_hint(state, live)))
            topic.show("")
            duplicate.show("")
            _digits(clock, "--:--")
            status.show("")
            return
        phase = speech.phase(now, agenda.rules.warning_seconds)
        self.set_class(False, "-idle")
        self.set_class(phase == "warning", "-warning")
        self.set_class(phase == "overtime", "-overtime")
        self.set_class(speech.paused, "-paused")
        _digits(clock, countdown(speech.remaining(now)))
        status.show(
            tr("tui_speech_paused")
            if speech.paused
            else tr("tui_speech_limit", limit=countdown(speech.allowed_seconds))
        )
        self.border_title = tr(f"tui_speech_kind_{speech.kind}", number=speech.issue or "")
        who.show(_who(state, speech, tr))
        topic.show(_topic(state, speech))
        notes = (_repeat(state, speech, tr), _came_back(state, speech, local(now).date(), tr))
        duplicate.show("\n".join(note for note in notes if note))


def _idle_hint(state: MeetingState, live: bool) -> str:
    """The catalogue key of what the card says while nobody speaks: the keys that move the
    meeting on from this step, and none after the meeting or in the replay."""
    if not live:
        return "flow_idle_replay"
    if state.closed:
        return "flow_idle_closed"
    kind = state.step.kind if state.step is not None else None
    if kind == "responses":
        left = any(not issue.responses for issue in state.issues)
        return "flow_idle_responses" if left else "flow_idle_responses_done"
    if kind == "conclusion":
        return "flow_idle_conclusion_waiting" if state.queue else "flow_idle_conclusion"
    if kind == "closing":
        return "flow_idle_closing"
    return "tui_speech_idle_hint"


def _digits(widget: Digits, value: str) -> None:
    if widget.value != value:
        widget.update(value)


def _who(state: MeetingState, speech: Speech, tr: Tr) -> Content:
    if speech.speaker is None:
        return Content.assemble((speech.responder or "—", "bold"))
    speaker = state.speaker(speech.speaker)
    area = _area_name(state, speaker.area)
    details = " · ".join(part for part in (speaker.village, speaker.organisation, area) if part)
    return Content.assemble((speaker.name, "bold"), "\n", details)


def _topic(state: MeetingState, speech: Speech) -> str:
    if speech.speaker is not None:
        return state.speaker(speech.speaker).topic
    if speech.issue is not None:
        return state.issue(speech.issue).topic
    return ""


def _repeat(state: MeetingState, speech: Speech, tr: Tr) -> str:
    """For a petition that repeats an issue: the issue and who raised it before."""
    if speech.kind != "petition" or speech.issue is None or speech.speaker is None:
        return ""
    issue = state.issue(speech.issue)
    earlier = [n for n in issue.raised_by if n != speech.speaker]
    if not earlier:
        return ""
    people = ", ".join(f"{state.speaker(n).name} ({state.speaker(n).village})" for n in earlier)
    return tr("tui_speech_repeats", number=issue.number, topic=issue.topic, people=people)


def _came_back(state: MeetingState, speech: Speech, today: dt.date, tr: Tr) -> str:
    """For a petition linked to an earlier session's issue: what was concluded there and where
    it stands, so that the chair can answer "was this raised before, and was it done?"."""
    if speech.kind != "petition" or speech.speaker is None:
        return ""
    links: tuple[EarlierIssue, ...] = ()
    if speech.issue is not None:
        links = state.issue(speech.issue).earlier
    speaker = state.speaker(speech.speaker).earlier
    if not links and speaker is not None:
        links = (EarlierIssue.of(speaker),)
    return "\n".join(
        tr(
            "link_card",
            date=earlier_words.date(link.date, tr),
            number=link.issue,
            # What was decided and where it stands; the conclusion's words would push the
            # topic out of the card.
            summary=earlier_words.result(link.outcome, today, tr)
            if link.outcome is not None
            else tr("link_no_conclusion"),
        )
        for link in links
    )


def _area_name(state: MeetingState, area_id: str | None) -> str:
    if state.agenda is None or area_id is None:
        return ""
    area = state.agenda.area(area_id)
    return area.name if area else area_id
