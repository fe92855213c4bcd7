"""The app: built by ``make_app`` for the command line and for tests; the screens do the work."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.screen import Screen

from moderator.domain.events import DuplicateRef, EarlierLink, Suggestion
from moderator.domain.state import MeetingState
from moderator.i18n import translate
from moderator.meeting import LiveMeeting
from moderator.tui.palette import PaletteApp
from moderator.tui.screens.forms import Form, FormReady
from moderator.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from moderator.suggest import TopicMatcher


class ModeratorApp(PaletteApp):
    CSS_PATH = "moderator.tcss"

    def __init__(
        self,
        meeting: LiveMeeting,
        *,
        lang: str = "vi",
        data_dir: Path | None = None,
        bell: bool = True,
    ) -> None:
        super().__init__()
        self.meeting = meeting
        self.lang = lang
        self.data_dir = data_dir
        self.bell_enabled = bell
        self.matcher: TopicMatcher | None = None
        self.title = translate("tui_app_title", lang)
        self._held: list[events.Key] = []

    async def on_event(self, event: events.Event) -> None:
        """Keys typed while a form is opening ("a" then the name at once) wait for the form,
        then go to it in order; otherwise they would reach a screen with nothing focused."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            screen = self.screen
            if isinstance(screen, Form):
                if self._held or not screen.ready:
                    self._held.append(event)
                    return
            else:
                await self.on_form_ready(FormReady())
        await super().on_event(event)

    async def on_form_ready(self, _: FormReady) -> None:
        while self._held:
            await super().on_event(self._held.pop(0))

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(
            self.meeting,
            lang=self.lang,
            suggest=self.suggest,
            link=self.link,
            bell=self.bell_enabled,
        )

    def on_mount(self) -> None:
        # The session's history (events, folded states) lives as long as the app: keep it out
        # of the collector's full passes, which otherwise stall a keypress for 40-70 ms.
        gc.freeze()
        # After the first paint: the index is only needed once a topic is typed, and building
        # it (reading every earlier session) would otherwise compete with the first frame.
        self.call_after_refresh(self.load_matcher)

    @work(thread=True, exclusive=True, group="matcher")
    def load_matcher(self) -> None:
        """Index the earlier sessions' issues off the event loop (it reads every session file)."""
        from moderator.suggest import TopicMatcher, earlier_issues

        earlier = (
            earlier_issues(self.data_dir, exclude=self.meeting.state.session_id)
            if self.data_dir is not None
            else []
        )
        matcher = TopicMatcher(earlier)
        self.call_from_thread(self._matcher_loaded, matcher)

    def _matcher_loaded(self, matcher: TopicMatcher) -> None:
        self.matcher = matcher
        gc.freeze()  # the index, like the history, lives as long as the app

    def suggest(
        self, state: MeetingState, topic: str, area: str
    ) -> tuple[DuplicateRef | None, tuple[Suggestion, ...]]:
        if self.matcher is None:
            return None, ()
        return self.matcher.suggest(state, topic, area)

    def link(self, suggestion: Suggestion) -> EarlierLink | None:
        return self.matcher.link(suggestion) if self.matcher is not None else None


def make_app(
    meeting: LiveMeeting,
    *,
    lang: str = "vi",
    data_dir: Path | None = None,
    bell: bool = True,
) -> ModeratorApp:
    """The live meeting app on ``meeting`` (created or resumed by the caller, who closes it)."""
    return ModeratorApp(meeting, lang=lang, data_dir=data_dir, bell=bell)
