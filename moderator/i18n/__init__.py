"""The interface's words, one catalogue per language. Vietnamese is the default."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from moderator.i18n import en, export_en, export_vi, hall_en, hall_vi, replay_en, replay_vi, vi

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
# One catalogue per language, kept in a few files each so that the exports' long document
# wording and the replay screen's words stay apart from the live interface's messages.
CATALOGUES: dict[str, dict[str, str]] = {
    "vi": {**vi.MESSAGES, **export_vi.MESSAGES, **replay_vi.MESSAGES, **hall_vi.MESSAGES},
    "en": {**en.MESSAGES, **export_en.MESSAGES, **replay_en.MESSAGES, **hall_en.MESSAGES},
}


@dataclass(frozen=True)
class Msg:
    """A message not yet put in words: a catalogue key and its parameters. A parameter may
    itself be a ``Msg`` (the reason inside "line 4: …")."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "vi") -> str:
        return translate(self.key, lang, **self.params)


def translate(key: str, lang: str = "vi", /, **params: Any) -> str:
    """The message ``key`` in ``lang``, filled in. A ``field`` parameter names a form field,
    itself translated (``field_name`` …), so one message serves every required field."""
    catalogue = CATALOGUES.get(lang, vi.MESSAGES)
    filled = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in params.items()}
    if "field" in filled:
        filled["field"] = catalogue.get(f"field_{filled['field']}", filled["field"])
    template = catalogue.get(key) or CATALOGUES["en"].get(key) or key
    return template.format(**filled)


def error_text(error: BaseException, lang: str) -> str:
    """An error in words: its ``msg`` in ``lang`` where it carries one (domain, store), else
    what it says of itself (an OSError's text from the system)."""
    msg = getattr(error, "msg", None)
    return msg.text(lang) if isinstance(msg, Msg) else str(error)
