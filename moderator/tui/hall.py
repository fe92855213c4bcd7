"""The hall display: a read-only view of a session that the chair's program is running, large
enough for a projector (``moderator hall``), or for a browser through textual-serve.

It draws from a ``Sighting`` (the state folded from the log, and the chair's last sign of life)
that a worker thread refreshes from a ``SessionFollower``; the countdown runs between events
from the event timestamps and the clock, exactly as on the chair's screen, so both agree.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits
from textual.worker import get_current_worker

from moderator.domain import queries
from moderator.domain.localtime import local
from moderator.domain.state import MeetingState, Speech
from moderator.follow import POLL_SECONDS, SessionFollower, Sighting
from moderator.i18n import error_text, translate
from moderator.meeting import Clock, utc_now
from moderator.store.errors import StoreError
from moderator.tui.widgets.fmt import countdown, date_text, hms, minutes, truncate
from moderator.tui.widgets.panels import Text

REDRAW_SECONDS = 0.25
"""The chair's screen redraws as often: the two clocks never differ by more than this."""

NEXT_COUNT = 5
"""How many of those waiting the hall sees."""

TOPIC_WIDTH = 90
"""An issue's topic is cut to this many characters in the list (the speech card shows it
whole while it is being raised)."""


class HallScreen(Screen[None]):
    """Header, the current step, the speech (or the step between speeches, or the closing
    card), who comes next, the issues raised and a status line: the hall display of the
    session ``follower`` reads, shown by ``HallApp(HallScreen(follower))``.

    ``follow=False`` reads the log only when ``poll`` is called (tests); ``drawn(seq)`` is
    called once the screen has been refreshed with the state after event ``seq`` (the latency
    benchmark)."""

    def __init__(
        self,
        follower: SessionFollower,
        *,
        lang: str = "vi",
        clock: Clock = utc_now,
        follow: bool = True,
        drawn: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self.follower = follower
        self.lang = lang
        self.clock = clock
        self.follow = follow
        self.drawn = drawn
        self.sighting: Sighting = follower.sighting
        self.failure: str = ""
        self._stop = threading.Event()
        self._lists_seq = -1

    def tr(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    def compose(self) -> ComposeResult:
        with Vertical(id="hall-header"):
            yield Text(id="hall-title")
            yield Text(id="hall-info")
        yield Text(id="hall-step")
        with Horizontal(id="hall-body"):
            with Vertical(id="hall-main"):
                with Horizontal(id="hall-speech"):
                    with Vertical(id="hall-clock-box"):
                        yield Digits("--:--", id="hall-countdown")
                        yield Text(id="hall-clock-state")
                    with Vertical(id="hall-speech-info"):
                        yield Text(id="hall-who")
                        yield Text(id="hall-details")
                        yield Text(id="hall-topic")
                with Vertical(id="hall-idle"):
                    yield Text(id="hall-idle-step")
                    yield Text(id="hall-idle-title")
                    yield Text(id="hall-idle-time")
                    yield Text(id="hall-idle-hint")
                with Vertical(id="hall-closed"):
                    yield Text(id="hall-closed-title")
                    yield Text(id="hall-closed-at")
                    yield Text(id="hall-closed-counts")
                    yield Text(id="hall-closed-thanks")
            with VerticalScroll(id="hall-next"):
                yield Text(id="hall-next-list")
        with VerticalScroll(id="hall-issues"):
            yield Text(id="hall-issues-list")
        yield Text(id="hall-status")

    def on_mount(self) -> None:
        self.redraw()
        self.set_interval(REDRAW_SECONDS, self.redraw)
        if self.follow:
            self.follow_log()

    def on_unmount(self) -> None:
        self._stop.set()

    # -- following the log -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="hall-follow")
    def follow_log(self) -> None:
        """Poll the log off the event loop and hand each new sighting to the screen."""
        worker = get_current_worker()
        shown = (self.sighting.state.seq, self.sighting.alive_at)
        failed = False
        while not worker.is_cancelled and not self._stop.is_set():
            try:
                self.follower.poll()
            except (StoreError, OSError) as error:
                if not failed:
                    failed = True
                    if not self._hand_over(self.read_failed, error):
                        return
            else:
                sighting = self.follower.sighting
                seen = (sighting.state.seq, sighting.alive_at)
                if seen != shown or failed:
                    shown, failed = seen, False
                    if not self._hand_over(self.take, sighting):
                        return
            self._stop.wait(POLL_SECONDS)

    def _hand_over(self, callback: Callable[[Any], None], value: object) -> bool:
        """Run ``callback(value)`` on the event loop; False once the app has stopped."""
        try:
            self.app.call_from_thread(callback, value)
        except RuntimeError:  # the app closed while this thread was reading
            return False
        return True

    def poll(self) -> int:
        """Read the log now, in this thread (what the worker does); events added."""
        added = self.follower.poll()
        self.take(self.follower.sighting)
        return added

    def take(self, sighting: Sighting) -> None:
        self.sighting = sighting
        self.failure = ""
        self.redraw()
        if self.drawn is not None:
            self.call_after_refresh(self.drawn, sighting.state.seq)

    def read_failed(self, error: BaseException) -> None:
        self.failure = error_text(error, self.lang)
        self.redraw()

    # -- drawing -----------------------------------------------------------------------------

    def redraw(self) -> None:
        now = self.clock()
        sighting = self.sighting
        state = sighting.state
        quiet = sighting.quiet(now)
        # The chair's program is gone: its clock stopped at its last sign of life, and on its
        # return the gap is not charged to the speaker. Show the speech as it stood then.
        moment = sighting.alive_at if quiet and sighting.alive_at is not None else now
        self._draw_header(state, now)
        speech = state.current_speech
        mode = "closed" if state.closed else "speech" if speech is not None else "idle"
        for each in ("closed", "speech", "idle"):
            self.set_class(mode == each, f"-{each}")
        self.set_class(quiet, "-waiting")
        if mode == "closed":
            self._draw_closed(state)
        elif speech is not None:
            self._draw_speech(state, speech, moment, quiet)
        else:
            self._draw_idle(state, now)
        if state.seq != self._lists_seq:
            self._lists_seq = state.seq
            self._draw_next(state)
            self._draw_issues(state)
        self._draw_status(sighting, quiet)

    def _show(self, selector: str, content: Content | str) -> None:
        self.query_one(selector, Text).show(content)

    def _draw_header(self, state: MeetingState, now: dt.datetime) -> None:
        agenda, step = state.agenda, state.step
        if agenda is None:
            return
        self._show("#hall-title", Content.assemble((agenda.organiser, "bold"), " — ", agenda.title))
        info = self.tr(
            "hall_header_info",
            date=date_text(state.date, self.tr),
            place=state.place,
            clock=local(now).strftime("%H:%M:%S"),
            elapsed=hms(queries.meeting_elapsed(state, now)),
        )
        self._show("#hall-info", info)
        if step is not None:
            number = agenda.step_index(step.id) + 1
            total = len(agenda.steps)
            self._show(
                "#hall-step", self.tr("hall_step", number=number, total=total, title=step.title)
            )

    def _draw_speech(
        self, state: MeetingState, speech: Speech, moment: dt.datetime, quiet: bool
    ) -> None:
        agenda = state.agenda
        assert agenda is not None
        phase = speech.phase(moment, agenda.rules.warning_seconds)
        box = self.query_one("#hall-speech")
        box.set_class(phase == "warning", "-warning")
        box.set_class(phase == "overtime", "-overtime")
        box.set_class(speech.paused, "-paused")
        box.border_title = self.tr(f"tui_speech_kind_{speech.kind}", number=speech.issue or "")
        digits = self.query_one("#hall-countdown", Digits)
        value = countdown(speech.remaining(moment))
        if digits.value != value:
            digits.update(value)
        if quiet:
            status = self.tr("hall_speech_waiting")
        elif speech.paused:
            status = self.tr("hall_paused")
        elif phase == "overtime":
            status = self.tr("hall_overtime")
        else:
            status = self.tr("hall_limit", limit=countdown(speech.allowed_seconds))
        self._show("#hall-clock-state", status)
        if speech.speaker is not None:
            speaker = state.speaker(speech.speaker)
            who = speaker.name
            where = " · ".join(part for part in (speaker.village, speaker.organisation) if part)
            number = self.tr("hall_speaker_number", number=speaker.number)
            details = " · ".join(part for part in (where, number) if part)
            topic = speaker.topic
        else:
            who = speech.responder or "—"
            details = ""
            topic = state.issue(speech.issue).topic if speech.issue is not None else ""
        self._show("#hall-who", Content.assemble((who, "bold")))
        self._show("#hall-details", details)
        self._show("#hall-topic", topic)

    def _draw_idle(self, state: MeetingState, now: dt.datetime) -> None:
        agenda, step = state.agenda, state.step
        if agenda is None or step is None:
            return
        number = agenda.step_index(step.id) + 1
        self._show(
            "#hall-idle-step", self.tr("hall_step_card", number=number, total=len(agenda.steps))
        )
        self._show("#hall-idle-title", Content.assemble((step.title, "bold")))
        elapsed = queries.step_elapsed(state, step.id, now) if state.started else 0.0
        self._show(
            "#hall-idle-time",
            self.tr("hall_step_time", planned=step.planned_minutes, elapsed=minutes(elapsed)),
        )
        hint = "hall_step_waiting" if state.started else "hall_not_started"
        if state.started and step.kind not in ("petitions", "floor", "responses"):
            hint = ""
        self._show("#hall-idle-hint", self.tr(hint) if hint else "")

    def _draw_closed(self, state: MeetingState) -> None:
        closed = state.closed_at
        assert closed is not None
        self._show("#hall-closed-title", Content.assemble((self.tr("hall_closed_title"), "bold")))
        self._show(
            "#hall-closed-at",
            self.tr(
                "hall_closed_at",
                clock=local(closed).strftime("%H:%M"),
                elapsed=hms(queries.meeting_elapsed(state, closed)),
            ),
        )
        self._show(
            "#hall-closed-counts",
            self.tr("hall_closed_counts", speeches=len(state.speeches), issues=len(state.issues)),
        )
        self._show("#hall-closed-thanks", self.tr("hall_closed_thanks"))

    def _draw_next(self, state: MeetingState) -> None:
        box = self.query_one("#hall-next")
        step = state.step
        lines: list[Content | str] = []
        if step is not None and step.kind == "responses":
            box.border_title = self.tr("hall_next_responses_title")
            for issue in queries.awaiting_response(state)[:NEXT_COUNT]:
                lines.append(self.tr("hall_issue_row", number=issue.number, topic=issue.topic))
            empty = "hall_next_responses_empty"
        else:
            box.border_title = self.tr("hall_next_title")
            for position, speaker in enumerate(state.queued()[:NEXT_COUNT], start=1):
                lines.append(
                    Content.assemble(
                        f"{position}. ", (speaker.name, "bold"), "\n   ", speaker.village
                    )
                )
            empty = "hall_next_empty"
        if not lines:
            lines.append(Content.assemble((self.tr(empty), "italic")))
        self._show("#hall-next-list", Content("\n").join(lines))

    def _draw_issues(self, state: MeetingState) -> None:
        box = self.query_one("#hall-issues")
        box.border_title = self.tr("hall_issues_title", count=len(state.issues))
        rows: list[Content] = []
        for issue in state.issues:
            topic = truncate(issue.topic, TOPIC_WIDTH)
            rows.append(
                Content.assemble(
                    (f"{issue.number:>2}. ", "bold"),
                    topic,
                    (" · " + self.tr("hall_issue_raised_by", count=issue.supporters), "dim"),
                )
            )
        if not rows:
            rows.append(Content.assemble((self.tr("hall_issues_empty"), "italic")))
        self._show("#hall-issues-list", Content("\n").join(rows))
        # The newest issue is the one the hall is listening to: keep it in sight.
        box.scroll_end(animate=False)

    def _draw_status(self, sighting: Sighting, quiet: bool) -> None:
        status = self.query_one("#hall-status", Text)
        status.set_class(quiet or bool(self.failure), "-alert")
        if self.failure:
            status.show(self.tr("hall_read_failed", reason=self.failure))
        elif quiet and sighting.alive_at is not None:
            clock = local(sighting.alive_at).strftime("%H:%M:%S")
            status.show(self.tr("hall_waiting", clock=clock))
        else:
            session_id = sighting.state.session_id or self.follower.path.stem
            status.show(self.tr("hall_following", session_id=session_id))


class HallApp(App[None]):
    CSS_PATH = "hall.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, screen: HallScreen) -> None:
        super().__init__()
        self.hall = screen
        self.title = translate("hall_app_title", screen.lang)

    def get_default_screen(self) -> HallScreen:
        return self.hall
