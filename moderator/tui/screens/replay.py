"""The replay: the live screen's panels, read-only, drawn from the recorded events through the
same fold, with play/pause, speeds, event and step jumps and a position bar.

After the meeting the secretary completes the record from here: responders, answers,
conclusions and notes. Each is a new event, written through ``LiveMeeting`` (the session is
opened for writing at the first edit and kept until the screen closes).
"""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from moderator.domain.events import Event
from moderator.domain.localtime import local
from moderator.domain.state import MeetingState
from moderator.export.words import Words
from moderator.i18n import error_text
from moderator.meeting import Clock, LiveMeeting, utc_now
from moderator.store.errors import SessionLocked, StoreError
from moderator.tui.actions import REPLAY_COMMANDS
from moderator.tui.replay_model import News, Playhead, Tape
from moderator.tui.screens.flows import RecordScreen

POLL_SECONDS = 2.0
"""How often the log is looked at for events a live run has added."""


class PositionBar(Widget):
    """How far into the record the replay is, as a bar the width of the screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fraction = 0.0

    def show(self, fraction: float) -> None:
        if fraction != self.fraction:
            self.fraction = fraction
            self.refresh()

    def render(self) -> Content:
        width = max(self.size.width, 1)
        done = round(width * self.fraction)
        return Content.assemble(("━" * done, "bold"), ("─" * (width - done), "dim"))


class ReplayScreen(RecordScreen):
    """A recorded session, played back on the live screen's panels.

    Every edit made here is after the meeting (``after_meeting=True``), even on a session
    left unclosed: what the secretary completes was not said in the hall."""

    live = False
    COMMAND_LIST = REPLAY_COMMANDS
    after_meeting = True
    STORE_FAILED = "replay_store_failed"

    def __init__(
        self,
        tape: Tape,
        *,
        lang: str = "vi",
        clock: Clock = utc_now,
        speed: int = 1,
    ) -> None:
        super().__init__(lang=lang, bell=False)
        self.tape = tape
        self.clock = clock
        self.playhead = Playhead(tape, speed=speed)
        self.meeting: LiveMeeting | None = None
        """The writer, opened at the first edit and closed with the screen."""
        self._words = Words(lang)
        self._read_failed = False
        self._shown: dict[str, str] = {}
        self.add_class("-replay")

    def snapshot(self) -> tuple[MeetingState, dt.datetime]:
        return self.playhead.state, self.playhead.time

    def record_now(self) -> tuple[MeetingState, dt.datetime]:
        """Edits are made on the record as it stands, whatever the position shown."""
        state = self.meeting.state if self.meeting is not None else self.tape.last
        return state, self.clock()

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from super().compose()
        with Vertical(id="replay"):
            with Horizontal(id="replay-top"):
                yield Static("", id="replay-status", markup=False)
                yield PositionBar(id="replay-position")
            yield Static("", id="replay-event", markup=False)

    def on_mount(self) -> None:
        # MeetingView's own on_mount runs too (Textual calls each class's handler): it redraws
        # every REDRAW_SECONDS, which runs the replay clock; this one follows the log.
        self.set_interval(POLL_SECONDS, self.poll_in_background)

    def on_unmount(self) -> None:
        self.close_writer()

    def redraw(self) -> None:
        # The recorded clock runs by the real time since the last look, whenever that was.
        self.playhead.tick(self.clock())
        super().redraw()
        head = self.playhead
        state = head.state
        if head.playing:
            mark = "replay_mark_playing"
        elif head.at_end:
            mark = "replay_mark_end"
        else:
            mark = "replay_mark_paused"
        status = self.tr(
            "replay_status",
            mark=self.tr(mark),
            speed=head.speed,
            clock=self._clock_text(head.time, state),
            position=head.position,
            total=head.total,
        )
        tags = []
        if self.meeting is not None:
            tags.append(self.tr("replay_tag_editing"))
        elif not self.tape.last.closed:
            tags.append(self.tr("replay_tag_unfinished"))
        if tags:
            status += " · " + " · ".join(tags)
        self._show("#replay-status", status + " ")
        total = max(head.total - 1, 1)
        self.query_one(PositionBar).show((head.position - 1) / total)
        self._show("#replay-event", self.tape.line(head.position, self.lang))
        self.set_class(head.playing, "-playing")

    def _show(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            widget.update(Content(text))

    def _clock_text(self, moment: dt.datetime, state: MeetingState) -> str:
        """Recorded time in the commune's time, as the exports write it; with the date when
        it is not the meeting's (answers are often completed days later)."""
        there = local(moment)
        clock = there.strftime("%H:%M:%S")
        if state.date is not None and there.date() != state.date:
            return f"{self._words.short_date(there.date())} {clock}"
        return clock

    # -- the replay clock and the log ------------------------------------------------------

    def tick(self) -> None:
        """Run the recorded clock by the real time passed × the speed, then draw (what the
        screen does every REDRAW_SECONDS)."""
        self.redraw()

    def poll_in_background(self) -> None:
        if self.meeting is None:  # while this screen holds the writer, nobody else adds
            self._read_log()

    @work(thread=True, exclusive=True, group="replay-poll")
    def _read_log(self) -> None:
        try:
            news = self.tape.read_new()
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self._read_failure, error)
            return
        if news is not None:
            self.app.call_from_thread(self.follow, news)

    def poll(self) -> int:
        """Read the log now (what the background poll does); how many events were added."""
        news = self.tape.read_new()
        return self.follow(news) if news is not None else 0

    def follow(self, news: News) -> int:
        was_at_end = self.playhead.at_end
        added = self.tape.extend(news)
        if added:
            self._read_failed = False
            self.playhead.follow(was_at_end)
            self.redraw()
        return added

    def _read_failure(self, error: Exception) -> None:
        if not self._read_failed:  # say it once, not every two seconds
            self._read_failed = True
            self.notify(
                self.tr("replay_read_failed", reason=error_text(error, self.lang)),
                severity="warning",
                markup=False,
            )

    # -- what applies now --------------------------------------------------------------------

    def applies(self, method: str) -> bool:
        head = self.playhead
        if method in ("back", "start"):
            return head.position > 1
        if method in ("forward", "end"):
            return not head.at_end
        if method == "previous_step":
            return head.position > 1
        if method == "next_step":
            return any(p > head.position for p in self.tape.step_starts)
        if method in ("assign_responder", "answer"):
            return self.tape.last.opened and self.selected_issue() is not None
        if method in ("conclude", "conclude_overall", "note"):
            return self.tape.last.opened
        if method == "take_up":
            speaker = self.selected_speaker()
            return speaker is not None and speaker in self.tape.last.queue
        return True

    def _moved(self) -> None:
        self.redraw()  # which refreshes the footer when what applies has changed

    # -- playback actions --------------------------------------------------------------------

    def action_play_pause(self) -> None:
        self.playhead.toggle(self.clock())
        self._moved()

    def action_speed(self) -> None:
        self.playhead.next_speed()
        self._moved()

    def action_set_speed(self, speed: int) -> None:
        self.playhead.set_speed(speed)
        self._moved()

    def action_back(self) -> None:
        self.playhead.step(-1)
        self._moved()

    def action_forward(self) -> None:
        self.playhead.step(1)
        self._moved()

    def action_previous_step(self) -> None:
        self.playhead.previous_step()
        self._moved()

    def action_next_step(self) -> None:
        self.playhead.next_step()
        self._moved()

    def action_start(self) -> None:
        self.playhead.seek(1)
        self._moved()

    def action_end(self) -> None:
        self.playhead.seek(self.playhead.total)
        self._moved()

    # -- completing the record ---------------------------------------------------------------

    def writer(self) -> LiveMeeting | None:
        """The session open for writing; None, said on screen, when it cannot be (a live run
        holds it, or the disk refuses)."""
        if self.meeting is not None:
            return self.meeting
        try:
            meeting = LiveMeeting.resume(self.tape.path, clock=self.clock)
        except SessionLocked:
            self.notify(self.tr("replay_locked"), severity="error", timeout=10, markup=False)
            return None
        except (StoreError, OSError) as error:
            self.write_failed(error, "replay_open_failed", timeout=10)
            return None
        self.meeting = meeting
        self.poll()  # what a live run added since the last look
        self.redraw()
        return meeting

    def close_writer(self) -> None:
        if self.meeting is not None:
            self.meeting.close()
            self.meeting = None

    def stored(self, event: Event, meeting: LiveMeeting) -> None:
        """The edit shows at the end of the tape, where the replay goes."""
        self.tape.record(event, meeting.state, meeting.log.header)
        self.playhead.seek(self.playhead.total)
        self.notify(self.tr("replay_saved", seq=event.seq), markup=False)

    def action_conclude(self) -> None:
        self.open_conclusion(self.selected_issue())

    def action_conclude_overall(self) -> None:
        self.open_conclusion(None)

    def action_answer(self) -> None:
        number = self.selected_issue()
        if number is not None and self.writer() is not None:
            self.open_answer(number)
