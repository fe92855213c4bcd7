"""The command palette in the interface's language, matching as operators type Vietnamese:
with or without diacritics ("ket luan" finds "Kết luận").

Textual's palette writes its placeholder and its "no matches" line in English and matches
letters exactly ("e" never matches "ế"). ``LocalPalette`` says both in the catalogue's words;
``FoldingCommands`` matches each app's own commands (``App.get_system_commands``) on their
plain text (``fmt.plain``) and highlights the matched letters in the real words. Both apps
are a ``PaletteApp``: these installed, and the screen's own commands offered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.command import (
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
)
from textual.content import Content
from textual.screen import Screen
from textual.widgets.option_list import Option

from moderator.i18n import translate
from moderator.tui.screens.flows import RecordScreen
from moderator.tui.widgets.fmt import plain


class FoldingCommands(Provider):
    """The app's system commands, matched on their folded names."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for command in commands:
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        # A keyboard may send decomposed letters (Unikey's "Unicode to hop" setting).
        matcher = self.matcher(plain(unicodedata.normalize("NFC", query)))
        style = matcher.match_style
        for command in self.app.get_system_commands(self.screen):
            title = command.title
            score, offsets = matcher.fuzzy_search.match(matcher.query, plain(title))
            if score <= 0:
                continue
            shown = Content(title)
            for offset in offsets:
                if not title[offset].isspace():
                    shown = shown.stylize(style, offset, offset + 1)
            yield Hit(score, shown, command.callback, help=command.help)


class LocalPalette(CommandPalette):
    """The palette with its placeholder and its "no matches" line in ``lang``."""

    def __init__(self, lang: str, **kwargs: Any) -> None:
        super().__init__(placeholder=translate("look_palette_placeholder", lang), **kwargs)
        self.lang = lang

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8's method, with the line in the interface's words (it writes it inline
        # in English); the pinned version keeps this private method's contract.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                words = translate("look_palette_no_matches", self.lang)
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(words, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class PaletteApp(App[None]):
    """What the live app and the replay app share: ctrl+p opens the palette in ``lang``, over
    the commands of the screen shown that apply now."""

    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {FoldingCommands}
    lang: str

    def action_command_palette(self) -> None:
        app: App[Any] = self  # is_open is typed for App[object]
        if self.use_command_palette and not CommandPalette.is_open(app):
            self.push_screen(LocalPalette(self.lang, id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if isinstance(screen, RecordScreen):
            yield from screen.system_commands()
